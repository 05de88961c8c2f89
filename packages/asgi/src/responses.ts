/** @module Mirrors starlette/responses.py (Starlette 1.7.0): Response and its subclasses, Set-Cookie and JSON bytes as Python writes them. */
import { createHash, randomBytes } from "node:crypto";
import type { BigIntStats, Stats } from "node:fs";
import { type FileHandle, open as fsOpen, stat as fsStat } from "node:fs/promises";
import type { BackgroundTask } from "./background.js";
import { encodeLatin1, encodeUTF8, pyStrip } from "./bytes.js";
import { Headers, ImmutableMultiDict, MutableHeaders, type StringMapping } from "./datastructures.js";
import { ClientDisconnect } from "./requests.js";
import type {
  ASGIApp,
  ByteString,
  HTTPResponseBodyEvent,
  HTTPResponseStartEvent,
  RawHeaders,
  Receive,
  Scope,
  Send,
} from "./types.js";

const EMPTY = new Uint8Array(0);

/** What a Response's body is made from: text (encoded with the response's charset) or bytes. */
export type ResponseContent = string | Uint8Array | null | undefined;

/** Options every response takes after its content. */
export interface ResponseInit {
  /** The HTTP status. Starlette's `status_code`. @default 200 */
  status?: number;
  /** Headers sent first, names lowercased, in the mapping's order. @default null */
  headers?: StringMapping | null;
  /** The `content-type`; `text/*` gets `; charset=utf-8`. `null` keeps the class's own. @default null (the class's: none for Response) */
  mediaType?: string | null;
  /** Run after the body is sent. @default null */
  background?: BackgroundTask | null;
}

/** Options of `setCookie`, with Starlette's defaults. */
export interface CookieOptions {
  /** `Max-Age` in seconds. @default null */
  maxAge?: number | null;
  /** `expires`: a Date, a string used as is, or an integer of seconds from now (Python's `http.cookies` date). @default null */
  expires?: Date | string | number | null;
  /** `Path`; `null` leaves it out. @default "/" */
  path?: string | null;
  /** `Domain`. @default null */
  domain?: string | null;
  /** `Secure`. @default false */
  secure?: boolean;
  /** `HttpOnly`. @default false */
  httponly?: boolean;
  /** `SameSite`; `null` leaves it out. @default "lax" */
  samesite?: "lax" | "strict" | "none" | null;
  /** `Partitioned` (CHIPS), written as Python 3.14's http.cookies does (Python 3.11-3.13 refuse it). @default false */
  partitioned?: boolean;
}

/** Options of `deleteCookie`: those of `setCookie` that name which cookie to delete. */
export type DeleteCookieOptions = Omit<CookieOptions, "maxAge" | "expires" | "path"> & {
  /** `Path`. @default "/" */
  path?: string;
};

/** Python's `http.cookies.CookieError`: an illegal cookie name. */
export class CookieError extends Error {
  override name = "CookieError";
}

/**
 * A complete response: status, headers and one body (Starlette's `Response`). `asgi` sends
 * `http.response.start`, then one `http.response.body`, then runs the background task.
 */
export class Response {
  /** The media type a class gives when none is passed (Starlette's class attribute `media_type`). */
  static mediaType: string | null = null;
  /** The charset of text bodies and of `text/*` content types (Starlette's class attribute `charset`). */
  static charset = "utf-8";

  statusCode: number;
  mediaType: string | null;
  charset: string;
  background: BackgroundTask | null;
  body: Uint8Array;
  rawHeaders: RawHeaders;
  #headers: MutableHeaders | undefined;

  constructor(content?: ResponseContent, init: ResponseInit = {}) {
    const cls = this.constructor as typeof Response;
    this.statusCode = init.status ?? 200;
    this.mediaType = init.mediaType ?? cls.mediaType;
    this.charset = cls.charset;
    this.background = init.background ?? null;
    this.body = this.render(content);
    this.rawHeaders = this.initHeaders(init.headers ?? null, this.body);
  }

  /** The body bytes of `content`; subclasses override it (JSONResponse). */
  render(content: unknown): Uint8Array {
    if (content === null || content === undefined) return EMPTY;
    if (content instanceof Uint8Array) return content;
    if (typeof content === "string") return encodeText(content, this.charset);
    throw new TypeError(`Response content must be a string or a Uint8Array, not ${typeName(content)}`);
  }

  /**
   * Starlette's `init_headers`: the given headers (names lowercased), then `content-length` unless one was
   * given or the status has no body, then `content-type` unless one was given. `body` is null for streams.
   */
  protected initHeaders(headers: StringMapping | null, body: Uint8Array | null): RawHeaders {
    // Without given headers nothing can be given already, so the per-name scans are skipped.
    const rawHeaders: RawHeaders = headers === null ? [] : headerPairs(headers);
    const status = this.statusCode;
    if (
      body !== null &&
      !(status < 200 || status === 204 || status === 304) &&
      (headers === null || !hasHeader(rawHeaders, "content-length"))
    ) {
      rawHeaders.push(["content-length", String(body.length)]);
    }
    const mediaType = this.mediaType;
    if (mediaType !== null && (headers === null || !hasHeader(rawHeaders, "content-type"))) {
      rawHeaders.push(["content-type", contentTypeHeader(mediaType, this.charset)]);
    }
    return rawHeaders;
  }

  /** The headers, editable: edits land in `rawHeaders`. */
  get headers(): MutableHeaders {
    this.#headers ??= new MutableHeaders({ raw: this.rawHeaders });
    return this.#headers;
  }

  /** Appends a `set-cookie` header with the bytes Python's `http.cookies` writes (Starlette's `set_cookie`). */
  setCookie(key: string, value = "", options: CookieOptions = {}): void {
    this.rawHeaders.push(["set-cookie", cookieHeader(key, value, options)]);
  }

  /** A `set-cookie` that expires the cookie now (`Max-Age=0`), for the same path and domain (Starlette's `delete_cookie`). */
  deleteCookie(key: string, options: DeleteCookieOptions = {}): void {
    this.setCookie(key, "", { ...options, maxAge: 0, expires: 0, path: options.path ?? "/" });
  }

  /** The ASGI app that sends this response (Starlette's `__call__`). */
  readonly asgi: ASGIApp = (scope, receive, send) => this.respond(scope, receive, send);

