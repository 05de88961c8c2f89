// Shared by test_requests.ts and test_responses.ts: call an ASGI app directly with a hand-made scope,
// a receive that hands out given messages, and a send that records every message.
import type { ASGIApp, HTTPScope, ReceiveMessage, SendMessage, WebSocketScope } from "../src/types.js";

export const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);
export const latin1 = (text: string): Uint8Array => Uint8Array.from(text, (ch) => ch.charCodeAt(0));
export const text = (bytes: Uint8Array | undefined): string => new TextDecoder().decode(bytes);

export function httpScope(extra: Partial<HTTPScope> = {}): HTTPScope {
  return {
    type: "http",
    asgi: { version: "3.0" },
    http_version: "1.1",
    method: "GET",
    scheme: "http",
    path: "/",
    raw_path: "/",
    query_string: "",
    root_path: "",
    headers: [["host", "testserver"]],
    client: ["testclient", 50000],
    server: ["testserver", 80],
    ...extra,
  };
}

export function websocketScope(extra: Partial<WebSocketScope> = {}): WebSocketScope {
  return {
    type: "websocket",
    asgi: { version: "3.0" },
    scheme: "ws",
    path: "/",
    query_string: "",
    root_path: "",
    headers: [],
    subprotocols: [],
    ...extra,
  };
}

/** A receive that hands out `messages` in order, then waits forever (a client that stays). */
export function receiveFrom(messages: ReceiveMessage[]): () => Promise<ReceiveMessage> {
  const queue = [...messages];
  return async () => {
    const next = queue.shift();
    if (next !== undefined) return next;
    return new Promise<never>(() => undefined);
  };
}

/** Runs `app` with `scope` and the given receive messages; returns every message it sent. */
export async function call(
  app: ASGIApp,
  scope: HTTPScope | WebSocketScope = httpScope(),
  messages: ReceiveMessage[] = [{ type: "http.request", body: new Uint8Array(0), more_body: false }],
): Promise<SendMessage[]> {
  const sent: SendMessage[] = [];
  await app(scope, receiveFrom(messages), async (message) => {
    sent.push(message);
  });
  return sent;
}
