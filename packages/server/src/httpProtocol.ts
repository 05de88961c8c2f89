/** @module Mirrors uvicorn/protocols/http/httptools_impl.py (HttpToolsProtocol, RequestResponseCycle) on node:http.
 *
 * llhttp (inside node:http) parses; this module builds the scope, runs one request at a time per connection and
 * writes uvicorn's response head (default headers first, names lowercased, `connection: close` and
 * `transfer-encoding: chunked` added as uvicorn adds them) through `ServerResponse.writeHead` with a raw header list.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Socket } from "node:net";
import type {
  ASGIApp,
  HTTPReceiveMessage,
  HTTPResponseBodyEvent,
  HTTPResponseStartEvent,
  HTTPScope,
  RawHeaders,
  ScopeState,
  SendMessage,
} from "@mono/asgi";
import { validateSendMessage } from "@mono/asgi";
import { AsyncEvent } from "./asyncEvent.js";
import { serviceUnavailable } from "./flowControl.js";
import { statusPhrase } from "./httpStatus.js";
import { accessLine, type Logger } from "./logging.js";
import { getPathWithQueryString, unquote } from "./urls.js";

const NOT_A_BYTE = /[^\x00-\xff]/;

const EMPTY = new Uint8Array(0);
const INTERNAL_SERVER_ERROR = new TextEncoder().encode("Internal Server Error");

/** Shared state of one server: uvicorn's ServerState. */
export class ServerState {
  totalRequests = 0;
  readonly connections = new Set<HttpConnection>();
  /** Running app calls (uvicorn's `tasks`), so the concurrency limit and shutdown can count them. */
  activeTasks = 0;
  /** Called after each completed response (the max-requests check). */
  onResponse: () => void = () => {};

  private dateSecond = -1;
  private cached: string[] = [];

  /** `encodedHeaders` are validated once, by the options schema; the date is ours. */
  constructor(
    private readonly dateEnabled: boolean,
    private readonly encodedHeaders: ReadonlyArray<readonly [string, string]>,
  ) {
    this.cached = encodedHeaders.flatMap(([name, value]) => [name, value]);
  }

  /** uvicorn's `default_headers` (date, then server and --header ones) as a fresh flat list for writeHead. */
  defaultHeaders(): string[] {
    if (this.dateEnabled) {
      const second = Math.floor(Date.now() / 1000);
      if (second !== this.dateSecond) {
        this.dateSecond = second;
        const flat = ["date", new Date(second * 1000).toUTCString()];
        for (const [name, value] of this.encodedHeaders) flat.push(name, value);
        this.cached = flat;
      }
    }
    return this.cached.slice();
  }
}

/** What every connection of one server shares. */
export interface ProtocolSettings {
  readonly app: ASGIApp;
  readonly rootPath: string;
  readonly limitConcurrency: number | null;
  /** `--timeout-keep-alive` in milliseconds. */
  readonly timeoutKeepAlive: number;
  readonly logger: Logger;
  readonly accessLogger: Logger;
  readonly state: ServerState;
  readonly appState: ScopeState;
}

type Task = { cycle: RequestResponseCycle; app: ASGIApp };

/** One TCP connection: uvicorn's HttpToolsProtocol minus the parsing, which node:http does. */
export class HttpConnection {
  readonly server: [string, number] | null;
  readonly client: [string, number] | null;
  current: RequestResponseCycle | null = null;
  private readonly pipeline: Task[] = [];
  private closed = false;
  /** uvicorn's `timeout_keep_alive_task`: one timer per connection, re-armed after each response. */
  private keepAliveTimer: NodeJS.Timeout | null = null;
  /** `socket.bytesRead` when the timer was armed: any byte since then cancels it, as uvicorn's `data_received`. */
  private bytesReadAtIdle = 0;

  constructor(
    readonly socket: Socket,
    private readonly settings: ProtocolSettings,
  ) {
    this.server = socket.localAddress !== undefined ? [socket.localAddress, socket.localPort ?? 0] : null;
    this.client = socket.remoteAddress !== undefined ? [socket.remoteAddress, socket.remotePort ?? 0] : null;
    settings.state.connections.add(this);
    socket.once("close", () => this.connectionLost());
  }

