/** @module Mirrors uvicorn/protocols/http/httptools_impl.py (HttpToolsProtocol, RequestResponseCycle) on a node:net socket.
 *
 * As in uvicorn, the protocol owns the connection: bytes from the socket go to an incremental parser (httpParser.ts,
 * our httptools), whose callbacks build the scope and feed the body to the running cycle; responses are written to
 * the socket as uvicorn writes them (status line, default headers, the app's headers with names lowercased,
 * `connection: close` and `transfer-encoding: chunked` where uvicorn adds them). node:http is not involved: its
 * IncomingMessage/ServerResponse machinery cost more than the whole ASGI layer.
 */
import type { Socket } from "node:net";
import type {
  ASGIApp,
  HTTPReceiveMessage,
  HTTPResponseBodyEvent,
  HTTPResponseStartEvent,
  HTTPScope,
  ScopeState,
  SendMessage,
} from "@mono/asgi";
import { validateSendMessage } from "@mono/asgi";
import { FlowControl, HIGH_WATER_LIMIT, serviceUnavailable } from "./flowControl.js";
import { HttpParserError, HttpRequestParser, type ParsedRequest } from "./httpParser.js";
import { statusPhrase } from "./httpStatus.js";
import { accessLine, type Logger } from "./logging.js";
import { getPathWithQueryString, unquote } from "./urls.js";
import { isWebSocketUpgrade } from "./wsUpgrade.js";

const EMPTY = new Uint8Array(0);
const INTERNAL_SERVER_ERROR = new TextEncoder().encode("Internal Server Error");
const RESOLVED: Promise<void> = Promise.resolve();

/** uvicorn's STATUS_LINE: `HTTP/1.1 <code> <phrase>\r\n` for 100..599 (an unnamed code keeps the space). */
const STATUS_LINE: readonly string[] = Array.from({ length: 600 }, (_, code) =>
  code < 100 ? "" : `HTTP/1.1 ${code} ${statusPhrase(code)}\r\n`,
);

/** Head and body go out as one buffer (one syscall) up to this size; a larger body is written beside its head. */
const COALESCE_LIMIT = 16384;

/** What shutdown and the concurrency limit see of a connection, HTTP or WebSocket. */
export interface Connection {
  /** Graceful shutdown: finish or close what is in flight. */
  shutdown(): void;
  /** Drop the connection now. */
  abort(): void;
  /** The server's sweep: close an HTTP connection past its head or body deadline (a WebSocket has pings instead). */
  checkDeadlines?(now: number): void;
}

/** The upgrade hook: hands an upgraded connection's socket and handshake request to the WebSocket protocol. */
export type WebSocketUpgrade = (
  socket: Socket,
  request: { readonly method: string; readonly path: string; readonly headers: ParsedRequest["headers"] },
) => void;

/** Shared state of one server: uvicorn's ServerState. */
export class ServerState {
  totalRequests = 0;
  readonly connections = new Set<Connection>();
  /** Running app calls (uvicorn's `tasks`), so the concurrency limit and shutdown can count them. */
  activeTasks = 0;
  /** Called after each completed response (the max-requests check). */
  onResponse: () => void = () => {};
  /**
   * A coarse clock in milliseconds, advanced by the server's deadline sweep (see Server): connections stamp it on
   * each read, a plain field write, instead of arming a timer per read.
   */
  clock = 0;

  private dateSecond = -1;
  /** The server and --header lines, which never change. */
  private readonly fixed: string;
  private text: string;

  /** `encodedHeaders` are validated once, by the options schema; the date is ours. */
  constructor(
    private readonly dateEnabled: boolean,
    encodedHeaders: ReadonlyArray<readonly [string, string]>,
  ) {
    this.fixed = headText(encodedHeaders);
    this.text = this.fixed;
  }

