/** @module Mirrors starlette/routing.py: Route, WebSocketRoute, Mount, Host and Router (HTTP, websocket and lifespan). */
import {
  buildMiddlewareStack,
  PlainTextResponse,
  RedirectResponse,
  Request,
  URL,
  URLPath,
  Headers,
  WebSocket,
  WebSocketClose,
  type ASGIApp,
  type HTTPScope,
  type LifespanScope,
  type Middleware,
  type Receive,
  type Response,
  type Scope,
  type Send,
} from "@mono/asgi";
import { isIPv6 } from "node:net";
import { CONVERTOR_TYPES, type Convertor } from "./convertors.js";
import { handleException, handlersOf, ResponseStartTracker } from "./exception_handler.js";
import { HTTPException } from "./exceptions.js";

/** Raised by `urlPathFor(name, params)` when no route has that name and those parameters. */
export class NoMatchFound extends Error {
  constructor(name: string, pathParams: Record<string, unknown>) {
    super(`No route exists for name "${name}" and params "${Object.keys(pathParams).join(", ")}".`);
    this.name = "NoMatchFound";
  }
}

export const Match = { NONE: 0, PARTIAL: 1, FULL: 2 } as const;
export type Match = (typeof Match)[keyof typeof Match];

/** Keys a route adds to the scope of the request it takes (`endpoint`, `path_params`, `root_path`, ...). */
export type ChildScope = Record<string, unknown>;

/** A Starlette endpoint: `func(request) -> response`. */
export type Endpoint = (request: Request) => Response | Promise<Response>;

/** A Starlette WebSocket endpoint: `func(websocket)`, which accepts, talks and closes. */
export type WebSocketEndpointFunction = (websocket: WebSocket) => Promise<void>;

/**
 * An endpoint class made once per connection with `(scope, receive, send)` and run with `dispatch()`, as
 * Starlette instantiates and awaits a class endpoint (WebSocketEndpoint's subclasses).
 */
export type EndpointClass = new (scope: Scope, receive: Receive, send: Send) => { dispatch(): Promise<void> };

/** Anything with a bound `asgi` function: a Response, a middleware, a Router, an App. */
export interface ASGIObject {
  readonly asgi: ASGIApp;
}

/**
 * `lifespan(app)`: an async generator that yields once (an optional state record) between startup and shutdown.
 * A sync generator works too, as FastAPI wraps one.
 */
export type Lifespan<AppT = unknown> = (
  app: AppT,
) => AsyncGenerator<Record<string, unknown> | void, void, void> | Generator<Record<string, unknown> | void, void, void>;

/** Turns `func(request) -> response` into an ASGI app whose errors go to the ExceptionMiddleware's handlers. */
export function requestResponse(func: Endpoint): ASGIApp {
  // Starlette's inner app and wrap_app_handling_exceptions in one function: a layer of promises less per request.
  return async (scope, receive, send) => {
    const request = new Request(scope as HTTPScope, receive, send);
    const handlers = handlersOf(scope);
    const tracker = ResponseStartTracker.of(send);
    try {
      const response = await func(request);
      await response.asgi(scope, receive, tracker.send);
    } catch (exc: unknown) {
      await handleException(exc, handlers, request, tracker, scope, receive, send);
    }
  };
}

/**
 * Turns `func(websocket)` into an ASGI app whose errors go to the ExceptionMiddleware's handlers (Starlette's
 * `websocket_session`). As in Starlette, the session sends through the outer `send`, so no response counts as
 * started and a handler may still close the socket (a WebSocketException) after accept.
 */
export function websocketSession(func: WebSocketEndpointFunction): ASGIApp {
  return async (scope, receive, send) => {
    const session = new WebSocket(scope, receive, send);
    const handlers = handlersOf(scope);
    const tracker = ResponseStartTracker.of(send);
    try {
      await func(session);
    } catch (exc: unknown) {
      await handleException(exc, handlers, session, tracker, scope, receive, send);
    }
  };
}

