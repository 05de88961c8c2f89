/** @module Mirrors starlette/testclient.py (TestClient, _TestClientTransport) with the parts of httpx 0.28's Client, Request, Response, Headers and Cookies that Starlette's tests lean on; in process, no sockets. */

import { AssertionError } from "node:assert";
import * as zlib from "node:zlib";

import { decodeLatin1, decodeUTF8, encodeUTF8, isByteString } from "./bytes.js";
import type {
  ASGIApp,
  ByteString,
  HTTPScope,
  LifespanScope,
  RawHeaders,
  ReceiveMessage,
  Scope,
  ScopeState,
  SendMessage,
  WebSocketScope,
} from "./types.js";
import { boundaryFromContentType, encodeMultipart, type RequestFiles } from "./multipart.js";
import { HTTP_STATUS_PHRASES } from "./status.js";
import { parseQsl, quote, unquote, urlencode, urlsplit } from "./urlparse.js";
import { validateSendMessage } from "./validation.js";
import { WebSocketDisconnect } from "./websockets.js";

// Starlette's testclient imports it from starlette.websockets too; kept importable from here.
export { WebSocketDisconnect };

// ---------------------------------------------------------------------------------------------------------------
// Headers: httpx.Headers, case-insensitive and multi-valued, kept in the order they were given.

/** What can stand for headers: a record, ordered `[name, value]` pairs (duplicates allowed), or ClientHeaders. */
export type HeaderTypes = Readonly<Record<string, string>> | ReadonlyArray<readonly [string, string]> | ClientHeaders;

function headerPairs(init: HeaderTypes | undefined): [string, string][] {
  if (init === undefined) return [];
  if (init instanceof ClientHeaders) return init.raw;
  if (Array.isArray(init)) return (init as ReadonlyArray<readonly [string, string]>).map(([k, v]) => [k, v]);
  return Object.entries(init as Readonly<Record<string, string>>);
}

function checkHeaderByteString(what: string, s: string): ByteString {
  if (typeof s !== "string" || !isByteString(s)) {
    throw new TypeError(`Header ${what} must be a ByteString (every code unit <= 0xFF), got ${JSON.stringify(s)}`);
  }
  return s;
}

/**
 * httpx.Headers: the headers of a TestClient, a request or a TestResponse. Lookup ignores case; `get` joins
 * repeated headers with ", " (httpx), `getList` gives each value; `raw` keeps names as given, in order.
 * Names and values are ByteStrings (latin-1); httpx accepts ASCII only and would raise for the rest.
 */
export class ClientHeaders implements Iterable<string> {
  #list: [ByteString, ByteString][];

  constructor(init?: HeaderTypes) {
    this.#list = headerPairs(init).map(([k, v]) => [checkHeaderByteString("name", k), checkHeaderByteString("value", v)]);
  }

  /** The pairs as given, names in their own case: httpx's `headers.raw` (decoded as latin-1). */
  get raw(): [ByteString, ByteString][] {
    return this.#list.map(([k, v]) => [k, v]);
  }

