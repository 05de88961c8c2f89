/** @module Mirrors uvicorn/protocols/websockets/websockets_sansio_impl.py (WebSocketsSansIOProtocol): a WebSocket connection served as uvicorn 0.54's default `--ws auto` does, with websockets' handshake answers and framing (wsHandshake.ts, wsFrames.ts). */
import { randomBytes } from "node:crypto";
import type { Socket } from "node:net";
import type {
  ASGIApp,
  RawHeaders,
  ScopeState,
  SendMessage,
  WebSocketReceiveMessage,
  WebSocketScope,
  WebSocketSendMessage,
} from "@mono/asgi";
import { validateSendMessage } from "@mono/asgi";
import { FlowControl } from "./flowControl.js";
import type { Connection, ServerState } from "./httpProtocol.js";
import type { Logger } from "./logging.js";
import { quote, unquote } from "./urls.js";
import { decodeUTF8, FrameError, FrameProtocol, type Frame, Opcode } from "./wsFrames.js";
import {
  accept,
  type HandshakeRequest,
  type HandshakeResponse,
  httpDate,
  isValidHeaderValue,
  reject,
  requestUnparseable,
  serializeResponse,
  stripHeaderValues,
} from "./wsHandshake.js";
import { statusPhrase } from "./httpStatus.js";

/** uvicorn's `ClientDisconnected` (an OSError): a send on a WebSocket whose client has gone. */
export class ClientDisconnected extends Error {
  override name = "ClientDisconnected";
}

/** The `--ws-*` settings a connection uses (uvicorn's Config fields). */
export interface WebSocketSettings {
  readonly app: ASGIApp;
  readonly rootPath: string;
  readonly logger: Logger;
  readonly state: ServerState;
  readonly appState: ScopeState;
  /** Bytes; null for no limit. */
  readonly maxSize: number | null;
  /** Milliseconds; null disables keepalive pings. */
  readonly pingInterval: number | null;
  /** Milliseconds; null waits for pongs forever. */
  readonly pingTimeout: number | null;
  /** Accept a permessage-deflate offer (uvicorn's --ws-per-message-deflate). */
  readonly perMessageDeflate: boolean;
}

/** Seconds uvicorn waits for the client's close frame after sending its own. */
const CLOSE_TIMEOUT = 10_000;

const PY_WHITESPACE = /^[\t\n\x0b\x0c\r\x1c-\x1f \x85\xa0]+|[\t\n\x0b\x0c\r\x1c-\x1f \x85\xa0]+$/g;

/** One upgraded connection: uvicorn's WebSocketsSansIOProtocol. */
export class WebSocketsProtocol implements Connection {
  private readonly conn: FrameProtocol;
  private readonly flow: FlowControl;
  private readonly server: [string, number] | null;
  private readonly client: [string, number] | null;
  private scope: WebSocketScope | null = null;
  private response: HandshakeResponse | null = null;

  private readonly queue: WebSocketReceiveMessage[] = [];
  private queueWaiters: Array<(message: WebSocketReceiveMessage) => void> = [];
  private handshakeComplete = false;
  private closeSent = false;
  private disconnected = false;
  private closing = false;
  private closeTimer: NodeJS.Timeout | null = null;
  private initialResponse: { status: number; headers: Array<[string, string]>; body: Buffer[] } | null = null;

  private pingTimer: NodeJS.Timeout | null = null;
  private pongTimer: NodeJS.Timeout | null = null;
  private pendingPing: Buffer | null = null;
  private pingSentAt = 0;
  private lastPingRTT = 0;

  private frames: Buffer[] = [];
  private textMessage = false;

  constructor(
    private readonly socket: Socket,
    private readonly settings: WebSocketSettings,
  ) {
    this.conn = new FrameProtocol(settings.maxSize);
    this.flow = new FlowControl(socket);
    this.server = socket.localAddress !== undefined ? [socket.localAddress, socket.localPort ?? 0] : null;
    this.client = socket.remoteAddress !== undefined ? [socket.remoteAddress, socket.remotePort ?? 0] : null;
    settings.state.connections.add(this);
    socket.on("data", (data: Buffer) => {
      try {
        this.dataReceived(data);
      } catch (exc) {
        // A fault of ours, not of the client: it costs this connection, never the process.
        settings.logger.error("Exception in WebSocket protocol\n", exc);
        socket.destroy();
      }
    });
    socket.on("drain", () => this.flow.resumeWriting());
    socket.once("close", () => this.connectionLost());
  }

