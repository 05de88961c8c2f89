// CORSMiddleware and websocket scopes. By default they pass through untouched, as Starlette's `__call__` hands any
// scope that is not "http" to the app with the very scope, receive and send it got. With the opt-in
// `checkWebSocketOrigin`, a handshake from an origin that is not allowed is closed before accept.
import { TestClient, WebSocket, WebSocketDisconnect } from "@mono/asgi";
import type { ASGIApp, Receive, Scope, Send, WebSocketScope } from "@mono/asgi";
import { expect, test } from "vitest";

import { CORSMiddleware } from "../src/index.js";
import type { CORSOptions } from "../src/index.js";

/** An echo app that also reports the Origin it saw and the scope's keys, so a test sees what reached it. */
const echo: ASGIApp = async (scope, receive, send) => {
  const websocket = new WebSocket(scope, receive, send);
  await websocket.accept(null, [["x-app", "1"]]);
  await websocket.sendJson({ origin: websocket.headers.get("origin") ?? null });
  for await (const text of websocket.iterText()) await websocket.sendText(`echo: ${text}`);
};

function clientWith(options: CORSOptions): TestClient {
  return new TestClient(new CORSMiddleware(echo, options).asgi);
}

async function refusal(client: TestClient, origin: string): Promise<WebSocketDisconnect> {
  const exc = await client.websocketConnect("/ws", { headers: { origin } }).then(
    () => {
      throw new Error("the handshake was accepted");
    },
    (error: unknown) => error,
  );
  expect(exc).toBeInstanceOf(WebSocketDisconnect);
  return exc as WebSocketDisconnect;
}

test("test_cors_websocket_scope_passes_through_untouched", async () => {
  // Starlette: `if scope["type"] != "http": await self.app(scope, receive, send)`. The app must get the very
  // same objects, not copies or wrappers, even for an origin the HTTP side would refuse.
  const seen: [Scope, Receive, Send][] = [];
  const app: ASGIApp = async (scope, receive, send) => {
    seen.push([scope, receive, send]);
  };
  const scope: WebSocketScope = {
    type: "websocket",
    asgi: { version: "3.0" },
    scheme: "ws",
    path: "/ws",
    query_string: "",
    root_path: "",
    headers: [["origin", "https://evil.example"]],
    subprotocols: [],
  };
  const receive: Receive = async () => ({ type: "websocket.connect" });
  const send: Send = async () => {};
  await new CORSMiddleware(app, { allowOrigins: ["https://good.example"] }).asgi(scope, receive, send);
  expect(seen.length).toBe(1);
  expect(seen[0]?.[0]).toBe(scope);
  expect(seen[0]?.[1]).toBe(receive);
  expect(seen[0]?.[2]).toBe(send);
  expect(scope.headers).toEqual([["origin", "https://evil.example"]]);
});

test("test_cors_does_not_protect_a_websocket_by_default", async () => {
  // The origin is not allowed, yet the socket opens and the messages flow unchanged: CORS is for HTTP responses.
  await using websocket = await clientWith({ allowOrigins: ["https://good.example"] }).websocketConnect("/ws", {
    headers: { origin: "https://evil.example" },
  });
  expect(websocket.extraHeaders).toEqual([["x-app", "1"]]);
  expect(await websocket.receiveJson()).toEqual({ origin: "https://evil.example" });
  websocket.sendText("hello");
  expect(await websocket.receiveText()).toBe("echo: hello");
});

test("test_check_websocket_origin_refuses_a_disallowed_origin_before_accept", async () => {
  let calls = 0;
  const app: ASGIApp = async (scope, receive, send) => {
    calls += 1;
    await echo(scope, receive, send);
  };
  const client = new TestClient(new CORSMiddleware(app, { allowOrigins: ["https://good.example"], checkWebSocketOrigin: true }).asgi);
  const exc = await refusal(client, "https://evil.example");
  expect([exc.code, exc.reason]).toEqual([1008, ""]);
  // A near miss is a miss: origins are compared byte for byte.
  expect((await refusal(client, "https://good.example/")).code).toBe(1008);
  expect((await refusal(client, "http://good.example")).code).toBe(1008);
  expect((await refusal(client, "null")).code).toBe(1008);
  expect(calls).toBe(0);
});

test("test_check_websocket_origin_lets_allowed_origins_through", async () => {
  const client = clientWith({ allowOrigins: ["https://good.example"], checkWebSocketOrigin: true });
  await using websocket = await client.websocketConnect("/ws", { headers: { origin: "https://good.example" } });
  expect(await websocket.receiveJson()).toEqual({ origin: "https://good.example" });
  websocket.sendText("hi");
  expect(await websocket.receiveText()).toBe("echo: hi");
});

test("test_check_websocket_origin_without_origin_header", async () => {
  // Not a browser (browsers always send Origin on a handshake): nothing to check, the app decides.
  await using websocket = await clientWith({ allowOrigins: ["https://good.example"], checkWebSocketOrigin: true }).websocketConnect("/ws");
  expect(await websocket.receiveJson()).toEqual({ origin: null });
});

test("test_check_websocket_origin_uses_allow_origin_regex", async () => {
  const client = clientWith({ allowOriginRegex: "https://.*\\.example\\.org", checkWebSocketOrigin: true });
  {
    await using websocket = await client.websocketConnect("/ws", { headers: { origin: "https://app.example.org" } });
    expect(await websocket.receiveJson()).toEqual({ origin: "https://app.example.org" });
  }
  expect((await refusal(client, "https://example.org.evil.example")).code).toBe(1008);
});

test("test_check_websocket_origin_with_allow_all_origins", async () => {
  // "*" allows every origin, for sockets too: the check then refuses nothing.
  await using websocket = await clientWith({ allowOrigins: ["*"], checkWebSocketOrigin: true }).websocketConnect("/ws", {
    headers: { origin: "https://anyone.example" },
  });
  expect(await websocket.receiveJson()).toEqual({ origin: "https://anyone.example" });
});

test("test_check_websocket_origin_leaves_http_alone", async () => {
  // The option changes nothing for HTTP: same answer, byte for byte, with and without it.
  const http: ASGIApp = async (_scope, _receive, send) => {
    await send({ type: "http.response.start", status: 200, headers: [["content-type", "text/plain"]] });
    await send({ type: "http.response.body", body: new TextEncoder().encode("ok") });
  };
  const answer = async (checkWebSocketOrigin: boolean) => {
    const client = new TestClient(new CORSMiddleware(http, { allowOrigins: ["https://good.example"], checkWebSocketOrigin }).asgi);
    const response = await client.get("/", { headers: { origin: "https://evil.example" } });
    return [response.status, response.rawHeaders, response.text];
  };
  expect(await answer(true)).toEqual(await answer(false));
});

test("test_check_websocket_origin_option", () => {
  expect(new CORSMiddleware(echo).checkWebSocketOrigin).toBe(false);
  expect(new CORSMiddleware(echo, { checkWebSocketOrigin: true }).checkWebSocketOrigin).toBe(true);
  expect(() => new CORSMiddleware(echo, { checkWebSocketOrigin: "yes" } as unknown as CORSOptions)).toThrow(
    'CORSMiddleware: checkWebSocketOrigin: expected a boolean, received the string "yes"',
  );
  expect(() => new CORSMiddleware(echo, { check_websocket_origin: true } as unknown as CORSOptions)).toThrow(/unknown option/);
});