  /** uvicorn's `default_headers` (date, then server and --header ones) as head lines, rebuilt once a second. */
  defaultHeadText(): string {
    if (this.dateEnabled) {
      const second = Math.floor(Date.now() / 1000);
      if (second !== this.dateSecond) {
        this.dateSecond = second;
        this.text = `date: ${new Date(second * 1000).toUTCString()}\r\n${this.fixed}`;
      }
    }
    return this.text;
  }
}

function headText(headers: ReadonlyArray<readonly [string, string]>): string {
  let text = "";
  for (const [name, value] of headers) text += `${name}: ${value}\r\n`;
  return text;
}

/** What every connection of one server shares. */
export interface ProtocolSettings {
  readonly app: ASGIApp;
  readonly rootPath: string;
  readonly limitConcurrency: number | null;
  /** `--timeout-keep-alive` in milliseconds. */
  readonly timeoutKeepAlive: number;
  /** Bytes a request line plus header fields may take before a 431. */
  readonly maxHeaderSize: number;
  /** `timeoutRequestHead` in milliseconds, 0 when off. */
  readonly timeoutRequestHead: number;
  /** `timeoutRequestBody` in milliseconds, 0 when off. */
  readonly timeoutRequestBody: number;
  /**
   * The deadline sweep's period in milliseconds: the coarse clock a read stamps may be that much behind, so a
   * deadline is declared only once it is past by that much (never early, at most two periods late).
   */
  readonly deadlineSlack: number;
  readonly logger: Logger;
  readonly accessLogger: Logger;
  readonly state: ServerState;
  readonly appState: ScopeState;
  /** `--ws`: where a WebSocket upgrade goes; null (`--ws none`) serves it as a plain request. */
  readonly webSocket: WebSocketUpgrade | null;
}

/** One TCP connection: uvicorn's HttpToolsProtocol. */
export class HttpConnection {
  readonly server: [string, number] | null;
  readonly client: [string, number] | null;
  readonly flow: FlowControl;
  /** uvicorn's `self.cycle`: the cycle of the request parsed last (it may wait in the pipeline). */
  cycle: RequestResponseCycle | null = null;
  private readonly parser: HttpRequestParser;
  /** Parsed requests waiting for the one before them to finish, oldest first. */
  private readonly pipeline: Array<[RequestResponseCycle, ASGIApp]> = [];
  /** The cycle whose app runs (or ran last). */
  private running: RequestResponseCycle | null = null;
  private closed = false;
  /** Set once a request without keep-alive is read: later bytes are ignored (httptools' lenient_data_after_close). */
  private ignoringData = false;
  private lastKeepAlive = true;
  /** uvicorn's `timeout_keep_alive_task`: one timer per connection, re-armed after each response. */
  private keepAliveTimer: NodeJS.Timeout | null = null;
  private keepAliveArmed = false;
  /** The clock when the head being read began (the connection's start for the first), or -1 when none is. */
  private headStartedAt: number;
  /** The clock at the last bytes read. */
  private lastReadAt: number;

  constructor(
    readonly socket: Socket,
    private readonly settings: ProtocolSettings,
  ) {
    this.server = socket.localAddress !== undefined ? [socket.localAddress, socket.localPort ?? 0] : null;
    this.client = socket.remoteAddress !== undefined ? [socket.remoteAddress, socket.remotePort ?? 0] : null;
    this.flow = new FlowControl(socket);
    this.parser = new HttpRequestParser(this, { maxHeaderSize: settings.maxHeaderSize });
    this.headStartedAt = this.lastReadAt = settings.state.clock;
    settings.state.connections.add(this);
    socket.setNoDelay(true);
    socket.on("data", this.dataReceived);
    socket.on("drain", () => this.flow.resumeWriting());
    // A reset connection reports an error and then closes; 'close' is where it is handled.
    socket.on("error", ignore);
    socket.once("close", () => this.connectionLost());
  }

  private connectionLost(): void {
    if (this.upgraded) return;
    this.closed = true;
    this.settings.state.connections.delete(this);
    if (this.keepAliveTimer !== null) clearTimeout(this.keepAliveTimer);
    this.running?.connectionLost();
    this.cycle?.connectionLost();
    for (const [waiting] of this.pipeline) waiting.connectionLost();
    this.pipeline.length = 0;
    this.flow.resumeWriting();
  }

