/** @module Mirrors starlette/websockets.py (Starlette 1.7.0): WebSocket, WebSocketState, WebSocketDisconnect, WebSocketDisconnected, WebSocketClose. */
import { decodeUTF8, encodeUTF8 } from "./bytes.js";
import { HTTPConnection } from "./requests.js";
import type { Response } from "./responses.js";
import type { RawHeaders, Receive, ReceiveMessage, Scope, Send, SendMessage, WebSocketScope } from "./types.js";

/** Where each side of a WebSocket stands (Starlette's enum, with its values). */
export const WebSocketState = { CONNECTING: 0, CONNECTED: 1, DISCONNECTED: 2, RESPONSE: 3 } as const;
export type WebSocketState = (typeof WebSocketState)[keyof typeof WebSocketState];

/** The other side closed the socket (or, in the TestClient, the app did). `reason` is "" when none was given. */
export class WebSocketDisconnect extends Error {
  override name = "WebSocketDisconnect";
  readonly code: number;
  readonly reason: string;

  constructor(code = 1000, reason: string | null = null) {
    super(reason ?? "");
    this.code = code;
    this.reason = reason ?? "";
  }
}

/** A receive after the disconnect, or a send after the close (Starlette's, a RuntimeError). */
export class WebSocketDisconnected extends Error {
  override name = "WebSocketDisconnected";
}

/** What `sendJson` and `receiveJson` carry the JSON in: text frames, or UTF-8 bytes in binary frames. */
export type WebSocketJSONMode = "text" | "binary";

/** Python's `repr()` of a message type, as Starlette's errors quote it. */
function repr(value: unknown): string {
  return typeof value === "string" ? `'${value}'` : String(value);
}

/** `message[key]`, or Python's KeyError for a message without it (a binary message read as text, or the reverse). */
function messageKey(message: ReceiveMessage, key: "text" | "bytes"): unknown {
  if (!(key in message)) throw new Error(`KeyError: '${key}' (a ${key === "text" ? "binary" : "text"} message arrived)`);
  return (message as Record<string, unknown>)[key];
}

function checkMode(mode: string): void {
  if (mode !== "text" && mode !== "binary") throw new Error('The "mode" argument should be "text" or "binary".');
}

/** `json.dumps(data, separators=(",", ":"), ensure_ascii=False)`: JSON.stringify's compact form is the same. */
function dumps(data: unknown): string {
  const text = JSON.stringify(data);
  if (text === undefined) throw new TypeError(`Object of type ${typeof data} is not JSON serializable`);
  return text;
}

/**
 * Python's `OSError` from a server's send once accepted (the client went away): uvicorn's `ClientDisconnected`
 * (@mono/server throws an Error of that name), or a Node socket error, which carries a string `code` (EPIPE, ...).
 */
function isOSError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return error.name === "ClientDisconnected" || typeof (error as NodeJS.ErrnoException).code === "string";
}

/**
 * One WebSocket connection as the app sees it (Starlette's `WebSocket`): the connection's URL, headers, query
 * parameters, cookies and state, plus `accept`, `receive*`, `send*`, `iter*` and `close`. `receive` and `send`
 * check every message against the state of their side and throw on a message that does not fit it.
 */
export class WebSocket extends HTTPConnection {
  declare readonly scope: WebSocketScope;
  /** What the client side has done: CONNECTING until `websocket.connect`, DISCONNECTED after `websocket.disconnect`. */
  clientState: WebSocketState = WebSocketState.CONNECTING;
  /** What the app side has done: CONNECTED after accept, RESPONSE during a denial, DISCONNECTED after close. */
  applicationState: WebSocketState = WebSocketState.CONNECTING;
  readonly #receive: Receive;
  readonly #send: Send;

  constructor(scope: Scope, receive: Receive, send: Send) {
    super(scope);
    if (scope.type !== "websocket") throw new TypeError(`A WebSocket needs a "websocket" scope, not "${scope.type}"`);
    this.#receive = receive;
    this.#send = send;
  }

  /** The next ASGI message, checked against the client's state. */
  readonly receive = async (): Promise<ReceiveMessage> => {
    if (this.clientState === WebSocketState.CONNECTING) {
      const message = await this.#receive();
      if (message.type !== "websocket.connect") {
        throw new Error(`Expected ASGI message "websocket.connect", but got ${repr(message.type)}`);
      }
      this.clientState = WebSocketState.CONNECTED;
      return message;
    }
    if (this.clientState === WebSocketState.CONNECTED) {
      const message = await this.#receive();
      if (message.type !== "websocket.receive" && message.type !== "websocket.disconnect") {
        throw new Error(`Expected ASGI message "websocket.receive" or "websocket.disconnect", but got ${repr(message.type)}`);
      }
      if (message.type === "websocket.disconnect") this.clientState = WebSocketState.DISCONNECTED;
      return message;
    }
    throw new WebSocketDisconnected('Cannot call "receive" once a disconnect message has been received.');
  };

