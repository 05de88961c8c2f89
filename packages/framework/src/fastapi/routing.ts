/** @module Mirrors fastapi/routing.py: APIRoute (validated, serialized handlers), APIWebSocketRoute and APIRouter (prefix, tags, include). */
import {
  BackgroundTasks,
  JSONResponse,
  RedirectResponse,
  Request,
  Response,
  WebSocket,
  type ASGIApp,
  type HTTPScope,
  type ResponseInit,
} from "@mono/asgi";
import type { z } from "zod";
import { handleException, handlersOf, ResponseStartTracker } from "../starlette/exception_handler.js";
import { HTTPException } from "../starlette/exceptions.js";
import {
  Mount,
  Route,
  Router,
  WebSocketRoute,
  type BaseRoute,
  type RouterOptions,
  type WebSocketEndpointFunction,
  type WebSocketEndpointLike,
} from "../starlette/routing.js";
import {
  bodyPlan,
  formFieldsOf,
  isZodSchema,
  readBody,
  validateBody,
  type BodyFields,
  type BodyPlan,
  type FormFields,
} from "./body.js";
import {
  checkParamsSpec,
  declaredPathParams,
  ExitStack,
  flatSpecs,
  PARAMS_KEYS,
  SecurityScopes,
  solveDependencies,
  type Dependency,
  type DependencyOverrides,
  type ParamsArgs,
  type ParamsSpec,
  type SolveContext,
} from "./dependencies.js";
import {
  filterResponse,
  floatKeysOf,
  isPlainJSON,
  jsonableEncoder,
  needsPythonJSON,
  pythonJSONText,
  responseInput,
  serializeJSON,
  toSelection,
  type FieldSelection,
  type ResponseFilter,
} from "./encoders.js";
import { FastAPIError, RequestValidationError, ResponseValidationError, WebSocketRequestValidationError } from "./exceptions.js";
import { defOf, isIntSchema, unwrap, validate } from "./validation.js";

/** An extra documented response of a route (FastAPI's `responses={404: {...}}`). */
export interface ResponseSpec {
  /** The response's OpenAPI `description`. @default the status's phrase ("Not Found"), else "Additional Response" */
  description?: string;
  /** The body's schema, shown in the OpenAPI document under the route's media type. @default none */
  model?: z.ZodType;
  /**
   * OpenAPI `content` by media type (`{"image/png": {}}`, `{"application/json": {example: {...}}}`), merged with the
   * model's schema and, for the route's own status, with its success response. @default none
   */
  content?: Record<string, { schema?: Record<string, unknown>; example?: unknown; examples?: Record<string, unknown>; [key: string]: unknown }>;
  /** OpenAPI response `headers`. @default none */
  headers?: Record<string, unknown>;
}

/**
 * A Response class a route answers with (FastAPI's `response_class`): HTMLResponse, PlainTextResponse, ...
 * `content: never` admits every class whatever its content parameter (a constructor parameter is contravariant);
 * what a handler may return for the class is checked by HandlerResult, which reads that parameter.
 */
export type ResponseClass = (new (content: never, init?: ResponseInit) => Response) & { mediaType: string | null };

