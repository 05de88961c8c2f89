/** @module Mirrors starlette/requests.py (Starlette 1.7.0): HTTPConnection, Request, cookie_parser, ClientDisconnect. */
import { decodeLatin1, decodeUTF8, pyStrip } from "./bytes.js";
import { Address, Headers, ImmutableMultiDict, QueryParams, State, URL, type URLPath } from "./datastructures.js";
import type { Receive, ReceiveMessage, Scope, Send, SendMessage } from "./types.js";

const SERVER_PUSH_HEADERS_TO_COPY = ["accept", "accept-encoding", "accept-language", "cache-control", "user-agent"];

/**
 * Parses a `Cookie` header into a record, as browsers do rather than as RFC 6265 says (Starlette's
 * `cookie_parser`, after Django): split on `;`, a chunk without `=` is a value with an empty name, both
 * sides stripped, a later name wins, quoted values unquoted with Python's `http.cookies._unquote`.
 */
export function cookieParser(cookieString: string): Record<string, string> {
  // No prototype: a cookie named "__proto__" is a cookie like any other.
  const cookies: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const chunk of cookieString.split(";")) {
    const eq = chunk.indexOf("=");
    const key = pyStrip(eq === -1 ? "" : chunk.slice(0, eq));
    const value = pyStrip(eq === -1 ? chunk : chunk.slice(eq + 1));
    if (key !== "" || value !== "") cookies[key] = cookieUnquote(value);
  }
  return cookies;
}

/** Python's `http.cookies._unquote`: a `"..."` value loses its quotes, `\"` and `\ooo` octal escapes. */
function cookieUnquote(value: string): string {
  if (value.length < 2 || !value.startsWith('"') || !value.endsWith('"')) return value;
  return value
    .slice(1, -1)
    .replace(/\\(?:([0-3][0-7][0-7])|([^\n]))/g, (_match, octal?: string, ch?: string) =>
      octal !== undefined ? String.fromCharCode(parseInt(octal, 8)) : (ch as string),
    );
}

/** The client went away (`http.disconnect`) while the body was being read, or a send failed. */
export class ClientDisconnect extends Error {
  override name = "ClientDisconnect";
}

/** A form body could not be parsed within its limits (Starlette's `MultiPartException`). */
export class MultiPartException extends Error {
  override name = "MultiPartException";
}

/** A parsed form: every field, in order, as a multi-dict (Starlette's `FormData`, fields only). */
export class FormData extends ImmutableMultiDict<string, string> {
  /** Starlette closes uploaded files here; url-encoded forms hold none. */
  async close(): Promise<void> {}

  /** `await using form = await request.form()`: Starlette's `async with request.form() as form`. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}

/** Limits of `request.form()`, with Starlette's defaults. */
export interface FormOptions {
  /** Most files in a multipart body (kept for Starlette's signature: multipart is refused). @default 1000 */
  maxFiles?: number;
  /** Most fields. @default 1000 */
  maxFields?: number;
  /** Most bytes in one field, name and value together, before decoding. @default 1048576 */
  maxPartSize?: number;
}

type ConnectionScope = Extract<Scope, { type: "http" | "websocket" }>;

/**
 * What an HTTP request and a WebSocket have in common: the scope read as URL, headers, query parameters,
 * cookies, client, state (Starlette's `HTTPConnection`). Each view is built on first use and kept.
 */
export class HTTPConnection {
  readonly scope: ConnectionScope;
  #url: URL | undefined;
  #baseUrl: URL | undefined;
  #headers: Headers | undefined;
  #queryParams: QueryParams | undefined;
  #cookies: Record<string, string> | undefined;
  #state: State | undefined;

  constructor(scope: Scope, _receive?: Receive) {
    if (scope.type !== "http" && scope.type !== "websocket") {
      throw new TypeError(`An HTTPConnection needs an "http" or "websocket" scope, not "${scope.type}"`);
    }
    this.scope = scope;
  }

  /** `scope.app`, set by the application. */
  get app(): unknown {
    return this.scope["app"];
  }