/** True for a `class` (an endpoint class), false for a function: JS tells them apart only by their source. */
export function isClass(value: unknown): value is EndpointClass {
  return typeof value === "function" && /^class[\s{]/.test(Function.prototype.toString.call(value));
}

/** An endpoint class as an ASGI app: one instance per connection, then `dispatch()`. */
export function endpointClassApp(cls: EndpointClass): ASGIApp {
  return (scope, receive, send) => new cls(scope, receive, send).dispatch();
}

/** The path a route matches against: `path` with the `root_path` prefix taken off. */
export function getRoutePath(scope: Scope): string {
  const path = (scope as HTTPScope).path;
  const rootPath = (scope as HTTPScope).root_path ?? "";
  if (!rootPath || !path.startsWith(rootPath)) return path;
  if (path === rootPath) return "";
  if (path[rootPath.length] === "/") return path.slice(rootPath.length);
  return path;
}

/** Matches `{param}` and `{param:convertor}` in paths. */
const PARAM_REGEX = /{([a-zA-Z_][a-zA-Z0-9_]*)(:[a-zA-Z_][a-zA-Z0-9_]*)?}/g;

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&");
}

export interface CompiledPath {
  /** `/(?<username>[^/]+)$`, anchored at both ends. */
  regex: RegExp;
  /** The text before the first parameter (all of it without parameters): every path the regex matches starts with it. */
  prefix: string;
  /** `/{username}` */
  format: string;
  convertors: Map<string, Convertor<unknown>>;
}

/**
 * Given `/{username:str}`, returns the regex, the format string and the convertor of each parameter.
 * One loop as Starlette's compile_path, whose steps it follows one for one.
 */
export function compilePath(path: string): CompiledPath {
  const isHost = !path.startsWith("/");
  let regex = "^";
  let format = "";
  const duplicated = new Set<string>();
  const convertors = new Map<string, Convertor<unknown>>();
  let idx = 0;

  for (const match of path.matchAll(PARAM_REGEX)) {
    const name = match[1] as string;
    const type = (match[2] ?? ":str").slice(1);
    const convertor = CONVERTOR_TYPES.get(type);
    if (convertor === undefined) throw new Error(`Unknown path convertor '${type}'`);
    regex += `${escapeRegex(path.slice(idx, match.index))}(?<${name}>${convertor.regex})`;
    format += `${path.slice(idx, match.index)}{${name}}`;
    if (convertors.has(name)) duplicated.add(name);
    convertors.set(name, convertor);
    idx = match.index + match[0].length;
  }

  if (duplicated.size > 0) {
    const names = [...duplicated].sort().join(", ");
    throw new Error(`Duplicated param name${duplicated.size > 1 ? "s" : ""} ${names} at path ${path}`);
  }
  let tail = path.slice(idx);
  // A host pattern ignores the port, as Host.matches() does.
  if (isHost && !tail.endsWith("]") && tail.includes(":")) tail = tail.slice(0, tail.lastIndexOf(":"));
  regex += `${escapeRegex(tail)}$`;
  format += path.slice(idx);
  const firstParam = path.search(PARAM_REGEX);
  const prefix = isHost ? "" : firstParam === -1 ? path : path.slice(0, firstParam);
  return { regex: new RegExp(regex), prefix, format, convertors };
}

/** Fills `{name}` slots of `format` from `params` (removing the ones it used). */
function replaceParams(
  format: string,
  convertors: Map<string, Convertor<unknown>>,
  params: Record<string, unknown>,
): [string, Record<string, unknown>] {
  let path = format;
  const remaining = { ...params };
  for (const [key, value] of Object.entries(params)) {
    if (!path.includes(`{${key}}`)) continue;
    const convertor = convertors.get(key) as Convertor<unknown>;
    path = path.replace(`{${key}}`, convertor.toString(value));
    delete remaining[key];
  }
  return [path, remaining];
}

function convertParams(match: RegExpExecArray, convertors: Map<string, Convertor<unknown>>): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(match.groups ?? {})) {
    params[key] = (convertors.get(key) as Convertor<unknown>).convert(value ?? "");
  }
  return params;
}

function sameKeys(a: Record<string, unknown>, b: Map<string, unknown>): boolean {
  const keys = Object.keys(a);
  return keys.length === b.size && keys.every((key) => b.has(key));
}

