/** @module Mirrors fastapi/security (api_key.py, http.py, oauth2.py, utils.py): security schemes as dependencies
 * that read credentials off the request, answer FastAPI's 401s, and describe themselves for OpenAPI's
 * `securitySchemes` (which gives /docs its Authorize button).
 */
import { pyStrip, type Request } from "@mono/asgi";
import { z } from "zod";
import { HTTPException } from "../starlette/exceptions.js";
import { parseMiddlewareOptions } from "../starlette/middleware/options.js";
import { Depends, Dependency, type ParamsArgs, type ParamsSpec } from "./dependencies.js";

/** FastAPI's `get_authorization_scheme_param`: "Bearer abc " -> ["Bearer", "abc"]. */
export function getAuthorizationSchemeParam(value: string | null | undefined): [string, string] {
  if (!value) return ["", ""];
  const space = value.indexOf(" ");
  if (space === -1) return [value, ""];
  return [value.slice(0, space), pyStrip(value.slice(space + 1))];
}

/** Options every scheme takes. */
export interface SecuritySchemeOptions<A extends boolean> {
  /** The scheme's name in OpenAPI's `securitySchemes`. @default the class's name ("HTTPBasic") */
  schemeName?: string | null;
  /** The scheme's OpenAPI `description`. @default none */
  description?: string | null;
  /** Answer 401 when the credentials are missing; false gives the dependency the value null instead. @default true */
  autoError?: A;
}

type Value<T, A extends boolean> = A extends false ? T | null : T;

const schemeShape = {
  schemeName: z.string().nullable().optional(),
  description: z.string().nullable().optional(),
  autoError: z.boolean().optional(),
};

/**
 * The options of a scheme checked as FastAPI's keyword arguments are: a TypeError naming the class, each bad
 * option and what was expected, or an unknown option. Gives back the options common to every scheme.
 */
function checkOptions<A extends boolean>(scheme: string, shape: z.ZodRawShape, options: SecuritySchemeOptions<A>): SecuritySchemeOptions<A> {
  parseMiddlewareOptions(scheme, z.strictObject({ ...schemeShape, ...shape }), options);
  const { schemeName, description, autoError } = options;
  return {
    ...(schemeName !== undefined ? { schemeName } : {}),
    ...(description !== undefined ? { description } : {}),
    ...(autoError !== undefined ? { autoError } : {}),
  };
}

const scopesSchema = z.record(z.string(), z.string()).optional();

/**
 * FastAPI's `SecurityBase`: a dependency whose value comes from the request and whose `model` is its OpenAPI
 * security scheme object.
 */
export abstract class SecurityBase<T> extends Dependency<T> {
  /** The OpenAPI security scheme object (keys in FastAPI's order, none left null). */
  readonly model: Record<string, unknown>;
  readonly schemeName: string;
  readonly autoError: boolean;

  constructor(model: Record<string, unknown>, options: SecuritySchemeOptions<boolean>) {
    super({}, () => undefined);
    this.model = model;
    // FastAPI's `scheme_name or self.__class__.__name__`: a subclass is named after itself.
    this.schemeName = options.schemeName || this.constructor.name;
    this.autoError = options.autoError ?? true;
  }

  /** The headers of the 401 (FastAPI's `make_authenticate_headers`): the scheme's WWW-Authenticate challenge. */
  abstract makeAuthenticateHeaders(): Record<string, string>;

  /**
   * The error missing or unusable credentials raise (FastAPI's `make_not_authenticated_error`): a 401 "Not
   * authenticated" with the challenge. Override it in a subclass for another answer, e.g. FastAPI's 403 of old.
   */
  makeNotAuthenticatedError(): HTTPException {
    return new HTTPException(401, "Not authenticated", this.makeAuthenticateHeaders());
  }

  /** A scheme counts as using scopes: FastAPI caches its value per set of scopes. */
  override readsScopes(): boolean {
    return true;
  }

