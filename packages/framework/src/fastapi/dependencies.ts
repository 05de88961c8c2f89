/** @module Mirrors fastapi/dependencies (`Depends`, `solve_dependencies`, `request_params_to_args`): typed
 * parameter groups read from the request and validated with zod, and dependencies injected per request.
 */
import type { BackgroundTasks, Request, Response } from "@mono/asgi";
import { z } from "zod";
import { DependencyScopeError, FastAPIError } from "./exceptions.js";
import { formFieldsOf, validateFields, type FormFields } from "./body.js";
import { validationName } from "./fields.js";
import { defOf, unwrap, validate, type ValidationErrorDetail } from "./validation.js";

/** A zod object whose keys name the parameters of one group (path, query, headers, cookies). */
export type ParamsSchema = z.ZodObject<z.ZodRawShape, z.core.$ZodObjectConfig>;

/** What a dependency (and, with body/response on top, a route) declares it reads. */
export interface ParamsSpec {
  /** Path parameters, validated after the router's convertors. @default none */
  path?: ParamsSchema;
  /** Query parameters; an array field takes every value of a repeated key. @default none */
  query?: ParamsSchema;
  /** Headers: a key `user_agent` or `userAgent` reads `user-agent`, as FastAPI's `convert_underscores`. @default none */
  headers?: ParamsSchema;
  /** Cookies, by name. @default none */
  cookies?: ParamsSchema;
  /** Dependencies whose values the function receives as `deps`. @default {} */
  deps?: Record<string, Dependency<unknown>>;
  /** Dependencies run for their effect only (FastAPI's `dependencies=[Depends(...)]`). @default [] */
  dependencies?: readonly Dependency<unknown>[];
  /**
   * Form fields (FastAPI's `Form()` parameters) by name, read from the request's form body: how
   * OAuth2PasswordRequestForm declares `username` and `password`. @default none
   */
  form?: FormFields;
}

type Parsed<T> = T extends z.ZodType ? z.output<T> : Record<string, never>;

/** What a form spec gives: an object of each field's output. */
export type FormOutput<F> = F extends z.ZodType
  ? z.output<F>
  : F extends Record<string, z.ZodType>
    ? { [K in keyof F]: z.output<F[K]> }
    : undefined;

export type DependencyValues<D> =
  D extends Record<string, Dependency<unknown>> ? { [K in keyof D]: D[K] extends Dependency<infer T> ? T : never } : Record<string, never>;

/** What a dependency function receives. */
export interface ParamsArgs<S extends ParamsSpec> {
  path: Parsed<S["path"]>;
  query: Parsed<S["query"]>;
  headers: Parsed<S["headers"]>;
  cookies: Parsed<S["cookies"]>;
  deps: DependencyValues<S["deps"]>;
  request: Request;
  /**
   * FastAPI's `response: Response` parameter: headers and cookies set here are added to the response the
   * handler's value becomes, and a `statusCode` set here (it starts at 0, "not set") replaces the route's.
   */
  response: Response;
  /** Tasks run after the response is sent. */
  background: BackgroundTasks;
  /** The form fields the spec declares, validated. */
  form: FormOutput<S["form"]>;
  /** The OAuth2 scopes asked for by every `Security(...)` from the route down to here (FastAPI's SecurityScopes). */
  securityScopes: SecurityScopes;
}

/** FastAPI's `SecurityScopes`: the scopes required by the dependants above, in order, without repeats. */
export class SecurityScopes {
  readonly scopes: readonly string[];
  /** The scopes joined by spaces (FastAPI's `scope_str`), for a WWW-Authenticate `scope="..."`. */
  readonly scopeStr: string;

  constructor(scopes: readonly string[] = []) {
    this.scopes = scopes;
    this.scopeStr = scopes.join(" ");
  }
}

const NO_SCOPES = new SecurityScopes();

/** The value a dependency function gives: what it returns, resolves to, or yields first. */
export type DependencyValue<R> =
  R extends AsyncGenerator<infer T, unknown, unknown>
    ? T
    : R extends Generator<infer T, unknown, unknown>
      ? T
      : Awaited<R>;