export abstract class BaseRoute {
  abstract matches(scope: Scope): [Match, ChildScope];
  abstract urlPathFor(name: string, pathParams?: Record<string, unknown>): URLPath;
  abstract handle(scope: Scope, receive: Receive, send: Send): Promise<void>;

  /** A route used on its own as an ASGI app: 404 when it does not match. */
  readonly asgi: ASGIApp = async (scope, receive, send) => {
    const [match, childScope] = this.matches(scope);
    if (match === Match.NONE) {
      if (scope.type === "http") await new PlainTextResponse("Not Found", { status: 404 }).asgi(scope, receive, send);
      else if (scope.type === "websocket") await new WebSocketClose().asgi(scope, receive, send);
      return;
    }
    Object.assign(scope, childScope);
    await this.handle(scope, receive, send);
  };
}

export interface RouteOptions {
  /**
   * Methods the route answers; GET brings HEAD along. Others get a 405 with `Allow`.
   * @default ["GET"] for a function endpoint, every method for an ASGI endpoint
   */
  methods?: readonly string[] | null;
  /**
   * The name `urlPathFor` looks routes up by.
   * @default the endpoint function's name
   */
  name?: string | null;
  /**
   * Whether the route appears in the OpenAPI document.
   * @default true
   */
  includeInSchema?: boolean;
  /**
   * Middleware around this route only (first in the list is outermost).
   * @default null
   */
  middleware?: readonly Middleware[] | null;
}

function isASGIObject(endpoint: Endpoint | ASGIObject): endpoint is ASGIObject {
  return typeof endpoint === "object";
}

export class Route extends BaseRoute {
  readonly path: string;
  readonly endpoint: Endpoint | ASGIObject;
  readonly name: string;
  readonly includeInSchema: boolean;
  readonly app: ASGIApp;
  /** Upper-case methods, or null for "every method" (an ASGI endpoint given no `methods`). */
  readonly methods: Set<string> | null;
  readonly pathRegex: RegExp;
  readonly pathFormat: string;
  readonly paramConvertors: Map<string, Convertor<unknown>>;
  /** The literal start of the path: without parameters, the whole path, which the regex then matches exactly. */
  readonly #pathPrefix: string;
  readonly #isStatic: boolean;

  /** A function endpoint is `func(request) -> response`; an object with `asgi` is an ASGI app, as a class in Starlette. */
  constructor(path: string, endpoint: Endpoint | ASGIObject, options: RouteOptions = {}) {
    super();
    this.checkPath(path);
    this.path = path;
    this.endpoint = endpoint;
    this.name = options.name ?? (isASGIObject(endpoint) ? endpoint.constructor.name : endpoint.name);
    this.includeInSchema = options.includeInSchema ?? true;
    let methods = options.methods ?? null;
    let app: ASGIApp;
    if (isASGIObject(endpoint)) {
      app = endpoint.asgi;
    } else {
      app = (this.constructor as typeof Route).requestResponse(endpoint);
      methods ??= ["GET"];
    }
    this.app = options.middleware ? buildMiddlewareStack(app, [...options.middleware]) : app;
    this.methods = methods === null ? null : new Set(methods.map((method) => method.toUpperCase()));
    if (this.methods?.has("GET")) this.methods.add("HEAD");
    const compiled = compilePath(path);
    this.pathRegex = compiled.regex;
    this.pathFormat = compiled.format;
    this.paramConvertors = compiled.convertors;
    this.#pathPrefix = compiled.prefix;
    this.#isStatic = compiled.convertors.size === 0;
  }

  /** Starlette asserts a routed path starts with "/"; FastAPI's APIRoute (callbacks, webhooks) does not. */
  protected checkPath(path: string): void {
    if (!path.startsWith("/")) throw new Error("Routed paths must start with '/'");
  }

  /** How a function endpoint becomes an ASGI app; FastAPI's APIRoute puts its dependency exit stack here. */
  static requestResponse(endpoint: Endpoint): ASGIApp {
    return requestResponse(endpoint);
  }