  /** Sends an ASGI message, checked against the app's state. A server error once accepted is a disconnect (1006). */
  readonly send = async (message: SendMessage): Promise<void> => {
    const type = message.type;
    switch (this.applicationState) {
      case WebSocketState.CONNECTING:
        if (type !== "websocket.accept" && type !== "websocket.close" && type !== "websocket.http.response.start") {
          throw new Error(
            `Expected ASGI message "websocket.accept", "websocket.close" or "websocket.http.response.start", but got ${repr(type)}`,
          );
        }
        this.applicationState =
          type === "websocket.close"
            ? WebSocketState.DISCONNECTED
            : type === "websocket.http.response.start"
              ? WebSocketState.RESPONSE
              : WebSocketState.CONNECTED;
        await this.#send(message);
        return;
      case WebSocketState.CONNECTED:
        if (type !== "websocket.send" && type !== "websocket.close") {
          throw new Error(`Expected ASGI message "websocket.send" or "websocket.close", but got ${repr(type)}`);
        }
        if (type === "websocket.close") this.applicationState = WebSocketState.DISCONNECTED;
        try {
          await this.#send(message);
        } catch (error: unknown) {
          if (!isOSError(error)) throw error;
          this.applicationState = WebSocketState.DISCONNECTED;
          throw new WebSocketDisconnect(1006);
        }
        return;
      case WebSocketState.RESPONSE:
        if (type !== "websocket.http.response.body") {
          throw new Error(`Expected ASGI message "websocket.http.response.body", but got ${repr(type)}`);
        }
        if (message.more_body !== true) this.applicationState = WebSocketState.DISCONNECTED;
        await this.#send(message);
        return;
      default:
        throw new WebSocketDisconnected('Cannot call "send" once a close message has been sent.');
    }
  };

  /** Waits for `websocket.connect` if it has not come yet, then accepts with an optional subprotocol and headers. */
  async accept(subprotocol: string | null = null, headers: RawHeaders | null = null): Promise<void> {
    if (this.clientState === WebSocketState.CONNECTING) await this.receive();
    await this.send({ type: "websocket.accept", subprotocol, headers: headers ?? [] });
  }

  /** The next message once accepted; a `websocket.disconnect` becomes a WebSocketDisconnect. */
  private async receiveMessage(): Promise<ReceiveMessage> {
    if (this.applicationState !== WebSocketState.CONNECTED) {
      throw new WebSocketDisconnected('WebSocket is not connected. Need to call "accept" first.');
    }
    const message = await this.receive();
    if (message.type === "websocket.disconnect") throw new WebSocketDisconnect(message.code, message.reason ?? null);
    return message;
  }

  /** The next message's `text`; a message without the key (a binary one) throws, as Starlette's `message["text"]`. */
  async receiveText(): Promise<string> {
    return messageKey(await this.receiveMessage(), "text") as string;
  }

  /** The next message's `bytes`; a message without the key (a text one) throws, as Starlette's `message["bytes"]`. */
  async receiveBytes(): Promise<Uint8Array> {
    return messageKey(await this.receiveMessage(), "bytes") as Uint8Array;
  }

  /** The next message parsed as JSON: its text, or with mode "binary" its bytes as UTF-8. */
  async receiveJson(mode: WebSocketJSONMode = "text"): Promise<unknown> {
    checkMode(mode);
    const message = await this.receiveMessage();
    return JSON.parse(mode === "text" ? (messageKey(message, "text") as string) : decodeUTF8(messageKey(message, "bytes") as Uint8Array));
  }

  /** Each text message until the client disconnects. */
  async *iterText(): AsyncGenerator<string, void, undefined> {
    for (;;) {
      const next = await this.untilDisconnect(() => this.receiveText());
      if (next === null) return;
      yield next.value;
    }
  }

  /** Each binary message until the client disconnects. */
  async *iterBytes(): AsyncGenerator<Uint8Array, void, undefined> {
    for (;;) {
      const next = await this.untilDisconnect(() => this.receiveBytes());
      if (next === null) return;
      yield next.value;
    }
  }

  /** Each message parsed as JSON (text mode) until the client disconnects. */
  async *iterJson(): AsyncGenerator<unknown, void, undefined> {
    for (;;) {
      const next = await this.untilDisconnect(() => this.receiveJson());
      if (next === null) return;
      yield next.value;
    }
  }

  /** `read()`'s value, or null when it threw WebSocketDisconnect: the end of an `iter*`. */
  private async untilDisconnect<T>(read: () => Promise<T>): Promise<{ value: T } | null> {
    try {
      return { value: await read() };
    } catch (error: unknown) {
      if (error instanceof WebSocketDisconnect) return null;
      throw error;
    }
  }

  async sendText(data: string): Promise<void> {
    await this.send({ type: "websocket.send", text: data });
  }

  async sendBytes(data: Uint8Array): Promise<void> {
    await this.send({ type: "websocket.send", bytes: data });
  }

  /** `data` as compact JSON, in a text message or with mode "binary" as UTF-8 bytes. */
  async sendJson(data: unknown, mode: WebSocketJSONMode = "text"): Promise<void> {
    checkMode(mode);
    const text = dumps(data);
    if (mode === "text") await this.send({ type: "websocket.send", text });
    else await this.send({ type: "websocket.send", bytes: encodeUTF8(text) });
  }

  /** Sends `websocket.close`: before accept the server refuses the handshake (HTTP 403), after it closes the socket. */
  async close(code = 1000, reason: string | null = null): Promise<void> {
    await this.send({ type: "websocket.close", code, reason: reason ?? "" });
  }

  /** Answers the handshake with an HTTP response, when the server offers the `websocket.http.response` extension. */
  async sendDenialResponse(response: Response): Promise<void> {
    if (this.scope.extensions?.["websocket.http.response"] === undefined) {
      throw new Error("The server doesn't support the Websocket Denial Response extension.");
    }
    await response.asgi(this.scope, this.receive, this.send);
  }
}

/** An ASGI app that closes the socket with `code` and `reason` (Starlette's `WebSocketClose`). */
export class WebSocketClose {
  readonly code: number;
  readonly reason: string;

  constructor(code = 1000, reason: string | null = null) {
    this.code = code;
    this.reason = reason ?? "";
  }

  readonly asgi = async (_scope: Scope, _receive: Receive, send: Send): Promise<void> => {
    await send({ type: "websocket.close", code: this.code, reason: this.reason });
  };
}