  private connectionLost(): void {
    this.closed = true;
    if (this.keepAliveTimer !== null) clearTimeout(this.keepAliveTimer);
    this.settings.state.connections.delete(this);
    const cycle = this.current;
    if (cycle !== null) cycle.connectionLost();
    this.pipeline.length = 0;
  }

  /** node:http's `request` (and `checkContinue` / `checkExpectation`) event: uvicorn's `on_headers_complete`. */
  handleRequest(req: IncomingMessage, res: ServerResponse): void {
    const settings = this.settings;
    const scope = this.buildScope(req);
    if (scope === null) {
      writeBadRequest(res, settings.state, "Invalid HTTP request received.");
      settings.logger.warning("Invalid HTTP request received.");
      return;
    }
    if (this.upgradeRequested) settings.logger.warning("Unsupported upgrade request.");
    let app = settings.app;
    const limit = settings.limitConcurrency;
    if (limit !== null && (settings.state.connections.size >= limit || settings.state.activeTasks >= limit)) {
      app = serviceUnavailable;
      settings.logger.warning("Exceeded concurrency limit.");
    }
    const cycle = new RequestResponseCycle(scope, req, res, this, settings, this.expectContinue);
    if (this.current === null || this.current.responseComplete) this.startTask(cycle, app);
    else this.pipeline.push({ cycle, app });
  }

  /** Set by buildScope for the request it just read. */
  private expectContinue = false;
  private upgradeRequested = false;

  private buildScope(req: IncomingMessage): HTTPScope | null {
    const headers = this.scopeHeaders(req.rawHeaders);
    const target = splitTarget(req.url ?? "/");
    if (target === null) return null;
    const [rawPath, queryString] = target;
    const path = rawPath.includes("%") ? unquote(rawPath) : rawPath;
    const rootPath = this.settings.rootPath;
    return {
      type: "http",
      asgi: { version: "3.0", spec_version: "2.3" },
      http_version: req.httpVersion === "1.0" ? "1.0" : "1.1",
      server: this.server,
      client: this.client,
      scheme: "http",
      root_path: rootPath,
      headers,
      state: { ...this.settings.appState },
      method: req.method ?? "GET",
      path: rootPath + path,
      raw_path: rootPath + rawPath,
      query_string: queryString,
    };
  }

  /** The scope's header list; notes `Expect: 100-continue` and an upgrade request on the way (one pass). */
  private scopeHeaders(rawHeaders: readonly string[]): RawHeaders {
    const headers: RawHeaders = [];
    let expectContinue = false;
    let upgrade = false;
    let connectionUpgrade = false;
    for (let i = 0; i < rawHeaders.length; i += 2) {
      const name = (rawHeaders[i] as string).toLowerCase();
      const value = rawHeaders[i + 1] as string;
      headers.push([name, value]);
      if (name === "expect") expectContinue ||= value.toLowerCase() === "100-continue";
      else if (name === "upgrade") upgrade = true;
      else if (name === "connection") connectionUpgrade ||= /(^|,)\s*upgrade\s*(,|$)/i.test(value);
    }
    this.expectContinue = expectContinue;
    this.upgradeRequested = upgrade && connectionUpgrade;
    return headers;
  }

  private startTask(cycle: RequestResponseCycle, app: ASGIApp): void {
    this.current = cycle;
    void cycle.runASGI(app);
  }

  /** uvicorn's `on_response_complete`: count it, then start the next pipelined request or let keep-alive run. */
  onResponseComplete(cycle: RequestResponseCycle): void {
    const state = this.settings.state;
    state.totalRequests += 1;
    state.onResponse();
    if (this.closed || !cycle.keepAlive) {
      this.pipeline.length = 0;
      return;
    }
    const next = this.pipeline.shift();
    if (next !== undefined) this.startTask(next.cycle, next.app);
    else this.armKeepAlive();
  }

  /**
   * Start (or restart) the keep-alive timer. node:http's own `keepAliveTimeout` is off: Node 20 adds a 1 s buffer
   * to it, so an idle connection stayed open N+1 s. Node's parser consumes the socket in C++, so a new request's
   * first bytes are seen as a change of `bytesRead` when the timer fires rather than as an event that cancels it.
   */
  private armKeepAlive(): void {
    this.bytesReadAtIdle = this.socket.bytesRead;
    if (this.keepAliveTimer === null) {
      this.keepAliveTimer = setTimeout(this.onKeepAliveTimeout, this.settings.timeoutKeepAlive).unref();
    } else {
      this.keepAliveTimer.refresh();
    }
  }