/** When the code after a dependency's `yield` runs (FastAPI's `Depends(dep, scope=...)`). */
export type DependencyScope = "function" | "request";

export interface DependsOptions {
  /**
   * Reuse the value when the same dependency is needed again in one request.
   * @default true
   */
  useCache?: boolean;
  /**
   * For a dependency with `yield`: `"request"` runs the code after `yield` once the response is sent;
   * `"function"` runs it when the handler has returned, before the response is sent. A `"request"` generator
   * dependency cannot depend on a `"function"` one (DependencyScopeError when the route is added).
   * @default null (as "request")
   */
  scope?: DependencyScope | null;
}

export interface SecurityOptions extends DependsOptions {
  /** OAuth2 scopes this use of the dependency requires (FastAPI's `Security(dep, scopes=[...])`). @default [] */
  scopes?: readonly string[];
}

/** A function whose result is injected, with the parameters and sub-dependencies it declares. */
export class Dependency<T> {
  /** Carries the value type; never set. */
  declare readonly valueType?: T;
  readonly spec: ParamsSpec;
  readonly call: (args: never) => unknown;
  readonly useCache: boolean;
  /** The scopes this use requires (set by Security). */
  readonly scopes: readonly string[];
  /** The dependency this one is a Security(...) use of: overrides and the cache know it by that one. */
  readonly original: Dependency<unknown>;
  /** When the code after `yield` runs; null is "request". */
  readonly scope: DependencyScope | null;
  /**
   * What the request's cache knows this dependency by, as FastAPI's `(call, scopes, scope)`: the function (or the
   * class), so two `Depends(fn)` of one function share a value; a generator's null scope counts as "request".
   */
  key: unknown;
  /**
   * The rest of the cache key: the computed scope (the scope, else "request" for a generator function, else ""),
   * and which spec, when the function is used with more than one non-empty spec (FastAPI's function is its spec).
   */
  cacheScope: string;

  constructor(spec: ParamsSpec, call: (args: never) => unknown, options: SecurityOptions = {}) {
    this.spec = spec;
    this.call = call;
    this.useCache = options.useCache ?? true;
    this.scope = options.scope ?? null;
    this.key = call;
    this.cacheScope = cacheScopeOf(this);
    this.scopes = options.scopes ?? [];
    this.original = this;
  }

  /** Calls the dependency with its solved arguments; security schemes read the request here. */
  invoke(args: ParamsArgs<ParamsSpec>): unknown {
    return (this.call as (args: unknown) => unknown)(args);
  }

  /** Whether the function reads `securityScopes` (security schemes always count as reading them). */
  readsScopes(): boolean {
    const call = this.call as (...args: never[]) => unknown;
    if (call.length === 0) return false;
    const source = Function.prototype.toString.call(call);
    if (source.includes("securityScopes")) return true;
    const params = /^(?:async\s*)?(?:function\s*\*?\s*[\w$]*\s*)?\(\s*([^)]?)/.exec(source);
    return params?.[1] !== "{";
  }

  /** This dependency asking for more scopes: same class, spec and function, known as the original. */
  withScopes(scopes: readonly string[], options: DependsOptions = {}): Dependency<T> {
    const copy = Object.create(Object.getPrototypeOf(this) as object) as Dependency<T>;
    Object.assign(copy, this, {
      scopes: [...scopes],
      original: this.original,
      useCache: options.useCache ?? this.useCache,
      scope: options.scope ?? this.scope,
    });
    copy.cacheScope = cacheScopeOf(copy);
    return copy;
  }
}

/**
 * A class used as a dependency (FastAPI's `Depends(CommonQueryParams)`): it declares its parameters in a static
 * `params` spec, and `new Class(args)` is the value, its constructor receiving the solved arguments.
 */
export interface DependencyClass<S extends ParamsSpec, T> {
  readonly params: S;
  new (args: ParamsArgs<S>): T;
}