/** Everything a route declares; the handler's argument and return types are read from it. */
export interface RouteSpec extends ParamsSpec {
  /**
   * The JSON request body. One schema is the whole body (FastAPI's `item: Item`); an object of schemas names
   * several body parameters (FastAPI's `item: Item, user: User, importance: int = Body()`, or one with
   * `Body(embed=True)`): the body is then an object with a key per parameter, each validated at `["body", name]`.
   * @default none (not read)
   */
  body?: z.ZodType | BodyFields;
  /**
   * Form fields (FastAPI's `Form()`, `File()`, `UploadFile` parameters), read from an urlencoded or multipart body:
   * an object of schemas (each at `["body", name]`), or one object schema for the whole form (a form model).
   * Not with `body`. @default none (not read)
   */
  form?: FormFields;
  /** FastAPI's `response_model`: the returned value is validated and serialized by it (extra keys dropped). @default none */
  response?: z.ZodType;
  /**
   * FastAPI's `response_model_include`: only these fields (`["name"]`, or `{ baz: true, ref: ["foo"] }` to reach
   * inside). @default every field
   */
  responseInclude?: FieldSelection;
  /** FastAPI's `response_model_exclude`: these fields left out (`["tax"]`, or `{ ref: ["bar"] }`). @default none */
  responseExclude?: FieldSelection;
  /** FastAPI's `response_model_exclude_unset`: leave out fields the returned value did not set (at every level). @default false */
  responseExcludeUnset?: boolean;
  /** FastAPI's `response_model_exclude_defaults`: leave out fields equal to their `.default(...)`. @default false */
  responseExcludeDefaults?: boolean;
  /** FastAPI's `response_model_exclude_none`: leave out fields whose value is null. @default false */
  responseExcludeNone?: boolean;
  /** Status of a successful response. @default 200 (the response class's own, e.g. 307 for RedirectResponse) */
  status?: number;
  /** The class the returned value is given to (FastAPI's `response_class`), e.g. HTMLResponse. @default JSONResponse */
  responseClass?: ResponseClass;
  /** OpenAPI tags, after the router's. @default [] */
  tags?: readonly string[];
  /** The operation's OpenAPI `summary`. @default the handler's name as words ("readItem" -> "Read Item") */
  summary?: string;
  /** The operation's OpenAPI `description` (Markdown). @default none */
  description?: string;
  /** The success response's OpenAPI `description`. @default "Successful Response" */
  responseDescription?: string;
  /** Marks the operation deprecated in the OpenAPI document. @default false */
  deprecated?: boolean;
  /** The operation's OpenAPI `operationId`. @default `${name}${path}_${method}` with non-word characters as "_", as FastAPI's generate_unique_id */
  operationId?: string;
  /** The route's name (urlPathFor, operationId). @default the handler function's name, else method and path */
  name?: string;
  /** Show the route in the OpenAPI document. @default true */
  includeInSchema?: boolean;
  /** More documented responses by status. @default {} */
  responses?: Record<number | string, ResponseSpec>;
}

/** What a handler receives: every declared group parsed, plus the body. */
export interface HandlerArgs<S extends RouteSpec> extends ParamsArgs<S> {
  body: FieldsOutput<S["body"]>;
  form: FieldsOutput<S["form"]>;
}

/** What a body or form spec gives the handler: one schema's output, or an object of each field's. */
export type FieldsOutput<B> = B extends z.ZodType
  ? z.output<B>
  : B extends Record<string, z.ZodType>
    ? { [K in keyof B]: z.output<B[K]> }
    : undefined;

/**
 * What a handler may return: the response schema's input (validated, then serialized), what the response class
 * takes (`string` for HTMLResponse), or any Response.
 */
export type HandlerResult<S extends RouteSpec> = S["response"] extends z.ZodType
  ? z.input<S["response"]> | Response
  : S["responseClass"] extends new (content: infer C, init?: ResponseInit) => Response
    ? C | Response
    : unknown;

export type Handler<S extends RouteSpec> = (args: HandlerArgs<S>) => HandlerResult<S> | Promise<HandlerResult<S>>;

/**
 * `new cls(content, init)` for a value the type system can no longer follow: the route is generic in its spec, so
 * the handler's value reaches here as `unknown`. It was checked against `cls`'s content parameter where the route
 * was declared (HandlerResult), and jsonableEncoder keeps strings as they are; a value the class cannot take still
 * fails loudly at run time (Response.render throws a TypeError naming its type, which is a 500).
 */
function construct(cls: ResponseClass, content: unknown, init: ResponseInit): Response {
  const widened = cls as unknown as new (content: unknown, init: ResponseInit) => Response;
  return new widened(content, init);
}

/** A response's init with the status only when one is set, so a class's own default (RedirectResponse's 307) stays. */
function statusInit(status: number | undefined, background: BackgroundTasks): ResponseInit {
  return status === undefined ? { background } : { status, background };
}

/** The status a response class answers with when given none (FastAPI reads the `status_code` default of its `__init__`). */
function defaultStatus(responseClass: ResponseClass | undefined): number {
  if (responseClass === undefined) return 200;
  return responseClass === RedirectResponse || responseClass.prototype instanceof RedirectResponse ? 307 : 200;
}

/** Every key a route's spec may have. */
const ROUTE_KEYS: ReadonlySet<string> = new Set([
  ...PARAMS_KEYS,
  "body",
  "form",
  "response",
  "responseInclude",
  "responseExclude",
  "responseExcludeUnset",
  "responseExcludeDefaults",
  "responseExcludeNone",
  "status",
  "responseClass",
  "tags",
  "summary",
  "description",
  "responseDescription",
  "deprecated",
  "operationId",
  "name",
  "includeInSchema",
  "responses",
]);

