/** @module Mirrors starlette/middleware/exceptions.py: answers handled errors (HTTPException and registered classes). */
import { PlainTextResponse, Response, type ASGIApp, type Request } from "@mono/asgi";
import {
  EXCEPTION_HANDLERS_KEY,
  handleException,
  ResponseStartTracker,
  type ErrorClass,
  type ExceptionHandler,
  type ExceptionHandlers,
  type StatusHandlers,
} from "../exception_handler.js";
import { HTTPException } from "../exceptions.js";

/** Keys of an exception handler table: a status code (for HTTPException) or an error class. */
export type ExceptionHandlerKey = number | ErrorClass;

export interface ExceptionMiddlewareOptions {
  /**
   * Handlers by status code or by error class, added after the built-in HTTPException handler
   * (so an entry for HTTPException replaces it).
   * @default null
   */
  handlers?: Iterable<readonly [ExceptionHandlerKey, ExceptionHandler<never>]> | null;
  /**
   * Kept for parity with Starlette, which stores it and does nothing with it yet.
   * @default false
   */
  debug?: boolean;
}

export class ExceptionMiddleware {
  readonly app: ASGIApp;
  readonly debug: boolean;
  private readonly statusHandlers: StatusHandlers = new Map();
  private readonly exceptionHandlers: ExceptionHandlers;

  constructor(app: ASGIApp, options: ExceptionMiddlewareOptions = {}) {
    this.app = app;
    this.debug = options.debug ?? false;
    this.exceptionHandlers = new Map<ErrorClass, ExceptionHandler>([[HTTPException, this.httpException]]);
    for (const [key, handler] of options.handlers ?? []) this.addExceptionHandler(key, handler);
  }

  addExceptionHandler(key: ExceptionHandlerKey, handler: ExceptionHandler<never>): void {
    if (typeof key === "number") this.statusHandlers.set(key, handler as ExceptionHandler);
    else this.exceptionHandlers.set(key, handler as ExceptionHandler);
  }

  readonly asgi: ASGIApp = async (scope, receive, send) => {
    if (scope.type !== "http" && scope.type !== "websocket") {
      await this.app(scope, receive, send);
      return;
    }
    const handlers: [ExceptionHandlers, StatusHandlers] = [this.exceptionHandlers, this.statusHandlers];
    scope[EXCEPTION_HANDLERS_KEY] = handlers;
    // WebSocket routes are not part of this port (see docs/framework.md); their errors pass through.
    if (scope.type === "websocket") {
      await this.app(scope, receive, send);
      return;
    }
    // wrap_app_handling_exceptions in place; the Request handlers get is only built when one is needed.
    const tracker = ResponseStartTracker.of(send);
    try {
      await this.app(scope, receive, tracker.send);
    } catch (exc: unknown) {
      await handleException(exc, handlers, null, tracker, scope, receive, send);
    }
  };

  readonly httpException = (_request: Request, exc: Error): Response => {
    const { statusCode, detail, headers } = exc as HTTPException;
    if (statusCode === 204 || statusCode === 304) return new Response(null, { status: statusCode, headers });
    return new PlainTextResponse(String(detail), { status: statusCode, headers });
  };
}