  /** The distinct lowercased names, in first-seen order. */
  keys(): string[] {
    return [...new Set(this.#list.map(([k]) => k.toLowerCase()))];
  }

  /** One value per distinct name, repeats joined with ", ". */
  values(): string[] {
    return this.keys().map((k) => this.get(k) as string);
  }

  /** `[name, value]` per distinct name, repeats joined with ", " (httpx `items()`). */
  items(): [string, string][] {
    return this.keys().map((k) => [k, this.get(k) as string]);
  }

  /** Every pair with lowercased names, repeats kept (httpx `multi_items()`). */
  multiItems(): [string, string][] {
    return this.#list.map(([k, v]) => [k.toLowerCase(), v]);
  }

  /** The value of `key`, repeats joined with ", "; `undefined` (or `defaultValue`) when absent. */
  get(key: string): string | undefined;
  get<D>(key: string, defaultValue: D): string | D;
  get<D>(key: string, defaultValue?: D): string | D | undefined {
    const values = this.getList(key);
    return values.length === 0 ? defaultValue : values.join(", ");
  }

  /** Every value of `key`; with `splitCommas`, each comma-separated part of each value (httpx `get_list`). */
  getList(key: string, splitCommas = false): string[] {
    const lower = key.toLowerCase();
    const values = this.#list.filter(([k]) => k.toLowerCase() === lower).map(([, v]) => v);
    return splitCommas ? values.flatMap((v) => v.split(",").map((part) => part.trim())) : values;
  }

  has(key: string): boolean {
    const lower = key.toLowerCase();
    return this.#list.some(([k]) => k.toLowerCase() === lower);
  }

  /** Number of distinct names, as `len(headers)` in httpx. */
  get size(): number {
    return this.keys().length;
  }

  /** httpx `headers[key] = value`: the first pair of that name takes the value in place, the others go. */
  set(key: string, value: string): void {
    checkHeaderByteString("name", key);
    checkHeaderByteString("value", value);
    const lower = key.toLowerCase();
    const at = this.#list.findIndex(([k]) => k.toLowerCase() === lower);
    if (at === -1) {
      this.#list.push([key, value]);
      return;
    }
    this.#list = this.#list.filter(([k], i) => i === at || k.toLowerCase() !== lower);
    this.#list[at] = [key, value];
  }

  /** httpx `headers.setdefault(key, value)`: append only when absent. */
  setdefault(key: string, value: string): string {
    const existing = this.get(key);
    if (existing !== undefined) return existing;
    this.set(key, value);
    return value;
  }

  /** httpx `headers.pop(key)` / `del headers[key]`: remove every pair of that name. */
  delete(key: string): void {
    const lower = key.toLowerCase();
    this.#list = this.#list.filter(([k]) => k.toLowerCase() !== lower);
  }

  /** httpx `headers.update(other)`: names in `other` are removed here, then `other`'s pairs are appended. */
  update(other: HeaderTypes): void {
    const incoming = new ClientHeaders(other);
    for (const key of incoming.keys()) this.delete(key);
    this.#list.push(...incoming.raw);
  }

  [Symbol.iterator](): Iterator<string> {
    return this.keys()[Symbol.iterator]();
  }

  toString(): string {
    return `Headers(${JSON.stringify(this.multiItems())})`;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// URLs: the parts of httpx.URL the client needs, quoted as httpx quotes them.

const DEFAULT_PORTS: Readonly<Record<string, number>> = { http: 80, ws: 80, https: 443, wss: 443 };

function printable(exclude: number[]): string {
  let out = "";
  for (let i = 0x20; i < 0x7f; i++) if (!exclude.includes(i)) out += String.fromCharCode(i);
  return out;
}
// httpx/_urlparse.py: the WHATWG query and path percent-encode sets.
const QUERY_SAFE = printable([0x20, 0x22, 0x23, 0x3c, 0x3e]);
const PATH_SAFE = printable([0x20, 0x22, 0x23, 0x3c, 0x3e, 0x3f, 0x60, 0x7b, 0x7d]);

/** httpx's `quote`: percent-encode what is not `safe`, leaving existing %XX escapes as they are. */
function quoteKeepingEscapes(s: string, safe: string): string {
  return s
    .split(/(%[0-9A-Fa-f]{2})/)
    .map((part, i) => (i % 2 === 1 ? part : quote(part, safe)))
    .join("");
}

/** A parsed, quoted URL. `host` has no brackets; `port` is null when absent or the scheme's default. */
interface ClientURL {
  scheme: string;
  host: string;
  port: number | null;
  /** The percent-encoded path, "/" at least when there is a host. */
  path: ByteString;
  /** The percent-encoded query, without "?". */
  query: ByteString;
  fragment: string;
}

function parseURL(input: string): ClientURL {
  const parts = urlsplit(input);
  const scheme = parts.scheme;
  const host = parts.hostname ?? "";
  let port = parts.port;
  if (port !== null && port === DEFAULT_PORTS[scheme]) port = null;
  let path = quoteKeepingEscapes(parts.path, PATH_SAFE);
  if (path === "" && host !== "") path = "/";
  if (path.startsWith("/")) path = removeDotSegments(path);
  return { scheme, host, port, path, query: quoteKeepingEscapes(parts.query, QUERY_SAFE), fragment: parts.fragment };
}

function netloc(url: ClientURL): string {
  const host = url.host.includes(":") ? `[${url.host}]` : url.host;
  return url.port === null ? host : `${host}:${url.port}`;
}

function urlToString(url: ClientURL): string {
  const query = url.query === "" ? "" : `?${url.query}`;
  const fragment = url.fragment === "" ? "" : `#${url.fragment}`;
  return `${url.scheme}://${netloc(url)}${url.path}${query}${fragment}`;
}

function portOrDefault(url: ClientURL): number | undefined {
  return url.port ?? DEFAULT_PORTS[url.scheme];
}

function sameOrigin(a: ClientURL, b: ClientURL): boolean {
  return a.scheme === b.scheme && a.host === b.host && portOrDefault(a) === portOrDefault(b);
}

/** RFC 3986 5.2.4: resolve "." and ".." segments. */
function removeDotSegments(path: string): string {
  const out: string[] = [];
  const segments = path.split("/");
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i] as string;
    const last = i === segments.length - 1;
    if (segment === ".") {
      if (last) out.push("");
    } else if (segment === "..") {
      if (out.length > 1) out.pop();
      if (last) out.push("");
    } else {
      out.push(segment);
    }
  }
  return out.join("/");
}

/** httpx `URL.join`: resolve a Location header against the URL that was requested (RFC 3986 5.2). */
function joinURL(base: ClientURL, reference: string): ClientURL {
  const ref = parseURL(reference);
  if (urlsplit(reference).scheme !== "") return ref.host === "" ? { ...ref, host: base.host, port: base.port } : ref;
  if (reference.startsWith("//")) return parseURL(`${base.scheme}:${reference}`);
  if (ref.path === "") {
    return { ...base, query: reference.includes("?") ? ref.query : base.query, fragment: ref.fragment };
  }
  const path = ref.path.startsWith("/") ? ref.path : `${base.path.slice(0, base.path.lastIndexOf("/") + 1)}${ref.path}`;
  return { ...base, path: removeDotSegments(path), query: ref.query, fragment: ref.fragment };
}

// ---------------------------------------------------------------------------------------------------------------
// Request bodies and query strings, encoded as httpx encodes them.

/** A value httpx turns into text: `true`/`false` as JSON spells them, null as "". */
export type PrimitiveData = string | number | boolean | null;
/** `params=`: a record (arrays repeat a key), ordered pairs, or a ready query string. */
export type QueryParamTypes =
  | Readonly<Record<string, PrimitiveData | readonly PrimitiveData[]>>
  | ReadonlyArray<readonly [string, PrimitiveData]>
  | string;
/** `data=`: form fields, urlencoded; an array repeats the field. */
export type RequestData = Readonly<Record<string, PrimitiveData | readonly PrimitiveData[]>>;

function primitiveValueToStr(value: PrimitiveData): string {
  if (value === true) return "true";
  if (value === false) return "false";
  if (value === null) return "";
  return String(value);
}

function flatPairs(init: Exclude<QueryParamTypes, string>): [string, string][] {
  if (Array.isArray(init)) {
    return (init as ReadonlyArray<readonly [string, PrimitiveData]>).map(([k, v]) => [k, primitiveValueToStr(v)]);
  }
  const pairs: [string, string][] = [];
  for (const [key, value] of Object.entries(init as RequestData)) {
    const values = Array.isArray(value) ? (value as readonly PrimitiveData[]) : [value as PrimitiveData];
    for (const v of values) pairs.push([key, primitiveValueToStr(v)]);
  }
  return pairs;
}

/** httpx.QueryParams: values grouped under their key's first appearance (`a=1&b=2&a=3` is sent `a=1&a=3&b=2`). */
function queryParamPairs(init: QueryParamTypes): [string, string][] {
  const pairs = typeof init === "string" ? parseQsl(init, { keepBlankValues: true }) : flatPairs(init);
  const grouped = new Map<string, string[]>();
  for (const [key, value] of pairs) {
    const values = grouped.get(key);
    if (values === undefined) grouped.set(key, [value]);
    else values.push(value);
  }
  return [...grouped].flatMap(([key, values]) => values.map((v): [string, string] => [key, v]));
}

/** Python's `json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)`, as httpx sends `json=`. */
function jsonDumps(value: unknown): string {
  const text = JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === "number" && !Number.isFinite(v)) {
      throw new RangeError(`Out of range float values are not JSON compliant: ${String(v)}`);
    }
    return v;
  });
  if (text === undefined) throw new TypeError(`Object of type ${typeof value} is not JSON serializable`);
  return text;
}

interface EncodedBody {
  headers: [string, string][];
  body: Uint8Array;
}

function encodeRequest(options: RequestOptions, boundary: string | null): EncodedBody {
  const { content, data, json, files } = options;
  if (content !== undefined && content !== null) {
    const body = typeof content === "string" ? encodeUTF8(content) : content;
    return { headers: body.length > 0 ? [["Content-Length", String(body.length)]] : [], body };
  }
  if (files !== undefined && files !== null && (Array.isArray(files) ? files.length : Object.keys(files).length) > 0) {
    const { contentType, body } = encodeMultipart(data ?? {}, files, boundary);
    return { headers: [["Content-Length", String(body.length)], ["Content-Type", contentType]], body };
  }
  if (data !== undefined && data !== null && Object.keys(data).length > 0) {
    const body = encodeUTF8(urlencode(flatPairs(data)));
    const headers: [string, string][] = [
      ["Content-Length", String(body.length)],
      ["Content-Type", "application/x-www-form-urlencoded"],
    ];
    return { headers, body };
  }
  if (json !== undefined && json !== null) {
    const body = encodeUTF8(jsonDumps(json));
    return { headers: [["Content-Length", String(body.length)], ["Content-Type", "application/json"]], body };
  }
  return { headers: [], body: new Uint8Array(0) };
}