/**
 * A route's mistakes, thrown when it is added: an unknown key, a group that is not an object schema, a body that is
 * neither a schema nor an object of them, `body` with `form`, and path parameters without a schema (the path's and
 * the schemas' names must be the same, counting those its dependencies declare).
 */
function checkRouteSpec(spec: RouteSpec, where: string, pathParams: string[]): void {
  checkParamsSpec(spec, ROUTE_KEYS, where);
  if (spec.body !== undefined && spec.form !== undefined) throw new FastAPIError(`${where}: declare the body as "body" (JSON) or "form", not both`);
  for (const [key, value] of [["body", spec.body], ["form", spec.form]] as const) {
    if (value === undefined || isZodSchema(value)) continue;
    if (typeof value !== "object" || value === null) throw new FastAPIError(`${where}: "${key}" must be a zod schema or an object of them`);
    for (const [field, schema] of Object.entries(value)) {
      if (!isZodSchema(schema)) throw new FastAPIError(`${where}: ${key}.${field} must be a zod schema`);
    }
  }
  const declared = declaredPathParams(spec);
  for (const param of pathParams) {
    if (!declared.has(param)) {
      throw new FastAPIError(`${where}: path parameter "${param}" has no schema: declare it in \`path\` (path: z.object({ ${param}: z.string() }))`);
    }
  }
  for (const param of declared) {
    if (!pathParams.includes(param)) throw new FastAPIError(`${where}: \`path\` declares "${param}", which the path does not have`);
  }
}

/** The route's own body field names (its dependencies' form fields are theirs); null for one whole-body schema. */
function ownBodyFields(spec: RouteSpec): ReadonlySet<string> | null {
  if (spec.form !== undefined) return new Set(formFieldsOf(spec.form).map(([name]) => name));
  if (spec.body === undefined) return new Set();
  return isZodSchema(spec.body) ? null : new Set(Object.keys(spec.body));
}

/**
 * Where the route's parameters and body hold floats (its dependencies' too). Without a response schema a handler
 * mostly returns what it was given, which FastAPI has as Python floats: `{"price": 3.0}`, `{"size": 5.0}`.
 */
function routeFloatKeys(spec: RouteSpec): ReadonlySet<string> {
  const keys = new Set<string>();
  for (const each of flatSpecs(spec)) {
    for (const group of [each.path, each.query, each.headers, each.cookies]) floatKeysOf(group, keys);
  }
  const body = spec.body as unknown;
  if (isZodSchema(body)) floatKeysOf(body, keys);
  const fields = body === undefined || isZodSchema(body) ? [] : Object.entries(body as Record<string, z.core.$ZodType>);
  if (spec.form !== undefined) fields.push(...formFieldsOf(spec.form));
  for (const [key, field] of fields) {
    const inner = unwrap(field);
    if (defOf(inner).type === "number" && !isIntSchema(inner)) keys.add(key);
    floatKeysOf(field, keys);
  }
  return keys;
}

function responseFilterOf(spec: RouteSpec): ResponseFilter | undefined {
  const { responseInclude, responseExclude, responseExcludeUnset, responseExcludeDefaults, responseExcludeNone } = spec;
  if (
    responseInclude === undefined &&
    responseExclude === undefined &&
    !responseExcludeUnset &&
    !responseExcludeDefaults &&
    !responseExcludeNone
  ) {
    return undefined;
  }
  return {
    include: responseInclude === undefined ? undefined : toSelection(responseInclude),
    exclude: responseExclude === undefined ? undefined : toSelection(responseExclude),
    excludeUnset: responseExcludeUnset ?? false,
    excludeDefaults: responseExcludeDefaults ?? false,
    excludeNone: responseExcludeNone ?? false,
  };
}

/** FastAPI's `is_body_allowed_for_status_code`. */
export function isBodyAllowedForStatusCode(status: number): boolean {
  return !(status < 200 || status === 204 || status === 205 || status === 304);
}

const EMPTY = new Uint8Array(0);
const NO_SCOPES = new SecurityScopes();

/**
 * FastAPI's `response: Response` parameter: status 0 ("not set") and no headers. Built with status 0 so that
 * init_headers adds no `content-length` that would have to be taken off again.
 */
function parameterResponse(): Response {
  return new Response(null, { status: 0 });
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    ((typeof value === "object" && value !== null) || typeof value === "function") &&
    typeof (value as { then?: unknown }).then === "function"
  );
}