  private connectionLost(): void {
    this.stopKeepalive();
    this.put({ type: "websocket.disconnect", code: this.handshakeComplete ? 1005 : 1006 });
    this.settings.state.connections.delete(this);
    this.handshakeComplete = true;
    this.disconnected = true;
    this.closing = true;
    this.flow.resumeWriting();
    if (this.closeTimer !== null) clearTimeout(this.closeTimer);
    this.closeTimer = null;
  }

  /** asyncio's `transport.close()`: stop reading now, flush what was written, then close. */
  private closeTransport(): void {
    this.closing = true;
    const socket = this.socket;
    if (socket.destroyed || socket.writableEnded) return;
    socket.end(() => socket.destroy());
  }

  private write(chunks: Buffer[]): void {
    if (chunks.length === 0 || this.socket.destroyed || this.socket.writableEnded) return;
    const ok = this.socket.write(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks));
    if (!ok) this.flow.pauseWriting();
  }

  private flush(): void {
    this.write(this.conn.dataToSend());
  }

  /** Graceful shutdown: 1012 to an open socket, a 500 to one the app has not accepted yet. */
  shutdown(): void {
    this.stopKeepalive();
    if (this.closeSent) {
      if (this.closeTimer !== null) clearTimeout(this.closeTimer);
      this.closeTimer = null;
      this.closeTransport();
      return;
    }
    if (this.handshakeComplete) {
      this.put({ type: "websocket.disconnect", code: 1012 });
      this.conn.sendClose(1012);
      this.flush();
    } else {
      this.send500Response();
    }
    this.closeTransport();
  }

  abort(): void {
    this.socket.destroy();
  }

  /** The handshake request as uvicorn hands it over, parsed (`handle_connect`). */
  start(request: HandshakeRequest): void {
    // A handshake websockets cannot parse gets no event and no answer: the connection just stays open.
    if (requestUnparseable(request)) {
      this.conn.rejected();
      return;
    }
    this.handleConnect({ ...request, headers: stripHeaderValues(request.headers) });
  }

  private dataReceived(data: Buffer): void {
    if (this.closing) return;
    const events = this.conn.receiveData(data);
    if (this.conn.parserExc !== null) {
      this.handleParserException();
      return;
    }
    for (const frame of events) this.handleFrame(frame);
  }

  private handleFrame(frame: Frame): void {
    switch (frame.opcode) {
      case Opcode.CONT:
        this.frames.push(frame.data);
        if (frame.fin) this.sendReceiveEventToApp();
        break;
      case Opcode.TEXT:
      case Opcode.BINARY:
        this.textMessage = frame.opcode === Opcode.TEXT;
        this.frames = [frame.data];
        if (frame.fin) this.sendReceiveEventToApp();
        break;
      case Opcode.PING:
        this.flush();
        break;
      case Opcode.PONG:
        this.handlePong(frame);
        break;
      case Opcode.CLOSE:
        this.handleClose();
        break;
    }
  }

  private handleConnect(request: HandshakeRequest): void {
    this.response = accept(request, this.settings.perMessageDeflate);
    if (this.response.status !== 101) {
      this.handshakeComplete = true;
      this.closeSent = true;
      this.sendResponse(this.response);
      this.closeTransport();
      return;
    }
    const raw = request.path;
    const q = raw.indexOf("?");
    const rawPath = q < 0 ? raw : raw.slice(0, q);
    const queryString = q < 0 ? "" : raw.slice(q + 1);
    const subprotocols: string[] = [];
    for (const [name, value] of request.headers) {
      if (name.toLowerCase() === "sec-websocket-protocol") {
        for (const token of value.split(",")) subprotocols.push(token.replace(PY_WHITESPACE, ""));
      }
    }
    const rootPath = this.settings.rootPath;
    this.scope = {
      type: "websocket",
      asgi: { version: "3.0", spec_version: "2.4" },
      http_version: "1.1",
      scheme: "ws",
      server: this.server,
      client: this.client,
      root_path: rootPath,
      path: rootPath + unquote(rawPath),
      raw_path: rootPath + rawPath,
      query_string: queryString,
      headers: request.headers,
      subprotocols,
      state: { ...this.settings.appState },
      extensions: { "websocket.http.response": {} },
    };
    this.put({ type: "websocket.connect" });
    void this.runASGI(this.scope);
  }

  /** websockets' `send_response`, with its log line ("connection open" / "connection rejected (...)"). */
  private sendResponse(response: HandshakeResponse): void {
    this.write([serializeResponse(response)]);
    if (response.status === 101) {
      this.conn.opened(response.extension ?? null);
      this.settings.logger.info("connection open");
    } else {
      this.settings.logger.info(`connection rejected (${response.status} ${response.reason})`);
      this.conn.rejected();
    }
  }

  private sendReceiveEventToApp(): void {
    const frames = this.frames;
    const data = frames.length === 1 ? (frames[0] as Buffer) : Buffer.concat(frames);
    this.frames = [];
    // Past its websocket.close the app gets no more messages; reads go on until the client's close arrives.
    if (this.closeSent) return;
    if (this.textMessage) {
      const text = decodeUTF8(data);
      if (typeof text !== "string") {
        this.settings.logger.error("Invalid UTF-8 sequence received from client.");
        this.conn.sendClose(1007);
        this.handleParserException();
        return;
      }
      this.put({ type: "websocket.receive", text });
    } else {
      this.put({ type: "websocket.receive", bytes: data });
    }
    this.flow.pauseReading();
  }

  private handlePong(frame: Frame): void {
    const pending = this.pendingPing;
    if (pending === null || !pending.equals(frame.data)) return;
    this.lastPingRTT = performance.now() - this.pingSentAt;
    this.pendingPing = null;
    if (this.pongTimer !== null) {
      clearTimeout(this.pongTimer);
      this.pongTimer = null;
      this.schedulePing();
    }
  }

  private startKeepalive(): void {
    const interval = this.settings.pingInterval;
    if (interval !== null && interval > 0) this.schedulePing();
  }

  private stopKeepalive(): void {
    if (this.pingTimer !== null) clearTimeout(this.pingTimer);
    if (this.pongTimer !== null) clearTimeout(this.pongTimer);
    this.pingTimer = null;
    this.pongTimer = null;
    this.pendingPing = null;
  }

  private schedulePing(): void {
    const delay = Math.max(0, (this.settings.pingInterval as number) - this.lastPingRTT);
    this.pingTimer = setTimeout(() => this.sendKeepalivePing(), delay).unref();
  }

  private sendKeepalivePing(): void {
    this.pingTimer = null;
    if (this.closeSent || this.closing) return;
    // A random payload names this ping, so that a stale or unsolicited pong is ignored.
    this.pendingPing = randomBytes(4);
    this.pingSentAt = performance.now();
    this.conn.sendPing(this.pendingPing);
    this.flush();
    const timeout = this.settings.pingTimeout;
    if (timeout !== null) this.pongTimer = setTimeout(() => this.keepaliveTimeout(), timeout).unref();
    else this.schedulePing();
  }

  private keepaliveTimeout(): void {
    this.pongTimer = null;
    this.pendingPing = null;
    if (this.closeSent || this.closing) return;
    this.conn.fail(1011, "keepalive ping timeout");
    this.flush();
    this.closeSent = true;
    this.closeTransport();
  }

  private handleClose(): void {
    if (this.closeSent) {
      // The client answered our close frame: the closing handshake is complete.
      if (this.closeTimer !== null) {
        clearTimeout(this.closeTimer);
        this.closeTimer = null;
        this.closeTransport();
      }
      return;
    }
    if (!this.closing) {
      const close = this.conn.closeRcvd as { code: number; reason: string };
      this.put({ type: "websocket.disconnect", code: close.code, reason: close.reason });
      this.flush();
      this.closeTransport();
    }
  }

  private handleParserException(): void {
    const close = this.conn.closeSent as { code: number; reason: string };
    this.put({ type: "websocket.disconnect", code: close.code, reason: close.reason });
    this.flush();
    this.closeSent = true;
    this.closeTransport();
  }

  private async runASGI(scope: WebSocketScope): Promise<void> {
    const state = this.settings.state;
    const logger = this.settings.logger;
    state.activeTasks += 1;
    try {
      const result: unknown = await this.settings.app(scope, this.receive, this.send);
      if (!this.handshakeComplete) {
        logger.error("ASGI callable returned without completing handshake.");
        this.send500Response();
      } else if (result !== undefined) {
        logger.error(`ASGI callable should return None, but returned '${String(result)}'.`);
      }
    } catch (exc) {
      if (!(exc instanceof ClientDisconnected)) {
        logger.error("Exception in ASGI application\n", exc);
        this.send500Response();
      }
    } finally {
      state.activeTasks -= 1;
    }
    // As uvicorn: once the app is done the TCP connection goes, with no close frame unless the app sent one.
    if (this.closeTimer === null) this.closeTransport();
  }

  /** uvicorn's `send_500_response`: only while nothing has been answered yet. */
  private send500Response(): void {
    if (this.initialResponse !== null || this.handshakeComplete) return;
    this.sendResponse(reject(500, "Internal Server Error"));
  }

  private put(message: WebSocketReceiveMessage): void {
    const waiter = this.queueWaiters.shift();
    if (waiter !== undefined) waiter(message);
    else this.queue.push(message);
  }

  /** ASGI `receive`: the next event; reading resumes once the app has taken every queued message. */
  readonly receive = async (): Promise<WebSocketReceiveMessage> => {
    const message =
      this.queue.length > 0
        ? (this.queue.shift() as WebSocketReceiveMessage)
        : await new Promise<WebSocketReceiveMessage>((resolve) => this.queueWaiters.push(resolve));
    if (this.queue.length === 0) this.flow.resumeReading();
    return message;
  };

  /** ASGI `send`, with uvicorn's ordering errors. */
  readonly send = async (message: SendMessage): Promise<void> => {
    if (this.flow.writePaused && !this.disconnected) await this.flow.drain();
    if (this.disconnected) throw new ClientDisconnected();
    const type = (message as { type?: unknown } | null)?.type;
    if (!this.handshakeComplete && this.initialResponse === null) {
      if (type === "websocket.accept") this.acceptHandshake(message as Extract<WebSocketSendMessage, { type: "websocket.accept" }>);
      else if (type === "websocket.close") this.rejectHandshake();
      else if (type === "websocket.http.response.start") this.startHttpResponse(message as Extract<WebSocketSendMessage, { type: "websocket.http.response.start" }>);
      else {
        throw new Error(
          "Expected ASGI message 'websocket.accept', 'websocket.close' " +
            `or 'websocket.http.response.start' but got '${String(type)}'.`,
        );
      }
    } else if (!this.closeSent && this.initialResponse === null) {
      if (type === "websocket.send") this.sendMessage(message as Extract<WebSocketSendMessage, { type: "websocket.send" }>);
      else if (type === "websocket.close") this.sendCloseFrame(message as Extract<WebSocketSendMessage, { type: "websocket.close" }>);
      else throw new Error(`Expected ASGI message 'websocket.send' or 'websocket.close', but got '${String(type)}'.`);
    } else if (this.initialResponse !== null) {
      if (type !== "websocket.http.response.body") {
        throw new Error(`Expected ASGI message 'websocket.http.response.body' but got '${String(type)}'.`);
      }
      this.httpResponseBody(message as Extract<WebSocketSendMessage, { type: "websocket.http.response.body" }>);
    } else {
      throw new Error(`Unexpected ASGI message '${String(type)}', after sending 'websocket.close'.`);
    }
  };

  private logLine(outcome: string): void {
    const scope = this.scope as WebSocketScope;
    const client = scope.client ? `${scope.client[0]}:${scope.client[1]}` : "";
    const path = quote(scope.path) + (scope.query_string ? `?${scope.query_string}` : "");
    this.settings.logger.info(`${client} - "WebSocket ${path}" ${outcome}`);
  }

  private acceptHandshake(message: { subprotocol?: string | null; headers?: RawHeaders }): void {
    this.logLine("[accepted]");
    const response = this.response as HandshakeResponse;
    const headers = response.headers.filter(([name]) => name.toLowerCase() !== "date");
    for (const line of this.settings.state.defaultHeadText().split("\r\n")) {
      const colon = line.indexOf(": ");
      if (colon > 0) headers.push([line.slice(0, colon), line.slice(colon + 2)]);
    }
    for (const [name, value] of message.headers ?? []) {
      if (!isValidHeaderValue(value)) throw new Error(`invalid ${name.toLowerCase()} header: ${value}`);
      headers.push([name.toLowerCase(), value]);
    }
    if (message.subprotocol) headers.push(["Sec-WebSocket-Protocol", message.subprotocol]);
    if (!this.closing) {
      this.handshakeComplete = true;
      this.sendResponse({ ...response, headers });
      this.startKeepalive();
    }
  }

  /** `websocket.close` before accept: websockets' 403 with an empty body. */
  private rejectHandshake(): void {
    this.put({ type: "websocket.disconnect", code: 1006 });
    this.logLine("403");
    this.closeSent = true;
    this.handshakeComplete = true;
    this.sendResponse(reject(403, ""));
    this.closeTransport();
  }

  private startHttpResponse(message: { status: number; headers?: RawHeaders }): void {
    const status = message.status;
    if (!(status >= 100 && status < 600)) throw new Error(`Invalid HTTP status code '${status}' in response.`);
    this.logLine(String(status));
    this.initialResponse = { status, headers: (message.headers ?? []).map(([n, v]) => [n, v]), body: [] };
  }

  private httpResponseBody(message: { body?: Uint8Array; more_body?: boolean }): void {
    const initial = this.initialResponse as NonNullable<typeof this.initialResponse>;
    if (message.body !== undefined && !(message.body instanceof Uint8Array)) validateSendMessage("websocket", message);
    initial.body.push(Buffer.from(message.body ?? new Uint8Array(0)));
    if (message.more_body) return;
    const body = Buffer.concat(initial.body);
    const headers = initial.headers;
    const setDefault = (name: string, value: string) => {
      if (!headers.some(([n]) => n.toLowerCase() === name.toLowerCase())) headers.push([name, value]);
    };
    setDefault("Date", httpDate());
    setDefault("Connection", "close");
    setDefault("Content-Length", String(body.length));
    setDefault("Content-Type", "text/plain; charset=utf-8");
    this.put({ type: "websocket.disconnect", code: 1006 });
    this.closeSent = true;
    this.sendResponse({ status: initial.status, reason: statusPhrase(initial.status), headers, body });
    this.closeTransport();
  }

  private sendMessage(message: { bytes?: Uint8Array | null; text?: string | null }): void {
    const bytes = message.bytes;
    const text = message.text;
    // A payload of the wrong type would reach the wire as garbage: @mono/asgi's check names the key instead.
    if ((bytes != null && !(bytes instanceof Uint8Array)) || (text != null && typeof text !== "string")) {
      validateSendMessage("websocket", message);
    }
    let sent = true;
    if (bytes !== undefined && bytes !== null) sent = this.conn.sendData(Opcode.BINARY, bytes);
    else if (text !== undefined && text !== null) sent = this.conn.sendData(Opcode.TEXT, Buffer.from(text, "utf8"));
    // websockets raises InvalidState on a connection that is closing: uvicorn turns it into ClientDisconnected.
    if (!sent) throw new ClientDisconnected();
    this.flush();
  }

  private sendCloseFrame(message: { code?: number; reason?: string | null }): void {
    if (this.closing) return;
    const code = message.code ?? 1000;
    const reason = message.reason || "";
    this.put({ type: "websocket.disconnect", code, reason });
    let sent: boolean;
    try {
      sent = this.conn.sendClose(code, reason);
    } catch (exc) {
      if (exc instanceof FrameError) throw new Error(exc.message);
      throw exc;
    }
    if (!sent) throw new ClientDisconnected();
    this.flush();
    this.closeSent = true;
    this.flow.resumeReading();
    this.closeTimer = setTimeout(() => this.closeTransport(), CLOSE_TIMEOUT).unref();
  }

}
