/** @module Mirrors fastapi/exceptions.py: request, websocket and response validation errors, and FastAPIError. */
import type { ValidationErrorDetail } from "./validation.js";

/** A mistake in how the framework is used (not in a request). */
export class FastAPIError extends Error {
  override name = "FastAPIError";
}

/** A dependency with yield whose scope is "request" depends on one whose scope is "function" (narrower). */
export class DependencyScopeError extends FastAPIError {
  override name = "DependencyScopeError";
}

abstract class ValidationException extends Error {
  readonly #errors: ValidationErrorDetail[];

  constructor(errors: ValidationErrorDetail[]) {
    super(`${errors.length} validation error${errors.length === 1 ? "" : "s"}:\n${errors.map(formatError).join("\n")}`);
    this.#errors = errors;
  }

  /** The error list, as pydantic's `errors()`: FastAPI answers `{"detail": errors()}`. */
  errors(): ValidationErrorDetail[] {
    return this.#errors;
  }
}

function formatError(error: ValidationErrorDetail): string {
  return `  {'type': '${error.type}', 'loc': (${error.loc.map((part) => JSON.stringify(part)).join(", ")}), 'msg': '${error.msg}'}`;
}

/** Invalid path, query, header, cookie or body input: the App answers 422. */
export class RequestValidationError extends ValidationException {
  override name = "RequestValidationError";
  readonly body: unknown;

  constructor(errors: ValidationErrorDetail[], body?: unknown) {
    super(errors);
    this.body = body;
  }
}

/** Invalid path, query, header or cookie input of a websocket route: the App closes with 1008 (policy violation). */
export class WebSocketRequestValidationError extends ValidationException {
  override name = "WebSocketRequestValidationError";
}

/** A handler returned what its response schema refuses: a bug on the server side, so a 500. */
export class ResponseValidationError extends ValidationException {
  override name = "ResponseValidationError";
  readonly body: unknown;

  constructor(errors: ValidationErrorDetail[], body?: unknown) {
    super(errors);
    this.body = body;
  }
}