/** True when a spec reads nothing off the request: no body, no parameter group, no dependency. */
function declaresNothing(spec: RouteSpec): boolean {
  return (
    spec.body === undefined &&
    spec.form === undefined &&
    spec.path === undefined &&
    spec.query === undefined &&
    spec.headers === undefined &&
    spec.cookies === undefined &&
    spec.deps === undefined &&
    spec.dependencies === undefined
  );
}

/** `readItem` -> `read_item`, `getHTTPStatus` -> `get_http_status`; snake_case names are kept. */
export function snakeCase(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, "$1_$2").replace(/([A-Z]+)([A-Z][a-z])/g, "$1_$2").toLowerCase();
}

function words(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replaceAll("_", " ")
    .replace(/\b[a-z]/g, (letter) => letter.toUpperCase());
}

/** A route whose handler gets validated arguments and whose return value is validated and serialized. */
export class APIRoute<S extends RouteSpec = RouteSpec> extends Route {
  readonly spec: S;
  readonly handler: Handler<S>;
  readonly operationId: string;
  readonly summary: string;
  /** The status the OpenAPI document shows: the route's, else the response class's own default. */
  readonly statusCode: number;
  /** The route's `status` when one is set: only then is it given to the response class (FastAPI's `status_code`). */
  readonly explicitStatus: number | undefined;
  readonly tags: string[];
  /** How the body is read and validated; undefined when the route reads none. */
  readonly bodyPlan: BodyPlan | undefined;
  /** The names of the route's own body fields (null: one not-embedded body). */
  private readonly ownBodyFields: ReadonlySet<string> | null;
  /** The spec without body and form: what solveDependencies reads for the route itself. */
  private readonly paramsSpec: RouteSpec;
  /** The response_model_* options, or undefined when none is set (the value is then serialized as validated). */
  readonly responseFilter: ResponseFilter | undefined;
  /** Keys at which the route's inputs hold floats: without a response schema, numbers there are written as floats. */
  readonly floatKeys: ReadonlySet<string>;

  constructor(path: string, spec: S, handler: Handler<S>, methods: readonly string[]) {
    // An inline arrow function has no name: then "get_items_item_id" for GET /items/{item_id}.
    const fallback = `${methods.join("_")}_${path}`.toLowerCase().replace(/[\W_]+/g, "_").replace(/^_+|_+$/g, "");
    const name = spec.name ?? (handler.name || fallback);
    let self: APIRoute<S> | undefined;
    const endpoint = (request: Request): Promise<Response> | Response => {
      const route = self as APIRoute<S>;
      // A subclass's own run() is called as it is; APIRoute's may answer without an async function of its own.
      if (route.run !== APIRoute.prototype.run) return route.run(request);
      try {
        return route.answer(request);
      } catch (error: unknown) {
        return Promise.reject(error);
      }
    };
    super(path, endpoint, { methods, name, includeInSchema: spec.includeInSchema ?? true });
    self = this;
    checkRouteSpec(spec, `${methods.join(",")} ${path}`, [...this.paramConvertors.keys()]);
    // FastAPI's routes answer exactly their methods: GET does not bring HEAD along as in Starlette.
    if (!methods.includes("HEAD")) this.methods?.delete("HEAD");
    this.spec = spec;
    this.handler = handler;
    const dependencyForm = flatSpecs(spec)
      .slice(1)
      .flatMap((each) => (each.form === undefined ? [] : formFieldsOf(each.form)));
    this.bodyPlan = bodyPlan(spec.body, spec.form, dependencyForm);
    this.ownBodyFields = ownBodyFields(spec);
    // The route's own body and form are validated here, not with the dependencies' form fields.
    const { body: _body, form: _form, ...paramsSpec } = spec as RouteSpec;
    this.paramsSpec = paramsSpec;
    this.responseFilter = responseFilterOf(spec);
    this.floatKeys = routeFloatKeys(spec);
    this.explicitStatus = spec.status;
    this.statusCode = spec.status ?? defaultStatus(spec.responseClass);
    this.tags = [...(spec.tags ?? [])];
    this.summary = spec.summary ?? words(name);
    const method = methods[0]?.toLowerCase() ?? "";
    // A camelCase handler name gives the operationId its snake_case would in FastAPI: readItem -> read_item_...
    this.operationId = spec.operationId ?? `${snakeCase(name)}${this.pathFormat}`.replace(/\W/g, "_") + `_${method}`;
  }

