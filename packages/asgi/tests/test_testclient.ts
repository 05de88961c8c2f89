// Port of Starlette 1.7.0 tests/test_testclient.py (the HTTP parts), then tests of our own for every export
// of src/testclient.ts; expected scopes, headers and cookies were read off Starlette 1.7.0 + httpx 0.28.1. Apps are raw ASGI functions or a Response's bound `asgi`, one small app per test.
import { AssertionError } from "node:assert";

import { describe, expect, test } from "vitest";

import { decodeUTF8, encodeUTF8 } from "../src/bytes.js";
import { Request } from "../src/requests.js";
import { JSONResponse, RedirectResponse, Response } from "../src/responses.js";
import {
  ClientHeaders,
  CookieJar,
  DecodingError,
  TestClient,
  TestResponse,
  TooManyRedirects,
  WebSocketDenialResponse,
  WebSocketDisconnect,
  WebSocketTestSession,
} from "../src/testclient.js";
import type { ASGIApp, HTTPScope, LifespanScope, ReceiveMessage, SendMessage } from "../src/types.js";
import { ASGIMessageError } from "../src/validation.js";
import { WebSocket } from "../src/websockets.js";

const mockService: ASGIApp = async (scope, receive, send) => {
  if (scope.type === "http" && scope.path === "/") {
    return new JSONResponse({ mock: "example" }).asgi(scope, receive, send);
  }
  return new Response("Not Found", { status: 404, mediaType: "text/plain" }).asgi(scope, receive, send);
};

/** A raw app that sends `messages` one after the other. */
function sending(...messages: Record<string, unknown>[]): ASGIApp {
  return async (_scope, _receive, send) => {
    for (const message of messages) await send(message as unknown as SendMessage);
  };
}

