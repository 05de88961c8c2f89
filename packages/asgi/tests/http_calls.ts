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

/** The part of a TestClient response these tests read (the shape of @mono/asgi's TestResponse). */
export interface ClientResponse {
  status: number;
  reasonPhrase: string;
  url: string;
  rawHeaders: [string, string][];
  headers: { get(name: string): string | null; has(name: string): boolean; getList(name: string): string[] };
  content: Uint8Array;
  text: string;
  json(): unknown;
  messages: SendMessage[];
}

/**
 * A small in-process client, following redirects, used until the package's TestClient is in: it sends
 * an empty body, then `http.disconnect` once the response is complete, as Starlette's TestClient does.
 */
export async function request(
  app: ASGIApp,
  method: string,
  url: string,
  options: { headers?: Record<string, string>; body?: Uint8Array; followRedirects?: boolean } = {},
): Promise<ClientResponse> {
  const target = new globalThis.URL(url, "http://testserver");
  const headers: [string, string][] = [["host", target.host]];
  for (const [name, value] of Object.entries(options.headers ?? {})) headers.push([name.toLowerCase(), value]);
  const scope = httpScope({
    method,
    scheme: target.protocol.slice(0, -1),
    path: decodeURIComponent(target.pathname),
    raw_path: target.pathname,
    query_string: target.search.slice(1),
    headers,
  });
  let complete: () => void = () => undefined;
  const completed = new Promise<void>((resolve) => {
    complete = resolve;
  });
  let requested = false;
  const messages: SendMessage[] = [];
  await app(
    scope,
    async () => {
      if (!requested) {
        requested = true;
        return { type: "http.request", body: options.body ?? new Uint8Array(0), more_body: false };
      }
      await completed;
      return { type: "http.disconnect" };
    },
    async (message) => {
      messages.push(message);
      if (message.type === "http.response.body" && message.more_body !== true) complete();
    },
  );
  complete();
  const start = messages.find((message) => message.type === "http.response.start");
  if (start?.type !== "http.response.start") throw new Error("no http.response.start");
  const rawHeaders = (start.headers ?? []).map(([name, value]): [string, string] => [name, value]);
  const getList = (name: string): string[] =>
    rawHeaders.filter(([key]) => key === name.toLowerCase()).map(([, value]) => value);
  const location = getList("location")[0];
  if (options.followRedirects !== false && start.status >= 300 && start.status < 400 && location !== undefined) {
    return request(app, "GET", new globalThis.URL(location, target).href, options);
  }
  const chunks = messages.flatMap((message) => (message.type === "http.response.body" && message.body ? [message.body] : []));
  const content = method === "HEAD" ? new Uint8Array(0) : Buffer.concat(chunks);
  return {
    status: start.status,
    reasonPhrase: (await import("node:http")).STATUS_CODES[start.status] ?? "",
    url: target.href,
    rawHeaders,
    headers: {
      get: (name) => (getList(name).length === 0 ? null : getList(name).join(", ")),
      has: (name) => getList(name).length > 0,
      getList,
    },
    content,
    text: text(content),
    json: () => JSON.parse(text(content)),
    messages,
  };
}
