import { expect, test } from "vitest";
import { Address, FormData, State, URL, pyReprBytes } from "../src/datastructures.js";
import { MultiPartException } from "../src/formparsers.js";
import { ClientDisconnect, HTTPConnection, Request, cookieParser } from "../src/requests.js";
import { JSONResponse, PlainTextResponse, Response } from "../src/responses.js";
import { TestClient } from "../src/testclient.js";
import type { ASGIApp, HTTPScope, ReceiveMessage, SendMessage } from "../src/types.js";
import { call, httpScope, receiveFrom, text, utf8, websocketScope } from "./http_calls.js";

const chunk = (body: string, more_body = false): ReceiveMessage => ({
  type: "http.request",
  body: utf8(body),
  more_body,
});

/** The JSON the app answered with, read from the messages it sent. */
async function answer(app: ASGIApp, scope: HTTPScope, messages?: ReceiveMessage[]): Promise<unknown> {
  const sent = await call(app, scope, messages);
  const body = sent.find((message) => message.type === "http.response.body");
  return JSON.parse(text(body?.type === "http.response.body" ? body.body : undefined));
}

// --- Ports of Starlette's tests/test_requests.py, through the TestClient ------------------------

test("test_request_url", async () => {
  const app: ASGIApp = async (scope, receive, send) => {
    const request = new Request(scope, receive);
    await new JSONResponse({ method: request.method, url: String(request.url) }).asgi(scope, receive, send);
  };
  const client = new TestClient(app);
  expect((await client.get("/123?a=abc")).json()).toEqual({ method: "GET", url: "http://testserver/123?a=abc" });
  expect((await client.get("https://example.org:123/")).json()).toEqual({
    method: "GET",
    url: "https://example.org:123/",
  });
});

test("test_request_query_params", async () => {
  const app: ASGIApp = async (scope, receive, send) => {
    const request = new Request(scope, receive);
    const params = Object.fromEntries(request.queryParams.items());
    await new JSONResponse({ params }).asgi(scope, receive, send);
  };
  const response = await new TestClient(app).get("/?a=123&b=456");
  expect(response.json()).toEqual({ params: { a: "123", b: "456" } });
});

test("test_request_headers", async () => {
  const app: ASGIApp = async (scope, receive, send) => {
    const request = new Request(scope, receive);
    await new JSONResponse({ headers: Object.fromEntries(request.headers.items()) }).asgi(scope, receive, send);
  };
  const response = await new TestClient(app).get("/", { headers: { host: "example.org" } });
  expect(response.json()).toEqual({
    headers: {
      host: "example.org",
      "user-agent": "testclient",
      "accept-encoding": "gzip, deflate",
      accept: "*/*",
      connection: "keep-alive",
    },
  });
});

test.each([
  [{ client: ["client", 42] as [string, number] }, new Address("client", 42)],
  [{ client: null }, null],
  [{}, null],
])("test_request_client %#", (extra, expected) => {
  const scope = httpScope(extra);
  if (!("client" in extra)) delete scope.client;
  expect(new Request(scope).client).toEqual(expected);
});

test("test_request_body", async () => {
  const app: ASGIApp = async (scope, receive, send) => {
    const request = new Request(scope, receive);
    const body = await request.body();
    await new JSONResponse({ body: text(body) }).asgi(scope, receive, send);
  };
  const client = new TestClient(app);
  expect((await client.get("/")).json()).toEqual({ body: "" });
  expect((await client.post("/", { json: { a: "123" } })).json()).toEqual({ body: '{"a":"123"}' });
  expect((await client.post("/", { content: "abc" })).json()).toEqual({ body: "abc" });
});

test("test_request_stream", async () => {
  const app: ASGIApp = async (scope, receive, send) => {
    const request = new Request(scope, receive);
    let body = "";
    for await (const part of request.stream()) body += text(part);
    await new JSONResponse({ body }).asgi(scope, receive, send);
  };
  const client = new TestClient(app);
  expect((await client.get("/")).json()).toEqual({ body: "" });
  expect((await client.post("/", { json: { a: "123" } })).json()).toEqual({ body: '{"a":"123"}' });
  expect((await client.post("/", { content: "abc" })).json()).toEqual({ body: "abc" });
});