  /** FastAPI's request_response: the dependency exit stack closes after the response is sent. */
  static override requestResponse(endpoint: (request: Request) => Promise<Response> | Response): ASGIApp {
    // FastAPI's inner app and Starlette's wrap_app_handling_exceptions in one function: a layer of promises less.
    return async (scope, receive, send) => {
      const request = new Request(scope as HTTPScope, receive, send);
      const handlers = handlersOf(scope);
      const tracker = ResponseStartTracker.of(send);
      try {
        const stack = new ExitStack();
        scope["fastapi_astack"] = stack;
        try {
          const response = await endpoint(request);
          await response.asgi(scope, receive, tracker.send);
        } catch (error: unknown) {
          await stack.close({ error });
        }
        await stack.close(null);
      } catch (exc: unknown) {
        await handleException(exc, handlers, request, tracker, scope, receive, send);
      }
    };
  }

  /**
   * FastAPI's get_request_handler: read the body, solve dependencies, call, serialize. Kept in one piece, as
   * FastAPI's is, because each step feeds the next and the order (errors of every group together, then one call) is the point.
   */
  async run(request: Request): Promise<Response> {
    return this.answer(request);
  }

  /**
   * `run` without a promise of its own where none is needed: a route that declares nothing skips the solving
   * (whose answer it knows) and only waits when the handler returns a promise (or any thenable, as `await`).
   */
  private answer(request: Request): Promise<Response> | Response {
    if (!declaresNothing(this.spec)) return this.runSolved(request);
    const response = parameterResponse();
    const background = new BackgroundTasks();
    // What solveDependencies gives a spec that declares nothing, in its key order, with the body after.
    const args = {
      path: {},
      query: {},
      headers: {},
      cookies: {},
      deps: {},
      request,
      response,
      background,
      form: undefined,
      securityScopes: NO_SCOPES,
      body: undefined,
    };
    const raw: unknown = this.handler(args as unknown as HandlerArgs<S>);
    if (isThenable(raw)) return Promise.resolve(raw).then((value) => this.finish(value, response, background));
    return this.finish(raw, response, background);
  }

  /** `run` for a route that reads the request: the body, then every dependency and parameter group. */
  private async runSolved(request: Request): Promise<Response> {
    const plan = this.bodyPlan;
    const response = parameterResponse();
    const ctx: SolveContext = {
      request,
      response,
      background: new BackgroundTasks(),
      cache: new Map(),
      received: undefined,
      stack: request.scope["fastapi_astack"] as ExitStack,
      // FastAPI's dependency_overrides_provider: the application serving the request.
      overrides: (request.scope["app"] as { dependencyOverrides?: DependencyOverrides } | undefined)?.dependencyOverrides ?? new Map(),
    };
    // As FastAPI, the body is read first; its errors come after those of the parameters and dependencies.
    if (plan !== undefined) ctx.received = await readBody(request, plan, ctx.stack);
    const [args, errors] = await solveDependencies(ctx, this.paramsSpec);
    let bodyValue: unknown;
    if (plan !== undefined) {
      const [value, bodyErrors] = validateBody(plan, this.ownBodyFields, ctx.received);
      bodyValue = value;
      errors.push(...bodyErrors);
    }
    if (errors.length > 0) throw new RequestValidationError(errors, ctx.received);

    // Added in place rather than spread into a copy: see solveDependencies.
    (args as { body?: unknown }).body = plan?.kind === "json" ? bodyValue : undefined;
    (args as { form?: unknown }).form = plan?.kind === "form" && this.spec.form !== undefined ? bodyValue : undefined;
    const raw = await this.handler(args as HandlerArgs<S>);
    return this.finish(raw, response, ctx.background);
  }

  /** The handler's value as the response: a Response as it is, anything else serialized, then `response`'s edits. */
  private finish(raw: unknown, response: Response, background: BackgroundTasks): Response {
    if (raw instanceof Response) {
      raw.background ??= background;
      return raw;
    }
    // FastAPI passes a status to the response class only when one is set, so RedirectResponse keeps its 307.
    const status = response.statusCode || this.explicitStatus;
    const out = this.serializeResponse(raw, status, background);
    if (!isBodyAllowedForStatusCode(out.statusCode)) out.body = EMPTY;
    for (const header of response.rawHeaders) out.rawHeaders.push(header);
    return out;
  }

