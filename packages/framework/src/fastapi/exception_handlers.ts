/** @module Mirrors fastapi/exception_handlers.py: the App's JSON answers to HTTPException and RequestValidationError. */
import { JSONResponse, Response, type Request } from "@mono/asgi";
import { HTTPException } from "../starlette/exceptions.js";
import { jsonableEncoder } from "./encoders.js";
import type { RequestValidationError } from "./exceptions.js";
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