  /**
   * True when `matches(scope)` is sure to answer NONE from the path alone (and is Route's own): the Router then
   * skips the route without building the answer. `^...$` over a path without parameters (JS's `$` ends the
   * input) matches that very string and no other; with parameters, a path that does not start with the literal
   * text before the first one cannot match.
   */
  missesPath(scope: Scope): boolean {
    if (this.matches !== Route.prototype.matches || scope.type !== "http") return false;
    const routePath = getRoutePath(scope);
    return this.#isStatic ? routePath !== this.#pathPrefix : !routePath.startsWith(this.#pathPrefix);
  }

  matches(scope: Scope): [Match, ChildScope] {
    if (scope.type !== "http") return [Match.NONE, {}];
    const routePath = getRoutePath(scope);
    // As in missesPath: only the path itself (without parameters) or a path with the literal start can match.
    if (this.#isStatic ? routePath !== this.#pathPrefix : !routePath.startsWith(this.#pathPrefix)) return [Match.NONE, {}];
    let pathParams: Record<string, unknown>;
    if (this.#isStatic) {
      pathParams = { ...(scope.path_params as Record<string, unknown> | undefined) };
    } else {
      const match = this.pathRegex.exec(routePath);
      if (match === null) return [Match.NONE, {}];
      pathParams = { ...(scope.path_params as Record<string, unknown> | undefined), ...convertParams(match, this.paramConvertors) };
    }
    const childScope = { endpoint: this.endpoint, path_params: pathParams };
    if (this.methods && !this.methods.has(scope.method)) return [Match.PARTIAL, childScope];
    return [Match.FULL, childScope];
  }

  urlPathFor(name: string, pathParams: Record<string, unknown> = {}): URLPath {
    if (name !== this.name || !sameKeys(pathParams, this.paramConvertors)) throw new NoMatchFound(name, pathParams);
    return new URLPath(replaceParams(this.pathFormat, this.paramConvertors, pathParams)[0], "http");
  }

  handle(scope: Scope, receive: Receive, send: Send): Promise<void> {
    if (this.methods && !this.methods.has((scope as HTTPScope).method)) return this.methodNotAllowed(scope, receive, send);
    // Not async, to save a promise per request; a synchronous throw still comes back as a rejection.
    try {
      return this.app(scope, receive, send);
    } catch (error: unknown) {
      return Promise.reject(error);
    }
  }

  private async methodNotAllowed(scope: Scope, receive: Receive, send: Send): Promise<void> {
    const headers = { Allow: [...(this.methods ?? [])].join(", ") };
    // Inside an application the 405 goes through the exception handlers; a bare router answers itself.
    if ("app" in scope) throw new HTTPException(405, undefined, headers);
    await new PlainTextResponse("Method Not Allowed", { status: 405, headers }).asgi(scope, receive, send);
  }

  override toString(): string {
    return `${this.constructor.name}(path='${this.path}', name='${this.name}', methods=[${[...(this.methods ?? [])].sort().map((m) => `'${m}'`).join(", ")}])`;
  }
}

export interface WebSocketRouteOptions {
  /**
   * The name `urlPathFor` looks routes up by.
   * @default the endpoint's name (a function's or a class's)
   */
  name?: string | null;
  /**
   * Middleware around this route only (first in the list is outermost).
   * @default null
   */
  middleware?: readonly Middleware[] | null;
}

/** The endpoints a WebSocketRoute takes: `func(websocket)`, an endpoint class, or an object with `asgi`. */
export type WebSocketEndpointLike = WebSocketEndpointFunction | EndpointClass | ASGIObject;

/** A route for `websocket` scopes: `new WebSocketRoute("/ws", async (websocket) => { ... })`. */
export class WebSocketRoute extends BaseRoute {
  readonly path: string;
  readonly endpoint: WebSocketEndpointLike;
  readonly name: string;
  readonly app: ASGIApp;
  readonly pathRegex: RegExp;
  readonly pathFormat: string;
  readonly paramConvertors: Map<string, Convertor<unknown>>;

