/** @module Mirrors starlette/_exception_handler.py: run an app and answer its errors with the registered handlers. */
import { Request, type ASGIApp, type HTTPScope, type Response, type Scope, type Send } from "@mono/asgi";
import { HTTPException } from "./exceptions.js";

/** Any error class; handlers are looked up along the thrown error's prototype chain, like Python's `__mro__`. */
export type ErrorClass<E extends Error = Error> = abstract new (...args: never[]) => E;

/** `handler(request, exc) -> response`; returning nothing means the handler sent its own answer (or none). */
export type ExceptionHandler<E = Error> = (
  request: Request,
  exc: E,
) => Response | null | undefined | void | Promise<Response | null | undefined | void>;

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

function handlersOf(scope: Scope): [ExceptionHandlers, StatusHandlers] {
  const found = scope[EXCEPTION_HANDLERS_KEY];
  return Array.isArray(found) ? (found as [ExceptionHandlers, StatusHandlers]) : [new Map(), new Map()];
}

export function wrapAppHandlingExceptions(app: ASGIApp, request: Request): ASGIApp {
  const [exceptionHandlers, statusHandlers] = handlersOf(request.scope as HTTPScope);

  return async (scope, receive, send) => {
    let responseStarted = false;
    const sender: Send = async (message) => {
      if (message.type === "http.response.start") responseStarted = true;
      await send(message);
    };

    try {
      await app(scope, receive, sender);
    } catch (exc: unknown) {
      let handler: ExceptionHandler | undefined;
      if (exc instanceof HTTPException) handler = statusHandlers.get(exc.statusCode);
      handler ??= lookupExceptionHandler(exceptionHandlers, exc);
      if (handler === undefined) throw exc;
      if (responseStarted) {
        throw new Error("Caught handled exception, but response already started.", { cause: exc });
      }
      const response = await handler(request, exc as Error);
      if (response) await response.asgi(scope, receive, sender);
    }
  };
}
