/** @module Mirrors starlette/middleware/__init__.py (`Middleware`) and the stack building of starlette/applications.py. */
import type { ASGIApp } from "./types.js";

/** Any class Starlette's `Middleware(cls, ...)` accepts: built with the app it wraps, then its options if it has any. */
export type MiddlewareClass = new (app: ASGIApp, ...rest: never[]) => { asgi: ASGIApp };

/**
 * A middleware class may have a static `validateOptions(...options)` that throws on options its constructor would
 * refuse; `new Middleware(cls, ...)` (and so `app.addMiddleware`) calls it. Not in Starlette.
 */
export interface ValidatingMiddlewareClass {
  validateOptions?: (...options: never[]) => void;
}

/** What `cls` takes after the app: `[options]`, `[options?]` or `[]`, read from the class itself. */
export type MiddlewareOptions<C extends MiddlewareClass> = C extends new (app: ASGIApp, ...rest: infer Rest) => unknown
  ? Rest
  : never;

/**
 * A middleware class and its options, built later around an app (Starlette's `Middleware(cls, **options)`).
 * The options are type-checked against the class: `new Middleware(CORSMiddleware, { allowOrigins: ["*"] })`.
 */
export class Middleware<C extends MiddlewareClass = MiddlewareClass> {
  readonly cls: C;
  readonly options: MiddlewareOptions<C>;
  readonly #build: (app: ASGIApp) => { asgi: ASGIApp };

  constructor(cls: C, ...options: MiddlewareOptions<C>) {
    // Not in Starlette, which builds the class (and so meets a bad option) at the first request or lifespan
    // startup, where a server in lifespan "auto" mode reads the error as "lifespan unsupported". A class with a
    // static validateOptions is checked here, when the app is assembled.
    (cls as ValidatingMiddlewareClass).validateOptions?.(...options);
    this.cls = cls;
    this.options = options;
    const build: new (app: ASGIApp, ...rest: MiddlewareOptions<C>) => { asgi: ASGIApp } = cls;
    this.#build = (app) => new build(app, ...options);
  }

  /** The middleware instance around `app`. */
  build(app: ASGIApp): { asgi: ASGIApp } {
    return this.#build(app);
  }

  /** Starlette's `__iter__`: `const [cls, options] = middleware` (options as a list: what follows the app). */
  *[Symbol.iterator](): Iterator<C | MiddlewareOptions<C>> {
    yield this.cls;
    yield this.options;
  }

  /** Starlette's repr: `Middleware(CORSMiddleware, {...})`. */
  toString(): string {
    const parts = [this.cls.name, ...this.options.map((option) => JSON.stringify(option))];
    return `Middleware(${parts.join(", ")})`;
  }
}

/**
 * Wrap `app` in each middleware; the first in the list is the outermost, so it sees the request
 * first and the response last (Starlette's `build_middleware_stack`).
 */
export function buildMiddlewareStack(app: ASGIApp, middleware: Iterable<Middleware>): ASGIApp {
  let wrapped = app;
  for (const item of [...middleware].reverse()) {
    wrapped = item.build(wrapped).asgi;
  }
  return wrapped;
}
