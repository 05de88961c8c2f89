/** @module Mirrors fastapi/routing.py: APIRoute (validated, serialized handlers), APIWebSocketRoute and APIRouter (prefix, tags, include). */
import {
  BackgroundTasks,
  JSONResponse,
  RedirectResponse,
  Request,
  Response,
  StreamingResponse,
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
  type Lifespan,
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
  checkDependencyScopes,
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
import { toAliases } from "./fields.js";
import { FastAPIError, RequestValidationError, ResponseValidationError, WebSocketRequestValidationError } from "./exceptions.js";
import { dumps } from "./jsonencoder.js";
import { EventSourceResponse, formatSseEvent, ServerSentEvent, withKeepalive } from "./sse.js";
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
 * A route's extra documented responses by status (FastAPI's `responses={...}`). A JS object lists integer-like keys
 * first, in ascending order, whatever order they were written in; a Map (or an array of pairs) keeps its order, as a
 * Python dict does, and the OpenAPI document lists the responses in that order.
 */
export type Responses =
  | Readonly<Record<number | string, ResponseSpec>>
  | ReadonlyMap<number | string, ResponseSpec>
  | readonly (readonly [number | string, ResponseSpec])[];

/** The entries of a `responses` option, in their order. */
export function responseEntries(responses: Responses | undefined): [string, ResponseSpec][] {
  if (responses === undefined) return [];
  const entries = responses instanceof Map || Array.isArray(responses) ? [...(responses as Iterable<[number | string, ResponseSpec]>)] : Object.entries(responses);
  return entries.map(([code, spec]) => [String(code), spec]);
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
   * FastAPI's `Body(media_type=...)`: the JSON body's media type in the OpenAPI document (the body is read as
   * JSON whatever it says, `application/*+json` included). @default "application/json"
   */
  bodyMediaType?: string;
  /**
   * Form fields (FastAPI's `Form()`, `File()`, `UploadFile` parameters), read from an urlencoded or multipart body:
   * an object of schemas (each at `["body", name]`), or one object schema for the whole form (a form model).
   * Not with `body`. @default none (not read)
   */
  form?: FormFields;
  /**
   * FastAPI's `response_model`: the returned value is validated and serialized by it (extra keys dropped); `null`
   * (FastAPI's `response_model=None`) says there is none. @default none
   */
  response?: z.ZodType | null;
  /**
   * The schema of each item a generator handler yields (FastAPI's `-> AsyncIterable[Item]`): items are validated
   * and written as pydantic does (JSON lines, or the `data:` of server-sent events), and the OpenAPI document
   * shows it as the stream's `itemSchema`. Without it items go through jsonable_encoder and Python's json.dumps.
   * @default none
   */
  streamItem?: z.ZodType;
  /**
   * FastAPI's `strict_content_type`: a JSON body without a `content-type` header is not read as JSON (and fails
   * validation). `false` reads it as JSON. @default the router's, else the app's, else true
   */
  strictContentType?: boolean;
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
  /**
   * FastAPI's `response_model_by_alias`: write each field of the response schema under its alias
   * (`.meta({ alias })` or `.meta({ serializationAlias })`); false writes the fields' own keys. @default true
   */
  responseByAlias?: boolean;
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
  /** More documented responses by status (a Map keeps their order: see Responses). @default {} */
  responses?: Responses;
  /**
   * FastAPI's `openapi_extra`: merged last into the operation (objects key by key, lists joined), e.g. an
   * `x-` extension or a `requestBody` the handler reads by hand. @default none
   */
  openapiExtra?: Record<string, unknown>;
  /**
   * FastAPI's `callbacks`: the routes (`callbackRouter.routes`) documented under the operation's `callbacks`, by
   * their names; they are never served. @default none
   */
  callbacks?: readonly BaseRoute[];
  /**
   * FastAPI's `generate_unique_id_function`: the operationId of a route without `operationId`. @default the
   * router's, else the App's, else generateUniqueId
   */
  generateUniqueIdFunction?: (route: APIRoute) => string;
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
export type HandlerResult<S extends RouteSpec> = S["streamItem"] extends z.ZodType
  ? StreamOf<z.input<S["streamItem"]> | ServerSentEvent> | Response
  : S["response"] extends z.ZodType
  ? z.input<S["response"]> | Response
  : S["responseClass"] extends new (content: infer C, init?: ResponseInit) => Response
    ? C | Response
    : unknown;

/** What a generator handler gives: its items, one by one (FastAPI's `yield` path operations). */
export type StreamOf<T> = AsyncIterable<T> | Iterable<T>;

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

/** A zod schema whose array items are zod schemas too (zod takes `z.array(SomeClass)` and fails only when used). */
function isWholeZodSchema(value: unknown): boolean {
  if (!isZodSchema(value)) return false;
  const def = defOf(value) as { type: string; element?: unknown };
  return def.type !== "array" || isWholeZodSchema(def.element);
}

function describeValue(value: unknown): string {
  if (isZodSchema(value)) return "an array of something that";
  return typeof value === "function" ? `the class or function ${value.name}` : typeof value;
}

/** A rendered response's body replaced, its content-length with it. */
function replaceBody(response: Response, text: string): void {
  response.body = new TextEncoder().encode(text);
  const index = response.rawHeaders.findIndex(([name]) => name === "content-length");
  if (index >= 0) response.rawHeaders[index] = ["content-length", String(response.body.length)];
}

/** Every key a route's spec may have. */
const ROUTE_KEYS: ReadonlySet<string> = new Set([
  ...PARAMS_KEYS,
  "body",
  "bodyMediaType",
  "form",
  "response",
  "streamItem",
  "strictContentType",
  "responseInclude",
  "responseExclude",
  "responseExcludeUnset",
  "responseExcludeDefaults",
  "responseExcludeNone",
  "responseByAlias",
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
  "openapiExtra",
  "callbacks",
  "generateUniqueIdFunction",
]);

/**
 * A route's mistakes, thrown when it is added: an unknown key, a group that is not an object schema, a body that is
 * neither a schema nor an object of them, `body` with `form`, and path parameters without a schema (the path's and
 * the schemas' names must be the same, counting those its dependencies declare).
 */
function checkRouteSpec(spec: RouteSpec, where: string, pathParams: string[]): void {
  checkParamsSpec(spec, ROUTE_KEYS, where);
  checkDependencyScopes(spec);
  if (spec.body !== undefined && spec.form !== undefined) throw new FastAPIError(`${where}: declare the body as "body" (JSON) or "form", not both`);
  for (const [key, value] of [["body", spec.body], ["form", spec.form]] as const) {
    if (value === undefined || isZodSchema(value)) continue;
    if (typeof value !== "object" || value === null) throw new FastAPIError(`${where}: "${key}" must be a zod schema or an object of them`);
    for (const [field, schema] of Object.entries(value)) {
      if (!isZodSchema(schema)) throw new FastAPIError(`${where}: ${key}.${field} must be a zod schema`);
    }
  }
  // FastAPI's "Invalid args for response field!": a response model must be a type pydantic can validate.
  for (const [code, extra] of responseEntries(spec.responses)) {
    if (extra.model !== undefined && !isWholeZodSchema(extra.model)) {
      throw new FastAPIError(`${where}: responses[${code}].model: ${describeValue(extra.model)} is not a zod schema (FastAPI: not a valid Pydantic field type)`);
    }
  }
  if (spec.response !== undefined && spec.response !== null && !isWholeZodSchema(spec.response)) {
    throw new FastAPIError(
      `${where}: invalid "response": ${describeValue(spec.response)} is not a zod schema (FastAPI: not a valid Pydantic field type); ` +
        "to return Response objects without a response model, leave it out or pass response: null (FastAPI's parameter response_model=None)",
    );
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

/**
 * FastAPI's `generate_unique_id`: the route's name, path and first method with non-word characters as "_"
 * (`read_items_items__get`); a camelCase name counts as its snake_case (`readItems` -> `read_items_items__get`).
 */
export function generateUniqueId(route: APIRoute): string {
  const method = [...(route.methods ?? [])][0]?.toLowerCase() ?? "";
  return `${snakeCase(route.name)}${route.pathFormat}`.replace(/\W/g, "_") + `_${method}`;
}

function words(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replaceAll("_", " ")
    .replace(/\b[a-z]/g, (letter) => letter.toUpperCase());
}

const GENERATOR_FUNCTIONS: ReadonlySet<string> = new Set(["GeneratorFunction", "AsyncGeneratorFunction"]);

/** FastAPI's `_is_gen_callable` or `_is_async_gen_callable`: `function*` and `async function*`. */
function isGeneratorFunction(fn: unknown): boolean {
  return typeof fn === "function" && GENERATOR_FUNCTIONS.has((Object.getPrototypeOf(fn) as { constructor?: { name?: string } }).constructor?.name ?? "");
}

/** A generator object: what a handler that is (or wraps) a generator function returns. */
function isGeneratorObject(value: unknown): value is AsyncIterable<unknown> | Iterable<unknown> {
  // A property read first: the common answer (a plain object, an array) is found without building a tag string.
  if (typeof value !== "object" || value === null || typeof (value as { next?: unknown }).next !== "function") return false;
  const tag = Object.prototype.toString.call(value);
  return tag === "[object AsyncGenerator]" || tag === "[object Generator]";
}

async function* mapStream<T>(items: AsyncIterable<unknown> | Iterable<unknown>, encode: (item: unknown) => T): AsyncGenerator<T, void, undefined> {
  for await (const item of items) yield encode(item);
}

function isStream(value: unknown): value is AsyncIterable<unknown> | Iterable<unknown> {
  if (typeof value !== "object" || value === null) return false;
  return Symbol.asyncIterator in value || Symbol.iterator in value;
}

/**
 * A ServerSentEvent's `data`: an object as pydantic's `model_dump_json` writes a model (compact, UTF-8), since a
 * JS object is what a model is ported to (FastAPI writes a dict with json.dumps' spaces: the one difference);
 * arrays, strings and numbers as `json.dumps` (spaced, ASCII), as FastAPI writes a list or a str.
 */
function eventData(data: unknown): string {
  const encoded = jsonableEncoder(data);
  return typeof encoded === "object" && encoded !== null && !Array.isArray(encoded) ? serializeJSON(undefined, encoded) : dumps(encoded);
}

/** How a generator handler's items are sent: server-sent events, JSON lines, or given to the response class. */
export type StreamKind = "sse" | "jsonl" | "raw";

function streamKindOf(responseClass: ResponseClass | undefined): StreamKind {
  if (responseClass === undefined) return "jsonl";
  return responseClass === EventSourceResponse || responseClass.prototype instanceof EventSourceResponse ? "sse" : "raw";
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
  /** The operation's description: the spec's, cut at its first form feed ("\f") and trimmed, as FastAPI's. */
  readonly description: string;
  /** How the body is read and validated; undefined when the route reads none. */
  readonly bodyPlan: BodyPlan | undefined;
  /** The names of the route's own body fields (null: one not-embedded body). */
  private readonly ownBodyFields: ReadonlySet<string> | null;
  /** The spec without body and form: what solveDependencies reads for the route itself. */
  private readonly paramsSpec: RouteSpec;
  /** The response_model_* options, or undefined when none is set (the value is then serialized as validated). */
  readonly responseFilter: ResponseFilter | undefined;
  /**
   * How the items of a generator handler (`function*`, `async function*`, or any handler with `streamItem`) are
   * streamed; undefined for any other handler (FastAPI's `is_sse_stream`/`is_json_stream`).
   */
  readonly streamKind: StreamKind | undefined;
  /** Keys at which the route's inputs hold floats: without a response schema, numbers there are written as floats. */
  readonly floatKeys: ReadonlySet<string>;
  /** Whether the spec reads anything off the request (else `answer` skips the solving). */
  readonly #solves: boolean;

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
    const plan = bodyPlan(spec.body, spec.form, dependencyForm);
    this.bodyPlan = plan === undefined || spec.strictContentType !== false ? plan : { ...plan, strictContentType: false };
    this.ownBodyFields = ownBodyFields(spec);
    // The route's own body and form are validated here, not with the dependencies' form fields.
    const { body: _body, form: _form, ...paramsSpec } = spec as RouteSpec;
    this.paramsSpec = paramsSpec;
    this.responseFilter = responseFilterOf(spec);
    const streams = isGeneratorFunction(handler) || spec.streamItem !== undefined;
    this.streamKind = streams ? streamKindOf(spec.responseClass) : undefined;
    this.floatKeys = routeFloatKeys(spec);
    this.#solves = !declaresNothing(spec);
    this.explicitStatus = spec.status;
    this.statusCode = spec.status ?? defaultStatus(spec.responseClass);
    this.tags = [...(spec.tags ?? [])];
    this.summary = spec.summary ?? words(name);
    this.description = (spec.description ?? "").split("\f")[0]?.trim() ?? "";
    // A camelCase handler name gives the operationId its snake_case would in FastAPI: readItem -> read_item_...
    this.operationId = spec.operationId ?? (spec.generateUniqueIdFunction ?? generateUniqueId)(this as unknown as APIRoute);
  }

  /** FastAPI's APIRoute takes any path: a callback's is an OpenAPI expression, a webhook's an event name. */
  protected override checkPath(): void {}

  /** FastAPI's request_response: the dependency exit stack closes after the response is sent. */
  static override requestResponse(endpoint: (request: Request) => Promise<Response> | Response): ASGIApp {
    // FastAPI's inner app and Starlette's wrap_app_handling_exceptions in one function: a layer of promises less.
    return async (scope, receive, send) => {
      const request = new Request(scope as HTTPScope, receive, send);
      const handlers = handlersOf(scope);
      const tracker = ResponseStartTracker.of(send);
      try {
        const stack = new ExitStack();
        const functionStack = new ExitStack();
        scope["fastapi_astack"] = stack;
        scope["fastapi_function_astack"] = functionStack;
        try {
          let response: Response;
          try {
            response = await endpoint(request);
          } catch (error: unknown) {
            // `scope: "function"` dependencies see the handler's error first, then the request's.
            await functionStack.close({ error });
            throw error;
          }
          if (!functionStack.empty) await functionStack.close(null);
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
    if (this.#solves) return this.runSolved(request);
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
      functionStack: request.scope["fastapi_function_astack"] as ExitStack | undefined,
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
    if (this.streamKind !== undefined || isGeneratorObject(raw)) {
      if (!(raw instanceof Response) && isStream(raw)) return this.stream(raw, response, background);
    }
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

  /** FastAPI's generator endpoints: each item as a server-sent event, a JSON line, or given to the response class. */
  private stream(items: AsyncIterable<unknown> | Iterable<unknown>, response: Response, background: BackgroundTasks): Response {
    const init = statusInit(response.statusCode || this.explicitStatus, background);
    const responseClass = this.spec.responseClass;
    let out: Response;
    switch (this.streamKind ?? streamKindOf(responseClass)) {
      case "sse": {
        const events = mapStream(items, (item) => this.sseEvent(item));
        out = new StreamingResponse(withKeepalive(events, () => EventSourceResponse.pingInterval), { ...init, mediaType: "text/event-stream" });
        // FastAPI's: no caching, and no buffering by nginx.
        out.rawHeaders.push(["cache-control", "no-cache"], ["x-accel-buffering", "no"]);
        break;
      }
      case "jsonl":
        out = new StreamingResponse(
          mapStream(items, (item) => `${this.streamData(item)}\n`),
          { ...init, mediaType: "application/jsonl" },
        );
        break;
      default:
        out = construct(responseClass as ResponseClass, items, init);
    }
    for (const header of response.rawHeaders) out.rawHeaders.push(header);
    return out;
  }

  /** FastAPI's `_serialize_data`: validated by `streamItem` and written as pydantic does, else json.dumps. */
  private streamData(item: unknown): string {
    const schema = this.spec.streamItem;
    if (schema === undefined) return dumps(jsonableEncoder(item));
    const input = responseInput(item);
    const result = validate(schema, input, { loc: ["response"], separateFields: false });
    if (!result.ok) throw new ResponseValidationError(result.errors, item);
    const value = this.responseFilter === undefined ? result.value : filterResponse(schema, input, result.value, this.responseFilter);
    return serializeJSON(schema, value);
  }

  /** FastAPI's `_serialize_sse_item`: a ServerSentEvent's fields as given (not validated), anything else as `data:`. */
  private sseEvent(item: unknown): Uint8Array {
    if (!(item instanceof ServerSentEvent)) return formatSseEvent({ dataStr: this.streamData(item) });
    let dataStr: string | null = item.rawData;
    if (dataStr === null && item.data !== null) dataStr = eventData(item.data);
    return formatSseEvent({ dataStr, event: item.event, id: item.id, retry: item.retry, comment: item.comment });
  }

  /**
   * FastAPI's serialize_response: with a response schema, validate (dropping extra keys) and write pydantic's
   * JSON; without one, jsonable_encoder and a JSONResponse.
   */
  private serializeResponse(returned: unknown, status: number | undefined, background: BackgroundTasks): Response {
    // A handler that returns nothing answers `null`, as a Python function returning None.
    const raw = returned === undefined ? null : returned;
    const { response: schema, responseClass } = this.spec;
    if (schema === undefined || schema === null) {
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
    const result = validate(schema, input, { loc: ["response"], separateFields: false, byAlias: false });
    if (!result.ok) throw new ResponseValidationError(result.errors, raw);
    if (this.responseFilter !== undefined) result.value = filterResponse(schema, input, result.value, this.responseFilter);
    const byAlias = this.spec.responseByAlias ?? true;
    if (responseClass !== undefined) {
      const value = byAlias ? toAliases(schema, result.value) : result.value;
      const out = construct(responseClass, jsonableEncoder(value), statusInit(status, background));
      // FastAPI gives the class pydantic's mode="json" data, which json.dumps writes as pydantic's JSON (62.0 for a
      // float field): a JS number has lost that, so a class rendering as JSONResponse does gets those bytes.
      if (out instanceof JSONResponse && out.render === JSONResponse.prototype.render) replaceBody(out, serializeJSON(schema, result.value, byAlias));
      return out;
    }
    // The validated value itself: pydantic's JSON of datetimes, durations and decimals differs from jsonable_encoder's.
    const json = serializeJSON(schema, result.value, byAlias);
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
        const functionStack = new ExitStack();
        scope["fastapi_astack"] = stack;
        scope["fastapi_function_astack"] = functionStack;
        try {
          // As FastAPI's websocket_session: the function stack nests inside the request one.
          try {
            await endpoint(session);
          } catch (error: unknown) {
            await functionStack.close({ error });
          }
          await functionStack.close(null);
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
      functionStack: websocket.scope["fastapi_function_astack"] as ExitStack | undefined,
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
  /** Extra documented responses of every route (a Map keeps their order). @default {} */
  responses?: Responses;
  /**
   * FastAPI's `default_response_class`: the `responseClass` of every route that sets none (a route's own class wins,
   * then the included router's default, then `includeRouter`'s, then the including router's). @default JSONResponse
   */
  defaultResponseClass?: ResponseClass;
  /** Mark every route deprecated. @default false */
  deprecated?: boolean;
  /** Show the routes in the OpenAPI document. @default true */
  includeInSchema?: boolean;
  /**
   * FastAPI's `strict_content_type` for the routes that do not set their own: false reads a JSON body sent without
   * a content type. @default the including router's, else the app's, else true
   */
  strictContentType?: boolean;
  /** Routes (Starlette routes, Mounts or APIRoutes) to start with. @default [] */
  routes?: readonly BaseRoute[] | null;
  /**
   * FastAPI's `route_class`: the APIRoute subclass each route added here is made with (one overriding `run` to wrap
   * the request or the response). Included routes keep their own class. @default APIRoute
   */
  routeClass?: APIRouteClass;
  /** Callbacks documented on every route, before each route's own. @default [] */
  callbacks?: readonly BaseRoute[];
  /** The operationId of every route without its own `operationId` or function. @default generateUniqueId */
  generateUniqueIdFunction?: (route: APIRoute) => string;
  /** Functions run at lifespan startup, in order, when no `lifespan` is given (FastAPI's `on_startup`). @default [] */
  onStartup?: readonly EventHandler[] | null;
  /** Functions run at lifespan shutdown, in order, when no `lifespan` is given (FastAPI's `on_shutdown`). @default [] */
  onShutdown?: readonly EventHandler[] | null;
}

/** A startup or shutdown handler: sync or async, no arguments. */
export type EventHandler = () => unknown;

/** FastAPI's _DefaultLifespan: the router's on_startup handlers before the yield, its on_shutdown ones after. */
function defaultLifespan(router: APIRouter): Lifespan<unknown> {
  return async function* () {
    await router.startup();
    yield;
    await router.shutdown();
  };
}

/**
 * FastAPI's _merge_lifespan_context: the including router's lifespan around the included one's, their states merged
 * (the outer one's keys win).
 */
function mergeLifespanContext(original: Lifespan<unknown>, nested: Lifespan<unknown>): Lifespan<unknown> {
  return async function* (app: unknown) {
    const outer = original(app);
    const outerState = await outer.next();
    try {
      const inner = nested(app);
      const innerState = await inner.next();
      const a = outerState.done === true ? undefined : outerState.value;
      const b = innerState.done === true ? undefined : innerState.value;
      yield a == null && b == null ? undefined : { ...(b ?? {}), ...(a ?? {}) };
      if (innerState.done !== true) await inner.next();
    } catch (error: unknown) {
      // As `async with`: the outer context sees the error, and may replace it.
      if (outerState.done !== true) await outer.throw(error);
      throw error;
    }
    if (outerState.done !== true) await outer.next();
  };
}

/** An APIRoute class: APIRoute itself or a subclass with its constructor (FastAPI's `route_class`). */
export type APIRouteClass = new (path: string, spec: RouteSpec, handler: Handler<RouteSpec>, methods: readonly string[]) => APIRoute;

/** Options of `includeRouter`: added on top of the included router's own. */
export type IncludeRouterOptions = Pick<
  APIRouterOptions,
  "prefix" | "tags" | "dependencies" | "responses" | "defaultResponseClass" | "deprecated" | "includeInSchema" | "callbacks" | "generateUniqueIdFunction"
>;

/** What a router gives each route added or included: include_router's options and its `strictContentType`. */
type RouterDefaults = IncludeRouterOptions & Pick<APIRouterOptions, "strictContentType" | "defaultResponseClass">;

function checkPrefix(prefix: string): void {
  if (prefix && !prefix.startsWith("/")) throw new Error("A path prefix must start with '/'");
  if (prefix.endsWith("/")) throw new Error("A path prefix must not end with '/', as the routes will start with '/'");
}

/** A route spec with the router-level tags, dependencies, responses and flags in front of its own. */
function mergeSpec<S extends RouteSpec>(spec: S, options: RouterDefaults): S {
  const merged: RouteSpec = { ...spec };
  if (options.tags?.length) merged.tags = [...options.tags, ...(spec.tags ?? [])];
  if (options.dependencies?.length) merged.dependencies = [...options.dependencies, ...(spec.dependencies ?? [])];
  // As Python's {**router_responses, **route_responses}: a key already there keeps its place, its value replaced.
  if (options.responses) merged.responses = new Map([...responseEntries(options.responses), ...responseEntries(spec.responses)]);
  if (options.defaultResponseClass && spec.responseClass === undefined) merged.responseClass = options.defaultResponseClass;
  if (options.deprecated) merged.deprecated = true;
  if (options.includeInSchema === false) merged.includeInSchema = false;
  if (options.callbacks?.length) merged.callbacks = [...options.callbacks, ...(spec.callbacks ?? [])];
  // The route's own function first, then the closest router's, as FastAPI's get_value_or_default.
  if (options.generateUniqueIdFunction && !spec.generateUniqueIdFunction) merged.generateUniqueIdFunction = options.generateUniqueIdFunction;
  // The nearest setting wins: the route's own, then its router's, then each including router's and the app's.
  if (merged.strictContentType === undefined && options.strictContentType !== undefined) merged.strictContentType = options.strictContentType;
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
  readonly defaults: RouterDefaults;
  /** FastAPI's `on_startup` / `on_shutdown`: run by the default lifespan (when no `lifespan` is given). */
  readonly onStartup: EventHandler[];
  readonly onShutdown: EventHandler[];
  /**
   * Whether a route's path must start with "/" (an App's router: a path without it could never match). A router of
   * callbacks or webhooks takes any path, as FastAPI's: an OpenAPI expression, an event name.
   */
  requireAbsolutePaths = false;
  /** The class new routes are made with; may be set after construction, as FastAPI's `router.route_class`. */
  routeClass: APIRouteClass;

  constructor(options: APIRouterOptions = {}) {
    super(options);
    this.routeClass = options.routeClass ?? (APIRoute as unknown as APIRouteClass);
    this.prefix = options.prefix ?? "";
    checkPrefix(this.prefix);
    this.defaults = options;
    this.onStartup = [...(options.onStartup ?? [])];
    this.onShutdown = [...(options.onShutdown ?? [])];
    this.lifespanContext ??= defaultLifespan(this);
  }

  /** Runs the `onStartup` handlers in order (FastAPI's `_startup`). */
  async startup(): Promise<void> {
    for (const handler of this.onStartup) await handler();
  }

  /** Runs the `onShutdown` handlers in order (FastAPI's `_shutdown`). */
  async shutdown(): Promise<void> {
    for (const handler of this.onShutdown) await handler();
  }

  /** FastAPI's `add_event_handler`: `"startup"` or `"shutdown"`. */
  addEventHandler(eventType: "startup" | "shutdown", func: EventHandler): void {
    if (eventType === "startup") this.onStartup.push(func);
    else if (eventType === "shutdown") this.onShutdown.push(func);
    else throw new Error(`event type must be "startup" or "shutdown", got ${JSON.stringify(eventType)}`);
  }

  /** FastAPI's deprecated `@router.on_event("startup")`: adds `func` and answers it. Prefer `lifespan`. */
  onEvent<F extends EventHandler>(eventType: "startup" | "shutdown", func: F): F {
    this.addEventHandler(eventType, func);
    return func;
  }

  addApiRoute<const S extends RouteSpec>(path: string, spec: S, handler: Handler<S>, methods: readonly Method[]): APIRoute<S> {
    this.checkRoutePath(this.prefix + path);
    const route = new this.routeClass(this.prefix + path, mergeSpec(spec, this.defaults), handler as Handler<RouteSpec>, methods);
    this.routes.push(route);
    return route as unknown as APIRoute<S>;
  }

  readonly get: AddRoute = this.method("GET");
  readonly post: AddRoute = this.method("POST");
  readonly put: AddRoute = this.method("PUT");
  readonly patch: AddRoute = this.method("PATCH");
  readonly delete: AddRoute = this.method("DELETE");
  readonly options: AddRoute = this.method("OPTIONS");
  readonly head: AddRoute = this.method("HEAD");

  private checkRoutePath(path: string): void {
    if (this.requireAbsolutePaths && !path.startsWith("/")) throw new FastAPIError(`${JSON.stringify(path)}: routed paths must start with '/'`);
  }

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
        this.checkRoutePath(fullPrefix + route.path);
        const spec = mergeSpec(mergeSpec(route.spec, options), this.defaults);
        const routeClass = route.constructor as APIRouteClass;
        this.routes.push(new routeClass(fullPrefix + route.path, spec, route.handler, [...(route.methods ?? [])]));
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
    // As FastAPI: the handlers are copied here, and the included router's lifespan (whose default runs them as
    // well) nests inside this one's.
    for (const handler of router.onStartup) this.addEventHandler("startup", handler);
    for (const handler of router.onShutdown) this.addEventHandler("shutdown", handler);
    this.lifespanContext = mergeLifespanContext(this.lifespanContext ?? defaultLifespan(this), router.lifespanContext ?? defaultLifespan(router));
  }
}
