/** @module Mirrors starlette/exceptions.py: HTTPException and WebSocketException. */
import { HTTP_STATUS_PHRASES } from "@mono/asgi";

/** Raise it anywhere below the ExceptionMiddleware to answer with `statusCode`. */
export class HTTPException extends Error {
  readonly statusCode: number;
  /** A string for Starlette's plain-text handler; any JSON value for the App's `{"detail": ...}` handler. */
  readonly detail: unknown;
  readonly headers: Record<string, string> | null;

  constructor(statusCode: number, detail?: unknown, headers?: Record<string, string> | null, options?: ErrorOptions) {
    const text = detail ?? HTTP_STATUS_PHRASES.get(statusCode) ?? "";
    super(`${statusCode}: ${typeof text === "string" ? text : JSON.stringify(text)}`, options);
    this.name = "HTTPException";
    this.statusCode = statusCode;
    this.detail = text;
    this.headers = headers ?? null;
  }
}

export class WebSocketException extends Error {
  readonly code: number;
  readonly reason: string;

  constructor(code: number, reason?: string | null) {
    super(`${code}: ${reason ?? ""}`);
    this.name = "WebSocketException";
    this.code = code;
    this.reason = reason ?? "";
  }
}