  /** uvicorn's `data_received`: feed the parser; a refused request gets uvicorn's 400 (or our 431) and the close. */
  private readonly dataReceived = (data: Buffer): void => {
    this.keepAliveArmed = false;
    if (this.ignoringData) return;
    const now = (this.lastReadAt = this.settings.state.clock);
    try {
      this.parser.feedData(data);
      if (this.headStartedAt < 0 && this.parser.readingHead) this.headStartedAt = now;
      this.startPending();
    } catch (exc) {
      if (!this.ignoringData) {
        this.ignoringData = true;
        if (exc instanceof HttpParserError) {
          this.refuse(exc.status);
        } else {
          // A fault of ours, not of the request: it costs this connection, never the process.
          this.settings.logger.error("Exception in HTTP protocol\n", exc);
          this.socket.destroy();
        }
      }
      // As in uvicorn, a task created before the refusal still runs; its connection is gone by then.
      this.startPending();
    }
  };

  /**
   * uvicorn's `send_400_response` (our 431 alike), then the close. An app already running for this connection
   * has not written yet unless its response started (uvicorn's task has not even run): it loses the connection.
   * A response already under way cannot take a second head, so then the socket just goes.
   */
  private refuse(status: 400 | 408 | 431, logged = status === 431 ? "Request Header Fields Too Large" : "Invalid HTTP request received."): void {
    const socket = this.socket;
    const running = this.running;
    if ((running !== null && running.responseStarted && !running.responseComplete) || !socket.writable) {
      socket.destroy();
      return;
    }
    const message = status === 408 ? "Request Timeout" : logged;
    this.settings.logger.warning(logged);
    socket.end(rawErrorResponse(this.settings.state, status, message), () => socket.destroy());
    if (running !== null && !running.responseComplete) running.connectionLost();
    this.cycle?.connectionLost();
  }


  /**
   * The deadline sweep's visit (Server, every fraction of the shortest deadline): a head that takes too long, or a
   * body that stopped arriving, is refused with a 408 and one log line. While reading is paused (the app has not
   * taken the body, a pipelined request waits) the client is not the one stalling: the clocks are held.
   */
  checkDeadlines(now: number): void {
    if (this.closed || this.ignoringData) return;
    const settings = this.settings;
    if (this.flow.readPaused) {
      if (this.headStartedAt >= 0) this.headStartedAt = now;
      this.lastReadAt = now;
      return;
    }
    const headLimit = settings.timeoutRequestHead;
    const slack = settings.deadlineSlack;
    if (headLimit > 0 && this.headStartedAt >= 0 && now - this.headStartedAt >= headLimit + slack) {
      this.ignoringData = true;
      const seconds = headLimit / 1000;
      if (this.socket.bytesRead === 0) {
        settings.logger.warning(`No request received within ${seconds} s, closing the connection.`);
        this.socket.destroy();
      } else {
        this.refuse(408, `Request head not received within ${seconds} s, closing the connection.`);
      }
      return;
    }
    const bodyLimit = settings.timeoutRequestBody;
    if (bodyLimit > 0 && now - this.lastReadAt >= bodyLimit + slack && this.parser.readingBody) {
      this.ignoringData = true;
      this.refuse(408, `Request body stalled for ${bodyLimit / 1000} s, closing the connection.`);
    }
  }