  /** A function endpoint is `func(websocket)`; a class is made per connection; an object with `asgi` is an ASGI app. */
  constructor(path: string, endpoint: WebSocketEndpointLike, options: WebSocketRouteOptions = {}) {
    super();
    if (!path.startsWith("/")) throw new Error("Routed paths must start with '/'");
    this.path = path;
    this.endpoint = endpoint;
    this.name = options.name ?? (typeof endpoint === "function" ? endpoint.name : endpoint.constructor.name);
    let app: ASGIApp;
    if (typeof endpoint !== "function") app = endpoint.asgi;
    else if (isClass(endpoint)) app = endpointClassApp(endpoint);
    else app = (this.constructor as typeof WebSocketRoute).websocketSession(endpoint as WebSocketEndpointFunction);
    this.app = options.middleware ? buildMiddlewareStack(app, [...options.middleware]) : app;
    ({ regex: this.pathRegex, format: this.pathFormat, convertors: this.paramConvertors } = compilePath(path));
  }

  /** How a function endpoint becomes an ASGI app; FastAPI's APIWebSocketRoute puts its exit stack here. */
  static websocketSession(endpoint: WebSocketEndpointFunction): ASGIApp {
    return websocketSession(endpoint);
  }

  matches(scope: Scope): [Match, ChildScope] {
    if (scope.type !== "websocket") return [Match.NONE, {}];
    const match = this.pathRegex.exec(getRoutePath(scope));
    if (match === null) return [Match.NONE, {}];
    const pathParams = { ...(scope.path_params as Record<string, unknown> | undefined), ...convertParams(match, this.paramConvertors) };
    return [Match.FULL, { endpoint: this.endpoint, path_params: pathParams }];
  }

  urlPathFor(name: string, pathParams: Record<string, unknown> = {}): URLPath {
    if (name !== this.name || !sameKeys(pathParams, this.paramConvertors)) throw new NoMatchFound(name, pathParams);
    return new URLPath(replaceParams(this.pathFormat, this.paramConvertors, pathParams)[0], "websocket");
  }

  async handle(scope: Scope, receive: Receive, send: Send): Promise<void> {
    await this.app(scope, receive, send);
  }

  override toString(): string {
    return `${this.constructor.name}(path='${this.path}', name='${this.name}')`;
  }
}

export interface MountOptions {
  /**
   * The ASGI app (or object with `asgi`) that takes every path under the mount. Give this or `routes`.
   * @default null
   */
  app?: ASGIApp | ASGIObject | null;
  /**
   * Routes for a Router built for the mount. Give this or `app`.
   * @default null
   */
  routes?: readonly BaseRoute[] | null;
  /**
   * Name for `urlPathFor("name:child", ...)`.
   * @default null
   */
  name?: string | null;
  /**
   * Middleware around the mounted app (first in the list is outermost).
   * @default null
   */
  middleware?: readonly Middleware[] | null;
}

export class Mount extends BaseRoute {
  readonly path: string;
  readonly name: string | null;
  readonly app: ASGIApp;
  private readonly baseApp: ASGIApp | ASGIObject;
  readonly pathRegex: RegExp;
  readonly pathFormat: string;
  readonly paramConvertors: Map<string, Convertor<unknown>>;

  constructor(path: string, options: MountOptions) {
    super();
    if (path !== "" && !path.startsWith("/")) throw new Error("Routed paths must start with '/'");
    if (!options.app && !options.routes) throw new Error("Either 'app=...', or 'routes=' must be specified");
    this.path = path.replace(/\/+$/, "");
    this.baseApp = options.app ?? new Router({ routes: options.routes ?? [] });
    const app = typeof this.baseApp === "function" ? this.baseApp : this.baseApp.asgi;
    this.app = options.middleware ? buildMiddlewareStack(app, [...options.middleware]) : app;
    this.name = options.name ?? null;
    ({ regex: this.pathRegex, format: this.pathFormat, convertors: this.paramConvertors } = compilePath(
      `${this.path}/{path:path}`,
    ));
  }

  get routes(): BaseRoute[] {
    const base = this.baseApp as { routes?: unknown };
    return Array.isArray(base.routes) ? (base.routes as BaseRoute[]) : [];
  }

