/** @module Mirrors starlette/applications.py: the Starlette application and its middleware stack. */
import {
  buildMiddlewareStack,
  Middleware,
  State,
  type ASGIApp,
  type MiddlewareClass,
  type MiddlewareOptions,
  type Receive,
  type Scope,
  type Send,
  type URLPath,
} from "@mono/asgi";
import type { ErrorClass, ExceptionHandler } from "./exception_handler.js";
import { ServerErrorMiddleware } from "./middleware/errors.js";
import { ExceptionMiddleware, type ExceptionHandlerKey } from "./middleware/exceptions.js";
import { Router, type ASGIObject, type BaseRoute, type Endpoint, type Lifespan, type RouteOptions } from "./routing.js";

export interface StarletteOptions<AppT> {
  /**
   * Answer unhandled errors with a traceback (HTML or plain text) instead of "Internal Server Error".
   * @default false
   */
  debug?: boolean;
  /**
   * The routes of the application's Router.
   * @default []
   */
  routes?: readonly BaseRoute[] | null;
  /**
   * User middleware, first in the list outermost; always inside ServerErrorMiddleware and outside ExceptionMiddleware.
   * @default []
   */
  middleware?: readonly Middleware[] | null;
  /**
   * Handlers by status code or error class. A handler for 500 or `Error` goes to ServerErrorMiddleware.
   * @default new Map()
   */
  exceptionHandlers?: Iterable<readonly [ExceptionHandlerKey, ExceptionHandler<never>]> | null;
  /**
   * Startup and shutdown: an async generator function of the app that yields once (optionally a state record).
   * @default null
   */
  lifespan?: Lifespan<AppT> | null;
  /**
   * Where the application's warnings go (Python's `warnings.warn`); today one, a {@link MiddlewareOrderWarning}
   * when the stack is built. `null` silences them; a function that throws makes them errors (Python's `-W error`).
   * Not in Starlette.
   * @default `process.emitWarning` (printed once on stderr; `node --disable-warning=MONO_CORS_ORDER` silences it)
   */
  onWarning?: ((warning: Error) => void) | null;
}

/**
 * Not in Starlette: CORSMiddleware sits inside other user middleware, so an answer those send on their own (a 401
 * from authentication, a 400 from a host check, a redirect) has no CORS headers and the browser reports a CORS error.
 */
export class MiddlewareOrderWarning extends Error {
  override readonly name = "MiddlewareOrderWarning";
  /** Node's warning code, for `node --disable-warning=MONO_CORS_ORDER`. */
  readonly code = "MONO_CORS_ORDER";

  constructor(
    /** The CORS middleware's class name. */
    readonly cors: string,
    /** The class names of the user middleware outside it, outermost first. */
    readonly outer: readonly string[],
  ) {
    super(
      `${cors} is inside ${outer.join(", ")}: an answer ${outer.length === 1 ? "that middleware sends" : "one of them sends"} ` +
        `on its own (a 401, a 403, a redirect) goes out without CORS headers, and the browser reports a CORS error ` +
        `instead. Put ${cors} first in \`middleware: [...]\`, or add it last with \`app.addMiddleware(${cors}, ...)\`. ` +
        `See "Middleware order" in docs/framework.md (500s from unhandled errors carry no CORS headers either).`,
    );
  }
}

/** Recognises CORS middleware without importing @mono/cors (walls): by its static marker, else by its name. */
function isCORS(cls: MiddlewareClass): boolean {
  return ("isCORSMiddleware" in cls && cls.isCORSMiddleware === true) || cls.name === "CORSMiddleware";
}

/** The warning for user middleware (outermost first) with CORS middleware below the top, or null. */
export function middlewareOrderWarning(middleware: readonly Middleware[]): MiddlewareOrderWarning | null {
  const corsAt = middleware.findIndex((item) => isCORS(item.cls));
  if (corsAt <= 0) return null;
  const nameOf = (item: Middleware): string => item.cls.name || "(anonymous middleware)";
  return new MiddlewareOrderWarning(nameOf(middleware[corsAt] as Middleware), middleware.slice(0, corsAt).map(nameOf));
}