  /** The parser's on_headers_complete: build the scope, then start the cycle or queue it behind the running one. */
  onHeadersComplete(request: ParsedRequest): void {
    this.headStartedAt = -1;
    if (this.ignoringData) return;
    const settings = this.settings;
    this.lastKeepAlive = request.keepAlive;
    if (request.upgrade && settings.webSocket !== null && isWebSocketUpgrade(request.headers)) {
      this.handWebSocket(request, settings.webSocket);
      return;
    }
    const scope = this.buildScope(request);
    // httptools.parse_url refuses an authority-form (CONNECT) or non-ASCII target: the 400 of a parser error.
    if (scope === null) throw new HttpParserError("Invalid HTTP request received.");
    if (request.upgrade) settings.logger.warning("Unsupported upgrade request.");
    let app = settings.app;
    const limit = settings.limitConcurrency;
    if (limit !== null && (settings.state.connections.size >= limit || settings.state.activeTasks >= limit)) {
      app = serviceUnavailable;
      settings.logger.warning("Exceeded concurrency limit.");
    }
    let expectContinue = false;
    for (const [name, value] of scope.headers) {
      if (name === "expect" && value.toLowerCase() === "100-continue") expectContinue = true;
    }
    const keepAlive = request.httpVersion !== "1.0" && request.keepAlive;
    const existing = this.cycle;
    const cycle = new RequestResponseCycle(scope, this, settings, expectContinue, keepAlive);
    this.cycle = cycle;
    if (existing === null || existing.responseComplete) {
      // uvicorn creates the task here and it runs once data_received returns: the app sees the rest of this chunk
      // parsed (its body, trailer fields appended to the scope's header list) when it starts.
      this.pending = [cycle, app];
    } else {
      this.flow.pauseReading();
      this.pipeline.push([cycle, app]);
    }
  }

  /**
   * uvicorn's `handle_websocket_upgrade`: the connection stops being HTTP. As with httptools' HttpParserUpgrade, the
   * rest of this chunk is not handed over; the WebSocket protocol owns the socket from here.
   */
  private handWebSocket(request: ParsedRequest, upgrade: WebSocketUpgrade): void {
    this.ignoringData = true;
    this.upgraded = true;
    this.socket.off("data", this.dataReceived);
    this.settings.state.connections.delete(this);
    if (this.keepAliveTimer !== null) clearTimeout(this.keepAliveTimer);
    upgrade(this.socket, { method: request.method, path: request.url, headers: request.headers });
  }

  private upgraded = false;

  /** The parser's on_body: buffer for the app's next receive(), and stop reading past uvicorn's high-water mark. */
  onBody(chunk: Uint8Array): void {
    const cycle = this.cycle;
    if (this.ignoringData || cycle === null || cycle.responseComplete) return;
    // The parser's chunks may be views of the socket's buffer, which node never reuses: no copy is needed.
    cycle.body.push(chunk);
    cycle.bodyLength += chunk.length;
    if (cycle.bodyLength > HIGH_WATER_LIMIT) this.flow.pauseReading();
    cycle.setMessageEvent();
  }

  /** The parser's on_message_complete. */
  onMessageComplete(): void {
    const cycle = this.cycle;
    if (this.ignoringData || cycle === null) return;
    if (!this.lastKeepAlive) this.ignoringData = true;
    if (cycle.responseComplete) return;
    cycle.moreBody = false;
    cycle.setMessageEvent();
  }

  private buildScope(request: ParsedRequest): HTTPScope | null {
    if (request.method === "CONNECT") return null;
    const target = splitTarget(request.url);
    if (target === null) return null;
    const rawPath = target[0];
    const path = rawPath.includes("%") ? unquote(rawPath) : rawPath;
    const rootPath = this.settings.rootPath;
    return {
      type: "http",
      asgi: { version: "3.0", spec_version: "2.3" },
      // uvicorn passes httptools' `get_http_version()` through ("0.9", "2.0" too), beyond @mono/asgi's type.
      http_version: request.httpVersion as HTTPScope["http_version"],
      server: this.server,
      client: this.client,
      scheme: "http",
      root_path: rootPath,
      headers: request.headers,
      state: { ...this.settings.appState },
      method: request.method,
      path: rootPath + path,
      raw_path: rootPath + rawPath,
      query_string: target[1],
    };
  }

  /** The task created while the parser ran, started once it is done (see onHeadersComplete). */
  private pending: [RequestResponseCycle, ASGIApp] | null = null;

