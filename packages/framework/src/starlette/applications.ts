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
}

export class Starlette {
  debug: boolean;
  readonly state: State = new State();
  readonly router: Router;
  readonly exceptionHandlers: Map<ExceptionHandlerKey, ExceptionHandler<never>>;
  readonly userMiddleware: Middleware[];
  protected middlewareStack: ASGIApp | null = null;

  constructor(options: StarletteOptions<Starlette> = {}) {
    this.debug = options.debug ?? false;
    this.router = this.createRouter(options);
    this.exceptionHandlers = new Map(options.exceptionHandlers ?? []);
    this.userMiddleware = [...(options.middleware ?? [])];
  }

  /** The Router this application routes with (the App subclass makes an APIRouter). */
  protected createRouter(options: StarletteOptions<Starlette>): Router {
    return new Router({ routes: options.routes ?? [], lifespan: options.lifespan as Lifespan<never> | null });
  }

  /** The stack, outermost first: ServerErrorMiddleware, user middleware, ExceptionMiddleware, then the router. */
  buildMiddlewareStack(): ASGIApp {
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

  protected async call(scope: Scope, receive: Receive, send: Send): Promise<void> {
    scope["app"] = this;
    this.middlewareStack ??= this.buildMiddlewareStack();
    await this.middlewareStack(scope, receive, send);
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