/** Python's `warnings.warn` in Node: the process's warning channel, which `--disable-warning` and `--no-warnings` filter. */
function emitWarning(warning: Error): void {
  process.emitWarning(warning);
}

export class Starlette {
  debug: boolean;
  readonly state: State = new State();
  readonly router: Router;
  readonly exceptionHandlers: Map<ExceptionHandlerKey, ExceptionHandler<never>>;
  readonly userMiddleware: Middleware[];
  readonly onWarning: ((warning: Error) => void) | null;
  protected middlewareStack: ASGIApp | null = null;

  constructor(options: StarletteOptions<Starlette> = {}) {
    this.debug = options.debug ?? false;
    this.router = this.createRouter(options);
    this.exceptionHandlers = new Map(options.exceptionHandlers ?? []);
    this.userMiddleware = [...(options.middleware ?? [])];
    this.onWarning = options.onWarning === undefined ? emitWarning : options.onWarning;
  }

  /** The Router this application routes with (the App subclass makes an APIRouter). */
  protected createRouter(options: StarletteOptions<Starlette>): Router {
    return new Router({ routes: options.routes ?? [], lifespan: options.lifespan as Lifespan<never> | null });
  }

  /**
   * The stack, outermost first: ServerErrorMiddleware, user middleware, ExceptionMiddleware, then the router.
   * Built once, at the first request or lifespan startup, which is when a middleware order warning is given.
   */
  buildMiddlewareStack(): ASGIApp {
    const warning = middlewareOrderWarning(this.userMiddleware);
    if (warning !== null) this.onWarning?.(warning);
    let errorHandler: ExceptionHandler<never> | null = null;
    const exceptionHandlers = new Map<ExceptionHandlerKey, ExceptionHandler<never>>();
    for (const [key, value] of this.exceptionHandlers) {
      if (key === 500 || key === Error) errorHandler = value;
      else exceptionHandlers.set(key, value);
    }
    const middleware = [
      new Middleware(ServerErrorMiddleware, { handler: errorHandler as ExceptionHandler | null, debug: this.debug }),
      ...this.userMiddleware,
      new Middleware(ExceptionMiddleware, { handlers: exceptionHandlers, debug: this.debug }),
    ];
    return buildMiddlewareStack(this.router.asgi, middleware);
  }

  get routes(): BaseRoute[] {
    return this.router.routes;
  }

  urlPathFor(name: string, pathParams: Record<string, unknown> = {}): URLPath {
    return this.router.urlPathFor(name, pathParams);
  }

  /** The application as an ASGI app (Starlette's `__call__`). */
  readonly asgi: ASGIApp = (scope, receive, send) => this.call(scope, receive, send);

  protected call(scope: Scope, receive: Receive, send: Send): Promise<void> {
    // Not async, to save a promise per request; a synchronous throw (a warning made an error) still comes back
    // as a rejection.
    try {
      scope["app"] = this;
      this.middlewareStack ??= this.buildMiddlewareStack();
      return this.middlewareStack(scope, receive, send);
    } catch (error: unknown) {
      return Promise.reject(error);
    }
  }

  mount(path: string, app: ASGIApp | ASGIObject, name: string | null = null): void {
    this.router.mount(path, app, name);
  }

  host(host: string, app: ASGIApp | ASGIObject, name: string | null = null): void {
    this.router.host(host, app, name);
  }

  /**
   * Starlette's `add_middleware`: the last added is the outermost of the user middleware.
   * The options type comes from the class's constructor, so a wrong option does not compile.
   */
  addMiddleware<C extends MiddlewareClass>(cls: C, ...options: MiddlewareOptions<C>): void {
    if (this.middlewareStack !== null) throw new Error("Cannot add middleware after an application has started");
    this.userMiddleware.unshift(new Middleware(cls, ...options) as unknown as Middleware);
  }

  addExceptionHandler<E extends Error>(key: number | ErrorClass<E>, handler: ExceptionHandler<E>): void {
    this.exceptionHandlers.set(key as ExceptionHandlerKey, handler as ExceptionHandler<never>);
  }

  addRoute(path: string, endpoint: Endpoint, options: RouteOptions = {}): void {
    this.router.addRoute(path, endpoint, options);
  }
}