  private startPending(): void {
    const pending = this.pending;
    if (pending !== null) {
      this.pending = null;
      this.startTask(pending[0], pending[1]);
    }
  }

  private startTask(cycle: RequestResponseCycle, app: ASGIApp): void {
    this.running = cycle;
    void cycle.runASGI(app);
  }

  /** uvicorn's `on_response_complete`: count it, then start the next pipelined request or let keep-alive run. */
  onResponseComplete(): void {
    const state = this.settings.state;
    state.totalRequests += 1;
    state.onResponse();
    if (this.closed || this.socket.writableEnded) return;
    this.flow.resumeReading();
    const next = this.pipeline.shift();
    // Not inside the finishing app's send(): uvicorn's next task starts from the event loop too.
    if (next !== undefined) queueMicrotask(() => this.startTask(next[0], next[1]));
    else this.armKeepAlive();
  }

  /**
   * Start (or restart) the keep-alive timer. Data cancels it, as uvicorn's `data_received` does, by clearing a flag
   * the timer checks when it fires: cheaper than a clearTimeout per request.
   */
  private armKeepAlive(): void {
    this.keepAliveArmed = true;
    if (this.keepAliveTimer === null) {
      this.keepAliveTimer = setTimeout(this.onKeepAliveTimeout, this.settings.timeoutKeepAlive).unref();
    } else {
      this.keepAliveTimer.refresh();
    }
  }

  /** uvicorn's `timeout_keep_alive_handler`: close the connection if nothing arrived since the last response. */
  private readonly onKeepAliveTimeout = (): void => {
    if (this.closed || !this.keepAliveArmed) return;
    closeSocket(this.socket);
  };

  /** The transport's `write`: head text and body bytes, in one buffer when small; past the socket's high-water mark, sends wait (FlowControl). */
  write(head: string, body: Uint8Array, tail: string): void {
    const socket = this.socket;
    if (socket.destroyed || socket.writableEnded) return;
    let ok: boolean;
    const size = head.length + body.length + tail.length;
    if (body.length === 0 && tail.length === 0) {
      if (head.length === 0) return;
      ok = socket.write(head, "latin1");
    } else if (size <= COALESCE_LIMIT) {
      const out = Buffer.allocUnsafe(size);
      let at = head.length > 0 ? out.write(head, 0, "latin1") : 0;
      out.set(body, at);
      at += body.length;
      if (tail.length > 0) out.write(tail, at, "latin1");
      ok = socket.write(out);
    } else {
      socket.cork();
      if (head.length > 0) socket.write(head, "latin1");
      if (body.length > 0) socket.write(body);
      ok = tail.length > 0 ? socket.write(tail, "latin1") : socket.writableLength < socket.writableHighWaterMark;
      socket.uncork();
    }
    if (!ok) this.flow.pauseWriting();
  }

  /** uvicorn's `transport.close()`. */
  close(): void {
    closeSocket(this.socket);
  }