  /**
   * FastAPI's serialize_response: with a response schema, validate (dropping extra keys) and write pydantic's
   * JSON; without one, jsonable_encoder and a JSONResponse.
   */
  private serializeResponse(returned: unknown, status: number | undefined, background: BackgroundTasks): Response {
    // A handler that returns nothing answers `null`, as a Python function returning None.
    const raw = returned === undefined ? null : returned;
    const { response: schema, responseClass } = this.spec;
    if (schema === undefined) {
      // Python knows which numbers are floats (what the route parsed as floats, a timedelta's seconds): written so.
      const plain = responseClass === undefined && isPlainJSON(raw, 0);
      // Plain JSON data at a route without float inputs has nothing to write differently: no second walk.
      if (responseClass === undefined && (this.floatKeys.size > 0 || !plain) && needsPythonJSON(raw, this.floatKeys)) {
        return new Response(pythonJSONText(raw, this.floatKeys), { status: status ?? 200, background, mediaType: "application/json" });
      }
      // As FastAPI, jsonable_encoder runs before any response class (a string goes through unchanged). For the
      // JSONResponse, which only reads the value, plain JSON data is what jsonable_encoder would copy it into.
      const content = plain ? raw : jsonableEncoder(raw);
      if (responseClass !== undefined) return construct(responseClass, content, statusInit(status, background));
      return new JSONResponse(content, statusInit(status, background));
    }
    const input = responseInput(raw);
    const result = validate(schema, input, { loc: ["response"], separateFields: false });
    if (!result.ok) throw new ResponseValidationError(result.errors, raw);
    if (this.responseFilter !== undefined) result.value = filterResponse(schema, input, result.value, this.responseFilter);
    if (responseClass !== undefined) return construct(responseClass, jsonableEncoder(result.value), statusInit(status, background));
    // The validated value itself: pydantic's JSON of datetimes, durations and decimals differs from jsonable_encoder's.
    const json = serializeJSON(schema, result.value);
    return new Response(json, { status: status ?? 200, background, mediaType: "application/json" });
  }
}

/** What a websocket route declares: the parameter groups and dependencies, and its name. */
export interface WebSocketRouteSpec extends ParamsSpec {
  /** The route's name (urlPathFor). @default the handler function's name, else "websocket" and the path */
  name?: string;
}

/**
 * What a websocket handler receives: the WebSocket and every declared group parsed. Its dependencies get the
 * WebSocket as `request` (FastAPI passes the connection, a Request or a WebSocket, to a `Request` parameter).
 */
export interface WebSocketHandlerArgs<S extends ParamsSpec> extends Omit<ParamsArgs<S>, "request" | "response" | "background"> {
  websocket: WebSocket;
}

export type WebSocketHandler<S extends ParamsSpec> = (args: WebSocketHandlerArgs<S>) => Promise<void>;

/**
 * FastAPI's APIWebSocketRoute: dependencies and path, query, header and cookie parameters solved before the
 * handler runs; invalid ones throw WebSocketRequestValidationError (the App closes with 1008).
 */
export class APIWebSocketRoute<S extends WebSocketRouteSpec = WebSocketRouteSpec> extends WebSocketRoute {
  readonly spec: S;
  readonly handler: WebSocketHandler<S>;

  constructor(path: string, spec: S, handler: WebSocketHandler<S>) {
    const fallback = `websocket_${path}`.toLowerCase().replace(/[\W_]+/g, "_").replace(/^_+|_+$/g, "");
    let self: APIWebSocketRoute<S> | undefined;
    const endpoint = (websocket: WebSocket): Promise<void> => (self as APIWebSocketRoute<S>).run(websocket);
    super(path, endpoint, { name: spec.name ?? (handler.name || fallback) });
    self = this;
    this.spec = spec;
    this.handler = handler;
  }

  /** FastAPI's websocket_session: the dependency exit stack closes once the handler is done. */
  static override websocketSession(endpoint: WebSocketEndpointFunction): ASGIApp {
    return async (scope, receive, send) => {
      const session = new WebSocket(scope, receive, send);
      const handlers = handlersOf(scope);
      const tracker = ResponseStartTracker.of(send);
      try {
        const stack = new ExitStack();
        scope["fastapi_astack"] = stack;
        try {
          await endpoint(session);
        } catch (error: unknown) {
          await stack.close({ error });
        }
        await stack.close(null);
      } catch (exc: unknown) {
        await handleException(exc, handlers, session, tracker, scope, receive, send);
      }
    };
  }