  protected async respond(scope: Scope, _receive: Receive, send: Send): Promise<void> {
    const out = scope.type === "websocket" ? websocketDenialSend(send) : send;
    await out({ type: "http.response.start", status: this.statusCode, headers: this.rawHeaders });
    await out({ type: "http.response.body", body: this.body });
    if (this.background !== null) await this.background.run();
  }
}

/** An HTML page: `text/html; charset=utf-8`. */
export class HTMLResponse extends Response {
  static override mediaType: string | null = "text/html";
}

/** Plain text: `text/plain; charset=utf-8`. */
export class PlainTextResponse extends Response {
  static override mediaType: string | null = "text/plain";
}

/**
 * A JSON document, with the bytes of Python's
 * `json.dumps(content, ensure_ascii=False, allow_nan=False, indent=None, separators=(",", ":"))`.
 * See `render` for how JS values map onto Python's.
 */
export class JSONResponse extends Response {
  static override mediaType: string | null = "application/json";

  constructor(content: unknown, init: ResponseInit = {}) {
    super(content as ResponseContent, init);
  }

  /**
   * Python's JSON bytes for a JS value. Strings, booleans, null, arrays and plain objects map one to one
   * (a plain object keeps JS's key order, which puts integer-like keys first: use a Map to choose the order;
   * Map keys may be strings, numbers, booleans or null, as Python's dict keys). Numbers: an integer below
   * 1e16 prints as a Python int (`1`, not `1.0`: JS cannot tell 1 from 1.0), any other number as Python's
   * float repr (`1e+16`, `1e-07`, `0.0001`, `-0.0`). NaN and Infinity throw a RangeError (Python's
   * ValueError); a lone surrogate throws a RangeError (Python's UnicodeEncodeError); undefined, functions,
   * symbols, bigints and other class instances throw a TypeError, as Python does for types it cannot encode,
   * except objects with a `toJSON` method (Date), encoded as what it returns. A cycle throws a RangeError.
   */
  override render(content: unknown): Uint8Array {
    return smallJSONBytes(content) ?? encodeUTF8Text(pythonJSON(content));
  }
}

/** Options of a RedirectResponse: no media type, as Starlette's. */
export type RedirectResponseInit = Omit<ResponseInit, "mediaType" | "status"> & {
  /** The redirect status. @default 307 */
  status?: number;
};

/** A redirect to `url` (percent-encoded as Starlette's `quote(url, safe=...)`), 307 by default. */
export class RedirectResponse extends Response {
  constructor(url: string | { toString(): string }, init: RedirectResponseInit = {}) {
    super(EMPTY, { ...init, status: init.status ?? 307 });
    this.headers.set("location", quote(String(url), REDIRECT_SAFE));
  }
}

/** What a StreamingResponse sends, chunk by chunk: text (encoded with the charset) or bytes. */
export type ContentStream = AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>;

/**
 * A body sent as it is produced: each chunk is one `http.response.body` with `more_body: true`, then an empty
 * last one. No `content-length` unless given. As Starlette 1.7.0: with an ASGI spec_version of 2.4 or more a
 * failing send (an IO error: an Error with a string `code`, as Node's) becomes ClientDisconnect; below 2.4 it
 * also listens for `http.disconnect` and stops streaming when the client leaves.
 */
export class StreamingResponse extends Response {
  bodyIterator: AsyncIterable<string | Uint8Array>;

  constructor(content: ContentStream, init: ResponseInit = {}) {
    super(null, init);
    this.bodyIterator = isAsyncIterable(content) ? content : toAsync(content);
    this.rawHeaders = this.initHeaders(init.headers ?? null, null);
  }

  /** Reads `receive` until `http.disconnect` (Starlette's `listen_for_disconnect`). */
  async listenForDisconnect(receive: Receive): Promise<void> {
    for (;;) {
      const message = await receive();
      if (message.type === "http.disconnect") break;
    }
  }

  /** Sends start, every chunk, then the empty last body; stops between chunks once `stop()` says so. */
  async streamResponse(send: Send, stop: () => boolean = () => false): Promise<void> {
    await send({ type: "http.response.start", status: this.statusCode, headers: this.rawHeaders });
    for await (const chunk of this.bodyIterator) {
      if (stop()) return;
      const body = typeof chunk === "string" ? encodeText(chunk, this.charset) : chunk;
      await send({ type: "http.response.body", body, more_body: true });
    }
    if (stop()) return;
    await send({ type: "http.response.body", body: EMPTY, more_body: false });
  }

  protected override async respond(scope: Scope, receive: Receive, send: Send): Promise<void> {
    if (scope.type === "websocket") {
      await this.streamResponse(websocketDenialSend(send));
    } else if (specVersionAtLeast(scope, 2, 4)) {
      try {
        await this.streamResponse(send);
      } catch (error) {
        if (isOSError(error)) throw new ClientDisconnect();
        throw error;
      }
    } else {
      await this.streamUntilDisconnect(receive, send);
    }
    if (this.background !== null) await this.background.run();
  }

  /**
   * Starlette's task group of two: whichever of streaming and listening ends first stops the other. JS cannot
   * cancel a pending promise, so the loser is told to stop at its next step and its late result is ignored.
   */
  private async streamUntilDisconnect(receive: Receive, send: Send): Promise<void> {
    let done = false;
    const streaming = this.streamResponse(send, () => done).finally(() => {
      done = true;
    });
    const listening = this.listenForDisconnect(receive).finally(() => {
      done = true;
    });
    // The loser may still settle later, after nobody waits for it: its outcome no longer matters.
    streaming.catch(() => undefined);
    listening.catch(() => undefined);
    await Promise.race([streaming, listening]);
  }
}

// --- Text and header bytes ---------------------------------------------------------------------

function encodeText(text: string, charset: string): Uint8Array {
  if (charset === "utf-8") return encodeUTF8Text(text);
  const name = charset.toLowerCase().replaceAll("_", "-");
  if (name === "utf-8" || name === "utf8") return encodeUTF8(text);
  if (name === "latin-1" || name === "latin1" || name === "iso-8859-1") return encodeLatin1(text);
  throw new RangeError(`unknown encoding: ${charset} (text bodies are encoded as utf-8 or latin-1)`);
}

