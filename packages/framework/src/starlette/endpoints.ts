/** @module Mirrors starlette/endpoints.py: WebSocketEndpoint (HTTPEndpoint is not ported). */
import {
  decodeUTF8,
  type ASGIApp,
  WebSocket,
  WS_1000_NORMAL_CLOSURE,
  WS_1003_UNSUPPORTED_DATA,
  WS_1011_INTERNAL_ERROR,
  type Receive,
  type ReceiveMessage,
  type Scope,
  type Send,
} from "@mono/asgi";
import { endpointClassApp } from "./routing.js";

/** How `onReceive` gets each message: as text, as bytes, parsed as JSON, or as it came (null). */
export type WebSocketEncoding = "text" | "bytes" | "json" | null;

/**
 * A class endpoint for a WebSocketRoute: one instance per connection. Subclass it and override `onConnect`
 * (accepts by default), `onReceive` and `onDisconnect`; set `encoding` to have messages decoded first.
 */
export class WebSocketEndpoint {
  /** Starlette's class attribute `encoding`, per instance here (override it in the subclass). */
  encoding: WebSocketEncoding = null;
  readonly scope: Scope;
  readonly receive: Receive;
  readonly send: Send;

  /**
   * The class as an ASGI app (Starlette awaits `cls(scope, receive, send)`): `new TestClient(Chat.asgi)`. A
   * WebSocketRoute takes the class itself.
   */
  static get asgi(): ASGIApp {
    return endpointClassApp(this);
  }

  constructor(scope: Scope, receive: Receive, send: Send) {
    if (scope.type !== "websocket") throw new TypeError(`A WebSocketEndpoint needs a "websocket" scope, not "${scope.type}"`);
    this.scope = scope;
    this.receive = receive;
    this.send = send;
  }

  /** Connect, then hand each message to `onReceive` until the client disconnects; `onDisconnect` runs in any case. */
  async dispatch(): Promise<void> {
    const websocket = new WebSocket(this.scope, this.receive, this.send);
    await this.onConnect(websocket);
    let closeCode: number = WS_1000_NORMAL_CLOSURE;
    try {
      for (;;) {
        const message = await websocket.receive();
        if (message.type === "websocket.receive") {
          const data = await this.decode(websocket, message);
          await this.onReceive(websocket, data);
        } else if (message.type === "websocket.disconnect") {
          closeCode = message.code || WS_1000_NORMAL_CLOSURE;
          break;
        }
      }
    } catch (exc: unknown) {
      closeCode = WS_1011_INTERNAL_ERROR;
      throw exc;
    } finally {
      await this.onDisconnect(websocket, closeCode);
    }
  }

  /** The message as `encoding` asks; a message of the wrong kind closes with 1003 and throws. */
  async decode(websocket: WebSocket, message: ReceiveMessage): Promise<unknown> {
    const { text, bytes } = message as { text?: string | null; bytes?: Uint8Array | null };
    if (this.encoding === "text") {
      if (text === undefined || text === null) {
        await websocket.close(WS_1003_UNSUPPORTED_DATA);
        throw new Error("Expected text websocket messages, but got bytes");
      }
      return text;
    }
    if (this.encoding === "bytes") {
      if (bytes === undefined || bytes === null) {
        await websocket.close(WS_1003_UNSUPPORTED_DATA);
        throw new Error("Expected bytes websocket messages, but got text");
      }
      return bytes;
    }
    if (this.encoding === "json") {
      const source = text ?? decodeUTF8(bytes as Uint8Array);
      try {
        return JSON.parse(source);
      } catch {
        await websocket.close(WS_1003_UNSUPPORTED_DATA);
        throw new Error("Malformed JSON data received.");
      }
    }
    if (this.encoding !== null) throw new Error(`Unsupported 'encoding' attribute ${String(this.encoding)}`);
    return text ?? bytes;
  }

  /** Override to handle an incoming connection; accepts by default. */
  async onConnect(websocket: WebSocket): Promise<void> {
    await websocket.accept();
  }

  /** Override to handle an incoming message. */
  async onReceive(_websocket: WebSocket, _data: unknown): Promise<void> {}

  /** Override to handle the end of the connection (the client's close code, 1011 after an error). */
  async onDisconnect(_websocket: WebSocket, _closeCode: number): Promise<void> {}
}