  /** FastAPI's get_websocket_app: solve the dependencies against the connection, then call the handler. */
  async run(websocket: WebSocket): Promise<void> {
    const ctx: SolveContext = {
      // The connection stands for the request, as in FastAPI: every parameter group is read off HTTPConnection.
      request: websocket as unknown as Request,
      response: parameterResponse(),
      background: new BackgroundTasks(),
      cache: new Map(),
      // A websocket has no body: dependencies that declare form fields see none.
      received: undefined,
      stack: websocket.scope["fastapi_astack"] as ExitStack,
      overrides: (websocket.scope["app"] as { dependencyOverrides?: DependencyOverrides } | undefined)?.dependencyOverrides ?? new Map(),
    };
    const [args, errors] = await solveDependencies(ctx, this.spec);
    if (errors.length > 0) throw new WebSocketRequestValidationError(errors);
    const { path, query, headers, cookies, deps } = args;
    await this.handler({ path, query, headers, cookies, deps, websocket } as WebSocketHandlerArgs<S>);
  }
}

export interface APIRouterOptions extends Omit<RouterOptions, "routes"> {
  /**
   * Path prefix of every route added here; starts with "/", does not end with "/".
   * @default ""
   */
  prefix?: string;
  /** Tags put before each route's own. @default [] */
  tags?: readonly string[];
  /** Dependencies run for every route of the router (FastAPI's `dependencies=[...]`). @default [] */
  dependencies?: readonly Dependency<unknown>[];
  /** Extra documented responses of every route. @default {} */
  responses?: Record<number | string, ResponseSpec>;
  /** Mark every route deprecated. @default false */
  deprecated?: boolean;
  /** Show the routes in the OpenAPI document. @default true */
  includeInSchema?: boolean;
  /** Routes (Starlette routes, Mounts or APIRoutes) to start with. @default [] */
  routes?: readonly BaseRoute[] | null;
}

/** Options of `includeRouter`: added on top of the included router's own. */
export type IncludeRouterOptions = Pick<APIRouterOptions, "prefix" | "tags" | "dependencies" | "responses" | "deprecated" | "includeInSchema">;

function checkPrefix(prefix: string): void {
  if (prefix && !prefix.startsWith("/")) throw new Error("A path prefix must start with '/'");
  if (prefix.endsWith("/")) throw new Error("A path prefix must not end with '/', as the routes will start with '/'");
}

/** A route spec with the router-level tags, dependencies, responses and flags in front of its own. */
function mergeSpec<S extends RouteSpec>(spec: S, options: IncludeRouterOptions): S {
  const merged: RouteSpec = { ...spec };
  if (options.tags?.length) merged.tags = [...options.tags, ...(spec.tags ?? [])];
  if (options.dependencies?.length) merged.dependencies = [...options.dependencies, ...(spec.dependencies ?? [])];
  if (options.responses) merged.responses = { ...options.responses, ...spec.responses };
  if (options.deprecated) merged.deprecated = true;
  if (options.includeInSchema === false) merged.includeInSchema = false;
  return merged as S;
}

type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE" | "OPTIONS" | "HEAD" | "TRACE";

/** FastAPI's APIWebSocketRoute takes only the router's dependencies, put before its own. */
function withDependencies<S extends ParamsSpec>(spec: S, dependencies: readonly Dependency<unknown>[] | undefined): S {
  if (!dependencies?.length) return spec;
  return { ...spec, dependencies: [...dependencies, ...(spec.dependencies ?? [])] };
}

/** `router.websocket(path, spec, handler)`, or `router.websocket(path, handler)` for one that declares nothing. */
export interface AddWebSocketRoute {
  <const S extends WebSocketRouteSpec>(path: string, spec: S, handler: WebSocketHandler<S>): APIWebSocketRoute<S>;
  (path: string, handler: WebSocketHandler<NoSpec>): APIWebSocketRoute<NoSpec>;
}

/** A route that declares nothing: its handler gets the request, response and background tasks only. */
export type NoSpec = Record<never, never>;

type AnyHandler = (args: never) => unknown;

/** `router.get(path, spec, handler)`, or `router.get(path, handler)` for a route that declares nothing. */
export interface AddRoute {
  <const S extends RouteSpec>(path: string, spec: S, handler: Handler<S>): APIRoute<S>;
  (path: string, handler: Handler<NoSpec>): APIRoute<NoSpec>;
}

/** FastAPI's APIRouter: `router.get(path, spec, handler)` and friends, then `app.includeRouter(router)`. */
export class APIRouter extends Router {
  readonly prefix: string;
  /** The tags, dependencies, responses and flags every route added here gets. */
  readonly defaults: IncludeRouterOptions;