  /** uvicorn's `timeout_keep_alive_handler`: close the connection if nothing arrived since the last response. */
  private readonly onKeepAliveTimeout = (): void => {
    if (this.closed || this.socket.bytesRead !== this.bytesReadAtIdle || this.pipeline.length > 0) return;
    if (this.current !== null && !this.current.responseComplete) return;
    closeSocket(this.socket);
  };

  /** Graceful shutdown: close if idle, else let the running response end with `connection: close`. */
  shutdown(): void {
    const cycle = this.current;
    if (cycle === null || cycle.responseComplete) {
      this.pipeline.length = 0;
      closeSocket(this.socket);
    } else {
      cycle.keepAlive = false;
    }
  }

  /** After the graceful-shutdown timeout: drop the connection, the running app sees http.disconnect. */
  abort(): void {
    this.socket.destroy();
  }
}

/** Split a request target into `raw_path` and `query_string` as httptools.parse_url; null when not ASCII. */
function splitTarget(url: string): [string, string] | null {
  let target = url;
  if (!target.startsWith("/")) {
    const authority = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#]*/.exec(target);
    if (authority !== null) target = target.slice(authority[0].length) || "/";
  }
  const hash = target.indexOf("#");
  if (hash >= 0) target = target.slice(0, hash);
  if (!/^[\x00-\x7f]*$/.test(target)) return null;
  const q = target.indexOf("?");
  return q < 0 ? [target, ""] : [target.slice(0, q), target.slice(q + 1)];
}

/** uvicorn's `transport.close()`: flush what was written, then close. */
function closeSocket(socket: Socket): void {
  if (socket.destroyed) return;
  if (socket.writableEnded) return;
  socket.end(() => socket.destroy());
}

/** uvicorn's `send_400_response`: default headers, then text/plain, content-length, connection: close. */
function writeBadRequest(res: ServerResponse, state: ServerState, message: string): void {
  const headers = state.defaultHeaders();
  headers.push(
    "content-type",
    "text/plain; charset=utf-8",
    "content-length",
    String(message.length),
    "connection",
    "close",
  );
  res.sendDate = false;
  res.writeHead(400, statusPhrase(400), headers);
  res.end(Buffer.from(message, "latin1"));
}

/** The raw bytes of a 400/431 for a request node:http could not parse (no ServerResponse exists then). */
export function rawErrorResponse(state: ServerState, status: number, message: string): Buffer {
  const flat = state.defaultHeaders();
  let head = `HTTP/1.1 ${status} ${statusPhrase(status)}\r\n`;
  for (let i = 0; i < flat.length; i += 2) head += `${flat[i]}: ${flat[i + 1]}\r\n`;
  head += `content-type: text/plain; charset=utf-8\r\ncontent-length: ${message.length}\r\nconnection: close\r\n\r\n`;
  return Buffer.from(head + message, "latin1");
}

const DIGITS = /^\d+$/;
const PYTHON_INT = /^[+-]?\d+(_\d+)*$/;

/** Python's int(value) as uvicorn applies it to content-length: whitespace, a sign and underscores pass. */
function parseContentLength(value: string): number {
  if (DIGITS.test(value)) return Number(value);
  const text = value.trim();
  if (!PYTHON_INT.test(text)) throw new Error(`invalid literal for int() with base 10: '${value}'`);
  return Number(text.replace(/_/g, ""));
}

const RESOLVED: Promise<void> = Promise.resolve();

/** One request and its response: uvicorn's RequestResponseCycle. */
export class RequestResponseCycle {
  disconnected = false;
  keepAlive: boolean;
  waitingFor100Continue: boolean;
  responseStarted = false;
  responseComplete = false;

  /** uvicorn's `message_event`, made on the first wait: most requests never wait for their body. */
  private messageEvent: AsyncEvent | null = null;
  /** Set while a body write waits for the socket to drain. */
  private drainEvent: AsyncEvent | null = null;
  private readonly expect100Continue: boolean;
  private headPending = false;
  private sent100 = false;
  private bodyComplete = false;
  private appDone = false;
  private chunkedEncoding: boolean | null = null;
  private expectedContentLength = 0;