// ---------------------------------------------------------------------------------------------------------------
// Cookies: the parts of http.cookiejar's DefaultCookiePolicy that httpx's Cookies applies.

interface StoredCookie {
  name: string;
  value: string;
  /** With a leading "." when the Set-Cookie header named a domain; "" for cookies set by hand. */
  domain: string;
  path: string;
  secure: boolean;
  /** Milliseconds since the epoch, or null for a session cookie. */
  expires: number | null;
}

/** http.cookiejar's effective request-host: a name without a dot gets ".local" (RFC 2965). */
function effectiveHost(host: string): string {
  return host.includes(".") ? host : `${host}.local`;
}

/** http.cookiejar `DefaultCookiePolicy.set_ok_domain` for a Netscape cookie that names its domain. */
function domainOkToSet(domain: string, host: string): boolean {
  const erhn = effectiveHost(host.toLowerCase());
  const undotted = domain.startsWith(".") ? domain.slice(1) : domain;
  if (!undotted.includes(".") && !erhn.endsWith(".local")) return false;
  return erhn.endsWith(domain) || erhn.endsWith(`${undotted}.local`) || `.${erhn}`.endsWith(domain);
}

/** http.cookiejar `return_ok_domain` + `path_return_ok` + secure/expiry checks: may `cookie` go with a request? */
function cookieMatches(cookie: StoredCookie, url: ClientURL, now: number): boolean {
  if (cookie.secure && url.scheme !== "https") return false;
  if (cookie.expires !== null && cookie.expires <= now) return false;
  const dotdomain = cookie.domain !== "" && !cookie.domain.startsWith(".") ? `.${cookie.domain}` : cookie.domain;
  if (!`.${effectiveHost(url.host)}`.endsWith(dotdomain)) return false;
  const path = url.path;
  return (
    path === cookie.path ||
    (path.startsWith(cookie.path) && (cookie.path.endsWith("/") || path[cookie.path.length] === "/"))
  );
}

function parseSetCookie(header: string, url: ClientURL, now: number): StoredCookie | "delete" | null {
  const [pair = "", ...attributes] = header.split(";");
  const eq = pair.indexOf("=");
  if (eq === -1) return null;
  const requestDir = url.path.slice(0, url.path.lastIndexOf("/")) || "/";
  const cookie: StoredCookie = {
    name: pair.slice(0, eq).trim(),
    value: pair.slice(eq + 1).trim(),
    domain: effectiveHost(url.host),
    path: requestDir,
    secure: false,
    expires: null,
  };
  let maxAge: number | null = null;
  let domainSpecified = false;
  for (const attribute of attributes) {
    const at = attribute.indexOf("=");
    const key = (at === -1 ? attribute : attribute.slice(0, at)).trim().toLowerCase();
    const value = at === -1 ? "" : attribute.slice(at + 1).trim();
    if (key === "domain" && value !== "") {
      domainSpecified = true;
      cookie.domain = value.startsWith(".") ? value.toLowerCase() : `.${value.toLowerCase()}`;
    } else if (key === "path" && value.startsWith("/")) cookie.path = value;
    else if (key === "secure") cookie.secure = true;
    else if (key === "max-age" && /^-?\d+$/.test(value)) maxAge = Number(value);
    else if (key === "expires" && maxAge === null && !Number.isNaN(Date.parse(value))) cookie.expires = Date.parse(value);
  }
  if (maxAge !== null) cookie.expires = now + maxAge * 1000;
  if (domainSpecified && !domainOkToSet(cookie.domain, url.host)) return null;
  if (cookie.expires !== null && cookie.expires <= now) return "delete";
  return cookie;
}

/**
 * httpx.Cookies over http.cookiejar: the TestClient's cookie jar. Cookies that responses set are kept and sent
 * back where their domain and path match, as a browser would; `set` adds one by hand (sent everywhere).
 */
export class CookieJar {
  #cookies: StoredCookie[] = [];

  constructor(init?: Readonly<Record<string, string>>) {
    for (const [name, value] of Object.entries(init ?? {})) this.set(name, value);
  }

  /** httpx `cookies.set(name, value, domain="", path="/")`. */
  set(name: string, value: string, options: { domain?: string; path?: string } = {}): void {
    this.store({ name, value, domain: options.domain ?? "", path: options.path ?? "/", secure: false, expires: null });
  }

  /** The value of the first cookie called `name`. */
  get(name: string): string | undefined {
    return this.#cookies.find((c) => c.name === name)?.value;
  }

  delete(name: string): void {
    this.#cookies = this.#cookies.filter((c) => c.name !== name);
  }

  clear(): void {
    this.#cookies = [];
  }

  get size(): number {
    return this.#cookies.length;
  }