  /** Reads the credentials (FastAPI's `__call__`). */
  abstract authenticate(request: Request): T | Promise<T>;

  override invoke(args: ParamsArgs<ParamsSpec>): unknown {
    return this.authenticate(args.request);
  }
}

function withDescription(model: Record<string, unknown>, description: string | null | undefined): Record<string, unknown> {
  // pydantic's field order: `type`, then `description`, then the scheme's own fields.
  const [[typeKey, typeValue], ...rest] = Object.entries(model) as [[string, unknown], ...[string, unknown][]];
  return Object.fromEntries([[typeKey, typeValue], ...(description ? [["description", description]] : []), ...rest]);
}

// --- API keys ------------------------------------------------------------------------------------------------------

export interface APIKeyOptions<A extends boolean> extends SecuritySchemeOptions<A> {
  /** The query parameter, header or cookie holding the key. @default none (required) */
  name: string;
}

abstract class APIKeyBase<A extends boolean> extends SecurityBase<Value<string, A>> {
  constructor(location: "query" | "header" | "cookie", options: APIKeyOptions<A>) {
    const common = checkOptions(new.target.name, { name: z.string() }, options);
    super(withDescription({ type: "apiKey", in: location, name: options.name }, options.description), common);
  }

  makeAuthenticateHeaders(): Record<string, string> {
    return { "WWW-Authenticate": "APIKey" };
  }

  get keyName(): string {
    return this.model["name"] as string;
  }

  /** FastAPI's `check_api_key`: an empty or missing key is a 401 with the `APIKey` challenge. */
  protected check(key: string | null | undefined): Value<string, A> {
    if (!key) {
      if (this.autoError) throw this.makeNotAuthenticatedError();
      return null as Value<string, A>;
    }
    return key;
  }
}

/** FastAPI's `APIKeyQuery`: the key from a query parameter. */
export class APIKeyQuery<A extends boolean = true> extends APIKeyBase<A> {
  constructor(options: APIKeyOptions<A>) {
    super("query", options);
  }

  authenticate(request: Request): Value<string, A> {
    return this.check(request.queryParams.get(this.keyName));
  }
}

/** FastAPI's `APIKeyHeader`: the key from a header. */
export class APIKeyHeader<A extends boolean = true> extends APIKeyBase<A> {
  constructor(options: APIKeyOptions<A>) {
    super("header", options);
  }

  authenticate(request: Request): Value<string, A> {
    return this.check(request.headers.get(this.keyName));
  }
}

/** FastAPI's `APIKeyCookie`: the key from a cookie. */
export class APIKeyCookie<A extends boolean = true> extends APIKeyBase<A> {
  constructor(options: APIKeyOptions<A>) {
    super("cookie", options);
  }

  authenticate(request: Request): Value<string, A> {
    return this.check(request.cookies[this.keyName]);
  }
}

// --- HTTP authentication -------------------------------------------------------------------------------------------

/** FastAPI's `HTTPBasicCredentials`. */
export interface HTTPBasicCredentials {
  username: string;
  password: string;
}

/** FastAPI's `HTTPAuthorizationCredentials`: the scheme and the rest of the Authorization header. */
export interface HTTPAuthorizationCredentials {
  scheme: string;
  credentials: string;
}

/** Python's `str.title()` of a scheme name, as FastAPI writes the challenge ("bearer" -> "Bearer"). */
function pythonTitle(text: string): string {
  return text.replace(/[A-Za-z]+/g, (word) => word.charAt(0).toUpperCase() + word.slice(1).toLowerCase());
}

/** FastAPI's `HTTPBase`: any scheme of the Authorization header. */
export class HTTPBase<A extends boolean = true> extends SecurityBase<Value<HTTPAuthorizationCredentials, A>> {
  constructor(options: SecuritySchemeOptions<A> & { scheme: string }) {
    const common = checkOptions(new.target.name, { scheme: z.string() }, options);
    super(withDescription({ type: "http", scheme: options.scheme }, options.description), common);
  }