test("test_request_form_urlencoded", async () => {
  const app: ASGIApp = async (scope, receive, send) => {
    const request = new Request(scope, receive);
    const form = await request.form();
    await new JSONResponse({ form: Object.fromEntries(form.items()) }).asgi(scope, receive, send);
  };
  const response = await new TestClient(app).post("/", { data: { abc: "123 @" } });
  expect(response.json()).toEqual({ form: { abc: "123 @" } });
});

test("test_request_form_context_manager", async () => {
  const app: ASGIApp = async (scope, receive, send) => {
    const request = new Request(scope, receive);
    await using form = await request.form();
    await new JSONResponse({ form: Object.fromEntries(form.items()) }).asgi(scope, receive, send);
  };
  const response = await new TestClient(app).post("/", { data: { abc: "123 @" } });
  expect(response.json()).toEqual({ form: { abc: "123 @" } });
});

test("test_request_body_then_stream", async () => {
  const app: ASGIApp = async (scope, receive, send) => {
    const request = new Request(scope, receive);
    const body = await request.body();
    let chunks = "";
    for await (const part of request.stream()) chunks += text(part);
    await new JSONResponse({ body: text(body), stream: chunks }).asgi(scope, receive, send);
  };
  const response = await new TestClient(app).post("/", { content: "abc" });
  expect(response.json()).toEqual({ body: "abc", stream: "abc" });
});

test("test_request_stream_then_body", async () => {
  const app: ASGIApp = async (scope, receive, send) => {
    const request = new Request(scope, receive);
    let chunks = "";
    for await (const part of request.stream()) chunks += text(part);
    let body: string;
    try {
      body = text(await request.body());
    } catch (error) {
      expect(error).toEqual(new Error("Stream consumed"));
      body = "<stream consumed>";
    }
    await new JSONResponse({ body, stream: chunks }).asgi(scope, receive, send);
  };
  const response = await new TestClient(app).post("/", { content: "abc" });
  expect(response.json()).toEqual({ body: "<stream consumed>", stream: "abc" });
});

test("test_request_json", async () => {
  const app: ASGIApp = async (scope, receive, send) => {
    const request = new Request(scope, receive);
    await new JSONResponse({ json: await request.json() }).asgi(scope, receive, send);
  };
  const response = await new TestClient(app).post("/", { json: { a: "123" } });
  expect(response.json()).toEqual({ json: { a: "123" } });
});

test("test_request_raw_path", async () => {
  const app: ASGIApp = async (scope, receive, send) => {
    const request = new Request(scope, receive);
    const rawPath = pyReprBytes(request.scope.raw_path ?? "");
    await new PlainTextResponse(`${request.scope.path}, ${rawPath}`).asgi(scope, receive, send);
  };
  expect((await new TestClient(app).get("/he%2Fllo")).text).toBe("/he/llo, b'/he%2Fllo'");
});

test("test_request_without_setting_receive", async () => {
  const app: ASGIApp = async (scope, receive, send) => {
    const request = new Request(scope);
    let data: unknown;
    try {
      data = await request.json();
    } catch (error) {
      expect(error).toEqual(new Error("Receive channel has not been made available"));
      data = "Receive channel not available";
    }
    await new JSONResponse({ json: data }).asgi(scope, receive, send);
  };
  const response = await new TestClient(app).post("/", { json: { a: "123" } });
  expect(response.json()).toEqual({ json: "Receive channel not available" });
});

test("test_request_disconnect", async () => {
  const app: ASGIApp = async (scope, receive) => {
    await new Request(scope, receive).body();
  };
  const scope = httpScope({ method: "POST" });
  await expect(app(scope, async () => ({ type: "http.disconnect" }), receiveFrom([]) as never)).rejects.toBeInstanceOf(
    ClientDisconnect,
  );
});