  /** `{name: value}` of every cookie (the last of a name wins). */
  toRecord(): Record<string, string> {
    return Object.fromEntries(this.#cookies.map((c) => [c.name, c.value]));
  }

  /** A copy with the same cookies, for one request's extra `cookies=`. */
  copy(): CookieJar {
    const jar = new CookieJar();
    jar.#cookies = this.#cookies.map((c) => ({ ...c }));
    return jar;
  }

  /** The Cookie header for a request to `url`, longest path first (http.cookiejar), or null when none match. */
  cookieHeader(url: ClientURL): string | null {
    const now = Date.now();
    const matching = this.#cookies.filter((c) => cookieMatches(c, url, now));
    if (matching.length === 0) return null;
    matching.sort((a, b) => b.path.length - a.path.length);
    return matching.map((c) => `${c.name}=${c.value}`).join("; ");
  }

  /** http.cookiejar `extract_cookies`: apply every Set-Cookie of a response; returns the cookies it kept. */
  extract(setCookies: string[], url: ClientURL): Record<string, string> {
    const now = Date.now();
    const kept: Record<string, string> = {};
    for (const header of setCookies) {
      const parsed = parseSetCookie(header, url, now);
      if (parsed === null) continue;
      if (parsed === "delete") {
        const name = header.slice(0, header.indexOf("=")).trim();
        this.#cookies = this.#cookies.filter((c) => c.name !== name);
        continue;
      }
      this.store(parsed);
      kept[parsed.name] = parsed.value;
    }
    return kept;
  }

  /**
   * http.cookiejar keeps `{domain: {path: {name: cookie}}}`, and its Cookie header follows that order (then
   * longest path first): a new cookie goes after the last one of its domain and path, else of its domain.
   */
  private store(cookie: StoredCookie): void {
    const cookies = this.#cookies;
    const same = cookies.findIndex((c) => c.name === cookie.name && c.domain === cookie.domain && c.path === cookie.path);
    if (same !== -1) {
      cookies[same] = cookie;
      return;
    }
    let at = cookies.findLastIndex((c) => c.domain === cookie.domain && c.path === cookie.path);
    if (at === -1) at = cookies.findLastIndex((c) => c.domain === cookie.domain);
    if (at === -1) cookies.push(cookie);
    else cookies.splice(at + 1, 0, cookie);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Requests and responses.

/** Options of one request: httpx's keyword arguments. */
export interface RequestOptions {
  /** Extra headers; a record, or ordered pairs to send duplicates or keep a name's case. @default none */
  headers?: HeaderTypes | undefined;
  /** Query parameters; when given they replace the URL's own query, as httpx 0.28 does. @default none */
  params?: QueryParamTypes | undefined;
  /** A body sent as JSON (`application/json`); null or undefined sends none, as httpx's `json=None`. @default none */
  json?: unknown;
  /** A raw body: a string is sent as UTF-8. Wins over `data` and `json`. @default none */
  content?: string | Uint8Array | null | undefined;
  /** Form fields sent urlencoded (`application/x-www-form-urlencoded`); wins over `json`. @default none */
  data?: RequestData | null | undefined;
  /** Files: with them the body is `multipart/form-data` holding `data` and the files, as httpx's `files=`. @default none */
  files?: RequestFiles | null | undefined;
  /** Cookies for this request only, on top of the client's jar. @default none */
  cookies?: Readonly<Record<string, string>> | undefined;
  /** Follow 301/302/303/307/308 with a Location header. @default the client's `followRedirects` */
  followRedirects?: boolean | undefined;
}

/** The request a TestResponse answers (httpx.Request). */
export interface TestRequest {
  method: string;
  url: string;
  headers: ClientHeaders;
  content: Uint8Array;
}

interface PreparedRequest {
  method: string;
  url: ClientURL;
  headers: ClientHeaders;
  body: Uint8Array;
}

// httpx.codes copies http.HTTPStatus's phrases but spells 418 as RFC 2324 does; an unknown code gets "".
const HTTPX_PHRASE_SPELLINGS: ReadonlyMap<number, string> = new Map([[418, "I'm a teapot"]]);

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

function charsetOf(contentType: string | undefined): string | null {
  const match = contentType === undefined ? null : /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType);
  return match?.[1]?.toLowerCase() ?? null;
}

function decodeText(content: Uint8Array, charset: string | null): string {
  if (charset === null || charset === "utf-8" || charset === "utf8") return decodeUTF8(content);
  if (charset === "latin-1" || charset === "latin1" || charset === "iso-8859-1") return decodeLatin1(content);
  try {
    return new TextDecoder(charset).decode(content);
  } catch {
    return decodeUTF8(content);
  }
}

/** httpx.DecodingError: a body that does not decode as its Content-Encoding says. */
export class DecodingError extends Error {
  override name = "DecodingError";
}

/**
 * The body as httpx hands it out: each `gzip` or `deflate` of Content-Encoding undone, last first (other codings,
 * `identity` and `br` without brotli, left as they are). A body cut short gives what was decoded, as zlib's
 * decompress objects do; a body that is not in the coding throws DecodingError.
 */
function decodeContent(content: Uint8Array, encodings: readonly string[]): Uint8Array {
  const codings = encodings.flatMap((value) => value.split(",")).map((value) => value.trim().toLowerCase());
  let body = content;
  for (const coding of codings.reverse()) {
    if (body.length === 0) break;
    const flush = { finishFlush: zlib.constants.Z_SYNC_FLUSH };
    try {
      if (coding === "gzip") body = zlib.gunzipSync(body, flush);
      else if (coding === "deflate") body = inflateEitherWay(body, flush);
    } catch (error) {
      throw new DecodingError((error as Error).message, { cause: error });
    }
  }
  return body;
}

/** httpx's DeflateDecoder: zlib-wrapped first, raw deflate when that fails. */
function inflateEitherWay(body: Uint8Array, options: zlib.ZlibOptions): Uint8Array {
  try {
    return zlib.inflateSync(body, options);
  } catch {
    return zlib.inflateRawSync(body, options);
  }
}

/** What the app sent back, read as httpx.Response reads it. */
export class TestResponse {
  /** Status code (httpx `status_code`). */
  readonly status: number;
  /** Every header the app sent, case-insensitive and multi-valued. */
  readonly headers: ClientHeaders;
  /** The `http.response.start` headers exactly as sent: names in the app's case, in order, duplicates kept. */
  readonly rawHeaders: RawHeaders;
  /** The body bytes (empty for HEAD, as the transport drops them). */
  readonly content: Uint8Array;
  /** Every message the app passed to `send()`, in order, as the objects it sent. */
  readonly messages: readonly SendMessage[];
  /** `"http.response.trailers"` (when the start message declared trailers), `"http.response.debug"` (when sent). */
  readonly extensions: Record<string, unknown>;
  /** The request this answers. */
  readonly request: TestRequest;
  /** The redirect responses followed to get here, first first (httpx `history`). */
  history: TestResponse[] = [];
  /** The cookies this response set that the jar kept, `{name: value}`. */
  cookies: Record<string, string> = {};
  #text: string | undefined;

  constructor(init: {
    status: number;
    rawHeaders: RawHeaders;
    content: Uint8Array;
    messages: SendMessage[];
    extensions: Record<string, unknown>;
    request: TestRequest;
  }) {
    this.status = init.status;
    this.rawHeaders = init.rawHeaders;
    this.headers = new ClientHeaders(init.rawHeaders);
    this.content = decodeContent(init.content, this.headers.getList("content-encoding"));
    this.messages = init.messages;
    this.extensions = init.extensions;
    this.request = init.request;
  }

  /** Alias of `status`, spelled as httpx's `status_code`. */
  get statusCode(): number {
    return this.status;
  }

  /** httpx `reason_phrase`: the phrase httpx.codes has for the status, else "". */
  get reasonPhrase(): string {
    return HTTPX_PHRASE_SPELLINGS.get(this.status) ?? HTTP_STATUS_PHRASES.get(this.status) ?? "";
  }

  /** The final URL, after redirects. */
  get url(): string {
    return this.request.url;
  }

  /** The body decoded with the Content-Type charset, else UTF-8; bad bytes become U+FFFD (httpx `text`). */
  get text(): string {
    this.#text ??= decodeText(this.content, charsetOf(this.headers.get("content-type")));
    return this.#text;
  }

  /** The body parsed as JSON (a UTF-8 BOM is skipped, as Python's json.loads on bytes does). */
  json(): unknown {
    const text = decodeUTF8(this.content);
    return JSON.parse(text.startsWith("\ufeff") ? text.slice(1) : text);
  }

  /** True for 301/302/303/307/308 with a Location header (httpx `has_redirect_location`). */
  get hasRedirectLocation(): boolean {
    return REDIRECT_STATUSES.has(this.status) && this.headers.has("location");
  }

  /** Starlette's `response.template`, from the `http.response.debug` info. */
  get template(): unknown {
    return (this.extensions["http.response.debug"] as Record<string, unknown> | undefined)?.["template"];
  }

  /** Starlette's `response.context`, from the `http.response.debug` info. */
  get context(): unknown {
    return (this.extensions["http.response.debug"] as Record<string, unknown> | undefined)?.["context"];
  }
}

/** httpx.TooManyRedirects: more than 20 redirects were followed. */
export class TooManyRedirects extends Error {
  override name = "TooManyRedirects";
}

// ---------------------------------------------------------------------------------------------------------------
// The transport: one request through the app (Starlette's _TestClientTransport.handle_request).

interface Deferred {
  promise: Promise<void>;
  resolve: () => void;
  isSet: boolean;
}

function deferred(): Deferred {
  let resolve: () => void = () => {};
  const promise = new Promise<void>((r) => (resolve = r));
  const d: Deferred = {
    promise,
    isSet: false,
    resolve: () => {
      d.isSet = true;
      resolve();
    },
  };
  return d;
}

/** Python's `assert condition, text`: the transport's checks raise AssertionError with Starlette's texts. */
function check(condition: boolean, message: string): asserts condition {
  if (!condition) throw new AssertionError({ message });
}

/** The state of one response while the app sends it, with Starlette's order checks. */
class ResponseCollector {
  status: number | null = null;
  rawHeaders: RawHeaders = [];
  readonly chunks: Uint8Array[] = [];
  readonly messages: SendMessage[] = [];
  readonly complete = deferred();
  bodyComplete = false;
  trailersExpected = false;
  readonly trailers: RawHeaders = [];
  debugInfo: unknown = undefined;

  constructor(private readonly method: string) {}

  get started(): boolean {
    return this.status !== null;
  }

  readonly send = async (message: SendMessage): Promise<void> => {
    if ((message as { type?: unknown } | null)?.type === "http.response.debug") {
      // Starlette's own extension, declared in the scope: templates hand their name and context to tests.
      this.messages.push(message);
      this.debugInfo = (message as unknown as { info: unknown }).info;
      return;
    }
    validateSendMessage("http", message);
    this.messages.push(message);
    if (message.type === "http.response.start") {
      check(!this.started, 'Received multiple "http.response.start" messages.');
      this.status = message.status;
      this.rawHeaders = message.headers ?? [];
      this.trailersExpected = message.trailers ?? false;
    } else if (message.type === "http.response.body") {
      check(this.started, 'Received "http.response.body" without "http.response.start".');
      check(!this.complete.isSet, 'Received "http.response.body" after response completed.');
      check(!this.bodyComplete, 'Received "http.response.body" after body completed.');
      if (this.method !== "HEAD" && message.body !== undefined) this.chunks.push(message.body);
      if (!(message.more_body ?? false)) {
        this.bodyComplete = true;
        if (!this.trailersExpected) this.complete.resolve();
      }
    } else if (message.type === "http.response.trailers") {
      check(this.trailersExpected, 'Received "http.response.trailers" without declaring trailers.');
      check(this.bodyComplete, 'Received "http.response.trailers" before body completed.');
      check(!this.complete.isSet, 'Received "http.response.trailers" after response completed.');
      this.trailers.push(...(message.headers ?? []));
      if (!(message.more_trailers ?? false)) this.complete.resolve();
    }
    // http.response.pathsend is not declared in the scope's extensions; Starlette's transport ignores it too.
  };

  content(): Uint8Array {
    if (this.chunks.length === 1) return this.chunks[0] as Uint8Array;
    const total = this.chunks.reduce((n, c) => n + c.length, 0);
    const out = new Uint8Array(total);
    let offset = 0;
    for (const chunk of this.chunks) {
      out.set(chunk, offset);
      offset += chunk.length;
    }
    return out;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Lifespan: a one-way message queue each side.

class Channel<T> {
  #items: T[] = [];
  #waiters: ((item: T) => void)[] = [];

  put(item: T): void {
    const waiter = this.#waiters.shift();
    if (waiter !== undefined) waiter(item);
    else this.#items.push(item);
  }

  get(): Promise<T> {
    if (this.#items.length > 0) return Promise.resolve(this.#items.shift() as T);
    return new Promise<T>((resolve) => this.#waiters.push(resolve));
  }
}

interface Lifespan {
  toApp: Channel<ReceiveMessage>;
  /** null once the app's lifespan call has returned or thrown. */
  fromApp: Channel<SendMessage | null>;
  task: Promise<void>;
}

// ---------------------------------------------------------------------------------------------------------------
// WebSockets: Starlette's WebSocketTestSession, over the same one-way queues.

/**
 * Starlette's `WebSocketDenialResponse`: the app answered the handshake with an HTTP response
 * (`websocket.http.response.start` + body) instead of accepting. Python's is an httpx.Response too; here the
 * response is `response`, with its status, headers and body.
 */
export class WebSocketDenialResponse extends WebSocketDisconnect {
  override name = "WebSocketDenialResponse";

  constructor(readonly response: TestResponse) {
    super(1000, null);
  }

  get status(): number {
    return this.response.status;
  }

  get content(): Uint8Array {
    return this.response.content;
  }

  get text(): string {
    return this.response.text;
  }
}

/** Options of `client.websocketConnect(url, options)`. */
export interface WebSocketConnectOptions {
  /** Offered in `sec-websocket-protocol` and the scope's `subprotocols`. @default none */
  subprotocols?: readonly string[] | undefined;
  /** Extra handshake headers. @default none */
  headers?: HeaderTypes | undefined;
  /** Query parameters, as for HTTP requests. @default none */
  params?: QueryParamTypes | undefined;
  /** Cookies for this handshake only. @default none */
  cookies?: Readonly<Record<string, string>> | undefined;
}

/**
 * Starlette's `WebSocketTestSession`: the app runs in the background; `send*` queue what the client says,
 * `receive*` wait for what the app says. Got from `await client.websocketConnect(url)`, already accepted;
 * `await using` (or `await session.exit()`) sends `websocket.disconnect` (1000) at the end of the block.
 */
export class WebSocketTestSession {
  /** The `subprotocol` of the app's `websocket.accept`. */
  acceptedSubprotocol: string | null = null;
  /** The `headers` of the app's `websocket.accept`. */
  extraHeaders: RawHeaders | null = null;
  readonly #toApp = new Channel<ReceiveMessage>();
  readonly #fromApp = new Channel<SendMessage | null>();
  #failure: { error: unknown } | null = null;

  constructor(
    readonly app: ASGIApp,
    readonly scope: WebSocketScope,
  ) {
    const send = async (message: SendMessage): Promise<void> => {
      validateSendMessage("websocket", message);
      this.#fromApp.put(message);
    };
    void (async () => {
      try {
        await app(scope, () => this.#toApp.get(), send);
      } catch (error) {
        this.#failure = { error };
      }
      this.#fromApp.put(null);
    })();
  }

  /** Starlette's `__enter__`: send `websocket.connect`, wait for the accept; a close or a denial throws. */
  async enter(): Promise<this> {
    this.send({ type: "websocket.connect" });
    const message = await this.receive();
    await this.raiseOnClose(message);
    const accept = message as { subprotocol?: string | null; headers?: RawHeaders };
    this.acceptedSubprotocol = accept.subprotocol ?? null;
    this.extraHeaders = accept.headers ?? null;
    return this;
  }

  /** Starlette's `__exit__`: send `websocket.disconnect` (1000); rethrow what the app threw, if it did. */
  async exit(): Promise<void> {
    this.close(1000);
    // Python cancels the app here; a JS promise cannot be cancelled, so the app gets one turn to finish.
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (this.#failure !== null) throw this.#failure.error;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.exit();
  }

  private async raiseOnClose(message: SendMessage): Promise<void> {
    if (message.type === "websocket.close") {
      throw new WebSocketDisconnect(message.code ?? 1000, message.reason ?? "");
    }
    if (message.type !== "websocket.http.response.start") return;
    const chunks: Uint8Array[] = [];
    for (;;) {
      const next = await this.receive();
      check(next.type === "websocket.http.response.body", `Expected "websocket.http.response.body", got ${JSON.stringify(next.type)}.`);
      if (next.body !== undefined) chunks.push(next.body);
      if (!(next.more_body ?? false)) break;
    }
    const collector = new ResponseCollector("GET");
    collector.chunks.push(...chunks);
    throw new WebSocketDenialResponse(
      new TestResponse({
        status: message.status,
        rawHeaders: message.headers ?? [],
        content: collector.content(),
        messages: [message],
        extensions: {},
        request: { method: "GET", url: "", headers: new ClientHeaders(), content: new Uint8Array(0) },
      }),
    );
  }

  /** Queue a raw message for the app's `receive()`. */
  send(message: ReceiveMessage): void {
    this.#toApp.put(message);
  }

  sendText(data: string): void {
    this.send({ type: "websocket.receive", text: data });
  }

  sendBytes(data: Uint8Array): void {
    this.send({ type: "websocket.receive", bytes: data });
  }

  /** `json.dumps(data, separators=(",", ":"), ensure_ascii=False)` as text, or as UTF-8 bytes with mode "binary". */
  sendJson(data: unknown, mode: "text" | "binary" = "text"): void {
    const text = jsonDumps(data);
    if (mode === "text") this.sendText(text);
    else this.sendBytes(encodeUTF8(text));
  }

  /** Send `websocket.disconnect` with `code` and `reason`. */
  close(code = 1000, reason: string | null = null): void {
    this.send({ type: "websocket.disconnect", code, reason });
  }

  /** The app's next message. Throws what the app threw, or an Error once it has returned with nothing left. */
  async receive(): Promise<SendMessage> {
    const message = await this.#fromApp.get();
    if (message !== null) return message;
    this.#fromApp.put(null);
    if (this.#failure !== null) throw this.#failure.error;
    throw new Error("The app returned without sending another WebSocket message.");
  }

  async receiveText(): Promise<string> {
    const message = await this.receive();
    await this.raiseOnClose(message);
    return (message as { text?: string | null }).text as string;
  }

  async receiveBytes(): Promise<Uint8Array> {
    const message = await this.receive();
    await this.raiseOnClose(message);
    return (message as { bytes?: Uint8Array | null }).bytes as Uint8Array;
  }

  async receiveJson(mode: "text" | "binary" = "text"): Promise<unknown> {
    const message = (await this.receive()) as { text?: string | null; bytes?: Uint8Array | null; type: string };
    await this.raiseOnClose(message as SendMessage);
    return JSON.parse(mode === "text" ? (message.text as string) : decodeUTF8(message.bytes as Uint8Array));
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The client.

/** Options of `new TestClient(app, options)`: Starlette's TestClient keyword arguments. */
export interface TestClientOptions {
  /** Where relative URLs point; its path prefixes every request path. @default "http://testserver" */
  baseUrl?: string;
  /** Rethrow what the app throws (and the transport's assertions); false answers 500 if nothing started. @default true */
  raiseServerExceptions?: boolean;
  /** The scope's `root_path`. @default "" */
  rootPath?: string;
  /** Headers sent with every request; `user-agent` defaults to "testclient". @default {} */
  headers?: Readonly<Record<string, string>>;
  /** Cookies for the client's jar. @default {} */
  cookies?: Readonly<Record<string, string>>;
  /** Follow redirects (301/302/303/307/308 with a Location header). @default true */
  followRedirects?: boolean;
  /** The scope's `client` address. @default ["testclient", 50000] */
  client?: [host: string, port: number];
}

// httpx.Client's default headers, in its order; "user-agent: testclient" then replaces httpx's own.
const HTTPX_DEFAULT_HEADERS: [string, string][] = [
  ["Accept", "*/*"],
  ["Accept-Encoding", "gzip, deflate"],
  ["Connection", "keep-alive"],
  ["User-Agent", "python-httpx/0.28.1"],
];

const MAX_REDIRECTS = 20;

/**
 * Starlette's TestClient: calls an ASGI app in process with the scope, `receive` and `send` that Starlette's
 * transport builds, and reads the reply as httpx does. Requests are async (`await client.get("/")`).
 * Lifespan runs only inside `await client.start()` ... `await client.close()`, or `await using client = ...`.
 */
export class TestClient {
  readonly app: ASGIApp;
  /** The lifespan scope's `state`; each request's scope gets a shallow copy. */
  readonly appState: ScopeState = {};
  /** Headers sent with every request (httpx `client.headers`). */
  readonly headers: ClientHeaders;
  /** The cookie jar: cookies set by responses are kept and sent back. */
  readonly cookies: CookieJar;
  readonly baseUrl: string;
  readonly raiseServerExceptions: boolean;
  readonly rootPath: string;
  readonly followRedirects: boolean;
  readonly client: [host: string, port: number];
  readonly #base: ClientURL;
  #lifespan: Lifespan | null = null;

  constructor(app: ASGIApp, options: TestClientOptions = {}) {
    this.app = app;
    this.baseUrl = options.baseUrl ?? "http://testserver";
    this.raiseServerExceptions = options.raiseServerExceptions ?? true;
    this.rootPath = options.rootPath ?? "";
    this.followRedirects = options.followRedirects ?? true;
    this.client = options.client ?? ["testclient", 50000];
    const base = parseURL(this.baseUrl);
    // httpx enforces a trailing "/" on the base URL's path so that merging appends to it.
    this.#base = base.path.endsWith("/") ? base : { ...base, path: `${base.path}/` };
    const headers = { ...options.headers };
    if (!Object.keys(headers).some((k) => k === "user-agent")) headers["user-agent"] = "testclient";
    this.headers = new ClientHeaders(HTTPX_DEFAULT_HEADERS);
    this.headers.update(headers);
    this.cookies = new CookieJar(options.cookies);
  }

  get(url: string, options?: Omit<RequestOptions, "content" | "data" | "json">): Promise<TestResponse> {
    return this.request("GET", url, options);
  }

  options(url: string, options?: Omit<RequestOptions, "content" | "data" | "json">): Promise<TestResponse> {
    return this.request("OPTIONS", url, options);
  }

  head(url: string, options?: Omit<RequestOptions, "content" | "data" | "json">): Promise<TestResponse> {
    return this.request("HEAD", url, options);
  }

  post(url: string, options?: RequestOptions): Promise<TestResponse> {
    return this.request("POST", url, options);
  }

  put(url: string, options?: RequestOptions): Promise<TestResponse> {
    return this.request("PUT", url, options);
  }

  patch(url: string, options?: RequestOptions): Promise<TestResponse> {
    return this.request("PATCH", url, options);
  }

  delete(url: string, options?: Omit<RequestOptions, "content" | "data" | "json">): Promise<TestResponse> {
    return this.request("DELETE", url, options);
  }

  /** Send one request (any method) and follow redirects unless told not to. */
  async request(method: string, url: string, options: RequestOptions = {}): Promise<TestResponse> {
    let request = this.buildRequest(method.toUpperCase(), url, options);
    if (request.url.scheme === "ws" || request.url.scheme === "wss") {
      throw new TypeError(`${url} is a WebSocket URL: use client.websocketConnect(url)`);
    }
    const follow = options.followRedirects ?? this.followRedirects;
    const history: TestResponse[] = [];
    for (;;) {
      const response = await this.handleRequest(request);
      response.history = [...history];
      response.cookies = this.cookies.extract(response.headers.getList("set-cookie"), request.url);
      if (!follow || !response.hasRedirectLocation) return response;
      history.push(response);
      if (history.length > MAX_REDIRECTS) throw new TooManyRedirects("Exceeded maximum allowed redirects.");
      request = this.buildRedirectRequest(request, response);
    }
  }

  /**
   * Starlette's `websocket_connect`: a handshake to `ws://testserver` + `url` (not the base URL, as Starlette),
   * already entered. Throws WebSocketDisconnect if the app closes, WebSocketDenialResponse if it answers with
   * HTTP. Use `await using ws = await client.websocketConnect("/ws")`.
   */
  async websocketConnect(url: string, options: WebSocketConnectOptions = {}): Promise<WebSocketTestSession> {
    const target = urlsplit(url).scheme !== "" ? url : url.startsWith("//") ? `ws:${url}` : `ws://testserver${url.startsWith("/") ? "" : "/"}${url}`;
    const headers = new ClientHeaders(options.headers);
    headers.setdefault("connection", "upgrade");
    headers.setdefault("sec-websocket-key", "testserver==");
    headers.setdefault("sec-websocket-version", "13");
    if (options.subprotocols !== undefined) headers.setdefault("sec-websocket-protocol", options.subprotocols.join(", "));
    const request = this.buildRequest("GET", target, {
      headers,
      params: options.params,
      cookies: options.cookies,
    });
    const offered = request.headers.get("sec-websocket-protocol");
    const { url: requestURL } = request;
    const scope: WebSocketScope = {
      type: "websocket",
      asgi: { version: "3.0" },
      path: unquote(requestURL.path),
      raw_path: requestURL.path,
      root_path: this.rootPath,
      scheme: requestURL.scheme,
      query_string: requestURL.query,
      headers: request.headers.raw.map(([k, v]) => [k.toLowerCase(), v]),
      client: [this.client[0], this.client[1]],
      server: [requestURL.host, portOrDefault(requestURL) ?? 80],
      subprotocols: offered === undefined ? [] : offered.split(",").map((p) => p.trim()),
      state: { ...this.appState },
      extensions: { "websocket.http.response": {} },
    };
    return new WebSocketTestSession(this.app, scope).enter();
  }

  /** httpx `Client._merge_url`: a relative URL is appended to the base URL's path. */
  private mergeURL(url: string): ClientURL {
    const parsed = parseURL(url);
    if (parsed.scheme !== "") return parsed;
    const relative = url.split("#")[0] as string;
    const [pathPart = "", ...rest] = relative.split("?");
    const path = quoteKeepingEscapes(pathPart, PATH_SAFE).replace(/^\/+/, "");
    const query = rest.length > 0 ? quoteKeepingEscapes(rest.join("?"), QUERY_SAFE) : "";
    return { ...this.#base, path: removeDotSegments(`${this.#base.path}${path}`), query, fragment: "" };
  }

  /** httpx `Client.build_request` + `Request.__init__`: header order is Host, client headers, Cookie, body headers. */
  private buildRequest(method: string, rawURL: string, options: RequestOptions): PreparedRequest {
    let url = this.mergeURL(rawURL);
    if (options.params !== undefined) url = { ...url, query: urlencode(queryParamPairs(options.params)) };
    const headers = new ClientHeaders(this.headers);
    if (options.headers !== undefined) headers.update(options.headers);
    let jar = this.cookies;
    if (options.cookies !== undefined) {
      jar = this.cookies.copy();
      for (const [name, value] of Object.entries(options.cookies)) jar.set(name, value);
    }
    const cookie = jar.cookieHeader(url);
    if (cookie !== null && !headers.has("cookie")) headers.set("Cookie", cookie);
    const { headers: bodyHeaders, body } = encodeRequest(options, boundaryFromContentType(headers.get("content-type")));
    for (const [name, value] of bodyHeaders) headers.setdefault(name, value);
    const auto: [string, string][] = [];
    if (!headers.has("host")) auto.push(["Host", netloc(url)]);
    const hasLength = headers.has("content-length") || headers.has("transfer-encoding");
    if (!hasLength && (method === "POST" || method === "PUT" || method === "PATCH")) auto.push(["Content-Length", "0"]);
    return { method, url, headers: new ClientHeaders([...auto, ...headers.raw]), body };
  }

  /** httpx `Client._build_redirect_request`: method, URL, headers and body of the next hop. */
  private buildRedirectRequest(request: PreparedRequest, response: TestResponse): PreparedRequest {
    let method = request.method;
    const status = response.status;
    if ((status === 303 || status === 302) && method !== "HEAD") method = "GET";
    if (status === 301 && method === "POST") method = "GET";
    let url = joinURL(request.url, response.headers.get("location") as string);
    if (request.url.fragment !== "" && url.fragment === "") url = { ...url, fragment: request.url.fragment };
    const headers = new ClientHeaders(request.headers);
    if (!sameOrigin(url, request.url)) {
      const httpsUpgrade =
        request.url.host === url.host &&
        request.url.scheme === "http" &&
        portOrDefault(request.url) === 80 &&
        url.scheme === "https" &&
        portOrDefault(url) === 443;
      if (!httpsUpgrade) headers.delete("authorization");
      headers.set("Host", netloc(url));
    }
    const toGet = method !== request.method && method === "GET";
    if (toGet) {
      headers.delete("content-length");
      headers.delete("transfer-encoding");
    }
    headers.delete("cookie");
    const cookie = this.cookies.cookieHeader(url);
    if (cookie !== null) headers.set("Cookie", cookie);
    return { method, url, headers, body: toGet ? new Uint8Array(0) : request.body };
  }

  /** Starlette's `_TestClientTransport.handle_request`: the scope, `receive`, `send`, and the response. */
  private async handleRequest(request: PreparedRequest): Promise<TestResponse> {
    const { url } = request;
    const scope = this.httpScope(request);
    const collector = new ResponseCollector(request.method);
    let requestComplete = false;
    const receive = async (): Promise<ReceiveMessage> => {
      if (requestComplete) {
        // A second receive() waits for the response to end, then reports the client gone.
        await collector.complete.promise;
        return { type: "http.disconnect" };
      }
      requestComplete = true;
      return { type: "http.request", body: request.body };
    };
    try {
      await this.app(scope, receive, collector.send);
    } catch (exc) {
      if (this.raiseServerExceptions) throw exc;
    }
    if (this.raiseServerExceptions) check(collector.started, "TestClient did not receive any response.");
    const started = collector.started;
    const extensions: Record<string, unknown> = {};
    if (started && collector.trailersExpected) extensions["http.response.trailers"] = collector.trailers;
    if (collector.debugInfo !== undefined) extensions["http.response.debug"] = collector.debugInfo;
    return new TestResponse({
      status: started ? (collector.status as number) : 500,
      rawHeaders: started ? collector.rawHeaders : [],
      content: started ? collector.content() : new Uint8Array(0),
      messages: collector.messages,
      extensions,
      request: { method: request.method, url: urlToString(url), headers: request.headers, content: request.body },
    });
  }

  private httpScope(request: PreparedRequest): HTTPScope {
    const { url } = request;
    return {
      type: "http",
      asgi: { version: "3.0" },
      http_version: "1.1",
      method: request.method,
      path: unquote(url.path),
      raw_path: url.path,
      root_path: this.rootPath,
      scheme: url.scheme,
      query_string: url.query,
      headers: request.headers.raw.map(([k, v]) => [k.toLowerCase(), v]),
      client: [this.client[0], this.client[1]],
      server: [url.host, portOrDefault(url) ?? 80],
      extensions: { "http.response.debug": {}, "http.response.trailers": {} },
      state: { ...this.appState },
    };
  }

  // Lifespan: Starlette's TestClient.__enter__ / __exit__ (lifespan, wait_startup, wait_shutdown).

  /** Run the app's lifespan startup; throws what the app threw if startup fails. `with client:` in Python. */
  async start(): Promise<this> {
    if (this.#lifespan !== null) throw new Error("TestClient lifespan is already running; close() it first.");
    const toApp = new Channel<ReceiveMessage>();
    const fromApp = new Channel<SendMessage | null>();
    const scope: LifespanScope = { type: "lifespan", asgi: { version: "3.0", spec_version: "2.0" }, state: this.appState };
    const send = async (message: SendMessage): Promise<void> => {
      validateSendMessage("lifespan", message);
      fromApp.put(message);
    };
    const task = (async () => {
      try {
        await this.app(scope as Scope, () => toApp.get(), send);
      } finally {
        fromApp.put(null);
      }
    })();
    task.catch(() => {}); // seen through next(); keeps Node from calling it unhandled meanwhile
    const lifespan: Lifespan = { toApp, fromApp, task };
    this.#lifespan = lifespan;
    try {
      toApp.put({ type: "lifespan.startup" });
      const message = await this.nextLifespanMessage(lifespan, "startup");
      check(
        message.type === "lifespan.startup.complete" || message.type === "lifespan.startup.failed",
        `Expected "lifespan.startup.complete" or "lifespan.startup.failed", got ${JSON.stringify(message.type)}.`,
      );
      if (message.type === "lifespan.startup.failed") {
        // Starlette's Router re-raises after reporting: that error surfaces here, else the reported message.
        if ((await lifespan.fromApp.get()) === null) await lifespan.task;
        throw new Error(message.message ?? "Lifespan startup failed.");
      }
    } catch (exc) {
      this.#lifespan = null;
      throw exc;
    }
    return this;
  }

  /** Run the app's lifespan shutdown; throws what the app threw if shutdown fails. No-op when not started. */
  async close(): Promise<void> {
    const lifespan = this.#lifespan;
    if (lifespan === null) return;
    this.#lifespan = null;
    lifespan.toApp.put({ type: "lifespan.shutdown" });
    const message = await this.nextLifespanMessage(lifespan, "shutdown");
    check(
      message.type === "lifespan.shutdown.complete" || message.type === "lifespan.shutdown.failed",
      `Expected "lifespan.shutdown.complete" or "lifespan.shutdown.failed", got ${JSON.stringify(message.type)}.`,
    );
    if (message.type === "lifespan.shutdown.failed") {
      if ((await lifespan.fromApp.get()) === null) await lifespan.task;
      throw new Error(message.message ?? "Lifespan shutdown failed.");
    }
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  /** The app's next lifespan message; when its lifespan call has ended, what it threw (or a TypeError). */
  private async nextLifespanMessage(lifespan: Lifespan, phase: string): Promise<SendMessage> {
    const message = await lifespan.fromApp.get();
    if (message !== null) return message;
    await lifespan.task;
    throw new TypeError(`The app returned from its lifespan call during ${phase} without sending a message.`);
  }
}