function isDependencyClass(value: unknown): value is DependencyClass<ParamsSpec, unknown> {
  return typeof value === "function" && typeof (value as { params?: unknown }).params === "object" && /^class\b/.test(Function.prototype.toString.call(value));
}

/**
 * FastAPI's `Depends`: `Depends(fn)` or `Depends({ query, headers, deps, ... }, fn)`. An async generator
 * function (or a generator function) yields its value and runs the code after `yield` once the response
 * is sent; an error in the handler is thrown in at the `yield`.
 */
/** FastAPI's `Depends(oauth2_scheme)`: a dependency (a security scheme, OAuth2PasswordRequestForm) used as it is. */
export function Depends<T>(dependency: Dependency<T>, options?: DependsOptions): Dependency<T>;
export function Depends<const S extends ParamsSpec, T>(cls: DependencyClass<S, T>, options?: DependsOptions): Dependency<T>;
export function Depends<R>(fn: (args: ParamsArgs<Record<never, never>>) => R, options?: DependsOptions): Dependency<DependencyValue<R>>;
export function Depends<const S extends ParamsSpec, R>(
  spec: S,
  fn: (args: ParamsArgs<S>) => R,
  options?: DependsOptions,
): Dependency<DependencyValue<R>>;
export function Depends(
  specOrFn: ParamsSpec | ((args: never) => unknown) | DependencyClass<ParamsSpec, unknown> | Dependency<unknown>,
  fnOrOptions?: ((args: never) => unknown) | DependsOptions,
  options?: DependsOptions,
): Dependency<unknown> {
  if (specOrFn instanceof Dependency) {
    return fnOrOptions === undefined ? specOrFn : specOrFn.withScopes(specOrFn.scopes, fnOrOptions as DependsOptions);
  }
  if (isDependencyClass(specOrFn)) {
    const cls = specOrFn;
    checkParamsSpec(cls.params, PARAMS_KEYS, `Depends(${cls.name})`);
    // Named after the class, so that a route's operationId and error messages read as FastAPI's.
    const construct = { [cls.name]: (args: ParamsArgs<ParamsSpec>) => new cls(args) }[cls.name] as (args: never) => unknown;
    const dependency = new Dependency(cls.params, construct, fnOrOptions as DependsOptions | undefined);
    dependency.key = cls;
    return dependency;
  }
  if (typeof specOrFn === "function") return new Dependency({}, specOrFn, fnOrOptions as DependsOptions | undefined);
  const fn = fnOrOptions as (args: never) => unknown;
  checkParamsSpec(specOrFn, PARAMS_KEYS, `Depends(${fn.name || "<anonymous>"})`);
  return new Dependency(specOrFn, fn, options);
}

/**
 * FastAPI's `Security`: a dependency that also requires OAuth2 scopes, which its sub-dependencies read as
 * `securityScopes` and the OpenAPI document lists under the operation's `security`.
 */
export function Security<T>(dependency: Dependency<T>, options?: SecurityOptions): Dependency<T>;
export function Security<R>(fn: (args: ParamsArgs<Record<never, never>>) => R, options?: SecurityOptions): Dependency<DependencyValue<R>>;
export function Security<const S extends ParamsSpec, R>(
  spec: S,
  fn: (args: ParamsArgs<S>) => R,
  options?: SecurityOptions,
): Dependency<DependencyValue<R>>;
export function Security(
  first: Dependency<unknown> | ParamsSpec | ((args: never) => unknown),
  second?: ((args: never) => unknown) | SecurityOptions,
  third?: SecurityOptions,
): Dependency<unknown> {
  if (first instanceof Dependency) {
    const options = (second ?? {}) as SecurityOptions;
    return first.withScopes(options.scopes ?? [], options);
  }
  const options = (typeof first === "function" ? second : third) as SecurityOptions | undefined;
  const dependency =
    typeof first === "function"
      ? new Dependency({}, first)
      : (Depends as unknown as (spec: ParamsSpec, fn: (args: never) => unknown) => Dependency<unknown>)(first, second as (args: never) => unknown);
  return dependency.withScopes(options?.scopes ?? [], options);
}