test("test_request_is_disconnected", async () => {
  let disconnectedAfterResponse: boolean | undefined;
  const app: ASGIApp = async (scope, receive, send) => {
    const request = new Request(scope, receive);
    const body = await request.body();
    const disconnected = await request.isDisconnected();
    await new JSONResponse({ body: text(body), disconnected }).asgi(scope, receive, send);
    disconnectedAfterResponse = await request.isDisconnected();
  };
  const response = await new TestClient(app).post("/", { content: "foo" });
  expect(response.json()).toEqual({ body: "foo", disconnected: false });
  expect(disconnectedAfterResponse).toBe(true);
});

test("test_request_state", async () => {
  const app: ASGIApp = async (scope, receive, send) => {
    const request = new Request(scope, receive);
    request.state.set("example", 123);
    await new JSONResponse({ "state.example": request.state.get("example") }).asgi(scope, receive, send);
  };
  expect((await new TestClient(app).get("/123?a=abc")).json()).toEqual({ "state.example": 123 });
});

test("test_request_cookies", async () => {
  const app: ASGIApp = async (scope, receive, send) => {
    const request = new Request(scope, receive);
    const mycookie = request.cookies["mycookie"];
    let response: Response;
    if (mycookie) {
      response = new Response(mycookie, { mediaType: "text/plain" });
    } else {
      response = new Response("Hello, world!", { mediaType: "text/plain" });
      response.setCookie("mycookie", "Hello, cookies!");
    }
    await response.asgi(scope, receive, send);
  };
  const client = new TestClient(app);
  expect((await client.get("/")).text).toBe("Hello, world!");
  expect((await client.get("/")).text).toBe("Hello, cookies!");
});

const cookiesApp: ASGIApp = async (scope, receive, send) => {
  const request = new Request(scope, receive);
  await new JSONResponse({ cookies: request.cookies }).asgi(scope, receive, send);
};

test("test_cookie_lenient_parsing", async () => {
  const toughCookie =
    "provider-oauth-nonce=validAsciiblabla; " +
    'okta-oauth-redirect-params={"responseType":"code","state":"somestate",' +
    '"nonce":"somenonce","scopes":["openid","profile","email","phone"],' +
    '"urls":{"issuer":"https://subdomain.okta.com/oauth2/authServer",' +
    '"authorizeUrl":"https://subdomain.okta.com/oauth2/authServer/v1/authorize",' +
    '"userinfoUrl":"https://subdomain.okta.com/oauth2/authServer/v1/userinfo"}}; ' +
    "importantCookie=importantValue; sessionCookie=importantSessionValue";
  const response = await new TestClient(cookiesApp).get("/", { headers: { cookie: toughCookie } });
  const result = response.json() as { cookies: Record<string, string> };
  expect(Object.keys(result.cookies)).toHaveLength(4);
  expect(new Set(Object.keys(result.cookies))).toEqual(
    new Set(["importantCookie", "okta-oauth-redirect-params", "provider-oauth-nonce", "sessionCookie"]),
  );
});

test.each([
  ["chips=ahoy; vienna=finger", { chips: "ahoy", vienna: "finger" }],
  ['keebler="E=mc2; L=\\"Loves\\"; fudge=\\012;"', { keebler: '"E=mc2', L: '\\"Loves\\"', fudge: "\\012", "": '"' }],
  ["keebler=E=mc2", { keebler: "E=mc2" }],
  ["key:term=value:term", { "key:term": "value:term" }],
  ["a=b; c=[; d=r; f=h", { a: "b", c: "[", d: "r", f: "h" }],
  ["a=b; Domain=example.com", { a: "b", Domain: "example.com" }],
  ["a=b; h=i; a=c", { a: "c", h: "i" }],
])("test_cookies_edge_cases %s", async (setCookie, expected) => {
  const response = await new TestClient(cookiesApp).get("/", { headers: { cookie: setCookie } });
  expect((response.json() as { cookies: unknown }).cookies).toEqual(expected);
});

test.each([
  ["abc=def; unnamed; django_language=en", { "": "unnamed", abc: "def", django_language: "en" }],
  ['a=b; "; c=d', { a: "b", "": '"', c: "d" }],
  ["a b c=d e = f; gh=i", { "a b c": "d e = f", gh: "i" }],
  ['a   b,c<>@:/[]?{}=d  "  =e,f g', { "a   b,c<>@:/[]?{}": 'd  "  =e,f g' }],
  ["  =  b  ;  ;  =  ;   c  =  ;  ", { "": "b", c: "" }],
])("test_cookies_invalid %s", async (setCookie, expected) => {
  const response = await new TestClient(cookiesApp).get("/", { headers: { cookie: setCookie } });
  expect((response.json() as { cookies: unknown }).cookies).toEqual(expected);
});