  /** Graceful shutdown: close if idle, else let the running response end with `connection: close`. */
  shutdown(): void {
    const cycle = this.cycle;
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
  if (target.charCodeAt(0) !== 0x2f) {
    const authority = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#]*/.exec(target);
    if (authority !== null) target = target.slice(authority[0].length) || "/";
  }
  const hash = target.indexOf("#");
  if (hash >= 0) target = target.slice(0, hash);
  for (let i = 0; i < target.length; i++) if (target.charCodeAt(i) > 0x7f) return null;
  const q = target.indexOf("?");
  return q < 0 ? [target, ""] : [target.slice(0, q), target.slice(q + 1)];
}

/** uvicorn's `transport.close()`: flush what was written, then close. */
function closeSocket(socket: Socket): void {
  if (socket.destroyed || socket.writableEnded) return;
  socket.end(() => socket.destroy());
}

/** The raw bytes of uvicorn's `send_400_response` (and of our 431): default headers, text/plain, close. */
export function rawErrorResponse(state: ServerState, status: number, message: string): Buffer {
  const head =
    STATUS_LINE[status] +
    state.defaultHeadText() +
    `content-type: text/plain; charset=utf-8\r\ncontent-length: ${message.length}\r\nconnection: close\r\n\r\n`;
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

/** One request and its response: uvicorn's RequestResponseCycle. */
export class RequestResponseCycle {
  disconnected = false;
  keepAlive: boolean;
  waitingFor100Continue: boolean;
  /** uvicorn's `body` bytearray, as the chunks that arrived since the last receive(). */
  body: Uint8Array[] = [];
  bodyLength = 0;
  moreBody = true;
  responseStarted = false;
  responseComplete = false;

  /** uvicorn's `message_event`: a flag and whoever waits on it. */
  private messageSet = false;
  private messageWaiters: Array<() => void> | null = null;
  /** The head of a started response, held until its first body bytes so that both leave in one write. */
  private pendingHead: string | null = null;
  private appDone = false;
  private chunkedEncoding: boolean | null = null;
  private expectedContentLength = 0;

  constructor(
    readonly scope: HTTPScope,
    private readonly connection: HttpConnection,
    private readonly settings: ProtocolSettings,
    expectContinue: boolean,
    keepAlive: boolean,
  ) {
    this.keepAlive = keepAlive;
    this.waitingFor100Continue = expectContinue;
  }

  setMessageEvent(): void {
    this.messageSet = true;
    const waiters = this.messageWaiters;
    if (waiters !== null) {
      this.messageWaiters = null;
      for (const wake of waiters) wake();
    }
  }

  private waitMessageEvent(): Promise<void> {
    if (this.messageSet) return RESOLVED;
    return new Promise((resolve) => (this.messageWaiters ??= []).push(resolve));
  }

  /** uvicorn's `connection_lost` as seen by the cycle. */
  connectionLost(): void {
    if (!this.responseComplete) this.disconnected = true;
    this.setMessageEvent();
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
      if (!this.responseStarted) await this.send500Response().catch(() => this.connection.close());
      else this.closeAfterStart();
    } finally {
      state.activeTasks -= 1;
      // uvicorn swaps on_response for a no-op here: a late send from a stray task starts nothing.
      this.appDone = true;
    }
  }

  /** uvicorn wrote the head inside `send()`; ours may still wait for a body, so it leaves first. */
  private closeAfterStart(): void {
    this.flushHead();
    this.connection.close();
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
    const flow = this.connection.flow;
    if (flow.writePaused && !this.disconnected) return flow.drain().then(() => this.sendAfterDrain(message));
    return this.sendAfterDrain(message);
  };

  private sendAfterDrain(message: SendMessage): Promise<void> {
    if (this.disconnected) return RESOLVED;
    try {
      this.sendNow(message);
      return RESOLVED;
    } catch (exc) {
      return Promise.reject(exc);
    }
  }

  private sendNow(message: SendMessage): void {
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
    } else if (!this.responseComplete) {
      if (type !== "http.response.body") {
        throw new Error(`Expected ASGI message 'http.response.body', but got '${String(type)}'.`);
      }
      const { body = EMPTY, more_body: moreBody = false } = message as HTTPResponseBodyEvent;
      if (!(body instanceof Uint8Array) || typeof moreBody !== "boolean") invalid(message);
      this.writeBody(body, moreBody);
    } else {
      throw new Error(`Unexpected ASGI message '${String(type)}' sent, after response already completed.`);
    }
  }