/** The keys a dependency's spec may have. */
export const PARAMS_KEYS: ReadonlySet<string> = new Set(["path", "query", "headers", "cookies", "deps", "dependencies", "form"]);

function isZodObjectSchema(value: unknown): boolean {
  if (typeof value !== "object" || value === null || !("_zod" in value)) return false;
  return defOf(unwrap(value as z.core.$ZodType)).type === "object";
}

/**
 * Mistakes in a spec found where it is declared, not on every request: an unknown key, a parameter group that is
 * not an object schema (`query: z.string()`), a dependency that is not one. `where` names the route or dependency.
 */
export function checkParamsSpec(spec: object, known: ReadonlySet<string>, where: string): void {
  if (typeof spec !== "object" || spec === null) throw new FastAPIError(`${where}: the spec must be an object, got ${String(spec)}`);
  for (const key of Object.keys(spec)) {
    if (!known.has(key)) throw new FastAPIError(`${where}: unknown option "${key}" (expected one of: ${[...known].join(", ")})`);
  }
  const params = spec as ParamsSpec;
  for (const group of ["path", "query", "headers", "cookies"] as const) {
    const schema: unknown = params[group];
    if (schema !== undefined && !isZodObjectSchema(schema)) {
      throw new FastAPIError(`${where}: "${group}" must be a zod object of parameters (z.object({ name: schema })), got ${describe(schema)}`);
    }
  }
  for (const [name, dependency] of Object.entries(params.deps ?? {})) {
    if (!(dependency instanceof Dependency)) throw new FastAPIError(`${where}: deps.${name} must be a Depends(...), got ${describe(dependency)}`);
  }
  for (const dependency of params.dependencies ?? []) {
    if (!(dependency instanceof Dependency)) throw new FastAPIError(`${where}: dependencies must hold Depends(...), got ${describe(dependency)}`);
  }
}

function describe(value: unknown): string {
  if (typeof value === "object" && value !== null && "_zod" in value) return `a zod ${defOf(value as z.core.$ZodType).type} schema`;
  return value === null ? "null" : typeof value;
}

const specIds = new WeakMap<object, number>();
let nextSpecId = 0;

function cacheScopeOf(dependency: Dependency<unknown>): string {
  const computed = dependency.scope ?? (isGeneratorFunction(dependency.call) ? "request" : "");
  // One function given two different specs is two dependencies in TypeScript; an empty spec is every `Depends(fn)`.
  if (Object.keys(dependency.spec).length === 0) return computed;
  let id = specIds.get(dependency.spec);
  if (id === undefined) specIds.set(dependency.spec, (id = nextSpecId++));
  return `${computed}|${id}`;
}

function isGeneratorFunction(fn: unknown): boolean {
  const tag = Object.prototype.toString.call(fn);
  return tag === "[object AsyncGeneratorFunction]" || tag === "[object GeneratorFunction]";
}

/**
 * FastAPI's check in get_dependant: a generator dependency whose scope is "request" (its default) would outlive a
 * "function" one it depends on, so the route is refused when it is added.
 */
export function checkDependencyScopes(spec: ParamsSpec, seen: Set<Dependency<unknown>> = new Set()): void {
  for (const dependency of [...(spec.dependencies ?? []), ...Object.values(spec.deps ?? {})]) {
    if (seen.has(dependency)) continue;
    seen.add(dependency);
    const sub = dependency.spec;
    if (isGeneratorFunction(dependency.call) && dependency.scope !== "function") {
      for (const inner of [...(sub.dependencies ?? []), ...Object.values(sub.deps ?? {})]) {
        if (inner.scope !== "function") continue;
        throw new DependencyScopeError(
          `The dependency "${dependency.call.name || "<unnamed_callable>"}" has a scope of "request", it cannot depend on dependencies with scope "function".`,
        );
      }
    }
    checkDependencyScopes(sub, seen);
  }
}

