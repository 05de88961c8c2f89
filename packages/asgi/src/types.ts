/** @module Mirrors starlette/types.py, spelled out with every key of the ASGI 3.0 specs (asgiref specs/www.rst 2.5, specs/lifespan.rst 2.0). */

/**
 * A JS string whose code units are all <= 0xFF: one code unit per byte, latin-1 in and out,
 * as the web platform's ByteString. Used where ASGI carries `bytes` that are short and
 * textual (header names and values, `query_string`, `raw_path`).
 */
export type ByteString = string;

/** A `[name, value]` header pair. Names are lowercased by servers, not by apps. */
export type Header = [name: ByteString, value: ByteString];
export type RawHeaders = Header[];

export type ASGIVersions = { version: "3.0" | "2.0"; spec_version?: string };

/** `[host, port]`; `server` may be `[path, null]` for a unix socket. */
export type HostPort = [host: string, port: number];

/** Lifespan state, copied shallowly into each connection scope by the server. */
export type ScopeState = Record<string, unknown>;

export type HTTPScope = {
  type: "http";
  asgi: ASGIVersions;
  http_version: "1.0" | "1.1" | "2";
  method: string;
  scheme: string;
  path: string;
  raw_path?: ByteString | null;
  query_string: ByteString;
  root_path: string;
  headers: RawHeaders;
  client?: HostPort | null;
  server?: [host: string, port: number | null] | null;
  state?: ScopeState;
  extensions?: Record<string, Record<string, unknown>>;
  /** Keys that routers and frameworks add (Starlette's `endpoint`, `path_params`, `app`, ...). */
  [key: string]: unknown;
};

export type WebSocketScope = {
  type: "websocket";
  asgi: ASGIVersions;
  http_version?: "1.1" | "2";
  scheme: string;
  path: string;
  raw_path?: ByteString | null;
  query_string: ByteString;
  root_path: string;
  headers: RawHeaders;
  client?: HostPort | null;
  server?: [host: string, port: number | null] | null;
  subprotocols: string[];
  state?: ScopeState;
  extensions?: Record<string, Record<string, unknown>>;
  [key: string]: unknown;
};

export type LifespanScope = {
  type: "lifespan";
  asgi: ASGIVersions;
  state?: ScopeState;
  [key: string]: unknown;
};

export type Scope = HTTPScope | WebSocketScope | LifespanScope;

// HTTP messages (www.rst)

export type HTTPRequestEvent = { type: "http.request"; body?: Uint8Array; more_body?: boolean };
export type HTTPDisconnectEvent = { type: "http.disconnect" };
export type HTTPResponseStartEvent = {
  type: "http.response.start";
  status: number;
  headers?: RawHeaders;
  trailers?: boolean;
};
export type HTTPResponseBodyEvent = { type: "http.response.body"; body?: Uint8Array; more_body?: boolean };
export type HTTPResponseTrailersEvent = {
  type: "http.response.trailers";
  headers?: RawHeaders;
  more_trailers?: boolean;
};
/** Extension `http.response.pathsend`. */
export type HTTPResponsePathsendEvent = { type: "http.response.pathsend"; path: string };

// WebSocket messages (www.rst)

export type WebSocketConnectEvent = { type: "websocket.connect" };
export type WebSocketAcceptEvent = { type: "websocket.accept"; subprotocol?: string | null; headers?: RawHeaders };
export type WebSocketReceiveEvent = { type: "websocket.receive"; bytes?: Uint8Array | null; text?: string | null };
export type WebSocketSendEvent = { type: "websocket.send"; bytes?: Uint8Array | null; text?: string | null };
export type WebSocketDisconnectEvent = { type: "websocket.disconnect"; code: number; reason?: string | null };
export type WebSocketCloseEvent = { type: "websocket.close"; code?: number; reason?: string | null };
/** Extension `websocket.http.response`: an HTTP response instead of the handshake. */
export type WebSocketResponseStartEvent = {
  type: "websocket.http.response.start";
  status: number;
  headers?: RawHeaders;
};
export type WebSocketResponseBodyEvent = {
  type: "websocket.http.response.body";
  body?: Uint8Array;
  more_body?: boolean;
};

// Lifespan messages (lifespan.rst)

export type LifespanStartupEvent = { type: "lifespan.startup" };
export type LifespanShutdownEvent = { type: "lifespan.shutdown" };
export type LifespanStartupCompleteEvent = { type: "lifespan.startup.complete" };
export type LifespanStartupFailedEvent = { type: "lifespan.startup.failed"; message?: string };
export type LifespanShutdownCompleteEvent = { type: "lifespan.shutdown.complete" };
export type LifespanShutdownFailedEvent = { type: "lifespan.shutdown.failed"; message?: string };

/** What a server sends to an app through `receive()`. */
export type HTTPReceiveMessage = HTTPRequestEvent | HTTPDisconnectEvent;
export type WebSocketReceiveMessage = WebSocketConnectEvent | WebSocketReceiveEvent | WebSocketDisconnectEvent;
export type LifespanReceiveMessage = LifespanStartupEvent | LifespanShutdownEvent;
export type ReceiveMessage = HTTPReceiveMessage | WebSocketReceiveMessage | LifespanReceiveMessage;

/** What an app gives a server through `send()`. */
export type HTTPSendMessage =
  | HTTPResponseStartEvent
  | HTTPResponseBodyEvent
  | HTTPResponseTrailersEvent
  | HTTPResponsePathsendEvent;
export type WebSocketSendMessage =
  | WebSocketAcceptEvent
  | WebSocketSendEvent
  | WebSocketCloseEvent
  | WebSocketResponseStartEvent
  | WebSocketResponseBodyEvent;
export type LifespanSendMessage =
  | LifespanStartupCompleteEvent
  | LifespanStartupFailedEvent
  | LifespanShutdownCompleteEvent
  | LifespanShutdownFailedEvent;
export type SendMessage = HTTPSendMessage | WebSocketSendMessage | LifespanSendMessage;

export type Message = ReceiveMessage | SendMessage;

export type Receive = () => Promise<ReceiveMessage>;
export type Send = (message: SendMessage) => Promise<void>;

export type ASGIApp = (scope: Scope, receive: Receive, send: Send) => Promise<void>;

/** Starlette's `Middleware(cls, **options)` takes any class of this shape. */
export type ASGIMiddlewareClass<Options> = new (app: ASGIApp, options: Options) => { asgi: ASGIApp };