test("test_multiple_cookie_headers", async () => {
  const app: ASGIApp = async (scope, receive, send) => {
    scope.headers = [
      ["cookie", "a=abc"],
      ["cookie", "b=def"],
      ["cookie", "c=ghi"],
    ];
    await cookiesApp(scope, receive, send);
  };
  const response = await new TestClient(app).get("/");
  expect((response.json() as { cookies: unknown }).cookies).toEqual({ a: "abc", b: "def", c: "ghi" });
});

test("test_chunked_encoding", async () => {
  // The TestClient sends a body in one message; two chunks are sent by hand here.
  const app: ASGIApp = async (scope, receive, send) => {
    const request = new Request(scope, receive);
    await new JSONResponse({ body: text(await request.body()) }).asgi(scope, receive, send);
  };
  expect(await answer(app, httpScope({ method: "POST" }), [chunk("foo", true), chunk("bar")])).toEqual({
    body: "foobar",
  });
});

test("test_request_send_push_promise", async () => {
  const pushed: SendMessage[] = [];
  const app: ASGIApp = async (scope, receive, send) => {
    // The server is push-enabled.
    if (scope.type === "http") (scope.extensions ??= {})["http.response.push"] = {};
    const request = new Request(scope, receive, async (message) => {
      pushed.push(message);
    });
    await request.sendPushPromise("/style.css");
    await new JSONResponse({ json: "OK" }).asgi(scope, receive, send);
  };
  const response = await new TestClient(app).get("/", { headers: { "accept-language": "fr" } });
  expect(response.json()).toEqual({ json: "OK" });
  expect(pushed).toEqual([
    {
      type: "http.response.push",
      path: "/style.css",
      headers: [
        ["accept", "*/*"],
        ["accept-encoding", "gzip, deflate"],
        ["accept-language", "fr"],
        ["user-agent", "testclient"],
      ],
    },
  ]);
});

test("test_request_send_push_promise_without_push_extension", async () => {
  const app: ASGIApp = async (scope, receive, send) => {
    const request = new Request(scope);
    await request.sendPushPromise("/style.css");
    await new JSONResponse({ json: "OK" }).asgi(scope, receive, send);
  };
  expect((await new TestClient(app).get("/")).json()).toEqual({ json: "OK" });
});

test("test_request_send_push_promise_without_setting_send", async () => {
  const app: ASGIApp = async (scope, receive, send) => {
    if (scope.type === "http") (scope.extensions ??= {})["http.response.push"] = {};
    let data = "OK";
    const request = new Request(scope);
    try {
      await request.sendPushPromise("/style.css");
    } catch (error) {
      expect(error).toEqual(new Error("Send channel has not been made available"));
      data = "Send channel not available";
    }
    await new JSONResponse({ json: data }).asgi(scope, receive, send);
  };
  expect((await new TestClient(app).get("/")).json()).toEqual({ json: "Send channel not available" });
});

test.each([
  [[{ body: "123", more_body: true }, { body: "" }]],
  [[{ body: "", more_body: true }, { body: "123" }]],
  [[{ body: "12", more_body: true }, { body: "3" }]],
  [[{ body: "123", more_body: true }, { body: "", more_body: true }, { body: "" }]],
])("test_request_rcv %#", async (messages) => {
  const queue = messages.map(
    (m): ReceiveMessage => ({ type: "http.request", body: utf8(m.body), more_body: m.more_body ?? false }),
  );
  const request = new Request(httpScope(), async () => queue.shift() as ReceiveMessage);
  expect(text(await request.body())).toBe("123");
});