  get url(): URL {
    this.#url ??= new URL({ scope: this.scope });
    return this.#url;
  }

  /** The URL of the application's root: the outermost `root_path` (`app_root_path` inside a Mount) with a `/`. */
  get baseUrl(): URL {
    if (this.#baseUrl === undefined) {
      const scope = this.scope;
      const appRootPath = (scope["app_root_path"] as string | undefined) ?? scope.root_path ?? "";
      const path = appRootPath.endsWith("/") ? appRootPath : appRootPath + "/";
      this.#baseUrl = new URL({ scope: { ...scope, path, query_string: "", root_path: appRootPath } });
    }
    return this.#baseUrl;
  }

  get headers(): Headers {
    this.#headers ??= new Headers({ scope: this.scope });
    return this.#headers;
  }

  get queryParams(): QueryParams {
    this.#queryParams ??= new QueryParams(this.scope.query_string);
    return this.#queryParams;
  }

  /** `scope.path_params`, set by the router; `{}` without one. */
  get pathParams(): Record<string, unknown> {
    return (this.scope["path_params"] as Record<string, unknown> | undefined) ?? {};
  }

  /** Every `cookie` header parsed with `cookieParser`, later headers winning. */
  get cookies(): Record<string, string> {
    if (this.#cookies === undefined) {
      const cookies: Record<string, string> = Object.create(null) as Record<string, string>;
      for (const header of this.headers.getlist("cookie")) Object.assign(cookies, cookieParser(header));
      this.#cookies = cookies;
    }
    return this.#cookies;
  }

  /** `scope.client` as an Address, or null. */
  get client(): Address | null {
    const hostPort = this.scope.client;
    return hostPort === undefined || hostPort === null ? null : new Address(hostPort[0], hostPort[1]);
  }

  /** `scope.session`, set by a session middleware. */
  get session(): Record<string, unknown> {
    return this.scopeKey("session", "SessionMiddleware must be installed to access request.session") as Record<
      string,
      unknown
    >;
  }

  /** `scope.auth`, set by an authentication middleware. */
  get auth(): unknown {
    return this.scopeKey("auth", "AuthenticationMiddleware must be installed to access request.auth");
  }

  /** `scope.user`, set by an authentication middleware. */
  get user(): unknown {
    return this.scopeKey("user", "AuthenticationMiddleware must be installed to access request.user");
  }

  /** A State over `scope.state` (created empty when missing), so what is set here lands in the scope. */
  get state(): State {
    if (this.#state === undefined) {
      this.scope.state ??= {};
      this.#state = new State(this.scope.state);
    }
    return this.#state;
  }

  /** The absolute URL of the route named `name` (Starlette's `url_for`), through the router in the scope. */
  urlFor(name: string, pathParams: Record<string, unknown> = {}): URL {
    const router = this.scope["router"] as { urlPathFor(name: string, params: Record<string, unknown>): URLPath } | undefined;
    if (router === undefined) throw new Error("The `url_for` method can only be used inside a Starlette application or with a router.");
    return router.urlPathFor(name, pathParams).makeAbsoluteURL(this.baseUrl);
  }

  private scopeKey(key: string, missing: string): unknown {
    if (!(key in this.scope)) throw new Error(missing);
    return this.scope[key];
  }
}

async function emptyReceive(): Promise<never> {
  throw new Error("Receive channel has not been made available");
}

async function emptySend(_message: SendMessage): Promise<never> {
  throw new Error("Send channel has not been made available");
}

/** Resolves after pending I/O callbacks and promise jobs: the JS reading of "available right now". */
function nextTurn(): Promise<null> {
  return new Promise((resolve) => setImmediate(resolve, null));
}

/**
 * An HTTP request: the connection plus its method and body (Starlette's `Request`). The body is read once
 * from `receive`; `body()` keeps it, so it can be read again, and `stream()` after `body()` gives it back.
 */
export class Request extends HTTPConnection {
  declare readonly scope: Extract<Scope, { type: "http" }>;
  readonly #rawReceive: Receive;
  readonly #send: Send;
  #streamConsumed = false;
  #isDisconnected = false;
  #body: Uint8Array | undefined;
  #json: { value: unknown } | undefined;
  #form: FormData | undefined;
  /** A receive() that isDisconnected() started but did not wait for: the next read takes its message. */
  #pending: Promise<ReceiveMessage> | null = null;