  makeAuthenticateHeaders(): Record<string, string> {
    return { "WWW-Authenticate": pythonTitle(this.model["scheme"] as string) };
  }

  protected fail(): Value<HTTPAuthorizationCredentials, A> {
    if (this.autoError) throw this.makeNotAuthenticatedError();
    return null as Value<HTTPAuthorizationCredentials, A>;
  }

  authenticate(request: Request): Value<HTTPAuthorizationCredentials, A> {
    const authorization = request.headers.get("authorization");
    const [scheme, credentials] = getAuthorizationSchemeParam(authorization);
    if (!(authorization && scheme && credentials)) return this.fail();
    return { scheme, credentials };
  }
}

/** FastAPI's `HTTPBearer`: `Authorization: Bearer <token>`. */
export class HTTPBearer<A extends boolean = true> extends HTTPBase<A> {
  constructor(options: SecuritySchemeOptions<A> & { bearerFormat?: string | null } = {}) {
    super({ ...checkOptions(new.target.name, { bearerFormat: z.string().nullable().optional() }, options), scheme: "bearer" });
    if (options.bearerFormat) this.model["bearerFormat"] = options.bearerFormat;
  }

  override authenticate(request: Request): Value<HTTPAuthorizationCredentials, A> {
    const value = super.authenticate(request);
    if (value === null || value.scheme.toLowerCase() === "bearer") return value;
    return this.fail();
  }
}

/** FastAPI's `HTTPDigest`: only checks the scheme; the digest itself is the application's to verify. */
export class HTTPDigest<A extends boolean = true> extends HTTPBase<A> {
  constructor(options: SecuritySchemeOptions<A> = {}) {
    super({ ...checkOptions(new.target.name, {}, options), scheme: "digest" });
  }

  override authenticate(request: Request): Value<HTTPAuthorizationCredentials, A> {
    const value = super.authenticate(request);
    if (value === null || value.scheme.toLowerCase() === "digest") return value;
    return this.fail();
  }
}

/** FastAPI's `HTTPBasic`: `Authorization: Basic base64(username:password)`. */
export class HTTPBasic<A extends boolean = true> extends SecurityBase<Value<HTTPBasicCredentials, A>> {
  readonly realm: string | null;

  constructor(options: SecuritySchemeOptions<A> & { realm?: string | null } = {}) {
    const common = checkOptions(new.target.name, { realm: z.string().nullable().optional() }, options);
    super(withDescription({ type: "http", scheme: "basic" }, options.description), common);
    this.realm = options.realm ?? null;
  }

  makeAuthenticateHeaders(): Record<string, string> {
    return { "WWW-Authenticate": this.realm ? `Basic realm="${this.realm}"` : "Basic" };
  }

  authenticate(request: Request): Value<HTTPBasicCredentials, A> {
    const authorization = request.headers.get("authorization");
    const [scheme, param] = getAuthorizationSchemeParam(authorization);
    if (!authorization || scheme.toLowerCase() !== "basic") {
      if (this.autoError) throw this.makeNotAuthenticatedError();
      return null as Value<HTTPBasicCredentials, A>;
    }
    // Bad base64 or non-ASCII content is a 401 even without autoError, as FastAPI's.
    const data = decodeBase64ASCII(param);
    if (data === null) throw this.makeNotAuthenticatedError();
    const colon = data.indexOf(":");
    if (colon === -1) throw this.makeNotAuthenticatedError();
    return { username: data.slice(0, colon), password: data.slice(colon + 1) };
  }
}

/**
 * Python's `b64decode(param).decode("ascii")`: characters outside the base64 alphabet are dropped, padding must be
 * complete, and the decoded bytes must be ASCII; null when any of that fails.
 */