test("test_request_stream_called_twice", async () => {
  const request = new Request(httpScope(), receiveFrom([chunk("1", true), chunk("2", true), chunk("3")]));
  const s1 = request.stream();
  const s2 = request.stream();
  expect(text((await s1.next()).value ?? undefined)).toBe("1");
  expect(text((await s2.next()).value ?? undefined)).toBe("2");
  expect(text((await s1.next()).value ?? undefined)).toBe("3");
  // The whole body is read: no waiting for more (which would hang forever).
  expect(await s1.next()).toEqual({ done: false, value: new Uint8Array(0) });
  expect(await s2.next()).toEqual({ done: false, value: new Uint8Array(0) });
  expect((await s2.next()).done).toBe(true);
  expect((await s1.next()).done).toBe(true);
});

// --- Our own: what Starlette's tests leave thin --------------------------------------------------

const formScope = (): HTTPScope =>
  httpScope({ method: "POST", headers: [["content-type", "application/x-www-form-urlencoded"]] });

test("body is read once and kept", async () => {
  let receives = 0;
  const request = new Request(httpScope({ method: "POST" }), async () => {
    receives++;
    return chunk("abc");
  });
  const first = await request.body();
  const second = await request.body();
  expect(second).toBe(first);
  expect(receives).toBe(1);
  const chunks: string[] = [];
  for await (const part of request.stream()) chunks.push(text(part));
  expect(chunks).toEqual(["abc", ""]);
  expect(await request.json().catch((error: unknown) => error)).toBeInstanceOf(SyntaxError);
});

test("json skips a BOM as Python's json.loads(bytes) does and is kept", async () => {
  const request = new Request(httpScope({ method: "POST" }), receiveFrom([chunk('\uFEFF{"a":[1,2]}')]));
  const value = await request.json();
  expect(value).toEqual({ a: [1, 2] });
  expect(await request.json()).toBe(value);
});

test("form parses url-encoded bodies as python-multipart and unquote_plus do", async () => {
  const body = "a=1&&b=%C3%A9+x&c&=v&d=1=2&e=%ZZ%e9&f=é&a=3&";
  const request = new Request(formScope(), receiveFrom([chunk(body.slice(0, 7), true), chunk(body.slice(7))]));
  const form = await request.form();
  expect(form).toBeInstanceOf(FormData);
  expect(form.multiItems()).toEqual([
    ["a", "1"],
    ["b", "é x"],
    ["c", ""],
    ["", "v"],
    ["d", "1=2"],
    ["e", "%ZZ\uFFFD"],
    // Raw UTF-8 bytes are read as latin-1 and left so, as Starlette does.
    ["f", "Ã©"],
    ["a", "3"],
  ]);
  expect(await request.form()).toBe(form);
  await expect(request.body()).rejects.toThrow(new Error("Stream consumed"));
  await request.close();
});

test("form limits and content types", async () => {
  const tooMany = new Request(formScope(), receiveFrom([chunk("a=1&b=2&c=3")]));
  await expect(tooMany.form({ maxFields: 2 })).rejects.toThrow(
    new MultiPartException("Too many fields. Maximum number of fields is 2."),
  );
  const tooBig = new Request(formScope(), receiveFrom([chunk("abc=" + "x".repeat(2048))]));
  await expect(tooBig.form({ maxPartSize: 2050 })).rejects.toThrow(
    new MultiPartException("Field exceeded maximum size of 2KB."),
  );
  const justFits = new Request(formScope(), receiveFrom([chunk("abc=" + "x".repeat(2047))]));
  expect((await justFits.form({ maxPartSize: 2050 })).get("abc")).toHaveLength(2047);
  const plain = new Request(httpScope({ method: "POST" }), receiveFrom([chunk("a=1")]));
  expect((await plain.form()).multiItems()).toEqual([]);
  const multipart = new Request(
    httpScope({ method: "POST", headers: [["content-type", "multipart/form-data; boundary=x"]] }),
    receiveFrom([chunk("--x--")]),
  );
  expect((await multipart.form()).multiItems()).toEqual([]);
});

