/** @module Mirrors fastapi/exception_handlers.py: the App's JSON answers to HTTPException and RequestValidationError, and its close on WebSocketRequestValidationError. */
import { JSONResponse, Response, WS_1008_POLICY_VIOLATION, type Request, type WebSocket } from "@mono/asgi";
import { HTTPException } from "../starlette/exceptions.js";
import { holdsFloats, jsonableEncoder, pythonJSONText } from "./encoders.js";
import type { RequestValidationError, WebSocketRequestValidationError } from "./exceptions.js";
import { isBodyAllowedForStatusCode } from "./routing.js";

/** `{"detail": exc.detail}` with the exception's status and headers (no body for 1xx, 204, 205, 304). */
export function httpExceptionHandler(_request: Request, exc: HTTPException): Response {
  if (!isBodyAllowedForStatusCode(exc.statusCode)) return new Response(null, { status: exc.statusCode, headers: exc.headers });
  return new JSONResponse({ detail: jsonableEncoder(exc.detail) }, { status: exc.statusCode, headers: exc.headers });
}

/** 422 with `{"detail": [{"type", "loc", "msg", "input", "ctx"?}, ...]}`. */
export function requestValidationExceptionHandler(_request: Request, exc: RequestValidationError): Response {
  const errors = exc.errors();
  // A float bound in `ctx` is written as Python writes a float (`{"gt":0.0}`).
  if (errors.some((error) => error.ctx !== undefined && holdsFloats(error.ctx))) return new Response(pythonJSONText({ detail: errors }), { status: 422, mediaType: "application/json" });
  return new JSONResponse({ detail: jsonableEncoder(errors) }, { status: 422 });
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