/** Starlette's Router lifespan in miniature: startup/shutdown hooks, a failure is reported then re-raised. */
function lifespanApp(
  hooks: { startup?: (scope: LifespanScope) => void; shutdown?: () => void },
  http: ASGIApp = mockService,
): ASGIApp {
  return async (scope, receive, send) => {
    if (scope.type !== "lifespan") return http(scope, receive, send);
    await receive();
    try {
      hooks.startup?.(scope);
    } catch (exc) {
      await send({ type: "lifespan.startup.failed", message: String(exc) });
      throw exc;
    }
    await send({ type: "lifespan.startup.complete" });
    await receive();
    hooks.shutdown?.();
    await send({ type: "lifespan.shutdown.complete" });
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Starlette's tests/test_testclient.py

test("test_use_testclient_in_endpoint", async () => {
  // We should be able to use the test client within applications, e.g. to mock out other services.
  const app: ASGIApp = async (scope, receive, send) => {
    const client = new TestClient(mockService);
    const response = await client.get("/");
    await new JSONResponse(response.json()).asgi(scope, receive, send);
  };
  const client = new TestClient(app);
  const response = await client.get("/");
  expect(response.json()).toEqual({ mock: "example" });
});

test("test_testclient_headers_behavior", () => {
  let client = new TestClient(mockService);
  expect(client.headers.get("user-agent")).toBe("testclient");

  client = new TestClient(mockService, { headers: { "user-agent": "non-default-agent" } });
  expect(client.headers.get("user-agent")).toBe("non-default-agent");

  client = new TestClient(mockService, { headers: { Authentication: "Bearer 123" } });
  expect(client.headers.get("user-agent")).toBe("testclient");
  expect(client.headers.get("Authentication")).toBe("Bearer 123");
});

test("test_use_testclient_as_contextmanager", async () => {
  // Python checks that startup and shutdown run in one task and that requests inside the context share its loop.
  // Here: one lifespan call spans startup to shutdown, requests inside see it, and re-entering starts a new one.
  let counter = 0;
  let running: { id: number } | null = null;
  const seen: { startup: object | null; shutdown: object | null } = { startup: null, shutdown: null };
  const app: ASGIApp = async (scope, receive, send) => {
    if (scope.type === "lifespan") {
      const task = { id: counter++ };
      await receive();
      running = task;
      seen.startup = task;
      await send({ type: "lifespan.startup.complete" });
      await receive();
      seen.shutdown = task;
      running = null;
      await send({ type: "lifespan.shutdown.complete" });
      return;
    }
    await new JSONResponse(running === null ? null : running.id).asgi(scope, receive, send);
  };
  const client = new TestClient(app);

  await client.start();
  expect((await client.get("/loop_id")).json()).toBe(0);
  expect((await client.get("/loop_id")).json()).toBe(0);
  await client.close();
  expect(seen.startup).toBe(seen.shutdown);
  const firstTask = seen.startup;

  // Outside the context there is no lifespan.
  expect((await client.get("/loop_id")).json()).toBe(null);

  {
    await using reused = await client.start();
    expect((await reused.get("/loop_id")).json()).toBe(1);
    expect((await reused.get("/loop_id")).json()).toBe(1);
  }
  expect(seen.startup).toBe(seen.shutdown);
  expect(seen.startup).not.toBe(firstTask);
  expect(running).toBe(null);
});

test("test_error_on_startup", async () => {
  const startupErrorApp = lifespanApp({
    startup: () => {
      throw new Error("Startup error");
    },
  });
  const client = new TestClient(startupErrorApp);
  await expect(async () => {
    await using _ = await client.start();
  }).rejects.toThrow(/Startup error/);
});

test("test_exception_in_middleware", async () => {
  class MiddlewareException extends Error {}
  class BrokenMiddleware {
    constructor(readonly app: ASGIApp) {}
    readonly asgi: ASGIApp = async () => {
      throw new MiddlewareException();
    };
  }
  const brokenMiddleware = new BrokenMiddleware(mockService);
  await expect(new TestClient(brokenMiddleware.asgi).start()).rejects.toThrow(MiddlewareException);
});

test("test_testclient_asgi3", async () => {
  const app = sending(
    { type: "http.response.start", status: 200, headers: [["content-type", "text/plain"]] },
    { type: "http.response.body", body: encodeUTF8("Hello, world!") },
  );
  const response = await new TestClient(app).get("/");
  expect(response.text).toBe("Hello, world!");
});

test("test_debug_info_in_response_extensions", async () => {
  const app = sending(
    { type: "http.response.start", status: 200, headers: [["content-type", "text/plain"]] },
    { type: "http.response.debug", info: { fragment: "header", blocks: ["nav", "title"] } },
    { type: "http.response.body", body: encodeUTF8("Hello, world!") },
  );
  const response = await new TestClient(app).get("/");
  expect(response.extensions["http.response.debug"]).toEqual({ fragment: "header", blocks: ["nav", "title"] });
  expect(response.template).toBeUndefined();
});

test("test_debug_info_in_response_extensions_with_template", async () => {
  const info = { template: "index.html", context: { name: "world" }, blocks: ["nav"] };
  const app = sending(
    { type: "http.response.start", status: 200, headers: [["content-type", "text/plain"]] },
    { type: "http.response.debug", info },
    { type: "http.response.body", body: encodeUTF8("Hello, world!") },
  );
  const response = await new TestClient(app).get("/");
  expect(response.extensions["http.response.debug"]).toEqual(info);
  expect(response.template).toBe("index.html");
  expect(response.context).toEqual({ name: "world" });
});

const clientApp: ASGIApp = async (scope, receive, send) => {
  const client = (scope as HTTPScope).client;
  expect(client).not.toBeNull();
  const [host, port] = client as [string, number];
  await new JSONResponse({ host, port }).asgi(scope, receive, send);
};

test("test_client", async () => {
  const response = await new TestClient(clientApp).get("/");
  expect(response.json()).toEqual({ host: "testclient", port: 50000 });
});

test("test_client_custom_client", async () => {
  const response = await new TestClient(clientApp, { client: ["192.168.0.1", 3000] }).get("/");
  expect(response.json()).toEqual({ host: "192.168.0.1", port: 3000 });
});

describe.each(["2020-07-14T00:00:00+00:00", "España", "voilà"])("test_query_params[%s]", (param) => {
  test("test_query_params", async () => {
    const app: ASGIApp = async (scope, receive, send) => {
      const request = new Request(scope, receive);
      await new Response(request.queryParams.get("param") as string).asgi(scope, receive, send);
    };
    const response = await new TestClient(app).get("/", { params: { param } });
    expect(response.text).toBe(param);
  });
});

describe.each([
  ["testserver", true],
  ["testserver.local", true],
  ["localhost", false],
  ["example.com", false],
])("test_domain_restricted_cookies[%s-%s]", (domain, ok) => {
  // The client discards cookies whose domain does not match the base URL (http://testserver); testserver.local
  // is accepted because http.cookiejar appends ".local" to a request host without a dot (RFC 2965).
  test("test_domain_restricted_cookies", async () => {
    const app: ASGIApp = async (scope, receive, send) => {
      const response = new Response("Hello, world!", { mediaType: "text/plain" });
      response.setCookie("mycookie", "myvalue", { path: "/", domain });
      await response.asgi(scope, receive, send);
    };
    const response = await new TestClient(app).get("/");
    const cookieSet = Object.keys(response.cookies).length === 1;
    expect(cookieSet).toBe(ok);
  });
});

test("test_forward_follow_redirects", async () => {
  const app: ASGIApp = async (scope, receive, send) => {
    const response = (scope as HTTPScope).path.includes("/ok") ? new Response("ok") : new RedirectResponse("/ok");
    await response.asgi(scope, receive, send);
  };
  const response = await new TestClient(app, { followRedirects: true }).get("/");
  expect(response.status).toBe(200);
});

test("test_forward_nofollow_redirects", async () => {
  const app: ASGIApp = (scope, receive, send) => new RedirectResponse("/ok").asgi(scope, receive, send);
  const response = await new TestClient(app, { followRedirects: false }).get("/");
  expect(response.status).toBe(307);
});

test("test_with_duplicate_headers", async () => {
  const app: ASGIApp = async (scope, receive, send) => {
    const request = new Request(scope, receive);
    await new JSONResponse({ "x-token": request.headers.getlist("x-token") }).asgi(scope, receive, send);
  };
  const response = await new TestClient(app).get("/", {
    headers: [
      ["x-token", "foo"],
      ["x-token", "bar"],
    ],
  });
  expect(response.json()).toEqual({ "x-token": ["foo", "bar"] });
});

test("test_merge_url", async () => {
  const app: ASGIApp = async (scope, receive, send) => {
    const request = new Request(scope, receive);
    const response = request.url.path === "/api/v1/bar" ? new Response(request.url.path) : new Response("", { status: 404 });
    await response.asgi(scope, receive, send);
  };
  const client = new TestClient(app, { baseUrl: "http://testserver/api/v1/" });
  const response = await client.get("/bar");
  expect(response.text).toBe("/api/v1/bar");
});

test("test_raw_path_with_querystring", async () => {
  const app: ASGIApp = (scope, receive, send) =>
    new Response((scope as HTTPScope).raw_path as string).asgi(scope, receive, send);
  const response = await new TestClient(app).get("/hello-world", { params: { foo: "bar" } });
  expect(response.content).toEqual(encodeUTF8("/hello-world"));
});

describe.each([
  ["http://[::1]", ["::1", 80], "[::1]"],
  ["http://[::1]:8000", ["::1", 8000], "[::1]:8000"],
  ["http://[::1]:0", ["::1", 0], "[::1]:0"],
])("test_ipv6_base_url[%s]", (baseUrl, server, host) => {
  test("test_ipv6_base_url", async () => {
    const app: ASGIApp = async (scope, receive, send) => {
      const request = new Request(scope, receive);
      await new JSONResponse({ server: scope["server"], host: request.headers.get("host") }).asgi(scope, receive, send);
    };
    const response = await new TestClient(app, { baseUrl }).get("/");
    expect(response.json()).toEqual({ server, host });
  });
});

describe.each<[string, Record<string, unknown>[], string]>([
  ["no-response", [], "TestClient did not receive any response"],
  ["undeclared", [{ type: "http.response.trailers" }], "without declaring trailers"],
  [
    "before-body",
    [{ type: "http.response.start", status: 200, trailers: true }, { type: "http.response.trailers" }],
    "before body completed",
  ],
  [
    "body-twice",
    [
      { type: "http.response.start", status: 200, trailers: true },
      { type: "http.response.body" },
      { type: "http.response.body" },
    ],
    "after body completed",
  ],
  [
    "trailers-twice",
    [
      { type: "http.response.start", status: 200, trailers: true },
      { type: "http.response.body" },
      { type: "http.response.trailers" },
      { type: "http.response.trailers" },
    ],
    "after response completed",
  ],
])("test_invalid_trailer_sequence[%s]", (_id, messages, error) => {
  test("test_invalid_trailer_sequence", async () => {
    const client = new TestClient(sending(...messages));
    const failure = await client.get("/").then(
      () => null,
      (exc: unknown) => exc,
    );
    expect(failure).toBeInstanceOf(AssertionError);
    expect((failure as Error).message).toContain(error);
  });
});

describe.each([true, false])("test_capture_trailers[empty=%s]", (empty) => {
  test("test_capture_trailers", async () => {
    const app: ASGIApp = async (scope, _receive, send) => {
      expect(scope["extensions"]).toHaveProperty(["http.response.trailers"]);
      await send({ type: "http.response.start", status: 200, trailers: true });
      await send({ type: "http.response.body", body: encodeUTF8("hello") });
      await Promise.resolve();
      await send({ type: "http.response.trailers", headers: empty ? [] : [["x-item", "one"]], more_trailers: true });
      await send({ type: "http.response.trailers", headers: empty ? [] : [["x-item", "two"]] });
    };
    const response = await new TestClient(app).get("/", { headers: { te: "trailers" } });
    expect(response.content).toEqual(encodeUTF8("hello"));
    expect(response.extensions["http.response.trailers"]).toEqual(
      empty
        ? []
        : [
            ["x-item", "one"],
            ["x-item", "two"],
          ],
    );
    expect(response.headers.has("x-item")).toBe(false);
  });
});

describe.each([
  [true, true, true],
  [true, true, false],
  [true, false, true],
  [true, false, false],
  [false, true, true],
  [false, true, false],
  [false, false, true],
  [false, false, false],
])("test_incomplete_trailers[partial=%s-raises=%s-raise_server_exceptions=%s]", (partial, raises, raiseServerExceptions) => {
  test("test_incomplete_trailers", async () => {
    const app: ASGIApp = async (_scope, _receive, send) => {
      await send({ type: "http.response.start", status: 200, trailers: true });
      await send({ type: "http.response.body", body: encodeUTF8("hello") });
      if (partial) {
        await send({ type: "http.response.trailers", headers: [["x-item", "partial"]], more_trailers: true });
      }
      if (raises) throw new TypeError("trailer production failed");
    };
    const client = new TestClient(app, { raiseServerExceptions });
    if (raises && raiseServerExceptions) {
      await expect(client.get("/")).rejects.toThrow(/trailer production failed/);
      return;
    }
    const response = await client.get("/");
    expect(response.content).toEqual(encodeUTF8("hello"));
    expect(response.extensions["http.response.trailers"]).toEqual(partial ? [["x-item", "partial"]] : []);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Our own: the scope, receive and send of _TestClientTransport.

/** An app that answers with its scope (and the first message it received) as JSON. */
const echoScope: ASGIApp = async (scope, receive, send) => {
  const message = (await receive()) as { type: string; body?: Uint8Array };
  const body = { scope, received: { ...message, body: decodeUTF8(message.body ?? new Uint8Array(0)) } };
  await send({ type: "http.response.start", status: 200, headers: [["content-type", "application/json"]] });
  await send({ type: "http.response.body", body: encodeUTF8(JSON.stringify(body)) });
};

test("test_scope_as_starlette_builds_it", async () => {
  // The scope Starlette 1.7.0's TestClient (httpx 0.28.1) builds for this very call, plus our `asgi` key.
  const client = new TestClient(echoScope);
  const response = await client.post("/a%20b/c?x=1", {
    json: { a: 1 },
    params: { q: "v w" },
    headers: { "X-Foo": "Bar" },
    cookies: { c: "d" },
  });
  expect(response.json()).toEqual({
    scope: {
      type: "http",
      asgi: { version: "3.0" },
      http_version: "1.1",
      method: "POST",
      path: "/a b/c",
      raw_path: "/a%20b/c",
      root_path: "",
      scheme: "http",
      query_string: "q=v+w",
      headers: [
        ["host", "testserver"],
        ["accept", "*/*"],
        ["accept-encoding", "gzip, deflate"],
        ["connection", "keep-alive"],
        ["user-agent", "testclient"],
        ["x-foo", "Bar"],
        ["cookie", "c=d"],
        ["content-length", "7"],
        ["content-type", "application/json"],
      ],
      client: ["testclient", 50000],
      server: ["testserver", 80],
      extensions: { "http.response.debug": {}, "http.response.trailers": {} },
      state: {},
    },
    received: { type: "http.request", body: '{"a":1}' },
  });
});

test("test_request_bodies_as_httpx_encodes_them", async () => {
  const client = new TestClient(echoScope);
  const form = (await client.post("/", { data: { a: "1 2*~", b: ["x", "y"], t: true, n: null } })).json() as {
    scope: HTTPScope;
    received: { body: string };
  };
  expect(form.received.body).toBe("a=1+2%2A~&b=x&b=y&t=true&n=");
  expect(form.scope.headers.slice(5)).toEqual([
    ["content-length", "27"],
    ["content-type", "application/x-www-form-urlencoded"],
  ]);

  const raw = (await client.put("/", { content: "é" })).json() as { scope: HTTPScope; received: { body: string } };
  expect(raw.received.body).toBe("é");
  expect(raw.scope.headers.slice(5)).toEqual([["content-length", "2"]]);

  // httpx puts its automatic Content-Length: 0 (POST, PUT, PATCH) right after Host.
  const empty = (await client.patch("/")).json() as { scope: HTTPScope };
  expect(empty.scope.headers.slice(0, 3)).toEqual([["host", "testserver"], ["content-length", "0"], ["accept", "*/*"]]);
  expect(empty.scope.headers.length).toBe(6);

  const get = (await client.get("/")).json() as { scope: HTTPScope; received: { body: string } };
  expect(get.scope.headers.length).toBe(5);
  expect(get.received).toEqual({ type: "http.request", body: "" });

  // json: null is httpx's json=None: no body at all.
  const none = (await client.post("/", { json: null })).json() as { scope: HTTPScope; received: { body: string } };
  expect(none.scope.headers[1]).toEqual(["content-length", "0"]);
  expect(none.received.body).toBe("");
  await expect(client.post("/", { json: Number.NaN })).rejects.toThrow(RangeError);
});

test("test_query_strings_and_paths", async () => {
  const client = new TestClient(echoScope);
  const scopeOf = async (url: string, params?: Parameters<TestClient["get"]>[1]): Promise<HTTPScope> =>
    ((await client.get(url, params)).json() as { scope: HTTPScope }).scope;

  let scope = await scopeOf("/caf%C3%A9/x y?a=1&b=%20c d");
  expect([scope.path, scope.raw_path, scope.query_string]).toEqual(["/café/x y", "/caf%C3%A9/x%20y", "a=1&b=%20c%20d"]);
  // Dot segments are resolved, as httpx does (RFC 3986 5.2.4).
  scope = await scopeOf("/a/../b");
  expect([scope.path, scope.raw_path]).toEqual(["/b", "/b"]);
  scope = await scopeOf("http://testserver/a/./b/");
  expect([scope.path, scope.raw_path]).toEqual(["/a/b/", "/a/b/"]);
  scope = await scopeOf("/%zz/x#fragment");
  expect([scope.path, scope.raw_path]).toEqual(["/%zz/x", "/%zz/x"]);
  scope = await scopeOf("/é");
  expect([scope.path, scope.raw_path]).toEqual(["/é", "/%C3%A9"]);
  scope = await scopeOf("/p?keep=1", { params: [["a", 1], ["a", false]] });
  expect(scope.query_string).toBe("a=1&a=false");
  scope = await scopeOf("/p", { params: { list: ["x", "y"], n: null } });
  expect(scope.query_string).toBe("list=x&list=y&n=");
  // httpx.QueryParams groups a repeated key at its first place, from pairs and from a string alike.
  scope = await scopeOf("/p", { params: [["a", "1"], ["b", "2"], ["a", "3"]] });
  expect(scope.query_string).toBe("a=1&a=3&b=2");
  scope = await scopeOf("/p", { params: "a=1&b=x y&a=&c" });
  expect(scope.query_string).toBe("a=1&a=&b=x+y&c=");
  scope = await scopeOf("/p?dropped=1", { params: {} });
  expect(scope.query_string).toBe("");
  scope = await scopeOf("http://example.org:8080/x");
  expect([scope.server, scope.headers[0]]).toEqual([["example.org", 8080], ["host", "example.org:8080"]]);
  scope = await scopeOf("https://example.org:443/x");
  expect([scope.scheme, scope.server, scope.headers[0]]).toEqual(["https", ["example.org", 443], ["host", "example.org"]]);
});

test("test_headers_option_order_and_case", async () => {
  const client = new TestClient(echoScope, { headers: { Authorization: "Bearer x" } });
  const { scope } = (await client.get("/", { headers: [["X-Up", "A"], ["accept", "text/html"]] })).json() as {
    scope: HTTPScope;
  };
  // httpx's update(): a name given again leaves its place and goes to the end; names reach the scope lowercased.
  expect(scope.headers).toEqual([
    ["host", "testserver"],
    ["accept-encoding", "gzip, deflate"],
    ["connection", "keep-alive"],
    ["authorization", "Bearer x"],
    ["user-agent", "testclient"],
    ["x-up", "A"],
    ["accept", "text/html"],
  ]);
  await expect(client.get("/", { headers: { "x-bad": "€" } })).rejects.toThrow(TypeError);
  // An explicit Host header keeps its place; httpx adds one in front only when none is given.
  const hosted = (await client.get("/", { headers: { Host: "x.org" } })).json() as { scope: HTTPScope };
  expect(hosted.scope.headers.at(-1)).toEqual(["host", "x.org"]);
  expect(hosted.scope.server).toEqual(["testserver", 80]);
});

test("test_root_path_and_state_copy", async () => {
  let seen: HTTPScope | null = null;
  const app = lifespanApp(
    {
      startup: (scope) => {
        (scope.state as Record<string, unknown>)["db"] = "connected";
      },
    },
    async (scope, receive, send) => {
      seen = scope as HTTPScope;
      (scope["state"] as Record<string, unknown>)["db"] = "changed by a request";
      await new Response("").asgi(scope, receive, send);
    },
  );
  await using client = await new TestClient(app, { rootPath: "/api" }).start();
  await client.get("/x");
  expect(seen!.root_path).toBe("/api");
  expect(seen!.state).toEqual({ db: "changed by a request" });
  // Each request gets a shallow copy of the lifespan state, so the lifespan's own stays as startup left it.
  expect(client.appState).toEqual({ db: "connected" });
});

test("test_receive_disconnects_after_the_response", async () => {
  const received: ReceiveMessage[] = [];
  const app: ASGIApp = async (_scope, receive, send) => {
    received.push(await receive());
    const later = receive().then((m) => received.push(m));
    await Promise.resolve();
    expect(received.length).toBe(1); // the second receive() waits for the response to end
    await send({ type: "http.response.start", status: 204 });
    await send({ type: "http.response.body" });
    await later;
  };
  const response = await new TestClient(app).post("/", { content: "body" });
  expect(response.status).toBe(204);
  expect(received).toEqual([{ type: "http.request", body: encodeUTF8("body") }, { type: "http.disconnect" }]);
});

test("test_head_drops_the_body", async () => {
  const app = sending(
    { type: "http.response.start", status: 200, headers: [["content-length", "5"]] },
    { type: "http.response.body", body: encodeUTF8("hello") },
  );
  const response = await new TestClient(app).head("/");
  expect(response.content).toEqual(new Uint8Array(0));
  expect(response.headers.get("content-length")).toBe("5");
  expect(response.messages).toHaveLength(2);
});

test("test_streaming_body_and_messages", async () => {
  const messages: Record<string, unknown>[] = [
    { type: "http.response.start", status: 201, headers: [["X-Dup", "a"], ["x-dup", "b"]] },
    { type: "http.response.body", body: encodeUTF8("hel"), more_body: true },
    { type: "http.response.body", body: encodeUTF8("lo") },
  ];
  const response = await new TestClient(sending(...messages)).delete("/x");
  expect(response.status).toBe(201);
  expect(response.statusCode).toBe(201);
  expect(response.reasonPhrase).toBe("Created");
  expect(response.text).toBe("hello");
  expect(response.rawHeaders).toEqual([["X-Dup", "a"], ["x-dup", "b"]]);
  expect(response.headers.get("x-dup")).toBe("a, b");
  expect(response.messages).toEqual(messages);
  expect(response.url).toBe("http://testserver/x");
  expect(response.request.method).toBe("DELETE");
});

test("test_message_order_is_enforced", async () => {
  const start = { type: "http.response.start", status: 200 };
  const body = { type: "http.response.body" };
  const cases: [Record<string, unknown>[], string][] = [
    [[start, start], 'Received multiple "http.response.start" messages.'],
    [[body], 'Received "http.response.body" without "http.response.start".'],
    [[start, body, body], 'Received "http.response.body" after response completed.'],
    [[start, body, start], 'Received multiple "http.response.start" messages.'],
  ];
  for (const [messages, text] of cases) {
    const failure = await new TestClient(sending(...messages)).get("/").catch((exc: unknown) => exc);
    expect(failure).toBeInstanceOf(AssertionError);
    expect((failure as Error).message).toBe(text);
  }
});

test("test_invalid_messages_raise_asgi_message_error", async () => {
  const cases: Record<string, unknown>[] = [
    { type: "http.response.start", status: "200" },
    { type: "http.response.start", status: 200, headers: [["x", "€"]] },
    { type: "http.response.body", body: "text" },
    { type: "websocket.send", text: "hi" },
  ];
  for (const message of cases) {
    await expect(new TestClient(sending(message)).get("/")).rejects.toThrow(ASGIMessageError);
  }
});

test("test_raise_server_exceptions_false", async () => {
  const before: ASGIApp = async () => {
    throw new Error("boom");
  };
  let response = await new TestClient(before, { raiseServerExceptions: false }).get("/");
  expect([response.status, response.rawHeaders, response.content]).toEqual([500, [], new Uint8Array(0)]);
  expect(response.reasonPhrase).toBe("Internal Server Error");

  // After the start, what was sent is what the client gets, as Starlette's transport.
  const after: ASGIApp = async (_scope, _receive, send) => {
    await send({ type: "http.response.start", status: 200, headers: [["a", "b"]] });
    await send({ type: "http.response.body", body: encodeUTF8("part"), more_body: true });
    throw new Error("boom");
  };
  response = await new TestClient(after, { raiseServerExceptions: false }).get("/");
  expect([response.status, response.text]).toEqual([200, "part"]);
  await expect(new TestClient(after).get("/")).rejects.toThrow("boom");

  // No response and no exception: still a 500 when not raising.
  response = await new TestClient(sending(), { raiseServerExceptions: false }).get("/");
  expect(response.status).toBe(500);
});

test("test_text_json_and_charset", async () => {
  const reply = (contentType: string, body: Uint8Array): ASGIApp =>
    sending({ type: "http.response.start", status: 200, headers: [["content-type", contentType]] }, { type: "http.response.body", body });
  let response = await new TestClient(reply("text/plain; charset=latin-1", new Uint8Array([0x63, 0x61, 0x66, 0xe9]))).get("/");
  expect(response.text).toBe("café");
  response = await new TestClient(reply("text/plain", new Uint8Array([0x63, 0xff]))).get("/");
  expect(response.text).toBe("c\ufffd");
  response = await new TestClient(reply("application/json", encodeUTF8('\ufeff{"a":[1,"é"]}'))).get("/");
  expect(response.json()).toEqual({ a: [1, "é"] });
  expect(response).toBeInstanceOf(TestResponse);
});

test("test_redirects", async () => {
  const app: ASGIApp = async (scope, receive, send) => {
    const request = new Request(scope, receive);
    const path = request.url.path;
    if (path === "/303") return new RedirectResponse("/final", { status: 303 }).asgi(scope, receive, send);
    if (path === "/307") return new RedirectResponse("/final", { status: 307 }).asgi(scope, receive, send);
    if (path === "/away") return new RedirectResponse("http://other.example/final").asgi(scope, receive, send);
    if (path === "/relative/a") return new RedirectResponse("b?x=1").asgi(scope, receive, send);
    if (path === "/loop") return new RedirectResponse("/loop").asgi(scope, receive, send);
    const body = await request.body();
    const headers = Object.fromEntries(request.headers.items());
    return new JSONResponse({ method: request.method, url: String(request.url), body: decodeUTF8(body), headers }).asgi(
      scope,
      receive,
      send,
    );
  };
  const client = new TestClient(app);

  let response = await client.post("/303", { content: "data", headers: { Authorization: "x" } });
  let json = response.json() as { method: string; body: string; headers: Record<string, string> };
  expect([json.method, json.body, json.headers["content-length"], json.headers["authorization"]]).toEqual([
    "GET",
    "",
    undefined,
    "x",
  ]);
  expect(response.history.map((r) => r.status)).toEqual([303]);

  response = await client.post("/307", { content: "data" });
  json = response.json() as typeof json;
  expect([json.method, json.body, json.headers["content-length"]]).toEqual(["POST", "data", "4"]);

  response = await client.get("/away", { headers: { Authorization: "x" } });
  json = response.json() as typeof json;
  expect(json.headers["host"]).toBe("other.example");
  expect(json.headers["authorization"]).toBeUndefined();
  expect(response.url).toBe("http://other.example/final");

  response = await client.get("/relative/a");
  expect((response.json() as { url: string }).url).toBe("http://testserver/relative/b?x=1");

  response = await client.get("/303", { followRedirects: false });
  expect(response.status).toBe(303);
  expect(response.hasRedirectLocation).toBe(true);

  await expect(client.get("/loop")).rejects.toThrow(TooManyRedirects);
});

test("test_cookie_jar_round_trip", async () => {
  const app: ASGIApp = async (scope, receive, send) => {
    const request = new Request(scope, receive);
    const response = new JSONResponse({ cookie: request.headers.get("cookie") ?? null });
    if (request.url.path === "/login") response.setCookie("session", "abc");
    if (request.url.path === "/sub/set") response.setCookie("scoped", "1", { path: "/sub" });
    if (request.url.path === "/logout") response.deleteCookie("session");
    await response.asgi(scope, receive, send);
  };
  const client = new TestClient(app, { cookies: { pref: "dark" } });
  let response = await client.get("/login");
  expect(response.json()).toEqual({ cookie: "pref=dark" });
  expect(response.cookies).toEqual({ session: "abc" });
  expect((await client.get("/")).json()).toEqual({ cookie: "pref=dark; session=abc" });
  // Grouped by domain as http.cookiejar keeps them: hand-set cookies (domain "") before testserver.local's.
  expect((await client.get("/", { cookies: { once: "1" } })).json()).toEqual({ cookie: "pref=dark; once=1; session=abc" });
  await client.get("/sub/set");
  expect((await client.get("/sub/x")).json()).toEqual({ cookie: "scoped=1; pref=dark; session=abc" });
  expect((await client.get("/subway")).json()).toEqual({ cookie: "pref=dark; session=abc" });
  response = await client.get("/logout");
  expect(response.cookies).toEqual({});
  expect(client.cookies.get("session")).toBeUndefined();
  expect((await client.get("/", { cookies: { once: "1" } })).json()).toEqual({ cookie: "pref=dark; once=1" });
  expect(client.cookies.toRecord()).toEqual({ pref: "dark", scoped: "1" });
  // An explicit Cookie header wins over the jar.
  expect((await client.get("/", { headers: { Cookie: "mine=1" } })).json()).toEqual({ cookie: "mine=1" });
});

test("test_lifespan_failures", async () => {
  // Startup failed but the app returned without raising: still an error, carrying the app's message.
  const quiet: ASGIApp = async (_scope, receive, send) => {
    await receive();
    await send({ type: "lifespan.startup.failed", message: "no database" });
  };
  await expect(new TestClient(quiet).start()).rejects.toThrow("no database");

  const shutdownFails = lifespanApp({
    shutdown: () => {
      throw new Error("never");
    },
  });
  const wrapped: ASGIApp = async (scope, receive, send) => {
    try {
      await shutdownFails(scope, receive, send);
    } catch (exc) {
      await send({ type: "lifespan.shutdown.failed", message: String(exc) });
      throw exc;
    }
  };
  const client = await new TestClient(wrapped).start();
  await expect(client.close()).rejects.toThrow("never");
  await client.close(); // closing twice is a no-op

  const returns: ASGIApp = async () => {};
  await expect(new TestClient(returns).start()).rejects.toThrow(TypeError);

  const invalid: ASGIApp = async (_scope, receive, send) => {
    await receive();
    await send({ type: "lifespan.startup.done" } as unknown as SendMessage);
  };
  await expect(new TestClient(invalid).start()).rejects.toThrow(ASGIMessageError);

  const started = await new TestClient(lifespanApp({})).start();
  await expect(started.start()).rejects.toThrow(/already running/);
  await started.close();
});

test("test_client_headers_class", () => {
  const headers = new ClientHeaders([
    ["Content-Type", "text/plain"],
    ["Set-Cookie", "a=1"],
    ["set-cookie", "b=2"],
  ]);
  expect(headers.get("CONTENT-TYPE")).toBe("text/plain");
  expect(headers.get("set-cookie")).toBe("a=1, b=2");
  expect(headers.get("missing")).toBeUndefined();
  expect(headers.get("missing", "fallback")).toBe("fallback");
  expect(headers.getList("Set-Cookie")).toEqual(["a=1", "b=2"]);
  expect(new ClientHeaders({ vary: "a, b" }).getList("vary", true)).toEqual(["a", "b"]);
  expect(headers.has("SET-COOKIE")).toBe(true);
  expect(headers.keys()).toEqual(["content-type", "set-cookie"]);
  expect([...headers]).toEqual(["content-type", "set-cookie"]);
  expect(headers.values()).toEqual(["text/plain", "a=1, b=2"]);
  expect(headers.items()).toEqual([
    ["content-type", "text/plain"],
    ["set-cookie", "a=1, b=2"],
  ]);
  expect(headers.multiItems()).toEqual([
    ["content-type", "text/plain"],
    ["set-cookie", "a=1"],
    ["set-cookie", "b=2"],
  ]);
  expect(headers.size).toBe(2);
  expect(headers.raw[1]).toEqual(["Set-Cookie", "a=1"]);
  expect(headers.toString()).toBe('Headers([["content-type","text/plain"],["set-cookie","a=1"],["set-cookie","b=2"]])');

  headers.set("SET-COOKIE", "c=3");
  expect(headers.raw).toEqual([
    ["Content-Type", "text/plain"],
    ["SET-COOKIE", "c=3"],
  ]);
  expect(headers.setdefault("content-type", "x")).toBe("text/plain");
  expect(headers.setdefault("x-new", "1")).toBe("1");
  headers.update({ "content-type": "text/html" });
  expect(headers.raw).toEqual([
    ["SET-COOKIE", "c=3"],
    ["x-new", "1"],
    ["content-type", "text/html"],
  ]);
  headers.delete("X-NEW");
  expect(headers.has("x-new")).toBe(false);
  expect(new ClientHeaders(headers).raw).toEqual(headers.raw);
  expect(() => new ClientHeaders({ a: "\u0100" })).toThrow(TypeError);
});

test("test_cookie_jar_class", () => {
  const jar = new CookieJar({ a: "1" });
  jar.set("b", "2", { path: "/x" });
  expect(jar.get("a")).toBe("1");
  expect(jar.size).toBe(2);
  const copy = jar.copy();
  copy.set("c", "3");
  expect(jar.size).toBe(2);
  jar.delete("a");
  expect(jar.toRecord()).toEqual({ b: "2" });
  jar.clear();
  expect(jar.size).toBe(0);
});

test("test_testclient_defaults", () => {
  const client = new TestClient(mockService);
  expect([client.baseUrl, client.raiseServerExceptions, client.rootPath, client.followRedirects, client.client]).toEqual([
    "http://testserver",
    true,
    "",
    true,
    ["testclient", 50000],
  ]);
  expect(client.headers.raw).toEqual([
    ["Accept", "*/*"],
    ["Accept-Encoding", "gzip, deflate"],
    ["Connection", "keep-alive"],
    ["user-agent", "testclient"],
  ]);
  expect(client.app).toBe(mockService);
});

test("test_options_and_request_methods", async () => {
  const methods: string[] = [];
  const app: ASGIApp = async (scope, receive, send) => {
    methods.push((scope as HTTPScope).method);
    await new Response("").asgi(scope, receive, send);
  };
  const client = new TestClient(app);
  await client.options("/");
  await client.request("purge", "/");
  await client.get("/");
  expect(methods).toEqual(["OPTIONS", "PURGE", "GET"]);
});

// ---------------------------------------------------------------------------------------------------------------
// WebSockets (Starlette's websocket tests of tests/test_testclient.py, then our own with raw apps).

test("test_websocket_blocking_receive", async () => {
  // The app sends while its own receive is pending: the pending receive must not block the send.
  const app: ASGIApp = async (scope, receive, send) => {
    const websocket = new WebSocket(scope, receive, send);
    await websocket.accept();
    const respond = websocket.sendJson({ message: "test" });
    try {
      // This waits, as the client sends no data; it must not keep `respond` from running.
      await websocket.receiveJson();
    } catch (exc: unknown) {
      if (!(exc instanceof WebSocketDisconnect)) throw exc;
    }
    await respond;
  };
  await using websocket = await new TestClient(app).websocketConnect("/");
  expect(await websocket.receiveJson()).toEqual({ message: "test" });
});

test("test_websocket_not_block_on_close", async () => {
  // Starlette cancels an app that outlives the block; a JS promise cannot be cancelled, so the point kept is
  // that leaving the block does not wait for the app.
  let settled = false;
  const app: ASGIApp = async (scope, receive, send) => {
    const websocket = new WebSocket(scope, receive, send);
    await websocket.accept();
    await new Promise<never>(() => undefined);
  };
  const websocket = await new TestClient(app).websocketConnect("/");
  await websocket.exit().then(() => (settled = true));
  expect(settled).toBe(true);
});

test("test_websocket_raw_path_without_params", async () => {
  const app: ASGIApp = async (scope, receive, send) => {
    const websocket = new WebSocket(scope, receive, send);
    await websocket.accept();
    const rawPath = websocket.scope.raw_path;
    expect(rawPath).not.toBeNull();
    await websocket.sendBytes(encodeUTF8(rawPath as string));
  };
  await using websocket = await new TestClient(app).websocketConnect("/hello-world", { params: { foo: "bar" } });
  expect(await websocket.receiveBytes()).toEqual(encodeUTF8("/hello-world"));
});

test("test_websocket_scope_and_messages", async () => {
  // The scope and messages Starlette 1.7.0's websocket_connect produced for the same calls.
  const received: ReceiveMessage[] = [];
  const app: ASGIApp = async (scope, receive, send) => {
    received.push(await receive());
    await send({ type: "websocket.accept", subprotocol: "b", headers: [["x-extra", "1"]] });
    await send({ type: "websocket.send", text: JSON.stringify(scope) });
    received.push(await receive(), await receive(), await receive());
    await send({ type: "websocket.close", code: 4001, reason: "done" });
  };
  const websocket = await new TestClient(app).websocketConnect("/ws%20x?a=1", { subprotocols: ["a", "b"] });
  expect(websocket).toBeInstanceOf(WebSocketTestSession);
  expect([websocket.acceptedSubprotocol, websocket.extraHeaders]).toEqual(["b", [["x-extra", "1"]]]);
  expect(JSON.parse(await websocket.receiveText())).toEqual({
    type: "websocket",
    asgi: { version: "3.0" },
    path: "/ws x",
    raw_path: "/ws%20x",
    root_path: "",
    scheme: "ws",
    query_string: "a=1",
    headers: [
      ["host", "testserver"],
      ["accept", "*/*"],
      ["accept-encoding", "gzip, deflate"],
      ["user-agent", "testclient"],
      ["connection", "upgrade"],
      ["sec-websocket-key", "testserver=="],
      ["sec-websocket-version", "13"],
      ["sec-websocket-protocol", "a, b"],
    ],
    client: ["testclient", 50000],
    server: ["testserver", 80],
    subprotocols: ["a", "b"],
    state: {},
    extensions: { "websocket.http.response": {} },
  });
  websocket.sendJson({ x: [1, "é"] }, "binary");
  websocket.sendJson({ x: [1, "é"] });
  websocket.sendText("plain");
  const closed = await websocket.receiveText().catch((exc: unknown) => exc);
  expect(closed).toBeInstanceOf(WebSocketDisconnect);
  expect([(closed as WebSocketDisconnect).code, (closed as WebSocketDisconnect).reason]).toEqual([4001, "done"]);
  expect(received).toEqual([
    { type: "websocket.connect" },
    { type: "websocket.receive", bytes: encodeUTF8('{"x":[1,"é"]}') },
    { type: "websocket.receive", text: '{"x":[1,"é"]}' },
    { type: "websocket.receive", text: "plain" },
  ]);
  await websocket.exit();
});

test("test_websocket_close_and_denial_before_accept", async () => {
  const refuse: ASGIApp = async (_scope, receive, send) => {
    await receive();
    await send({ type: "websocket.close" });
  };
  const closed = await new TestClient(refuse).websocketConnect("/").catch((exc: unknown) => exc);
  expect(closed).toBeInstanceOf(WebSocketDisconnect);
  expect([(closed as WebSocketDisconnect).code, (closed as WebSocketDisconnect).reason]).toEqual([1000, ""]);

  const deny: ASGIApp = async (scope, receive, send) => {
    expect(scope["extensions"]).toHaveProperty(["websocket.http.response"]);
    await receive();
    await send({ type: "websocket.http.response.start", status: 403, headers: [["content-type", "text/plain"]] });
    await send({ type: "websocket.http.response.body", body: encodeUTF8("no "), more_body: true });
    await send({ type: "websocket.http.response.body", body: encodeUTF8("entry") });
  };
  const denied = await new TestClient(deny).websocketConnect("/").catch((exc: unknown) => exc);
  expect(denied).toBeInstanceOf(WebSocketDenialResponse);
  expect(denied).toBeInstanceOf(WebSocketDisconnect);
  const denial = denied as WebSocketDenialResponse;
  expect([denial.status, denial.text, denial.response.headers.get("content-type")]).toEqual([403, "no entry", "text/plain"]);
  expect(denial.content).toEqual(encodeUTF8("no entry"));
});

test("test_websocket_app_errors_and_end", async () => {
  const fails: ASGIApp = async (_scope, receive, send) => {
    await receive();
    await send({ type: "websocket.accept" });
    await receive();
    throw new RangeError("handler failed");
  };
  const websocket = await new TestClient(fails).websocketConnect("/");
  websocket.sendText("go");
  await expect(websocket.receiveText()).rejects.toThrow(RangeError);
  await expect(websocket.exit()).rejects.toThrow("handler failed");

  const quiet: ASGIApp = async (_scope, receive, send) => {
    await receive();
    await send({ type: "websocket.accept" });
  };
  const ended = await new TestClient(quiet).websocketConnect("/");
  await expect(ended.receive()).rejects.toThrow(/returned without sending/);
  await expect(ended.receive()).rejects.toThrow(/returned without sending/);
  await ended.exit();

  const invalid: ASGIApp = async (_scope, receive, send) => {
    await receive();
    await send({ type: "websocket.send", text: "a", bytes: new Uint8Array(1) });
  };
  await expect(new TestClient(invalid).websocketConnect("/")).rejects.toThrow(ASGIMessageError);
  await expect(new TestClient(invalid).get("ws://testserver/")).rejects.toThrow(/websocketConnect/);
});

test("gzip and deflate bodies are decoded as httpx decodes them", async () => {
  const { gzipSync, deflateSync, deflateRawSync } = await import("node:zlib");
  const text = "Hello, world! ".repeat(100);
  const bodies: [string, Uint8Array][] = [
    ["gzip", gzipSync(text)],
    ["deflate", deflateSync(text)],
    ["deflate", deflateRawSync(text)],
    ["gzip, deflate", deflateSync(gzipSync(text))],
    ["identity", new TextEncoder().encode(text)],
    ["br", new TextEncoder().encode(text)],
  ];
  for (const [encoding, body] of bodies) {
    const app: ASGIApp = async (_scope, _receive, send) => {
      await send({ type: "http.response.start", status: 200, headers: [["content-encoding", encoding]] });
      await send({ type: "http.response.body", body });
    };
    const response = await new TestClient(app).get("/");
    expect(response.text).toBe(text);
  }
  const broken: ASGIApp = async (_scope, _receive, send) => {
    await send({ type: "http.response.start", status: 200, headers: [["content-encoding", "gzip"]] });
    await send({ type: "http.response.body", body: new TextEncoder().encode("not gzip") });
  };
  await expect(new TestClient(broken).get("/")).rejects.toThrow(DecodingError);
});