test("form reads the media type stripped as python-multipart's parse_options_header strips it", async () => {
  // python-multipart 0.0.32 parses each of these as b"application/x-www-form-urlencoded" (str.strip(), not trim()).
  for (const contentType of [
    "application/x-www-form-urlencoded\x1c",
    "\x85Application/X-WWW-Form-Urlencoded",
    "application/x-www-form-urlencoded\x85;a=b",
    "\x1capplication/x-www-form-urlencoded;a=b",
  ]) {
    const request = new Request(
      httpScope({ method: "POST", headers: [["content-type", contentType]] }),
      receiveFrom([chunk("a=1")]),
    );
    expect((await request.form()).multiItems(), JSON.stringify(contentType)).toEqual([["a", "1"]]);
  }
});

test("isDisconnected keeps a waiting receive for the next read", async () => {
  let release: (message: ReceiveMessage) => void = () => undefined;
  let calls = 0;
  const request = new Request(httpScope({ method: "POST" }), () => {
    calls++;
    return new Promise<ReceiveMessage>((resolve) => {
      release = resolve;
    });
  });
  expect(await request.isDisconnected()).toBe(false);
  expect(await request.isDisconnected()).toBe(false);
  expect(calls).toBe(1);
  release(chunk("late"));
  expect(text(await request.body())).toBe("late");
  expect(calls).toBe(1);
});

test("isDisconnected sees an immediate disconnect and keeps a body chunk", async () => {
  const gone = new Request(httpScope(), receiveFrom([{ type: "http.disconnect" }]));
  expect(await gone.isDisconnected()).toBe(true);
  expect(await gone.isDisconnected()).toBe(true);
  const sending = new Request(httpScope({ method: "POST" }), receiveFrom([chunk("abc")]));
  expect(await sending.isDisconnected()).toBe(false);
  expect(text(await sending.body())).toBe("abc");
});

test("HTTPConnection reads the scope", () => {
  const scope = websocketScope({
    path: "/sub/ws",
    root_path: "/sub",
    query_string: "a=1&a=2",
    headers: [
      ["host", "example.org"],
      ["cookie", "x=1"],
    ],
    client: ["1.2.3.4", 5],
    path_params: { id: 7 },
    app: "the app",
  });
  const connection = new HTTPConnection(scope);
  expect(connection.scope).toBe(scope);
  expect(connection.app).toBe("the app");
  expect(connection.url).toBeInstanceOf(URL);
  expect(String(connection.url)).toBe("ws://example.org/sub/ws?a=1&a=2");
  expect(String(connection.baseUrl)).toBe("ws://example.org/sub/");
  expect(connection.headers.get("host")).toBe("example.org");
  expect(connection.queryParams.getlist("a")).toEqual(["1", "2"]);
  expect(connection.pathParams).toEqual({ id: 7 });
  expect(connection.cookies).toEqual({ x: "1" });
  expect(connection.client).toEqual(new Address("1.2.3.4", 5));
  expect(() => connection.session).toThrow("SessionMiddleware must be installed to access request.session");
  expect(() => connection.auth).toThrow("AuthenticationMiddleware must be installed to access request.auth");
  expect(() => connection.user).toThrow("AuthenticationMiddleware must be installed to access request.user");
  expect(new HTTPConnection(httpScope()).pathParams).toEqual({});
  expect(() => new HTTPConnection({ type: "lifespan", asgi: { version: "3.0" } })).toThrow(TypeError);
  expect(() => new Request(websocketScope())).toThrow(TypeError);
});

test("baseUrl uses app_root_path inside a Mount", () => {
  const request = new Request(httpScope({ path: "/app/sub/x", root_path: "/app/sub", app_root_path: "/app" }));
  expect(String(request.baseUrl)).toBe("http://testserver/app/");
});

test("cookieParser unquotes as Python's http.cookies._unquote", () => {
  expect(cookieParser('a="x\\073y\\"z\\\\"; b="\\400"; c="')).toEqual({ a: 'x;y"z\\', b: "400", c: '"' });
  expect(cookieParser("")).toEqual({});
});

test("cookieParser keeps a cookie named __proto__ and leaves a backslash before a newline", () => {
  const cookies = cookieParser("__proto__=x; a=\"b\\\nc\"");
  expect(cookies["__proto__"]).toBe("x");
  expect(Object.keys(cookies)).toEqual(["__proto__", "a"]);
  expect(cookies["a"]).toBe("b\\\nc");
});
