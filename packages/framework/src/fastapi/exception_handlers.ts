/** @module Mirrors fastapi/exception_handlers.py: the App's JSON answers to HTTPException and RequestValidationError, and its close on WebSocketRequestValidationError. */
import { JSONResponse, Response, WS_1008_POLICY_VIOLATION, type Request, type WebSocket } from "@mono/asgi";
import { HTTPException } from "../starlette/exceptions.js";
import { jsonableEncoder } from "./encoders.js";
import type { RequestValidationError, WebSocketRequestValidationError } from "./exceptions.js";
import { isBodyAllowedForStatusCode } from "./routing.js";

/** `{"detail": exc.detail}` with the exception's status and headers (no body for 1xx, 204, 205, 304). */
export function httpExceptionHandler(_request: Request, exc: HTTPException): Response {
  if (!isBodyAllowedForStatusCode(exc.statusCode)) return new Response(null, { status: exc.statusCode, headers: exc.headers });
  return new JSONResponse({ detail: jsonableEncoder(exc.detail) }, { status: exc.statusCode, headers: exc.headers });
}

/** 422 with `{"detail": [{"type", "loc", "msg", "input", "ctx"?}, ...]}`. */
export function requestValidationExceptionHandler(_request: Request, exc: RequestValidationError): Response {
  return new JSONResponse({ detail: jsonableEncoder(exc.errors()) }, { status: 422 });
}

/**
 * Closes with 1008 (policy violation). FastAPI puts the error list itself in the close `reason`, which ASGI wants
 * a string; here it is that list as JSON text. Validation runs before the handler can accept, so a server answers
 * the handshake with HTTP 403 and the reason reaches no client either way.
 */
export async function websocketRequestValidationExceptionHandler(
  websocket: WebSocket,
  exc: WebSocketRequestValidationError,
): Promise<void> {
  await websocket.close(WS_1008_POLICY_VIOLATION, JSON.stringify(jsonableEncoder(exc.errors())));
}
