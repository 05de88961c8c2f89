/** @module Mirrors starlette/middleware/exceptions.py: answers handled errors (HTTPException, WebSocketException and registered classes). */
import { PlainTextResponse, Response, WebSocket, type ASGIApp, type Request } from "@mono/asgi";
import {
  EXCEPTION_HANDLERS_KEY,
  handleException,
  ResponseStartTracker,
  type ErrorClass,
  type ExceptionHandler,
  type ExceptionHandlers,
  type StatusHandlers,
} from "../exception_handler.js";
import { HTTPException, WebSocketException } from "../exceptions.js";

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
    this.exceptionHandlers = new Map<ErrorClass, ExceptionHandler>([
      [HTTPException, this.httpException],
      [WebSocketException, this.websocketException],
    ]);
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
    // wrap_app_handling_exceptions in place; the Request (or WebSocket) handlers get is only built when one is needed.
    const tracker = ResponseStartTracker.of(send);
    try {
      await this.app(scope, receive, tracker.send);
    } catch (exc: unknown) {
      await handleException(exc, handlers, null, tracker, scope, receive, send);
    }
  };

  /** Closes the socket with the exception's code and reason (before accept, the server refuses with HTTP 403). */
  readonly websocketException = async (websocket: Request | WebSocket, exc: Error): Promise<void> => {
    const { code, reason } = exc as WebSocketException;
    await (websocket as WebSocket).close(code, reason);
  };

  readonly httpException = (_request: Request | WebSocket, exc: Error): Response => {
    const { statusCode, detail, headers } = exc as HTTPException;
    if (statusCode === 204 || statusCode === 304) return new Response(null, { status: statusCode, headers });
    return new PlainTextResponse(String(detail), { status: statusCode, headers });
  };
}