// Below this length a loop over ASCII text beats crossing into TextEncoder's C++ (about 0.5 µs a call on Node 20).
const SHORT_TEXT = 128;

/** UTF-8 bytes of `text`, as `encodeUTF8` gives them; short ASCII text (a typical JSON answer) is copied by hand. */
function encodeUTF8Text(text: string): Uint8Array {
  const n = text.length;
  if (n > SHORT_TEXT) return encodeUTF8(text);
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const unit = text.charCodeAt(i);
    if (unit > 0x7f) return encodeUTF8(text);
    out[i] = unit;
  }
  return out;
}

function hasHeader(rawHeaders: RawHeaders, name: ByteString): boolean {
  for (let i = 0; i < rawHeaders.length; i++) if ((rawHeaders[i] as RawHeaders[number])[0] === name) return true;
  return false;
}

// The last content-type built: a class's responses share one media type, so most calls repeat the previous one.
let lastMediaType = "";
let lastCharset = "";
let lastContentType = "";

/** The `content-type` value of a media type: `text/*` gets `; charset=...` unless it names one (Starlette's init_headers). */
function contentTypeHeader(mediaType: string, charset: string): ByteString {
  if (mediaType === lastMediaType && charset === lastCharset) return lastContentType;
  let contentType = mediaType;
  if (contentType.startsWith("text/") && !contentType.toLowerCase().includes("charset=")) {
    contentType += "; charset=" + charset;
  }
  const value = byteString(contentType, "content-type");
  lastMediaType = mediaType;
  lastCharset = charset;
  lastContentType = value;
  return value;
}

function byteString(value: string, what: string): ByteString {
  const index = value.search(/[^\x00-\xff]/);
  if (index === -1) return value;
  const unit = value.charCodeAt(index).toString(16).padStart(4, "0");
  throw new TypeError(
    `'latin-1' codec can't encode character '\\u${unit}' in position ${index}: ordinal not in range(256) (in ${what})`,
  );
}

function headerPairs(headers: StringMapping): RawHeaders {
  const items: Iterable<readonly [string, string]> =
    headers instanceof Headers || headers instanceof ImmutableMultiDict
      ? headers.items()
      : headers instanceof Map
        ? headers.entries()
        : Object.entries(headers as Readonly<Record<string, string>>);
  const pairs: RawHeaders = [];
  for (const [key, value] of items) {
    pairs.push([byteString(key.toLowerCase(), `header name ${key}`), byteString(value, `header ${key}`)]);
  }
  return pairs;
}

function typeName(value: unknown): string {
  if (value === null) return "null";
  if (typeof value !== "object") return typeof value;
  const ctor = (value as { constructor?: { name?: unknown } }).constructor;
  return typeof ctor?.name === "string" && ctor.name !== "" ? ctor.name : "object";
}

function websocketDenialSend(send: Send): Send {
  return async (message) => {
    if (message.type === "http.response.start") {
      const { status, headers } = message satisfies HTTPResponseStartEvent;
      return send({ type: "websocket.http.response.start", status, ...(headers ? { headers } : {}) });
    }
    if (message.type === "http.response.body") {
      const { type: _type, ...rest } = message satisfies HTTPResponseBodyEvent;
      return send({ type: "websocket.http.response.body", ...rest });
    }
    return send(message);
  };
}

function specVersionAtLeast(scope: Scope, major: number, minor: number): boolean {
  const [a = 0, b = 0] = (scope.asgi?.spec_version ?? "2.0").split(".").map(Number);
  return a > major || (a === major && b >= minor);
}

/** Python's OSError as Node spells it: an Error with a string `code` (EPIPE, ECONNRESET, ...). */
function isOSError(error: unknown): boolean {
  return error instanceof Error && typeof (error as { code?: unknown }).code === "string";
}

function isAsyncIterable(content: ContentStream): content is AsyncIterable<string | Uint8Array> {
  return typeof content === "object" && content !== null && Symbol.asyncIterator in content;
}

async function* toAsync<T>(items: Iterable<T>): AsyncGenerator<T> {
  yield* items;
}

// --- urllib.parse.quote --------------------------------------------------------------------------

const REDIRECT_SAFE = ":/%#?=@[]!$&'()*+,;";
const ALWAYS_SAFE = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-~";

/** Python's `urllib.parse.quote(s, safe)`: UTF-8, then `%XX` for every byte not safe. */
function quote(s: string, safe: string): string {
  if (/[\uD800-\uDFFF]/u.test(s)) {
    throw new RangeError("'utf-8' codec can't encode a lone surrogate: surrogates not allowed");
  }
  const keep = new Set(ALWAYS_SAFE + safe);
  let out = "";
  for (const byte of encodeUTF8(s)) {
    const ch = String.fromCharCode(byte);
    out += byte < 0x80 && keep.has(ch) ? ch : "%" + byte.toString(16).toUpperCase().padStart(2, "0");
  }
  return out;
}

// --- http.cookies ---------------------------------------------------------------------------------