  matches(scope: Scope): [Match, ChildScope] {
    if (scope.type !== "http" && scope.type !== "websocket") return [Match.NONE, {}];
    const rootPath = scope.root_path ?? "";
    const routePath = getRoutePath(scope);
    const match = this.pathRegex.exec(routePath);
    if (match === null) return [Match.NONE, {}];
    const matched = convertParams(match, this.paramConvertors);
    const remainingPath = `/${String(matched["path"])}`;
    delete matched["path"];
    const matchedPath = routePath.slice(0, routePath.length - remainingPath.length);
    return [
      Match.FULL,
      {
        path_params: { ...(scope.path_params as Record<string, unknown> | undefined), ...matched },
        // Set once at the top, so url_for can rebuild full paths from inside any mount.
        app_root_path: scope["app_root_path"] ?? rootPath,
        root_path: rootPath + matchedPath,
        endpoint: this.app,
      },
    ];
  }

  urlPathFor(name: string, pathParams: Record<string, unknown> = {}): URLPath {
    if (this.name !== null && name === this.name && "path" in pathParams) {
      const params = { ...pathParams, path: String(pathParams["path"]).replace(/^\/+/, "") };
      const [path, remaining] = replaceParams(this.pathFormat, this.paramConvertors, params);
      if (Object.keys(remaining).length === 0) return new URLPath(path);
    } else if (this.name === null || name.startsWith(`${this.name}:`)) {
      const remainingName = this.name === null ? name : name.slice(this.name.length + 1);
      const pathKwarg = pathParams["path"];
      const [prefix, remaining] = replaceParams(this.pathFormat, this.paramConvertors, { ...pathParams, path: "" });
      if (pathKwarg !== undefined) remaining["path"] = pathKwarg;
      for (const route of this.routes) {
        try {
          const url = route.urlPathFor(remainingName, remaining);
          return new URLPath(prefix.replace(/\/+$/, "") + url.path, url.protocol);
        } catch (exc) {
          if (!(exc instanceof NoMatchFound)) throw exc;
        }
      }
    }
    throw new NoMatchFound(name, pathParams);
  }

  async handle(scope: Scope, receive: Receive, send: Send): Promise<void> {
    await this.app(scope, receive, send);
  }

  override toString(): string {
    return `Mount(path='${this.path}', name='${this.name ?? ""}', app=${String(this.baseApp)})`;
  }
}

/** Starlette's `_HOST_RE`: a reg-name, an IPv6 literal or an IPvFuture literal, then an optional port. */
const HOST_RE =
  /^(?<host>[a-z0-9._~%!$&'()*+,;=-]+|\[(?:(?<ipv6>[a-f0-9]*:[a-f0-9.:]+)|(?<future>[vV][a-f0-9]+\.[a-z0-9._~!$&'()*+,;=:-]+))\])(?::(?<port>[0-9]+))?$/i;

/** Starlette's `parse_host_header`: the host (brackets kept around IP literals), or null for an invalid header. */
export function parseHostHeader(header: string | undefined): { host: string; port: string | null } | null {
  if (header === undefined) return null;
  const match = HOST_RE.exec(header);
  if (match?.groups === undefined) return null;
  const { host, ipv6, future, port } = match.groups;
  if (ipv6 !== undefined && !isIPv6(ipv6)) return null;
  // Python's (?-i:v): the IPvFuture marker is a lower-case "v" only.
  if (future !== undefined && !future.startsWith("v")) return null;
  return { host: host ?? "", port: port ?? null };
}

/** Routes by the `host` header: `new Host("{subdomain}.example.org", { app })`. */
export class Host extends BaseRoute {
  readonly host: string;
  readonly app: ASGIApp;
  private readonly baseApp: ASGIApp | ASGIObject;
  readonly name: string | null;
  readonly hostRegex: RegExp;
  readonly hostFormat: string;
  readonly paramConvertors: Map<string, Convertor<unknown>>;

  constructor(host: string, options: { app: ASGIApp | ASGIObject; name?: string | null }) {
    super();
    if (host.startsWith("/")) throw new Error("Host must not start with '/'");
    this.host = host;
    this.baseApp = options.app;
    this.app = typeof options.app === "function" ? options.app : options.app.asgi;
    this.name = options.name ?? null;
    ({ regex: this.hostRegex, format: this.hostFormat, convertors: this.paramConvertors } = compilePath(host));
  }