  constructor(
    readonly scope: HTTPScope,
    private readonly req: IncomingMessage,
    private readonly res: ServerResponse,
    private readonly connection: HttpConnection,
    private readonly settings: ProtocolSettings,
    expectContinue: boolean,
  ) {
    this.keepAlive = scope.http_version !== "1.0" && res.shouldKeepAlive;
    this.waitingFor100Continue = expectContinue;
    this.expect100Continue = expectContinue && scope.http_version === "1.1";
  }

  /** uvicorn's `connection_lost` as seen by the cycle. */
  connectionLost(): void {
    if (!this.responseComplete) this.disconnected = true;
    this.messageEvent?.set();
    this.drainEvent?.set();
  }

  /** uvicorn's `run_asgi`: run the app, turn its failures into a 500 or a closed connection. Never rejects. */
  async runASGI(app: ASGIApp): Promise<void> {
    const state = this.settings.state;
    const logger = this.settings.logger;
    state.activeTasks += 1;
    try {
      const result: unknown = await app(this.scope, this.receive, this.send);
      if (result !== undefined) {
        logger.error(`ASGI callable should return None, but returned '${String(result)}'.`);
        this.closeAfterStart();
      } else if (!this.responseStarted && !this.disconnected) {
        logger.error("ASGI callable returned without starting response.");
        await this.send500Response();
      } else if (!this.responseComplete && !this.disconnected) {
        logger.error("ASGI callable returned without completing response.");
        this.closeAfterStart();
      }
    } catch (exc) {
      logger.error("Exception in ASGI application\n", exc);
      if (!this.responseStarted) await this.send500Response().catch(() => closeSocket(this.connection.socket));
      else this.closeAfterStart();
    } finally {
      state.activeTasks -= 1;
      this.appDone = true;
      this.releaseBody();
    }
  }

  /** uvicorn has written the head inside `send()` by now; ours may still wait for a body, so it leaves first. */
  private closeAfterStart(): void {
    this.flushHead();
    closeSocket(this.connection.socket);
  }

  private async send500Response(): Promise<void> {
    await this.send({
      type: "http.response.start",
      status: 500,
      headers: [
        ["content-type", "text/plain; charset=utf-8"],
        ["content-length", "21"],
        ["connection", "close"],
      ],
    });
    await this.send({ type: "http.response.body", body: INTERNAL_SERVER_ERROR, more_body: false });
  }

  /** ASGI `send`, with uvicorn's ordering errors. Not an async function: the usual case returns a settled promise. */
  readonly send = (message: SendMessage): Promise<void> => {
    if (this.drainEvent !== null && !this.drainEvent.isSet && !this.disconnected) {
      return this.drainEvent.wait().then(() => this.send(message));
    }
    if (this.disconnected) return RESOLVED;
    try {
      return this.sendNow(message);
    } catch (exc) {
      return Promise.reject(exc);
    }
  };

  private sendNow(message: SendMessage): Promise<void> {
    const type = (message as { type?: unknown } | null)?.type;
    if (!this.responseStarted) {
      if (type !== "http.response.start") {
        throw new Error(`Expected ASGI message 'http.response.start', but got '${String(type)}'.`);
      }
      // As uvicorn: the response counts as started before its head is checked, so a bad head closes the
      // connection instead of turning into a 500.
      this.responseStarted = true;
      this.waitingFor100Continue = false;
      this.startResponse(message as HTTPResponseStartEvent);
      return RESOLVED;
    }
    if (!this.responseComplete) {
      if (type !== "http.response.body") {
        throw new Error(`Expected ASGI message 'http.response.body', but got '${String(type)}'.`);
      }
      const { body = EMPTY, more_body: moreBody = false } = message as HTTPResponseBodyEvent;
      if (!(body instanceof Uint8Array) || typeof moreBody !== "boolean") invalid(message);
      return this.writeBody(body, moreBody);
    }
    throw new Error(`Unexpected ASGI message '${String(type)}' sent, after response already completed.`);
  }