/** Every path parameter a spec and its dependencies declare. */
export function declaredPathParams(spec: ParamsSpec): Set<string> {
  const names = new Set<string>();
  for (const each of flatSpecs(spec)) {
    // A path parameter is matched by its alias (FastAPI's `Path(alias=...)`) when it has one.
    if (each.path !== undefined) for (const [key, field] of Object.entries(shapeOf(each.path))) names.add(validationName(key, field));
  }
  return names;
}

type Cleanup = (failure: { error: unknown } | null) => Promise<void>;

function isAsyncGenerator(value: unknown): value is AsyncGenerator<unknown, unknown, unknown> {
  return typeof value === "object" && value !== null && Symbol.asyncIterator in value && "throw" in value;
}

function isGenerator(value: unknown): value is Generator<unknown, unknown, unknown> {
  return typeof value === "object" && value !== null && Symbol.iterator in value && "throw" in value && "next" in value;
}

const CLOSED: Promise<void> = Promise.resolve();

/** Python's AsyncExitStack for the generator dependencies of one request: closed last-in first-out. */
export class ExitStack {
  readonly #cleanups: Cleanup[] = [];

  /** No generator entered: closing it without a failure has nothing to do. */
  get empty(): boolean {
    return this.#cleanups.length === 0;
  }

  /** Enters a generator: returns its first yielded value and closes it with the stack. */
  async enter(gen: AsyncGenerator<unknown, unknown, unknown> | Generator<unknown, unknown, unknown>): Promise<unknown> {
    const first = await gen.next();
    if (first.done === true) throw new FastAPIError("A dependency generator must yield its value once");
    this.#cleanups.push(async (failure) => {
      const step = failure === null ? await gen.next() : await gen.throw(failure.error);
      if (step.done !== true) throw new FastAPIError("A dependency generator must yield only once");
    });
    return first.value;
  }

  /**
   * Runs the cleanups; with a failure, each generator gets it thrown in at its `yield` and may replace it
   * (raise another error) or swallow it. The error left at the end is thrown.
   */
  close(failure: { error: unknown } | null): Promise<void> {
    // Most requests enter no generator: nothing to close, and no promise of an async function to make.
    if (failure === null && this.#cleanups.length === 0) return CLOSED;
    return this.closeAll(failure);
  }

  private async closeAll(failure: { error: unknown } | null): Promise<void> {
    let pending = failure;
    for (const cleanup of this.#cleanups.splice(0).reverse()) {
      try {
        await cleanup(pending);
        pending = null;
      } catch (error: unknown) {
        pending = { error };
      }
    }
    if (pending !== null) throw pending.error;
    if (failure !== null) {
      // FastAPI's answer when a dependency swallowed the handler's error: no response was produced.
      throw new FastAPIError(
        "Response not awaited. A dependency with yield caught the application's error and did not raise it again.",
        { cause: failure.error },
      );
    }
  }
}

/**
 * Replace a dependency by another one, e.g. in tests (FastAPI's `app.dependency_overrides`). The key is a
 * `Depends(...)` or, as FastAPI's, its function (or class): then every `Depends` of that function is replaced.
 */
export type DependencyOverrides = Map<Dependency<unknown> | ((args: never) => unknown) | DependencyClass<ParamsSpec, unknown>, Dependency<unknown>>;

/** The override of a dependency: by the Depends itself, by its function, or by another Depends of that function. */
function overrideOf(overrides: DependencyOverrides, dependency: Dependency<unknown>): Dependency<unknown> | undefined {
  if (overrides.size === 0) return undefined;
  const direct = overrides.get(dependency.original) ?? overrides.get(dependency.key as (args: never) => unknown);
  if (direct !== undefined) return direct;
  for (const [key, replacement] of overrides) {
    if (key instanceof Dependency && key.key === dependency.key) return replacement;
  }
  return undefined;
}

