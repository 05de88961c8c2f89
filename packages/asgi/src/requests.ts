/** @module Mirrors starlette/requests.py (Starlette 1.7.0): HTTPConnection, Request (form() through formparsers), cookie_parser, ClientDisconnect. */
import { decodeLatin1, decodeUTF8, pyStrip } from "./bytes.js";
import { Address, FormData, Headers, ImmutableMultiDict, QueryParams, State, URL, type URLPath } from "./datastructures.js";
import { FormParser, type FormOptions, MultiPartParser, parseOptionsHeader } from "./formparsers.js";
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

  /** Starlette's `_body`: the body once `body()` has read it (for subclasses such as BaseHTTPMiddleware's). */
  protected get cachedBody(): Uint8Array | undefined {
    return this.#body;
  }

  /** Starlette's `_stream_consumed`: the last body message has been read. */
  protected get streamConsumed(): boolean {
    return this.#streamConsumed;
  }

  /** Starlette's `_is_disconnected`: an `http.disconnect` has been seen. */
  protected get disconnectSeen(): boolean {
    return this.#isDisconnected;
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
   * The body as a form, parsed once and kept (Starlette's `form()`): `application/x-www-form-urlencoded` with
   * FormParser, `multipart/form-data` with MultiPartParser (files as UploadFile), any other type an empty
   * FormData. A malformed body or one past a limit throws MultiPartException, which an application answers
   * with a 400 carrying its message (Starlette raises HTTPException(400) when `"app"` is in the scope).
   */
  async form(options: FormOptions = {}): Promise<FormData> {
    if (this.#form === undefined) {
      const [contentType] = parseOptionsHeader(this.headers.get("content-type"));
      if (contentType === "multipart/form-data") {
        this.#form = await new MultiPartParser(this.headers, this.stream(), options).parse();
      } else if (contentType === "application/x-www-form-urlencoded") {
        this.#form = await new FormParser(this.headers, this.stream(), options).parse();
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