  constructor(options: APIRouterOptions = {}) {
    super(options);
    this.prefix = options.prefix ?? "";
    checkPrefix(this.prefix);
    this.defaults = options;
  }

  addApiRoute<const S extends RouteSpec>(path: string, spec: S, handler: Handler<S>, methods: readonly Method[]): APIRoute<S> {
    const route = new APIRoute(this.prefix + path, mergeSpec(spec, this.defaults), handler, methods);
    this.routes.push(route as unknown as APIRoute);
    return route;
  }

  readonly get: AddRoute = this.method("GET");
  readonly post: AddRoute = this.method("POST");
  readonly put: AddRoute = this.method("PUT");
  readonly patch: AddRoute = this.method("PATCH");
  readonly delete: AddRoute = this.method("DELETE");
  readonly options: AddRoute = this.method("OPTIONS");
  readonly head: AddRoute = this.method("HEAD");

  /** FastAPI's `add_api_websocket_route`: the router's prefix and dependencies first. */
  addApiWebsocketRoute<const S extends WebSocketRouteSpec>(path: string, spec: S, handler: WebSocketHandler<S>): APIWebSocketRoute<S> {
    const route = new APIWebSocketRoute(this.prefix + path, withDependencies(spec, this.defaults.dependencies), handler);
    this.routes.push(route as unknown as APIWebSocketRoute);
    return route;
  }

  /** `router.websocket(path, spec, handler)`: FastAPI's `@router.websocket(path)`. */
  readonly websocket: AddWebSocketRoute = ((path: string, specOrHandler: WebSocketRouteSpec | AnyHandler, handler?: AnyHandler) => {
    const [spec, fn] = typeof specOrHandler === "function" ? [{}, specOrHandler] : [specOrHandler, handler];
    if (fn === undefined) throw new TypeError(`WEBSOCKET ${path}: a handler is required`);
    return this.addApiWebsocketRoute(path, spec, fn as WebSocketHandler<WebSocketRouteSpec>);
  }) as AddWebSocketRoute;

  /** FastAPI's `websocket_route`: a plain Starlette WebSocketRoute under the prefix (no parameters, no dependencies). */
  websocketRoute(path: string, endpoint: WebSocketEndpointLike, name: string | null = null): void {
    this.addWebsocketRoute(this.prefix + path, endpoint, name);
  }

  private method(method: Method): AddRoute {
    const add = (path: string, specOrHandler: RouteSpec | AnyHandler, handler?: AnyHandler): APIRoute<RouteSpec> => {
      const [spec, fn] = typeof specOrHandler === "function" ? [{}, specOrHandler] : [specOrHandler, handler];
      if (fn === undefined) throw new TypeError(`${method} ${path}: a handler is required`);
      return this.addApiRoute(path, spec, fn as Handler<RouteSpec>, [method]);
    };
    return add as AddRoute;
  }

  /** Copies the other router's routes in, under `prefix`, with the given tags, dependencies and responses first. */
  includeRouter(router: APIRouter, options: IncludeRouterOptions = {}): void {
    const prefix = options.prefix ?? "";
    checkPrefix(prefix);
    const fullPrefix = this.prefix + prefix;
    for (const route of router.routes) {
      if (route instanceof APIRoute) {
        const spec = mergeSpec(mergeSpec(route.spec, options), this.defaults);
        this.routes.push(new APIRoute(fullPrefix + route.path, spec, route.handler, [...(route.methods ?? [])]) as APIRoute);
      } else if (route instanceof APIWebSocketRoute) {
        const spec = withDependencies(withDependencies(route.spec, options.dependencies), this.defaults.dependencies);
        this.routes.push(new APIWebSocketRoute(fullPrefix + route.path, spec, route.handler) as APIWebSocketRoute);
      } else if (route instanceof WebSocketRoute) {
        this.routes.push(new WebSocketRoute(fullPrefix + route.path, route.endpoint, { name: route.name }));
      } else if (route instanceof Mount) {
        this.routes.push(new Mount(fullPrefix + route.path, { app: route.app, name: route.name }));
      } else if (route instanceof Route) {
        const endpoint = route.endpoint;
        const methods = route.methods === null ? null : [...route.methods];
        this.routes.push(new Route(fullPrefix + route.path, endpoint, { methods, name: route.name, includeInSchema: route.includeInSchema }));
      } else {
        this.routes.push(route);
      }
    }
  }
}