  /** uvicorn's start branch of `send`: log the access line, build the head; it waits for the body (or the turn's end). */
  private startResponse(message: HTTPResponseStartEvent): void {
    const status = message.status;
    const headers = message.headers ?? [];
    if (!Number.isInteger(status) || !Array.isArray(headers)) invalid(message);
    if (message.trailers !== undefined && typeof message.trailers !== "boolean") invalid(message);
    if (this.settings.accessLogger.isEnabledFor("info")) this.logAccess(status);
    // uvicorn has status lines for 100..599 only (a KeyError beyond).
    if (!(status >= 100 && status <= 599)) throw new Error(`Invalid HTTP status code ${status}.`);
    let head = (STATUS_LINE[status] as string) + this.settings.state.defaultHeadText();
    let hasConnectionClose = false;
    for (const pair of headers) {
      if (!Array.isArray(pair) || pair.length !== 2) invalid(message);
      const [rawName, value] = pair;
      if (typeof rawName !== "string" || typeof value !== "string") invalid(message);
      const name = checkHeader(rawName, value, message);
      if (this.noteFraming(name, value)) hasConnectionClose = true;
      head += `${name}: ${value}\r\n`;
    }
    if (!this.keepAlive && !hasConnectionClose) head += "connection: close\r\n";
    if (this.chunkedEncoding === null && this.scope.method !== "HEAD" && status !== 204 && status !== 304) {
      this.chunkedEncoding = true;
      head += "transfer-encoding: chunked\r\n";
    }
    this.pendingHead = head + "\r\n";
    if (pendingHeads.push(this) === 1) setImmediate(flushHeads);
  }

  private logAccess(status: number): void {
    const scope = this.scope;
    const client = scope.client ? `${scope.client[0]}:${scope.client[1]}` : "";
    const path = getPathWithQueryString(scope);
    this.settings.accessLogger.info(accessLine(client, scope.method, path, scope.http_version, status));
  }

  /** uvicorn's per-header checks in `send`: content-length, chunked, connection: close. True for the last. */
  private noteFraming(name: string, value: string): boolean {
    if (name === "content-length") {
      if (this.chunkedEncoding === null) {
        this.expectedContentLength = parseContentLength(value);
        this.chunkedEncoding = false;
      }
    } else if (name === "transfer-encoding") {
      if (asciiLower(value) === "chunked") {
        this.expectedContentLength = 0;
        this.chunkedEncoding = true;
      }
    } else if (name === "connection" && hasCloseToken(value)) {
      this.keepAlive = false;
      return true;
    }
    return false;
  }

  /** Put a held head on the wire (the response's first body write, an app that stopped early, or the turn's end). */
  flushHead(): void {
    const head = this.pendingHead;
    if (head !== null) {
      this.pendingHead = null;
      if (!this.disconnected) this.connection.write(head, EMPTY, "");
    }
  }

  /** uvicorn's body branch of `send`. */
  private writeBody(body: Uint8Array, moreBody: boolean): void {
    const head = this.pendingHead ?? "";
    this.pendingHead = null;
    if (this.scope.method === "HEAD") {
      this.expectedContentLength = 0;
      if (head.length > 0) this.connection.write(head, EMPTY, "");
    } else if (this.chunkedEncoding) {
      const size = body.length > 0 ? `${head}${body.length.toString(16)}\r\n` : head;
      const tail = (body.length > 0 ? "\r\n" : "") + (moreBody ? "" : "0\r\n\r\n");
      this.connection.write(size, body, tail);
    } else {
      if (body.length > this.expectedContentLength) {
        if (head.length > 0) this.connection.write(head, EMPTY, "");
        throw new Error("Response content longer than Content-Length");
      }
      this.expectedContentLength -= body.length;
      this.connection.write(head, body, "");
    }
    if (moreBody) return;
    if (this.expectedContentLength !== 0) throw new Error("Response content shorter than Content-Length");
    this.responseComplete = true;
    this.setMessageEvent();
    if (!this.keepAlive) this.connection.close();
    if (!this.appDone) this.connection.onResponseComplete();
  }

  /** ASGI `receive`: the body that arrived since the last call, then http.disconnect once the response is done. */
  readonly receive = async (): Promise<HTTPReceiveMessage> => {
    const socket = this.connection.socket;
    if (this.waitingFor100Continue && !socket.destroyed && !socket.writableEnded) {
      socket.write("HTTP/1.1 100 Continue\r\n\r\n", "latin1");
      this.waitingFor100Continue = false;
    }
    if (!this.disconnected && !this.responseComplete) {
      this.connection.flow.resumeReading();
      await this.waitMessageEvent();
      this.messageSet = false;
    }
    if (this.disconnected || this.responseComplete) return { type: "http.disconnect" };
    const chunks = this.body;
    const body = chunks.length === 0 ? EMPTY : chunks.length === 1 ? (chunks[0] as Uint8Array) : concat(chunks, this.bodyLength);
    this.body = [];
    this.bodyLength = 0;
    return { type: "http.request", body, more_body: this.moreBody };
  };
}