const LEGAL_KEY = /^[A-Za-z0-9!#$%&'*+\-.^_`|~:]+$/;
const UNESCAPED = /[A-Za-z0-9!#$%&'*+\-.^_`|~: ()/<=>?@[\]{}]/;
const RESERVED = new Set([
  "expires",
  "path",
  "comment",
  "domain",
  "max-age",
  "secure",
  "httponly",
  "version",
  "samesite",
  "partitioned",
]);
const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** Python's `http.cookies._quote`: legal values as they are, others in quotes with octal escapes. */
function cookieQuote(value: string): string {
  if (LEGAL_KEY.test(value)) return value;
  let out = '"';
  for (const ch of value) {
    const code = ch.charCodeAt(0);
    if (ch === '"' || ch === "\\") out += "\\" + ch;
    else if (code > 0xff || UNESCAPED.test(ch)) out += ch;
    else out += "\\" + code.toString(8).padStart(3, "0");
  }
  return out + '"';
}

/** `Thu, 22 Jan 2037 12:00:10 GMT`; Python's `_getdate` pads the year with spaces, `format_datetime` with zeros. */
function httpDate(date: Date, yearPad: " " | "0"): string {
  const two = (n: number): string => String(n).padStart(2, "0");
  const year = String(date.getUTCFullYear()).padStart(4, yearPad);
  const time = `${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())}`;
  return `${WEEKDAYS[date.getUTCDay()]}, ${two(date.getUTCDate())} ${MONTHS[date.getUTCMonth()]} ${year} ${time} GMT`;
}

function expiresValue(expires: Date | string | number): string {
  if (expires instanceof Date) return httpDate(expires, "0");
  if (typeof expires === "number" && Number.isInteger(expires)) {
    // gmtime(time() + seconds): whole seconds, rounded down.
    return httpDate(new Date(Math.floor(Date.now() / 1000 + expires) * 1000), " ");
  }
  return String(expires);
}

/** The value of one `set-cookie` header, byte for byte `SimpleCookie.output(header="").strip()` (Python 3.14 for Partitioned). */
function cookieHeader(key: string, value: string, options: CookieOptions): ByteString {
  if (RESERVED.has(key.toLowerCase())) throw new CookieError(`Attempt to set a reserved key '${key}'`);
  if (!LEGAL_KEY.test(key)) throw new CookieError(`Illegal key '${key}'`);
  const { maxAge = null, expires = null, path = "/", domain = null, samesite = "lax" } = options;
  if (samesite !== null && !["strict", "lax", "none"].includes(samesite.toLowerCase())) {
    throw new RangeError("samesite must be either 'strict', 'lax' or 'none'");
  }
  // Attributes in the order of their sorted keys; an empty string leaves one out, as Python's Morsel does.
  const parts = [`${key}=${cookieQuote(value)}`];
  if (domain !== null && domain !== "") parts.push(`Domain=${domain}`);
  if (expires !== null && expires !== "") parts.push(`expires=${expiresValue(expires)}`);
  if (options.httponly === true) parts.push("HttpOnly");
  if (maxAge !== null) parts.push(`Max-Age=${maxAge}`);
  if (options.partitioned === true) parts.push("Partitioned");
  if (path !== null && path !== "") parts.push(`Path=${path}`);
  if (samesite !== null) parts.push(`SameSite=${samesite}`);
  if (options.secure === true) parts.push("Secure");
  return byteString(pyStrip(parts.join("; ")), "set-cookie");
}

// --- json.dumps ----------------------------------------------------------------------------------

/** Python's `json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(",", ":"))` for a JS value. */
function pythonJSON(value: unknown): string {
  // Fast path: when every value is one JSON.stringify writes as Python would, let it do the work. It writes a
  // lone surrogate as a \\udXXX escape, where Python raises, so any "\\ud" sends the value down the slow path.
  if (stringifiesAsPython(value, 0)) {
    const out = JSON.stringify(value);
    if (!out.includes("\\ud")) return out;
  }
  const encoder = new PythonJSONEncoder();
  encoder.encode(value);
  return encoder.out;
}

// A small document (at most SMALL_VALUES values, SMALL_BYTES bytes) is written straight to bytes; past that
// JSON.stringify's native loop and one encoding pass are faster.
const SMALL_VALUES = 24;
const SMALL_BYTES = 256;
const smallBytes = new Uint8Array(SMALL_BYTES);
let smallLength = 0;
let smallValues = 0;
// A getter read while writing could render another JSONResponse: that one takes the other paths.
let smallBusy = false;

/**
 * The JSON bytes of a small document made only of what stringifiesAsPython accepts, with ASCII strings that need
 * no escape; undefined for anything else, which pythonJSON then writes. Where it answers, the bytes are those
 * of JSON.stringify's text (the same keys in the same order, the same numbers), without its fixed cost per call
 * and without a second pass to encode.
 */
function smallJSONBytes(value: unknown): Uint8Array | undefined {
  if (smallBusy) return undefined;
  smallBusy = true;
  smallLength = 0;
  smallValues = 0;
  try {
    if (!writeSmall(value, 0)) return undefined;
    const n = smallLength;
    const bytes = new Uint8Array(n);
    for (let i = 0; i < n; i++) bytes[i] = smallBytes[i] as number;
    return bytes;
  } finally {
    smallBusy = false;
  }
}

function writeSmall(value: unknown, depth: number): boolean {
  if (++smallValues > SMALL_VALUES) return false;
  switch (typeof value) {
    case "string":
      return writeSmallString(value);
    case "boolean":
      return writeASCII(value ? "true" : "false");
    case "number":
      return numberStringifiesAsPython(value) && writeASCII(String(value));
    case "object":
      if (value === null) return writeASCII("null");
      if (depth > 100) return false;
      if (Array.isArray(value)) return writeSmallArray(value, depth);
      if (!isPlainObject(value) || typeof (value as { toJSON?: unknown }).toJSON === "function") return false;
      return writeSmallObject(value as Record<string, unknown>, depth);
    default:
      return false;
  }
}

function writeSmallArray(value: readonly unknown[], depth: number): boolean {
  if (!writeByte(0x5b)) return false; // [
  for (let i = 0; i < value.length; i++) {
    if ((i > 0 && !writeByte(0x2c)) || !writeSmall(value[i], depth + 1)) return false; // ,
  }
  return writeByte(0x5d); // ]
}

function writeSmallObject(value: Record<string, unknown>, depth: number): boolean {
  if (!writeByte(0x7b)) return false; // {
  let first = true;
  for (const key in value) {
    if ((!first && !writeByte(0x2c)) || !writeSmallString(key) || !writeByte(0x3a)) return false; // , :
    if (!writeSmall(value[key], depth + 1)) return false;
    first = false;
  }
  return writeByte(0x7d); // }
}

function writeByte(byte: number): boolean {
  if (smallLength >= SMALL_BYTES) return false;
  smallBytes[smallLength++] = byte;
  return true;
}

/** A string between quotes, if it is ASCII that neither JSON nor Python escapes (no control character, quote or backslash). */
function writeSmallString(text: string): boolean {
  const n = text.length;
  if (smallLength + n + 2 > SMALL_BYTES) return false;
  let at = smallLength;
  smallBytes[at++] = 0x22;
  for (let i = 0; i < n; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x20 || unit > 0x7f || unit === 0x22 || unit === 0x5c) return false;
    smallBytes[at++] = unit;
  }
  smallBytes[at++] = 0x22;
  smallLength = at;
  return true;
}

/** Text known to be ASCII (literals, digits of a number), byte for byte. */
function writeASCII(text: string): boolean {
  const n = text.length;
  const at = smallLength;
  if (at + n > SMALL_BYTES) return false;
  for (let i = 0; i < n; i++) smallBytes[at + i] = text.charCodeAt(i);
  smallLength = at + n;
  return true;
}

/** Integers below 1e16 (not -0) and other numbers between 1e-4 and 1e16: where JS and Python print the same digits. */
function numberStringifiesAsPython(value: number): boolean {
  const size = Math.abs(value);
  return Number.isInteger(value) ? size < 1e16 && !Object.is(value, -0) : size >= 1e-4 && size < 1e16;
}

/**
 * True if JSON.stringify writes `value` as Python's json.dumps would (strings aside: see pythonJSON): only
 * plain objects, arrays, booleans, null, integers below 1e16 and other numbers between 1e-4 and 1e16, where
 * both print the same shortest digits the same way. Deep nesting goes to the slow path, which sees cycles.
 */
function stringifiesAsPython(value: unknown, depth: number): boolean {
  switch (typeof value) {
    case "string":
    case "boolean":
      return true;
    case "number":
      return numberStringifiesAsPython(value);
    case "object": {
      if (value === null) return true;
      if (depth > 100) return false;
      if (Array.isArray(value)) {
        for (const item of value as unknown[]) if (!stringifiesAsPython(item, depth + 1)) return false;
        return true;
      }
      if (!isPlainObject(value) || typeof (value as { toJSON?: unknown }).toJSON === "function") return false;
      for (const key in value) {
        if (!stringifiesAsPython((value as Record<string, unknown>)[key], depth + 1)) return false;
      }
      return true;
    }
    default:
      return false;
  }
}

const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

class PythonJSONEncoder {
  out = "";
  readonly #stack = new Set<object>();

  encode(value: unknown): void {
    switch (typeof value) {
      case "string":
        this.string(value);
        return;
      case "number":
        this.out += floatOrIntRepr(value);
        return;
      case "boolean":
        this.out += value ? "true" : "false";
        return;
      case "object":
        if (value === null) this.out += "null";
        else this.object(value);
        return;
      default:
        throw notSerializable(value);
    }
  }

  string(value: string): void {
    const bad = value.search(LONE_SURROGATE);
    if (bad !== -1) {
      // Python's position counts code points of the whole document written so far.
      const before = this.out + JSON.stringify(value.slice(0, bad)).slice(0, -1);
      const unit = value.charCodeAt(bad).toString(16);
      throw new RangeError(
        `'utf-8' codec can't encode character '\\u${unit}' in position ${[...before].length}: surrogates not allowed`,
      );
    }
    // For well-formed strings JSON.stringify escapes exactly what Python's encoder does.
    this.out += JSON.stringify(value);
  }

  object(value: object): void {
    if (this.#stack.has(value)) throw new RangeError("Circular reference detected");
    this.#stack.add(value);
    if (typeof (value as { toJSON?: unknown }).toJSON === "function") {
      this.encode((value as { toJSON: () => unknown }).toJSON());
    } else if (Array.isArray(value)) this.array(value);
    else if (value instanceof Map) this.dict(value.entries());
    else if (isPlainObject(value)) this.dict(Object.entries(value));
    else throw notSerializable(value);
    this.#stack.delete(value);
  }

  array(value: readonly unknown[]): void {
    this.out += "[";
    for (let i = 0; i < value.length; i++) {
      if (i > 0) this.out += ",";
      this.encode(value[i]);
    }
    this.out += "]";
  }

  dict(entries: Iterable<[unknown, unknown]>): void {
    this.out += "{";
    let first = true;
    for (const [key, item] of entries) {
      if (!first) this.out += ",";
      first = false;
      this.string(dictKey(key));
      this.out += ":";
      this.encode(item);
    }
    this.out += "}";
  }
}

function isPlainObject(value: object): boolean {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function notSerializable(value: unknown): TypeError {
  return new TypeError(`Object of type ${typeName(value)} is not JSON serializable`);
}

/** Python's dict key coercion: str as is; int, float, bool and None written as JSON would write them. */
function dictKey(key: unknown): string {
  if (typeof key === "string") return key;
  if (typeof key === "number") return floatOrIntRepr(key);
  if (typeof key === "boolean") return key ? "true" : "false";
  if (key === null) return "null";
  throw new TypeError(`keys must be str, int, float, bool or None, not ${typeName(key)}`);
}

/** An integer below 1e16 as Python's int; any other number as Python's `float.__repr__`. */
function floatOrIntRepr(n: number): string {
  if (!Number.isFinite(n)) throw new RangeError("Out of range float values are not JSON compliant");
  if (Number.isInteger(n) && Math.abs(n) < 1e16 && !Object.is(n, -0)) return String(n);
  return pythonFloatRepr(n);
}

/** Python's `repr(float)` of a finite number: shortest round-trip digits, exponent from 1e16 and below 1e-4. */
export function pythonFloatRepr(n: number): string {
  if (Object.is(n, -0)) return "-0.0";
  // toExponential() gives the shortest round-trip digits, as Python's repr; only the layout differs.
  const [mantissa = "", exp = "0"] = n.toExponential().split("e");
  const sign = mantissa.startsWith("-") ? "-" : "";
  const digits = mantissa.replace("-", "").replace(".", "");
  const exponent = Number(exp);
  const point = exponent + 1;
  if (point <= -4 || point > 16) {
    const rest = digits.length > 1 ? "." + digits.slice(1) : "";
    const expSign = exponent < 0 ? "-" : "+";
    return `${sign}${digits[0]}${rest}e${expSign}${String(Math.abs(exponent)).padStart(2, "0")}`;
  }
  if (point <= 0) return `${sign}0.${"0".repeat(-point)}${digits}`;
  if (point < digits.length) return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
  return `${sign}${digits}${"0".repeat(point - digits.length)}.0`;
}

// --- FileResponse --------------------------------------------------------------------------------

/** Options of a FileResponse. */
export interface FileResponseInit extends ResponseInit {
  /** The download name, sent in `content-disposition`; also used to guess the media type. @default null */
  filename?: string | null;
  /** A `stat` of the file already made (then none is made per request). @default null */
  statResult?: Stats | BigIntStats | null;
  /** `attachment` or `inline`. @default "attachment" */
  contentDispositionType?: string;
}

class MalformedRangeHeader extends Error {
  constructor(readonly content = "Malformed range header.") {
    super(content);
  }
}

class RangeNotSatisfiable extends Error {
  constructor(readonly maxSize: number) {
    super(`Range not satisfiable (size ${maxSize})`);
  }
}

/**
 * A file from disk, with `content-length`, `last-modified`, `etag` and `accept-ranges: bytes`; serves
 * `Range` requests (one range as 206 with `content-range`, several as `multipart/byteranges`), HEAD without a
 * body, and `http.response.pathsend` when the server offers it. Starlette's `FileResponse`.
 */
export class FileResponse extends Response {
  /** Bytes read and sent at a time. */
  static chunkSize = 64 * 1024;
  /** More ranges than this in one header and the whole file is sent. */
  static maxRanges = 100;

  readonly path: string;
  readonly filename: string | null;
  statResult: Stats | BigIntStats | null;

  constructor(path: string, init: FileResponseInit = {}) {
    super(null, {
      ...init,
      mediaType: init.mediaType ?? guessType(init.filename ?? path) ?? "application/octet-stream",
    });
    this.path = path;
    this.filename = init.filename ?? null;
    this.body = EMPTY;
    this.rawHeaders = this.initHeaders(init.headers ?? null, null);
    this.headers.setdefault("accept-ranges", "bytes");
    if (this.filename !== null) {
      const quoted = quote(this.filename, "/");
      const type = init.contentDispositionType ?? "attachment";
      const disposition =
        quoted !== this.filename ? `${type}; filename*=utf-8''${quoted}` : `${type}; filename="${this.filename}"`;
      this.headers.setdefault("content-disposition", disposition);
    }
    this.statResult = init.statResult ?? null;
    if (this.statResult !== null) this.setStatHeaders(this.statResult);
  }

  /** `content-length`, `last-modified` and `etag` from a stat, unless given (the etag is Starlette's md5 of `"{mtime}-{size}"`). */
  setStatHeaders(stat: Stats | BigIntStats): void {
    const mtime =
      "mtimeNs" in stat
        ? Number(stat.mtimeNs / 1_000_000_000n) + Number(stat.mtimeNs % 1_000_000_000n) * 1e-9
        : stat.mtimeMs / 1000;
    const size = String(stat.size);
    const etag = createHash("md5")
      .update(`${pythonFloatRepr(mtime)}-${size}`)
      .digest("hex");
    this.headers.setdefault("content-length", size);
    this.headers.setdefault("last-modified", httpDate(new Date(Math.floor(mtime) * 1000), "0"));
    this.headers.setdefault("etag", `"${etag}"`);
  }

  protected override async respond(scope: Scope, receive: Receive, send: Send): Promise<void> {
    const sendHeaderOnly = scope.type === "http" && scope.method.toUpperCase() === "HEAD";
    const sendPathsend = scope.type === "http" && scope.extensions?.["http.response.pathsend"] !== undefined;
    const out = scope.type === "websocket" ? websocketDenialSend(send) : send;
    const stat = this.statResult ?? (await this.statFile());
    const requestHeaders = new Headers({ scope: scope as { headers: RawHeaders } });
    const httpRange = requestHeaders.get("range");
    const httpIfRange = requestHeaders.get("if-range");
    if (
      this.statusCode !== 200 ||
      httpRange === undefined ||
      (httpIfRange !== undefined && !this.shouldUseRange(httpIfRange))
    ) {
      await this.handleSimple(out, sendHeaderOnly, sendPathsend);
    } else {
      const size = Number(stat.size);
      let ranges: [number, number][];
      try {
        ranges = (this.constructor as typeof FileResponse).parseRangeHeader(httpRange, size);
      } catch (error) {
        if (error instanceof MalformedRangeHeader) {
          return new PlainTextResponse(error.content, { status: 400 }).asgi(scope, receive, send);
        }
        if (error instanceof RangeNotSatisfiable) {
          const headers = { "Content-Range": `bytes */${error.maxSize}` };
          return new PlainTextResponse(null, { status: 416, headers }).asgi(scope, receive, send);
        }
        throw error;
      }
      const [only] = ranges;
      if (only === undefined) await this.handleSimple(out, sendHeaderOnly, sendPathsend);
      else if (ranges.length === 1) await this.handleSingleRange(out, only[0], only[1], size, sendHeaderOnly);
      else await this.handleMultipleRanges(out, ranges, size, sendHeaderOnly);
    }
    if (this.background !== null) await this.background.run();
  }

  private async statFile(): Promise<BigIntStats> {
    let stat: BigIntStats;
    try {
      stat = await fsStat(this.path, { bigint: true });
    } catch (error) {
      if ((error as { code?: unknown }).code === "ENOENT") throw new Error(`File at path ${this.path} does not exist.`);
      throw error;
    }
    this.setStatHeaders(stat);
    if (!stat.isFile()) throw new Error(`File at path ${this.path} is not a file.`);
    return stat;
  }

  private async handleSimple(send: Send, sendHeaderOnly: boolean, sendPathsend: boolean): Promise<void> {
    await send({ type: "http.response.start", status: this.statusCode, headers: this.rawHeaders });
    if (sendHeaderOnly) {
      await send({ type: "http.response.body", body: EMPTY, more_body: false });
    } else if (sendPathsend) {
      await send({ type: "http.response.pathsend", path: this.path });
    } else {
      const chunkSize = (this.constructor as typeof FileResponse).chunkSize;
      await withFile(this.path, async (file) => {
        let position = 0;
        let moreBody = true;
        while (moreBody) {
          const chunk = await readChunk(file, position, chunkSize);
          position += chunk.length;
          moreBody = chunk.length === chunkSize;
          await send({ type: "http.response.body", body: chunk, more_body: moreBody });
        }
      });
    }
  }

  private async handleSingleRange(
    send: Send,
    start: number,
    end: number,
    fileSize: number,
    sendHeaderOnly: boolean,
  ): Promise<void> {
    const headers = new MutableHeaders({ raw: [...this.rawHeaders] });
    headers.set("content-range", `bytes ${start}-${end - 1}/${fileSize}`);
    headers.set("content-length", String(end - start));
    await send({ type: "http.response.start", status: 206, headers: headers.raw });
    if (sendHeaderOnly) {
      await send({ type: "http.response.body", body: EMPTY, more_body: false });
      return;
    }
    const chunkSize = (this.constructor as typeof FileResponse).chunkSize;
    await withFile(this.path, async (file) => {
      let moreBody = true;
      while (moreBody) {
        const chunk = await readChunk(file, start, Math.min(chunkSize, end - start));
        start += chunk.length;
        moreBody = chunk.length === chunkSize && start < end;
        await send({ type: "http.response.body", body: chunk, more_body: moreBody });
      }
    });
  }

  private async handleMultipleRanges(
    send: Send,
    ranges: [number, number][],
    fileSize: number,
    sendHeaderOnly: boolean,
  ): Promise<void> {
    // As browsers do: a boundary of 13 random bytes (about 100 bits of entropy).
    const boundary = randomBytes(13).toString("hex");
    const [contentLength, partHeader] = this.generateMultipart(
      ranges,
      boundary,
      fileSize,
      this.headers.get("content-type") ?? "",
    );
    const headers = new MutableHeaders({ raw: [...this.rawHeaders] });
    headers.set("content-type", `multipart/byteranges; boundary=${boundary}`);
    headers.set("content-length", String(contentLength));
    await send({ type: "http.response.start", status: 206, headers: headers.raw });
    if (sendHeaderOnly) {
      await send({ type: "http.response.body", body: EMPTY, more_body: false });
      return;
    }
    const chunkSize = (this.constructor as typeof FileResponse).chunkSize;
    await withFile(this.path, async (file) => {
      for (let [start, end] of ranges) {
        await send({ type: "http.response.body", body: partHeader(start, end), more_body: true });
        while (start < end) {
          const chunk = await readChunk(file, start, Math.min(chunkSize, end - start));
          // Starlette 1.7.0 would loop forever on a file that shrank; later releases raise, as here.
          if (chunk.length === 0) throw new Error(`File at path ${this.path} is shorter than expected.`);
          start += chunk.length;
          await send({ type: "http.response.body", body: chunk, more_body: true });
        }
        await send({ type: "http.response.body", body: CRLF, more_body: true });
      }
      await send({ type: "http.response.body", body: encodeLatin1(`--${boundary}--`), more_body: false });
    });
  }

  private shouldUseRange(httpIfRange: string): boolean {
    return httpIfRange === this.headers.get("last-modified") || httpIfRange === this.headers.get("etag");
  }

  /** The byte ranges `[start, end)` a `Range` header asks for, merged; `[]` means the whole file. */
  static parseRangeHeader(httpRange: string, fileSize: number): [number, number][] {
    const eq = httpRange.indexOf("=");
    if (eq === -1) throw new MalformedRangeHeader();
    const units = pyStrip(httpRange.slice(0, eq)).toLowerCase();
    const range = httpRange.slice(eq + 1);
    if (units !== "bytes") throw new MalformedRangeHeader("Only support bytes range");
    if (range.split(",").length > this.maxRanges) return [];
    const ranges = this.parseRanges(range, fileSize);
    if (ranges.length === 0) throw new MalformedRangeHeader("Range header: range must be requested");
    if (ranges.some(([start]) => !(start >= 0 && start < fileSize))) throw new RangeNotSatisfiable(fileSize);
    if (ranges.some(([start, end]) => start >= end))
      throw new MalformedRangeHeader("Range header: start must be less than end");
    if (ranges.length === 1) return ranges;
    ranges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    const result: [number, number][] = [ranges[0] as [number, number]];
    for (const [start, end] of ranges.slice(1)) {
      const last = result[result.length - 1] as [number, number];
      if (start <= last[1]) last[1] = Math.max(last[1], end);
      else result.push([start, end]);
    }
    return result;
  }

  /** Each `start-end`, `start-` or `-suffix` part; empty, dashless and non-numeric parts are skipped. */
  static parseRanges(range: string, fileSize: number): [number, number][] {
    const ranges: [number, number][] = [];
    for (const rawPart of range.split(",")) {
      const part = pyStrip(rawPart);
      if (part === "" || part === "-" || !part.includes("-")) continue;
      const dash = part.indexOf("-");
      const startStr = pyStrip(part.slice(0, dash));
      const endStr = pyStrip(part.slice(dash + 1));
      const startInt = startStr === "" ? null : pyInt(startStr);
      const endInt = endStr === "" ? null : pyInt(endStr);
      if (startInt === undefined || endInt === undefined || (startInt === null && endInt === null)) continue;
      const start = startInt ?? Math.max(fileSize - (endInt as number), 0);
      const end = startInt !== null && endInt !== null && endInt < fileSize ? endInt + 1 : fileSize;
      ranges.push([start, end]);
    }
    return ranges;
  }

  /** The total length of a multipart/byteranges body and the header of each part. */
  generateMultipart(
    ranges: readonly [number, number][],
    boundary: string,
    maxSize: number,
    contentType: string,
  ): [number, (start: number, end: number) => Uint8Array] {
    const staticHeaderPartLength = 49 + boundary.length + contentType.length + String(maxSize).length;
    let contentLength = 4 + boundary.length;
    for (const [start, end] of ranges) {
      contentLength += String(start).length + String(end - 1).length + staticHeaderPartLength + (end - start);
    }
    const header = (start: number, end: number): Uint8Array =>
      encodeLatin1(
        `--${boundary}\r\nContent-Type: ${contentType}\r\nContent-Range: bytes ${start}-${end - 1}/${maxSize}\r\n\r\n`,
      );
    return [contentLength, header];
  }
}

const CRLF = Uint8Array.of(13, 10);

/** Python's `int(s)` for the text of a range: an optional sign, digits with single underscores between; undefined where int() raises. */
function pyInt(s: string): number | undefined {
  return /^[+-]?\d+(?:_\d+)*$/.test(s) ? Number(s.replaceAll("_", "")) : undefined;
}

async function withFile(path: string, use: (file: FileHandle) => Promise<void>): Promise<void> {
  const file = await fsOpen(path, "r");
  try {
    await use(file);
  } finally {
    await file.close();
  }
}

async function readChunk(file: FileHandle, position: number, size: number): Promise<Uint8Array> {
  const buffer = new Uint8Array(size);
  let filled = 0;
  // One Python read(n) returns n bytes unless the file ends first; a Node read may return fewer.
  while (filled < size) {
    const { bytesRead } = await file.read(buffer, filled, size - filled, position + filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return filled === size ? buffer : buffer.subarray(0, filled);
}

// Python's mimetypes defaults (mimetypes._types_map_default, Python 3.11), without the system's /etc/mime.types.
const TYPES_MAP = new Map(
  (
    "js=application/javascript mjs=application/javascript json=application/json webmanifest=application/manifest+json " +
    "doc=application/msword dot=application/msword wiz=application/msword nq=application/n-quads nt=application/n-triples " +
    "bin=application/octet-stream a=application/octet-stream dll=application/octet-stream exe=application/octet-stream " +
    "o=application/octet-stream obj=application/octet-stream so=application/octet-stream oda=application/oda " +
    "pdf=application/pdf p7c=application/pkcs7-mime ps=application/postscript ai=application/postscript " +
    "eps=application/postscript trig=application/trig m3u=application/vnd.apple.mpegurl m3u8=application/vnd.apple.mpegurl " +
    "xls=application/vnd.ms-excel xlb=application/vnd.ms-excel ppt=application/vnd.ms-powerpoint " +
    "pot=application/vnd.ms-powerpoint ppa=application/vnd.ms-powerpoint pps=application/vnd.ms-powerpoint " +
    "pwz=application/vnd.ms-powerpoint wasm=application/wasm bcpio=application/x-bcpio cpio=application/x-cpio " +
    "csh=application/x-csh dvi=application/x-dvi gtar=application/x-gtar hdf=application/x-hdf h5=application/x-hdf5 " +
    "latex=application/x-latex mif=application/x-mif cdf=application/x-netcdf nc=application/x-netcdf " +
    "p12=application/x-pkcs12 pfx=application/x-pkcs12 ram=application/x-pn-realaudio pyc=application/x-python-code " +
    "pyo=application/x-python-code sh=application/x-sh shar=application/x-shar swf=application/x-shockwave-flash " +
    "sv4cpio=application/x-sv4cpio sv4crc=application/x-sv4crc tar=application/x-tar tcl=application/x-tcl " +
    "tex=application/x-tex texi=application/x-texinfo texinfo=application/x-texinfo roff=application/x-troff " +
    "t=application/x-troff tr=application/x-troff man=application/x-troff-man me=application/x-troff-me " +
    "ms=application/x-troff-ms ustar=application/x-ustar src=application/x-wais-source xsl=application/xml " +
    "rdf=application/xml wsdl=application/xml xpdl=application/xml zip=application/zip 3gp=audio/3gpp 3gpp=audio/3gpp " +
    "3g2=audio/3gpp2 3gpp2=audio/3gpp2 aac=audio/aac adts=audio/aac loas=audio/aac ass=audio/aac au=audio/basic " +
    "snd=audio/basic mp3=audio/mpeg mp2=audio/mpeg opus=audio/opus aif=audio/x-aiff aifc=audio/x-aiff aiff=audio/x-aiff " +
    "ra=audio/x-pn-realaudio wav=audio/x-wav avif=image/avif bmp=image/bmp gif=image/gif ief=image/ief jpg=image/jpeg " +
    "jpe=image/jpeg jpeg=image/jpeg heic=image/heic heif=image/heif png=image/png svg=image/svg+xml tiff=image/tiff " +
    "tif=image/tiff ico=image/vnd.microsoft.icon ras=image/x-cmu-raster pnm=image/x-portable-anymap " +
    "pbm=image/x-portable-bitmap pgm=image/x-portable-graymap ppm=image/x-portable-pixmap rgb=image/x-rgb " +
    "xbm=image/x-xbitmap xpm=image/x-xpixmap xwd=image/x-xwindowdump eml=message/rfc822 mht=message/rfc822 " +
    "mhtml=message/rfc822 nws=message/rfc822 css=text/css csv=text/csv html=text/html htm=text/html n3=text/n3 " +
    "txt=text/plain bat=text/plain c=text/plain h=text/plain ksh=text/plain pl=text/plain srt=text/plain " +
    "rtx=text/richtext tsv=text/tab-separated-values vtt=text/vtt py=text/x-python etx=text/x-setext sgm=text/x-sgml " +
    "sgml=text/x-sgml vcf=text/x-vcard xml=text/xml mp4=video/mp4 mpeg=video/mpeg m1v=video/mpeg mpa=video/mpeg " +
    "mpe=video/mpeg mpg=video/mpeg mov=video/quicktime qt=video/quicktime webm=video/webm avi=video/x-msvideo " +
    "movie=video/x-sgi-movie"
  )
    .split(" ")
    .map((pair) => {
      const eq = pair.indexOf("=");
      return ["." + pair.slice(0, eq), pair.slice(eq + 1)] as const;
    }),
);
const SUFFIX_MAP = new Map([
  [".svgz", ".svg.gz"],
  [".tgz", ".tar.gz"],
  [".taz", ".tar.gz"],
  [".tz", ".tar.gz"],
  [".tbz2", ".tar.bz2"],
  [".txz", ".tar.xz"],
]);
const ENCODINGS = new Set([".gz", ".Z", ".bz2", ".xz", ".br"]);

/** Python's `posixpath.splitext`: leading dots of the file name are not an extension. */
function splitext(path: string): [string, string] {
  const slash = path.lastIndexOf("/");
  const dot = path.lastIndexOf(".");
  if (dot <= slash) return [path, ""];
  let i = slash + 1;
  while (i < dot && path[i] === ".") i++;
  return i === dot ? [path, ""] : [path.slice(0, dot), path.slice(dot)];
}

/** `mimetypes.guess_type(path)[0]` with Python's built-in table. */
export function guessType(path: string): string | null {
  let [base, ext] = splitext(path);
  for (
    let suffix = SUFFIX_MAP.get(ext.toLowerCase());
    suffix !== undefined;
    suffix = SUFFIX_MAP.get(ext.toLowerCase())
  ) {
    [base, ext] = splitext(base + suffix);
  }
  if (ENCODINGS.has(ext) || ENCODINGS.has(ext.toLowerCase())) [base, ext] = splitext(base);
  return TYPES_MAP.get(ext) ?? TYPES_MAP.get(ext.toLowerCase()) ?? null;
}