/** Per-request state of dependency solving. */
export interface SolveContext {
  request: Request;
  response: Response;
  background: BackgroundTasks;
  /** Values by dependency key (its function), then scopes ("" when none) and scope. */
  cache: Map<unknown, Map<string, unknown>>;
  /** The body as read (the form's fields for a form body), for dependencies that declare form fields. */
  received: unknown;
  stack: ExitStack;
  /** Closed when the handler has returned, before the response is sent: `scope: "function"` generators. @default stack */
  functionStack?: ExitStack | undefined;
  overrides: DependencyOverrides;
}

/** The header a schema key reads: `user_agent` and `userAgent` both read `user-agent`. */
export function headerName(key: string): string {
  return key.replace(/([a-z0-9])([A-Z])/g, "$1-$2").replaceAll("_", "-").toLowerCase();
}

function shapeOf(schema: ParamsSchema): Record<string, z.core.$ZodType> {
  return defOf(unwrap(schema)).shape ?? {};
}

function isList(field: z.core.$ZodType): boolean {
  return defOf(unwrap(field)).type === "array";
}

/** A flag set with `.meta({ [key]: value })` on the schema or one of its optional/nullable/default wrappers. */
function metaFlag(schema: z.core.$ZodType, key: string): unknown {
  let current: z.core.$ZodType | undefined = schema;
  while (current !== undefined) {
    const meta = z.globalRegistry.get(current) as Record<string, unknown> | undefined;
    if (meta !== undefined && key in meta) return meta[key];
    const def = defOf(current);
    current = def.type === "optional" || def.type === "nullable" || def.type === "default" || def.type === "prefault" ? def.innerType : undefined;
  }
  return undefined;
}

/**
 * Whether a group schema is one parameter model (FastAPI's `filter_query: Annotated[FilterParams, Query()]`) rather
 * than a list of separate parameters: it is named (`.meta({ id: "FilterParams" })`) or has an extra-keys policy
 * (`.strict()` or `.loose()`, pydantic's `extra="forbid"` / `"allow"`, which only a model has). A model is validated as one value: every
 * value of the group goes in (so extra ones are seen), errors are at the field's name, a missing field's `input`
 * is the whole group.
 */
export function isParamModel(schema: ParamsSchema): boolean {
  if (metaFlag(schema, "id") !== undefined) return true;
  // Only a model has an `extra` policy: forbid (`.strict()`) or allow (`.loose()`).
  const catchall = (defOf(unwrap(schema)) as { catchall?: z.core.$ZodType }).catchall;
  return catchall !== undefined && ["never", "unknown", "any"].includes(defOf(catchall).type);
}

/**
 * The name a parameter is read under: its alias (FastAPI's `Query(alias="item-query")`), else its key, a header's
 * key with "_" as "-" (FastAPI's `convert_underscores`) unless the field, or the model it is in, says
 * `.meta({ convertUnderscores: false })`.
 */
export function paramName(group: "path" | "query" | "headers" | "cookies", key: string, field: z.core.$ZodType, schema: ParamsSchema): string {
  const alias = validationName(key, field);
  if (alias !== key || group !== "headers") return alias;
  const convert = metaFlag(field, "convertUnderscores") ?? metaFlag(schema, "convertUnderscores");
  return convert === false ? key : headerName(key);
}

/** The `.default(...)` a field declares (FastAPI puts it in a model's input when the value is absent). */
function defaultOf(field: z.core.$ZodType): unknown {
  let current: z.core.$ZodType | undefined = field;
  while (current !== undefined) {
    const def = defOf(current) as { type: string; innerType?: z.core.$ZodType; defaultValue?: unknown };
    if (def.type === "default" || def.type === "prefault") return structuredClone(def.defaultValue);
    current = def.type === "optional" || def.type === "nullable" ? def.innerType : undefined;
  }
  return undefined;
}

/**
 * Reads one parameter group off the request, keyed as read (a key, or its alias: validation maps it back). For a parameter model, as FastAPI's
 * request_params_to_args: absent fields with a default hold it, then every other value of the group follows
 * under its own name (one value, or the list of a repeated one).
 */