  /** uvicorn's start branch of `send`: log the access line, build the head, hand it to node. */
  private startResponse(message: HTTPResponseStartEvent): void {
    const status = message.status;
    if (!Number.isInteger(status) || !Array.isArray(message.headers ?? [])) invalid(message);
    if (message.trailers !== undefined && typeof message.trailers !== "boolean") invalid(message);
    if (this.settings.accessLogger.isEnabledFor("info")) this.logAccess(status);
    // uvicorn has status lines for 100..599 only (a KeyError beyond).
    if (status < 100 || status > 599) throw new Error(`Invalid HTTP status code ${status}.`);
    const bodiless = this.scope.method === "HEAD" || status === 204 || status === 304;
    const flat = this.headerList(message, bodiless);
    const res = this.res;
    // node:http adds Date, Connection and Keep-Alive itself unless told these are handled.
    res.sendDate = false;
    res.removeHeader("connection");
    try {
      res.writeHead(status, statusPhrase(status), flat);
    } catch (exc) {
      throw headerError(exc, message);
    }
    // uvicorn writes the head at start. Here it waits for the first body write so that head and body leave in one
    // syscall; an app that sends no body within this turn of the event loop gets its head flushed by flushHeads().
    if (!bodiless && status >= 200) {
      this.headPending = true;
      if (pendingHeads.push(this) === 1) setImmediate(flushHeads);
    }
  }

  private logAccess(status: number): void {
    const scope = this.scope;
    const client = scope.client ? `${scope.client[0]}:${scope.client[1]}` : "";
    const path = getPathWithQueryString(scope);
    this.settings.accessLogger.info(accessLine(client, scope.method, path, scope.http_version, status));
  }

  /** Default headers, then the app's (names lowercased), then uvicorn's `connection: close` / chunked additions. */
  private headerList(message: HTTPResponseStartEvent, bodiless: boolean): string[] {
    const flat = this.settings.state.defaultHeaders();
    let hasConnectionClose = false;
    for (const pair of message.headers ?? []) {
      if (!Array.isArray(pair) || pair.length !== 2 || typeof pair[0] !== "string" || typeof pair[1] !== "string") {
        invalid(message);
      }
      const name = pair[0].toLowerCase();
      const value = pair[1];
      if (this.noteFraming(name, value)) hasConnectionClose = true;
      flat.push(name, value);
    }
    // node:http will not keep a connection whose client still waits for 100 Continue (it may send the body or
    // not); uvicorn keeps it. We close it too, and say so in the head rather than close silently.
    if (this.expect100Continue && !this.sent100) this.keepAlive = false;
    if (!this.keepAlive && !hasConnectionClose) flat.push("connection", "close");
    if (this.chunkedEncoding === null && !bodiless) {
      this.chunkedEncoding = true;
      flat.push("transfer-encoding", "chunked");
    }
    return flat;
  }

  /** uvicorn's per-header checks in `send`: content-length, chunked, connection: close. True for the last. */
  private noteFraming(name: string, value: string): boolean {
    if (name === "content-length") {
      if (this.chunkedEncoding === null) {
        this.expectedContentLength = parseContentLength(value);
        this.chunkedEncoding = false;
      }
    } else if (name === "transfer-encoding") {
      if (value.toLowerCase() === "chunked") {
        this.expectedContentLength = 0;
        this.chunkedEncoding = true;
      }
    } else if (name === "connection" && hasCloseToken(value)) {
      this.keepAlive = false;
      return true;
    }
    return false;
  }

  /** The empty write puts the head on the socket as latin-1 (flushHeaders() would encode it as UTF-8). */
  flushHead(): void {
    if (this.headPending && !this.disconnected) {
      this.headPending = false;
      this.res.write(EMPTY);
    }
  }

