/** @module Mirrors starlette/_exception_handler.py: run an app and answer its errors with the registered handlers. */
import { MultiPartException, Request, WebSocket, type ASGIApp, type HTTPScope, type Receive, type Response, type Scope, type Send } from "@mono/asgi";
import { HTTPException } from "./exceptions.js";

/** Any error class; handlers are looked up along the thrown error's prototype chain, like Python's `__mro__`. */
export type ErrorClass<E extends Error = Error> = abstract new (...args: never[]) => E;

/**
 * `handler(request, exc) -> response`; returning nothing means the handler sent its own answer (or none). For a
 * websocket scope the first argument is the WebSocket (Starlette passes the connection), which closes or denies.
 * Written as a method so that a handler typed for either kind of connection fits (parameters are bivariant).
 */
export type ExceptionHandler<E = Error> = {
  handler(
    request: Request | WebSocket,
    exc: E,
  ): Response | null | undefined | void | Promise<Response | null | undefined | void>;
}["handler"];

export type ExceptionHandlers = Map<ErrorClass, ExceptionHandler>;
export type StatusHandlers = Map<number, ExceptionHandler>;

/** The scope key ExceptionMiddleware fills so routes deeper down (`requestResponse`) answer with the same handlers. */
export const EXCEPTION_HANDLERS_KEY = "starlette.exception_handlers";

export function lookupExceptionHandler(handlers: ExceptionHandlers, exc: unknown): ExceptionHandler | undefined {
  if (typeof exc !== "object" || exc === null) return undefined;
  for (let proto: unknown = Object.getPrototypeOf(exc); proto !== null; proto = Object.getPrototypeOf(proto)) {
    const handler = handlers.get((proto as { constructor: ErrorClass }).constructor);
    if (handler !== undefined) return handler;
  }
  return undefined;
}

/** The handler tables ExceptionMiddleware put in the scope, or empty tables outside an application. */
export function handlersOf(scope: Scope): [ExceptionHandlers, StatusHandlers] {
  const found = scope[EXCEPTION_HANDLERS_KEY];
  return Array.isArray(found) ? (found as [ExceptionHandlers, StatusHandlers]) : [new Map(), new Map()];
}

const TRACKER = Symbol("ResponseStartTracker");

type TrackedSend = Send & { [TRACKER]?: ResponseStartTracker };

/**
 * Starlette's `response_started` flag of one wrapped app: `send` is what the app gets, and `started` turns true
 * once an `http.response.start` has gone through it. A plain (not async) function returning the inner send's
 * promise, so each message costs one call rather than one more promise.
 */
export class ResponseStartTracker {
  started = false;
  readonly send: Send;

  constructor(inner: Send) {
    const send: TrackedSend = (message) => {
      if (message.type === "http.response.start") this.started = true;
      return inner(message);
    };
    send[TRACKER] = this;
    this.send = send;
  }

  /**
   * The tracker of an app called with `send`. When `send` is itself a tracker's send through which no response
   * has started yet (the layers of one application pass it down unchanged), that tracker answers for this app
   * too: from now on every message of the request goes through this app first, so both flags would turn true
   * together, and one wrapper per message is saved. Otherwise a new tracker wraps `send`.
   */
  static of(send: Send): ResponseStartTracker {
    const tracker = (send as TrackedSend)[TRACKER];
    return tracker !== undefined && !tracker.started ? tracker : new ResponseStartTracker(send);
  }
}

/**
 * What `wrap_app_handling_exceptions` does once the app has thrown `exc`: answer with the handler registered for
 * the error's status (an HTTPException) or class, or throw it on. `request` is built only now when not given (the
 * ExceptionMiddleware's, which no one else sees); `send` is the tracker's, as Starlette answers through its sender.
 */
export async function handleException(
  exc: unknown,
  handlers: [ExceptionHandlers, StatusHandlers],
  request: Request | WebSocket | null,
  tracker: ResponseStartTracker,
  scope: Scope,
  receive: Receive,
  outerSend: Send,
): Promise<void> {
  let handler: ExceptionHandler | undefined;
  // Starlette's request.form() raises HTTPException(400) itself when "app" is in the scope; @mono/asgi cannot
  // import HTTPException, so its MultiPartException becomes one here, before any handler sees it.
  if (exc instanceof MultiPartException && "app" in scope) exc = new HTTPException(400, exc.message, null, { cause: exc });
  if (exc instanceof HTTPException) handler = handlers[1].get(exc.statusCode);
  handler ??= lookupExceptionHandler(handlers[0], exc);
  if (handler === undefined) throw exc;
  if (tracker.started) {
    throw new Error("Caught handled exception, but response already started.", { cause: exc });
  }
  const conn = request ?? (scope.type === "websocket" ? new WebSocket(scope, receive, outerSend) : new Request(scope as HTTPScope, receive, outerSend));
  const response = await handler(conn, exc as Error);
  if (response) await response.asgi(scope, receive, tracker.send);
}

/** Starlette's `wrap_app_handling_exceptions`: `app`, with its errors answered by the handlers in the scope. */
export function wrapAppHandlingExceptions(app: ASGIApp, request: Request | WebSocket): ASGIApp {
  const handlers = handlersOf(request.scope);
  return async (scope, receive, send) => {
    const tracker = ResponseStartTracker.of(send);
    try {
      await app(scope, receive, tracker.send);
    } catch (exc: unknown) {
      await handleException(exc, handlers, request, tracker, scope, receive, send);
    }
  };
}