function rawParams(request: Request, group: "path" | "query" | "headers" | "cookies", schema: ParamsSchema, model: boolean): Record<string, unknown> {
  const raw: Record<string, unknown> = {};
  const processed = new Set<string>();
  for (const [key, field] of Object.entries(shapeOf(schema))) {
    const alias = validationName(key, field);
    let value: unknown;
    const name = paramName(group, key, field, schema);
    processed.add(name).add(key).add(alias);
    if (group === "path") value = (request.pathParams as Record<string, unknown>)[alias];
    else if (group === "cookies") value = request.cookies[alias];
    else {
      const source = group === "query" ? request.queryParams : request.headers;
      if (isList(field)) {
        const values = source.getlist(name);
        value = values.length > 0 ? values : undefined;
      } else {
        value = source.get(name) ?? undefined;
      }
    }
    if (value === undefined && model) value = defaultOf(field) ?? undefined;
    if (value !== undefined && value !== null) raw[alias] = value;
  }
  if (model) addUnprocessed(request, group, raw, processed);
  return raw;
}

function addUnprocessed(request: Request, group: "path" | "query" | "headers" | "cookies", raw: Record<string, unknown>, processed: Set<string>): void {
  if (group === "cookies" || group === "path") {
    const source: Record<string, unknown> = group === "cookies" ? request.cookies : (request.pathParams as Record<string, unknown>);
    for (const [key, value] of Object.entries(source)) if (!processed.has(key)) raw[key] = value;
    return;
  }
  const source = group === "query" ? request.queryParams : request.headers;
  for (const key of source.keys()) {
    if (processed.has(key)) continue;
    const values = source.getlist(key);
    raw[key] = values.length === 1 ? values[0] : values;
  }
}

const LOCATIONS = { path: "path", query: "query", headers: "header", cookies: "cookie" } as const;

/** Validates path, query, headers and cookies of `spec`: the values, and FastAPI's errors in that order. */
function requestParamsToArgs(request: Request, spec: ParamsSpec): [Record<string, unknown>, ValidationErrorDetail[]] {
  const values: Record<string, unknown> = {};
  const errors: ValidationErrorDetail[] = [];
  for (const group of ["path", "query", "headers", "cookies"] as const) {
    const schema = spec[group];
    if (schema === undefined) {
      values[group] = {};
      continue;
    }
    const model = isParamModel(schema);
    const result = validate(schema, rawParams(request, group, schema, model), { loc: [LOCATIONS[group]], separateFields: !model });
    if (result.ok) {
      values[group] = result.value;
      continue;
    }
    const shape = shapeOf(schema);
    for (const error of result.errors) {
      // Headers are reported by the header's name (FastAPI's alias), not the schema key; a model's by the field's.
      const key = error.loc[1];
      const field = typeof key === "string" ? shape[key] : undefined;
      if (group === "headers" && !model && field !== undefined) error.loc[1] = paramName(group, key as string, field, schema);
      errors.push(error);
    }
  }
  return [values, errors];
}

/** Parent scopes then the dependency's own, without repeats (FastAPI's `_get_oauth_scopes`). */
export function mergeScopes(parent: readonly string[], own: readonly string[]): readonly string[] {
  if (own.length === 0) return parent;
  const scopes = [...parent];
  for (const scope of own) if (!scopes.includes(scope)) scopes.push(scope);
  return scopes;
}

const usesScopesCache = new WeakMap<Dependency<unknown>, boolean>();

/**
 * FastAPI's `_uses_scopes`: the dependency asks for scopes, is a security scheme, reads `securityScopes`, or one
 * of its sub-dependencies does. A function is taken to read them when its source names `securityScopes` or when
 * it keeps its argument whole (it may hand it on); one that destructures other keys, or takes none, does not.
 */
function usesScopes(dependency: Dependency<unknown>): boolean {
  const known = usesScopesCache.get(dependency);
  if (known !== undefined) return known;
  usesScopesCache.set(dependency, false); // a cycle adds nothing
  const result =
    dependency.scopes.length > 0 ||
    dependency.readsScopes() ||
    [...(dependency.spec.dependencies ?? []), ...Object.values(dependency.spec.deps ?? {})].some(usesScopes);
  usesScopesCache.set(dependency, result);
  return result;
}