/** Responses whose head waits for a body; flushed together once per event-loop turn. */
let pendingHeads: RequestResponseCycle[] = [];

function flushHeads(): void {
  const cycles = pendingHeads;
  pendingHeads = [];
  for (const cycle of cycles) cycle.flushHead();
}

function concat(chunks: readonly Uint8Array[], length: number): Uint8Array {
  const out = new Uint8Array(length);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

function ignore(): void {}

/** uvicorn's `b"close" in [token.lower().strip() for token in value.split(b",")]`, with bytes' ASCII-only rules. */
function hasCloseToken(value: string): boolean {
  return value.split(",").some((token) => asciiLower(token.replace(BYTES_WHITESPACE, "")) === "close");
}

/** What Python's `bytes.strip()` removes: ASCII whitespace only (JS's trim() would also take U+00A0). */
const BYTES_WHITESPACE = /^[ \t\n\r\x0b\x0c]+|[ \t\n\r\x0b\x0c]+$/g;

/** Python's `bytes.lower()`: ASCII letters only (toLowerCase would also fold latin-1 letters such as À). */
function asciiLower(s: string): string {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x80) return s.replace(/[A-Z]+/g, (run) => run.toLowerCase());
  }
  return s.toLowerCase();
}

/**
 * uvicorn's HEADER_RE / HEADER_VALUE_RE, byte for byte: a name may not hold controls, space, DEL or
 * `()<>@,;:\"[]={}`; a value may not hold controls other than HTAB, or DEL. A character above 0xFF is no byte at
 * all: the shared validator names the message and key. Returns the name lowercased. Names (with their lowercase
 * form) and values found good are remembered in bounded sets, so the constant headers most responses carry are
 * checked once rather than character by character each time.
 */
function checkHeader(name: string, value: string, message: HTTPResponseStartEvent): string {
  let lower = goodNames.get(name);
  if (lower === undefined) {
    for (let i = 0; i < name.length; i++) {
      const c = name.charCodeAt(i);
      if (c > 0xff) invalid(message);
      if (c <= 0x20 || c === 0x7f || (c < 0x80 && SEPARATORS[c] === 1)) throw new Error("Invalid HTTP header name.");
    }
    lower = asciiLower(name);
    if (name.length <= 256) {
      if (goodNames.size >= GOOD_HEADERS_LIMIT) goodNames.clear();
      goodNames.set(name, lower);
    }
  }
  if (!goodValues.has(value)) {
    for (let i = 0; i < value.length; i++) {
      const c = value.charCodeAt(i);
      if (c > 0xff) invalid(message);
      if ((c < 0x20 && c !== 0x09) || c === 0x7f) throw new Error("Invalid HTTP header value.");
    }
    if (value.length <= 256) {
      if (goodValues.size >= GOOD_HEADERS_LIMIT) goodValues.clear();
      goodValues.add(value);
    }
  }
  return lower;
}

const GOOD_HEADERS_LIMIT = 1024;
const goodNames = new Map<string, string>();
const goodValues = new Set<string>();

const SEPARATORS = new Uint8Array(128);
for (const ch of '()<>@,;:\\"[]={}') SEPARATORS[ch.charCodeAt(0)] = 1;

/**
 * The fast path above checks only what it must; a message that fails it is handed to @mono/asgi's
 * validateSendMessage, which throws an ASGIMessageError naming the message type and the bad key.
 */
function invalid(message: unknown): never {
  validateSendMessage("http", message);
  throw new TypeError(`Invalid ASGI message: ${String((message as { type?: unknown } | null)?.type)}`);
}