  get routes(): BaseRoute[] {
    const base = this.baseApp as { routes?: unknown };
    return Array.isArray(base.routes) ? (base.routes as BaseRoute[]) : [];
  }

  matches(scope: Scope): [Match, ChildScope] {
    if (scope.type !== "http" && scope.type !== "websocket") return [Match.NONE, {}];
    const parsed = parseHostHeader(new Headers({ scope }).get("host"));
    if (parsed === null) return [Match.NONE, {}];
    const match = this.hostRegex.exec(parsed.host);
    if (match === null) return [Match.NONE, {}];
    const pathParams = { ...(scope.path_params as Record<string, unknown> | undefined), ...convertParams(match, this.paramConvertors) };
    return [Match.FULL, { path_params: pathParams, endpoint: this.app }];
  }

  urlPathFor(name: string, pathParams: Record<string, unknown> = {}): URLPath {
    if (this.name !== null && name === this.name && "path" in pathParams) {
      const { path, ...rest } = pathParams;
      const [host, remaining] = replaceParams(this.hostFormat, this.paramConvertors, rest);
      if (Object.keys(remaining).length === 0) return new URLPath(String(path), "", host);
    } else if (this.name === null || name.startsWith(`${this.name}:`)) {
      const remainingName = this.name === null ? name : name.slice(this.name.length + 1);
      const [host, remaining] = replaceParams(this.hostFormat, this.paramConvertors, pathParams);
      for (const route of this.routes) {
        try {
          const url = route.urlPathFor(remainingName, remaining);
          return new URLPath(url.path, url.protocol, host);
        } catch (exc) {
          if (!(exc instanceof NoMatchFound)) throw exc;
        }
      }
    }
    throw new NoMatchFound(name, pathParams);
  }

  async handle(scope: Scope, receive: Receive, send: Send): Promise<void> {
    await this.app(scope, receive, send);
  }

  override toString(): string {
    return `Host(host='${this.host}', name='${this.name ?? ""}', app=${String(this.baseApp)})`;
  }
}

export interface RouterOptions {
  /**
   * The routes, tried in order.
   * @default []
   */
  routes?: readonly BaseRoute[] | null;
  /**
   * Redirect (307) `/path/` to `/path` or the other way round when only the other one has a route.
   * @default true
   */
  redirectSlashes?: boolean;
  /**
   * The app that answers when nothing matches.
   * @default router.notFound (404)
   */
  default?: ASGIApp | null;
  /**
   * Startup/shutdown: an async generator function that yields once, optionally a state record.
   * @default null
   */
  lifespan?: Lifespan<never> | null;
  /**
   * Middleware around the whole router (first in the list is outermost).
   * @default null
   */
  middleware?: readonly Middleware[] | null;
}

export class Router {
  readonly routes: BaseRoute[];
  readonly redirectSlashes: boolean;
  readonly default: ASGIApp;
  /** Assignable, as Starlette's attribute: FastAPI's include_router merges the included router's into it. */
  lifespanContext: Lifespan<unknown> | null;
  private readonly middlewareStack: ASGIApp;

  constructor(options: RouterOptions = {}) {
    this.routes = [...(options.routes ?? [])];
    this.redirectSlashes = options.redirectSlashes ?? true;
    this.default = options.default ?? this.notFound;
    this.lifespanContext = (options.lifespan as Lifespan<unknown> | null | undefined) ?? null;
    this.middlewareStack = options.middleware ? buildMiddlewareStack(this.app, [...options.middleware]) : this.app;
  }

  readonly notFound: ASGIApp = async (scope, receive, send) => {
    if (scope.type === "websocket") {
      await new WebSocketClose().asgi(scope, receive, send);
      return;
    }
    // Inside an application the 404 goes through the configurable exception handlers.
    if ("app" in scope) throw new HTTPException(404);
    await new PlainTextResponse("Not Found", { status: 404 }).asgi(scope, receive, send);
  };