function decodeBase64ASCII(text: string): string | null {
  const cleaned = text.replace(/[^A-Za-z0-9+/=]/g, "");
  const data = cleaned.replace(/=+$/, "");
  if (data.includes("=") || cleaned.length % 4 !== 0 || data.length % 4 === 1) return null;
  const bytes = Buffer.from(data, "base64");
  for (const byte of bytes) if (byte > 0x7f) return null;
  return bytes.toString("latin1");
}

// --- OAuth2 --------------------------------------------------------------------------------------------------------

/** The URL fields of each OAuth2 flow, in the order of FastAPI's OpenAPI models (OAuthFlows' order too). */
const FLOW_URLS: Record<string, readonly string[]> = {
  implicit: ["authorizationUrl"],
  password: ["tokenUrl"],
  clientCredentials: ["tokenUrl"],
  authorizationCode: ["authorizationUrl", "tokenUrl"],
};

/**
 * OAuth2 flows given as plain objects, written as pydantic's OAuthFlows model dumps them: the known flows in the
 * model's order, each as refreshUrl (when set), scopes, its URLs, then any extra key; unknown flows after.
 */
function flowsModel(flows: Record<string, Record<string, unknown>>): Record<string, unknown> {
  const model: Record<string, unknown> = {};
  for (const [kind, urls] of Object.entries(FLOW_URLS)) {
    const given = flows[kind];
    if (!given) continue;
    const { refreshUrl, scopes, ...rest } = given;
    const own = Object.fromEntries(urls.map((url) => [url, rest[url]]));
    const extra = Object.fromEntries(Object.entries(rest).filter(([key]) => !urls.includes(key)));
    model[kind] = { ...flow(own, refreshUrl as string | null | undefined, scopes as Record<string, string> | undefined), ...extra };
  }
  for (const [kind, given] of Object.entries(flows)) if (!(kind in FLOW_URLS)) model[kind] = given;
  return model;
}

/** FastAPI's `OAuth2`: any flows; the value is the whole Authorization header. */
export class OAuth2<A extends boolean = true> extends SecurityBase<Value<string, A>> {
  constructor(options: SecuritySchemeOptions<A> & { flows?: Record<string, Record<string, unknown>> } = {}) {
    const common = checkOptions(new.target.name, { flows: z.record(z.string(), z.record(z.string(), z.unknown())).optional() }, options);
    super(withDescription({ type: "oauth2", flows: flowsModel(options.flows ?? {}) }, options.description), common);
  }

  makeAuthenticateHeaders(): Record<string, string> {
    return { "WWW-Authenticate": "Bearer" };
  }

  protected fail(): Value<string, A> {
    if (this.autoError) throw this.makeNotAuthenticatedError();
    return null as Value<string, A>;
  }

  authenticate(request: Request): Value<string, A> {
    return request.headers.get("authorization") || this.fail();
  }
}

export interface OAuth2PasswordBearerOptions<A extends boolean> extends SecuritySchemeOptions<A> {
  /** Where the client gets a token (the route using OAuth2PasswordRequestForm), e.g. "token". @default none (required) */
  tokenUrl: string;
  /** Where a token is refreshed. @default none */
  refreshUrl?: string | null;
  /** The scopes a token may carry, name to description. @default {} */
  scopes?: Record<string, string>;
}

function flow(fields: Record<string, unknown>, refreshUrl: string | null | undefined, scopes: Record<string, string> | undefined): Record<string, unknown> {
  // The OpenAPI models' field order: refreshUrl, scopes, then the flow's URLs.
  return { ...(refreshUrl != null ? { refreshUrl } : {}), scopes: scopes ?? {}, ...fields };
}

/** FastAPI's `OAuth2PasswordBearer`: the token of `Authorization: Bearer <token>`, for the password flow. */
export class OAuth2PasswordBearer<A extends boolean = true> extends OAuth2<A> {
  constructor(options: OAuth2PasswordBearerOptions<A>) {
    const flows = { password: flow({ tokenUrl: options.tokenUrl }, options.refreshUrl, options.scopes) };
    const shape = { tokenUrl: z.string(), refreshUrl: z.string().nullable().optional(), scopes: scopesSchema };
    super({ ...checkOptions(new.target.name, shape, options), flows });
  }