  constructor(scope: Scope, receive: Receive = emptyReceive, send: Send = emptySend) {
    super(scope);
    if (scope.type !== "http") throw new TypeError(`A Request needs an "http" scope, not "${scope.type}"`);
    this.#rawReceive = receive;
    this.#send = send;
  }

  get method(): string {
    return this.scope.method;
  }

  /** The receive channel; it first hands over a message that `isDisconnected()` left waiting. */
  readonly receive: Receive = () => {
    const pending = this.#pending;
    if (pending === null) return this.#rawReceive();
    this.#pending = null;
    return pending;
  };

  /**
   * The body chunk by chunk, ending with an empty chunk. Throws ClientDisconnect on `http.disconnect`, and
   * "Stream consumed" if the body was already streamed without `body()` keeping it.
   */
  async *stream(): AsyncGenerator<Uint8Array, void, undefined> {
    if (this.#body !== undefined) {
      yield this.#body;
      yield new Uint8Array(0);
      return;
    }
    if (this.#streamConsumed) throw new Error("Stream consumed");
    while (!this.#streamConsumed) {
      const message = await this.receive();
      if (message.type === "http.request") {
        const body = message.body ?? new Uint8Array(0);
        if (message.more_body !== true) this.#streamConsumed = true;
        if (body.length > 0) yield body;
      } else if (message.type === "http.disconnect") {
        this.#isDisconnected = true;
        throw new ClientDisconnect();
      }
    }
    yield new Uint8Array(0);
  }

  /** The whole body, read once and kept. */
  async body(): Promise<Uint8Array> {
    if (this.#body === undefined) {
      const chunks: Uint8Array[] = [];
      for await (const chunk of this.stream()) if (chunk.length > 0) chunks.push(chunk);
      this.#body = concatBytes(chunks);
    }
    return this.#body;
  }

  /**
   * The body parsed as JSON, parsed once and kept. A leading BOM is skipped as Python's `json.loads(bytes)`
   * does; unlike Python, `NaN` and `Infinity` are refused and big integers lose precision (JSON.parse).
   */
  async json(): Promise<unknown> {
    if (this.#json === undefined) {
      const text = decodeUTF8(await this.body());
      this.#json = { value: JSON.parse(text.startsWith("\uFEFF") ? text.slice(1) : text) };
    }
    return this.#json.value;
  }

  /**
   * The body as form fields, parsed once and kept. `application/x-www-form-urlencoded` is parsed as Starlette
   * does (python-multipart's QuerystringParser, then `unquote_plus`); any other type but multipart gives an
   * empty FormData; `multipart/form-data` is refused with an Error (not implemented here). Past a limit it
   * throws MultiPartException (Starlette turns that into a 400 HTTPException inside an application).
   */
  async form(options: FormOptions = {}): Promise<FormData> {
    if (this.#form === undefined) {
      const contentType = mediaTypeOf(this.headers.get("content-type"));
      if (contentType === "multipart/form-data") {
        throw new Error(
          "request.form() does not parse multipart/form-data bodies yet: only application/x-www-form-urlencoded; read request.body() or request.stream() instead",
        );
      }
      if (contentType === "application/x-www-form-urlencoded") {
        const chunks: Uint8Array[] = [];
        for await (const chunk of this.stream()) chunks.push(chunk);
        this.#form = new FormData(parseUrlencoded(decodeLatin1(concatBytes(chunks)), options));
      } else {
        this.#form = new FormData();
      }
    }
    return this.#form;
  }

  async close(): Promise<void> {
    if (this.#form !== undefined) await this.#form.close();
  }

  /**
   * True once the client has gone: looks at a message only if one is available right now (Starlette
   * cancels the receive at once). A receive that is still waiting is kept for the next read, and an
   * `http.request` found here is kept too, where Starlette drops it, so no body bytes are lost.
   */
  async isDisconnected(): Promise<boolean> {
    if (!this.#isDisconnected) {
      const message = this.receive();
      const ready = await Promise.race([message, nextTurn()]);
      if (ready === null || ready.type !== "http.disconnect") {
        this.#pending = ready === null ? message : Promise.resolve(ready);
        // A waiting receive that later fails is reported to whoever reads it next.
        message.catch(() => undefined);
      } else {
        this.#isDisconnected = true;
      }
    }
    return this.#isDisconnected;
  }

  /** Sends `http.response.push` when the server offers the extension, copying a few request headers. */
  async sendPushPromise(path: string): Promise<void> {
    if (this.scope.extensions?.["http.response.push"] === undefined) return;
    const headers: [string, string][] = [];
    for (const name of SERVER_PUSH_HEADERS_TO_COPY) {
      for (const value of this.headers.getlist(name)) headers.push([name, value]);
    }
    // `http.response.push` is an ASGI extension outside the SendMessage union.
    await this.#send({ type: "http.response.push", path, headers } as unknown as SendMessage);
  }
}

/** The chunks as one Uint8Array (one chunk is returned as it is). */
function concatBytes(chunks: readonly Uint8Array[]): Uint8Array {
  // The one chunk of a small body is kept as it came.
  if (chunks.length === 1) return chunks[0] as Uint8Array;
  let length = 0;
  for (const chunk of chunks) length += chunk.length;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

/** The media type of a Content-Type header, lowercased, without parameters (python-multipart's `parse_options_header`). */
function mediaTypeOf(header: string | undefined): string {
  if (header === undefined) return "";
  const semicolon = header.indexOf(";");
  return pyStrip(semicolon === -1 ? header : header.slice(0, semicolon)).toLowerCase();
}

/**
 * python-multipart's QuerystringParser (non-strict) over a latin-1 body: fields split on `&` (runs of `&`
 * skipped), name and value on the first `=`, a field without `=` has an empty value; each side `unquote_plus`ed.
 */
function parseUrlencoded(body: string, options: FormOptions): [string, string][] {
  const maxFields = options.maxFields ?? 1000;
  const maxPartSize = options.maxPartSize ?? 1024 * 1024;
  const items: [string, string][] = [];
  for (const field of body.split("&")) {
    if (field === "") continue;
    const eq = field.indexOf("=");
    if (field.length - (eq === -1 ? 0 : 1) > maxPartSize) {
      throw new MultiPartException(`Field exceeded maximum size of ${Math.trunc(maxPartSize / 1024)}KB.`);
    }
    if (items.length + 1 > maxFields) {
      throw new MultiPartException(`Too many fields. Maximum number of fields is ${maxFields}.`);
    }
    const name = eq === -1 ? field : field.slice(0, eq);
    const value = eq === -1 ? "" : field.slice(eq + 1);
    items.push([unquotePlus(name), unquotePlus(value)]);
  }
  return items;
}

/**
 * Python's `urllib.parse.unquote_plus` on a str: `+` is a space, each ASCII run's `%XX` escapes are decoded
 * as UTF-8 (bad bytes become U+FFFD), broken escapes and non-ASCII characters stay as they are.
 */
function unquotePlus(s: string): string {
  const spaced = s.replaceAll("+", " ");
  if (!spaced.includes("%")) return spaced;
  return spaced.replace(/[\x00-\x7f]+/g, (run) => decodeUTF8(percentBytes(run)));
}

const HEX_PAIR = /^[0-9A-Fa-f]{2}$/;

function percentBytes(run: string): Uint8Array {
  const bytes: number[] = [];
  for (let i = 0; i < run.length; i++) {
    const hex = run.slice(i + 1, i + 3);
    if (run[i] === "%" && HEX_PAIR.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(run.charCodeAt(i));
    }
  }
  return Uint8Array.from(bytes);
}