  private writeBody(body: Uint8Array, moreBody: boolean): Promise<void> {
    const res = this.res;
    this.headPending = false;
    if (this.scope.method === "HEAD") {
      this.expectedContentLength = 0;
    } else if (!this.chunkedEncoding) {
      if (body.length > this.expectedContentLength) throw new Error("Response content longer than Content-Length");
      this.expectedContentLength -= body.length;
    }
    if (moreBody) {
      if (body.length > 0 && !res.write(body)) {
        const drained = (this.drainEvent ??= new AsyncEvent());
        drained.clear();
        res.once("drain", () => drained.set());
        return drained.wait();
      }
      return RESOLVED;
    }
    if (this.expectedContentLength !== 0) {
      if (body.length > 0) res.write(body);
      throw new Error("Response content shorter than Content-Length");
    }
    this.responseComplete = true;
    this.messageEvent?.set();
    if (body.length > 0) res.end(body);
    else res.end();
    this.releaseBody();
    // uvicorn swaps on_response for a no-op once run_asgi returns: a late send from a stray task starts nothing.
    if (!this.appDone) this.connection.onResponseComplete(this);
    return RESOLVED;
  }

  /**
   * After the response: an unread request body is drained off the wire, as uvicorn's parser skips it, so the next
   * request on the connection is read. A discarding 'data' listener, not resume() alone: node skips its own drain
   * (`req._dump()` at the response's finish) once the stream has been read or resumed, and a resumed stream with
   * no 'data' listener stopped pulling from the socket once its buffer filled (the connection then hung).
   */
  private releaseBody(): void {
    const req = this.req;
    if (!req.complete && !req.destroyed) {
      req.removeAllListeners("readable");
      if (req.listenerCount("data") === 0) req.on("data", discard);
      req.resume();
    }
  }

  /** ASGI `receive`: the body as it arrives (at most node's stream buffer ahead), then http.disconnect. */
  readonly receive = async (): Promise<HTTPReceiveMessage> => {
    const socket = this.connection.socket;
    if (this.waitingFor100Continue && !socket.destroyed && !socket.writableEnded) {
      this.res.writeContinue();
      this.sent100 = true;
      this.waitingFor100Continue = false;
    }
    for (;;) {
      if (this.disconnected || this.responseComplete) return { type: "http.disconnect" };
      if (!this.bodyComplete) {
        const message = this.readBody();
        if (message !== null) return message;
      }
      if (this.messageEvent === null) {
        const event = (this.messageEvent = new AsyncEvent());
        this.req.on("readable", () => event.set());
      }
      await this.messageEvent.wait();
      this.messageEvent.clear();
    }
  };

  private readBody(): HTTPReceiveMessage | null {
    const req = this.req;
    const chunk = req.read() as Buffer | null;
    const complete = req.complete && req.readableLength === 0;
    if (chunk === null && !complete) return null;
    if (complete) this.bodyComplete = true;
    return { type: "http.request", body: chunk ?? EMPTY, more_body: !complete };
  }
}

/** Responses whose head waits for a body; flushed together once per event-loop turn. */
let pendingHeads: RequestResponseCycle[] = [];

function flushHeads(): void {
  const cycles = pendingHeads;
  pendingHeads = [];
  for (const cycle of cycles) cycle.flushHead();
}

function discard(): void {}

function hasCloseToken(value: string): boolean {
  return value.split(",").some((token) => token.trim().toLowerCase() === "close");
}

/**
 * node:http validates every header as writeHead() stores it, before a byte is written: names must be RFC 9110
 * tokens (stricter than uvicorn's HEADER_RE, which lets "/", "?" and bytes >= 0x80 through) and values must match
 * uvicorn's HEADER_VALUE_RE and be bytes. Its refusals are turned into uvicorn's texts; a value that is not a
 * ByteString goes to the shared validator for its message.
 */
function headerError(exc: unknown, message: HTTPResponseStartEvent): unknown {
  const code = (exc as { code?: unknown } | null)?.code;
  if (code === "ERR_INVALID_HTTP_TOKEN") return new Error("Invalid HTTP header name.");
  if (code === "ERR_INVALID_CHAR") {
    if ((message.headers ?? []).some(([, value]) => NOT_A_BYTE.test(value))) invalid(message);
    return new Error("Invalid HTTP header value.");
  }
  if (code === "ERR_HTTP_INVALID_HEADER_VALUE") invalid(message);
  return exc;
}

/**
 * The fast path above checks only what it must; a message that fails it is handed to @mono/asgi's
 * validateSendMessage, which throws an ASGIMessageError naming the message type and the bad key.
 */
function invalid(message: unknown): never {
  validateSendMessage("http", message);
  throw new TypeError(`Invalid ASGI message: ${String((message as { type?: unknown } | null)?.type)}`);
}