async function solveDependency(
  ctx: SolveContext,
  dependency: Dependency<unknown>,
  parentScopes: readonly string[],
): Promise<[unknown, ValidationErrorDetail[]]> {
  const scopes = mergeScopes(parentScopes, dependency.scopes);
  const override = overrideOf(ctx.overrides, dependency);
  const used = override === undefined ? dependency : override.withScopes(dependency.scopes);
  // As FastAPI's _get_cache_key, read off the declared dependency (not its override): its call, its scopes only when
  // it uses them (itself or below), and its computed scope.
  const key = (scopes.length === 0 || !usesScopes(dependency) ? "" : [...new Set(scopes)].sort().join(" ")) + "|" + dependency.cacheScope;
  const cached = ctx.cache.get(dependency.key);
  if (dependency.useCache && cached?.has(key)) return [cached.get(key), []];
  const [args, errors] = await solveDependencies(ctx, used.spec, scopes);
  if (errors.length > 0) return [undefined, errors];
  let value = used.invoke(args);
  if (isAsyncGenerator(value) || isGenerator(value)) {
    // The scope is the one declared where the dependency is used (FastAPI reads the sub-dependant's, not the override's).
    const stack = dependency.scope === "function" ? (ctx.functionStack ?? ctx.stack) : ctx.stack;
    value = await stack.enter(value);
  } else value = await value;
  // Stored even with useCache false (FastAPI fills the cache on every solve): a later cached use gets this value.
  if (cached === undefined) ctx.cache.set(dependency.key, new Map([[key, value]]));
  else if (!cached.has(key)) cached.set(key, value);
  return [value, []];
}

/**
 * FastAPI's `solve_dependencies`: sub-dependencies first (effect-only, then named), then the spec's own
 * path, query, header and cookie parameters. Errors are gathered, not thrown, so one 422 lists them all.
 */
export async function solveDependencies(
  ctx: SolveContext,
  spec: ParamsSpec,
  scopes: readonly string[] = [],
): Promise<[ParamsArgs<ParamsSpec>, ValidationErrorDetail[]]> {
  const errors: ValidationErrorDetail[] = [];
  for (const dependency of spec.dependencies ?? []) {
    errors.push(...(await solveDependency(ctx, dependency, scopes))[1]);
  }
  const deps: Record<string, unknown> = {};
  for (const [name, dependency] of Object.entries(spec.deps ?? {})) {
    const [value, depErrors] = await solveDependency(ctx, dependency, scopes);
    deps[name] = value;
    errors.push(...depErrors);
  }
  const [values, paramErrors] = requestParamsToArgs(ctx.request, spec);
  errors.push(...paramErrors);
  let form: unknown;
  if (spec.form !== undefined) {
    const [formValues, formErrors] = validateFields(formFieldsOf(spec.form), ctx.received);
    form = formValues;
    errors.push(...formErrors);
  }
  // An explicit literal, not `{ ...values, ... }`: V8 on Node 20 takes a slow path for spread-then-add (~1 µs).
  const args = {
    path: values["path"],
    query: values["query"],
    headers: values["headers"],
    cookies: values["cookies"],
    deps,
    request: ctx.request,
    response: ctx.response,
    background: ctx.background,
    form,
    securityScopes: scopes.length === 0 ? NO_SCOPES : new SecurityScopes(scopes),
  };
  return [args as unknown as ParamsArgs<ParamsSpec>, errors];
}

/** Every parameter group a spec and its dependencies declare, for the OpenAPI document (FastAPI's flat dependant). */
export function flatSpecs(spec: ParamsSpec, seen: Set<Dependency<unknown>> = new Set()): ParamsSpec[] {
  const specs = [spec];
  for (const dependency of [...(spec.dependencies ?? []), ...Object.values(spec.deps ?? {})]) {
    if (seen.has(dependency)) continue;
    seen.add(dependency);
    specs.push(...flatSpecs(dependency.spec, seen));
  }
  return specs;
}