  urlPathFor(name: string, pathParams: Record<string, unknown> = {}): URLPath {
    for (const route of this.routes) {
      try {
        return route.urlPathFor(name, pathParams);
      } catch (exc) {
        if (!(exc instanceof NoMatchFound)) throw exc;
      }
    }
    throw new NoMatchFound(name, pathParams);
  }

  /** Runs the ASGI lifespan protocol around `lifespanContext(app)`. */
  async lifespan(scope: LifespanScope, receive: Receive, send: Send): Promise<void> {
    let started = false;
    await receive();
    try {
      const context = this.lifespanContext?.(scope["app"]);
      const first = await context?.next();
      const state = first?.done === false ? first.value : undefined;
      if (state) {
        if (scope.state === undefined) throw new Error('The server does not support "state" in the lifespan scope.');
        Object.assign(scope.state, state);
      }
      await send({ type: "lifespan.startup.complete" });
      started = true;
      await receive();
      if (first?.done === false && !(await context?.next())?.done) throw new Error("generator didn't stop");
    } catch (exc: unknown) {
      const message = exc instanceof Error ? (exc.stack ?? String(exc)) : String(exc);
      await send({ type: started ? "lifespan.shutdown.failed" : "lifespan.startup.failed", message });
      throw exc;
    }
    await send({ type: "lifespan.shutdown.complete" });
  }

  /** The main entry point: the router's middleware, then `app`. */
  readonly asgi: ASGIApp = (scope, receive, send) => this.middlewareStack(scope, receive, send);

  readonly app: ASGIApp = (scope, receive, send) => {
    // Not async, to save a promise per request; a synchronous throw still comes back as a rejection.
    try {
      return this.dispatch(scope, receive, send);
    } catch (error: unknown) {
      return Promise.reject(error);
    }
  };

  private dispatch(scope: Scope, receive: Receive, send: Send): Promise<void> {
    scope["router"] ??= this;
    if (scope.type === "lifespan") return this.lifespan(scope, receive, send);
    let partial: [BaseRoute, ChildScope] | null = null;
    for (const route of this.routes) {
      if (route instanceof Route && route.missesPath(scope)) continue;
      const [match, childScope] = route.matches(scope);
      if (match === Match.FULL) {
        scope["route"] = route;
        Object.assign(scope, childScope);
        return route.handle(scope, receive, send);
      }
      if (match === Match.PARTIAL && partial === null) partial = [route, childScope];
    }
    if (partial !== null) {
      // A route that could answer another method: the 405.
      scope["route"] = partial[0];
      Object.assign(scope, partial[1]);
      return partial[0].handle(scope, receive, send);
    }
    return this.notMatched(scope, receive, send);
  }

  private async notMatched(scope: Scope, receive: Receive, send: Send): Promise<void> {
    if (scope.type === "http" && this.redirectSlashes && (await this.redirectSlash(scope, receive, send))) return;
    await this.default(scope, receive, send);
  }

  private async redirectSlash(scope: HTTPScope, receive: Receive, send: Send): Promise<boolean> {
    const routePath = getRoutePath(scope);
    if (routePath === "/") return false;
    const path = routePath.endsWith("/") ? scope.path.replace(/\/+$/, "") : `${scope.path}/`;
    const redirectScope: HTTPScope = { ...scope, path };
    for (const route of this.routes) {
      if (route.matches(redirectScope)[0] === Match.NONE) continue;
      const url = new URL({ scope: redirectScope });
      await new RedirectResponse(url.toString()).asgi(scope, receive, send);
      return true;
    }
    return false;
  }

  mount(path: string, app: ASGIApp | ASGIObject, name: string | null = null): void {
    this.routes.push(new Mount(path, { app, name }));
  }

  host(host: string, app: ASGIApp | ASGIObject, name: string | null = null): void {
    this.routes.push(new Host(host, { app, name }));
  }

  addRoute(path: string, endpoint: Endpoint, options: RouteOptions = {}): void {
    this.routes.push(new Route(path, endpoint, options));
  }

  addWebsocketRoute(path: string, endpoint: WebSocketEndpointLike, name: string | null = null): void {
    this.routes.push(new WebSocketRoute(path, endpoint, { name }));
  }
}