  override authenticate(request: Request): Value<string, A> {
    const authorization = request.headers.get("authorization");
    const [scheme, param] = getAuthorizationSchemeParam(authorization);
    if (!authorization || scheme.toLowerCase() !== "bearer") return this.fail();
    return param;
  }
}

/** FastAPI's `OAuth2AuthorizationCodeBearer`: the bearer token, for the authorization code flow. */
export class OAuth2AuthorizationCodeBearer<A extends boolean = true> extends OAuth2<A> {
  constructor(options: OAuth2PasswordBearerOptions<A> & { authorizationUrl: string }) {
    const urls = { authorizationUrl: options.authorizationUrl, tokenUrl: options.tokenUrl };
    const shape = { authorizationUrl: z.string(), tokenUrl: z.string(), refreshUrl: z.string().nullable().optional(), scopes: scopesSchema };
    super({ ...checkOptions(new.target.name, shape, options), flows: { authorizationCode: flow(urls, options.refreshUrl, options.scopes) } });
  }

  override authenticate(request: Request): Value<string, A> {
    const authorization = request.headers.get("authorization");
    const [scheme, param] = getAuthorizationSchemeParam(authorization);
    if (!authorization || scheme.toLowerCase() !== "bearer") return this.fail();
    return param;
  }
}

/** FastAPI's `OpenIdConnect`: the whole Authorization header. */
export class OpenIdConnect<A extends boolean = true> extends OAuth2<A> {
  constructor(options: SecuritySchemeOptions<A> & { openIdConnectUrl: string }) {
    super(checkOptions(new.target.name, { openIdConnectUrl: z.string() }, options));
    (this as { model: Record<string, unknown> }).model = withDescription(
      { type: "openIdConnect", openIdConnectUrl: options.openIdConnectUrl },
      options.description,
    );
  }
}

/** What OAuth2PasswordRequestForm gives: the form's fields, and `scopes` split out of `scope`. */
export interface OAuth2PasswordRequest {
  grant_type: string | null;
  username: string;
  password: string;
  scopes: string[];
  client_id: string | null;
  client_secret: string | null;
}

// OAuth2PasswordRequestForm marks its secrets `format: password` in OpenAPI; FastAPI's Strict variant does not.
const passwordForm = (grantType: z.ZodType<string | null>, secret: { format?: "password" }) =>
  ({
    grant_type: grantType,
    username: z.string(),
    password: z.string().meta(secret),
    scope: z.string().default(""),
    client_id: z.string().nullable().default(null),
    client_secret: z.string().nullable().default(null).meta(secret),
  }) as const;

function toRequest({ form }: { form: { scope: string } & Omit<OAuth2PasswordRequest, "scopes"> }): OAuth2PasswordRequest {
  const { scope, ...rest } = form;
  return { grant_type: rest.grant_type, username: rest.username, password: rest.password, scopes: scope.split(/\s+/).filter(Boolean), client_id: rest.client_id, client_secret: rest.client_secret };
}

/**
 * FastAPI's `OAuth2PasswordRequestForm` (`form_data: OAuth2PasswordRequestForm = Depends()`): a dependency
 * reading `username`, `password`, an optional `grant_type` that must be "password", `scope`, `client_id` and
 * `client_secret` from the form body.
 */
export const OAuth2PasswordRequestForm: Dependency<OAuth2PasswordRequest> = Depends(
  { form: passwordForm(z.string().regex(/^password$/).nullable().default(null), { format: "password" }) },
  toRequest,
);

/** FastAPI's `OAuth2PasswordRequestFormStrict`: `grant_type` is required. */
export const OAuth2PasswordRequestFormStrict: Dependency<OAuth2PasswordRequest> = Depends(
  { form: passwordForm(z.string().regex(/^password$/), {}) },
  toRequest,
);
