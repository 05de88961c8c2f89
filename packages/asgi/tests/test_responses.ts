import { mkdtempSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterEach, expect, test, vi } from "vitest";
import { BackgroundTask } from "../src/background.js";
import { Headers, MutableHeaders } from "../src/datastructures.js";
import { ClientDisconnect, Request } from "../src/requests.js";
import {
  CookieError,
  FileResponse,
  HTMLResponse,
  JSONResponse,
  PlainTextResponse,
  RedirectResponse,
  Response,
  StreamingResponse,
} from "../src/responses.js";
import { TestClient, type TestResponse } from "../src/testclient.js";
import type { ASGIApp, ReceiveMessage, SendMessage } from "../src/types.js";
import {
  call,
  httpScope,
  latin1,
  receiveFrom,
  text,
  utf8,
  websocketScope,
} from "./http_calls.js";

afterEach(() => {
  vi.useRealTimers();
});

const EMPTY = new Uint8Array(0);

// --- Exact ASGI messages, sent straight to a recording send ------------------------------------

test("response sends start then one body with Starlette's header order", async () => {
  const response = new Response("hello, world", { mediaType: "text/plain", headers: { "X-Header-1": "123" } });
  expect(await call(response.asgi)).toEqual([
    {
      type: "http.response.start",
      status: 200,
      headers: [
        ["x-header-1", "123"],
        ["content-length", "12"],
        ["content-type", "text/plain; charset=utf-8"],
      ],
    },
    { type: "http.response.body", body: utf8("hello, world") },
  ]);
});

test("response headers: given first lowercased, then content-length, then content-type", () => {
  const given = new Response("hi", { headers: { "Content-Type": "text/x", "X-Y": "z" }, mediaType: "text/html" });
  expect(given.rawHeaders).toEqual([
    ["content-type", "text/x"],
    ["x-y", "z"],
    ["content-length", "2"],
  ]);
  expect(new Response("hi", { headers: { "Content-Length": "7" } }).rawHeaders).toEqual([["content-length", "7"]]);
  expect(new Response("hi", { headers: new Map([["A", "1"]]) }).rawHeaders).toEqual([
    ["a", "1"],
    ["content-length", "2"],
  ]);
  expect(
    new Response("hi", {
      headers: new Headers({
        raw: [
          ["a", "1"],
          ["a", "2"],
        ],
      }),
    }).rawHeaders,
  ).toEqual([
    ["a", "1"],
    ["a", "2"],
    ["content-length", "2"],
  ]);
});

test("response has no content-length below 200, for 204 and 304", () => {
  expect(new Response(null, { status: 204 }).rawHeaders).toEqual([]);
  expect(new Response(null, { status: 304 }).rawHeaders).toEqual([]);
  expect(new Response(EMPTY, { status: 199 }).rawHeaders).toEqual([]);
  expect(new Response("x", { status: 205, mediaType: "text/html; Charset=latin-1" }).rawHeaders).toEqual([
    ["content-length", "1"],
    ["content-type", "text/html; Charset=latin-1"],
  ]);
});

test("subclasses give their media type and charset", () => {
  expect(new HTMLResponse("<p>é</p>").rawHeaders).toEqual([
    ["content-length", "9"],
    ["content-type", "text/html; charset=utf-8"],
  ]);
  expect(new PlainTextResponse("x").rawHeaders).toEqual([
    ["content-length", "1"],
    ["content-type", "text/plain; charset=utf-8"],
  ]);
  expect(new PlainTextResponse("x", { mediaType: "text/csv" }).mediaType).toBe("text/csv");
  expect(new JSONResponse({ a: 1 }).rawHeaders).toEqual([
    ["content-length", "7"],
    ["content-type", "application/json"],
  ]);
  class Latin1Response extends PlainTextResponse {
    static override charset = "latin-1";
  }
  const latin = new Latin1Response("é");
  expect(latin.body).toEqual(latin1("é"));
  expect(latin.rawHeaders).toEqual([
    ["content-length", "1"],
    ["content-type", "text/plain; charset=latin-1"],
  ]);
});

test("response refuses content and headers Python could not encode", () => {
  expect(() => new Response(42 as unknown as string)).toThrow(
    new TypeError("Response content must be a string or a Uint8Array, not number"),
  );
  expect(() => new Response("x", { headers: { "x-heart": "♥" } })).toThrow(
    /'latin-1' codec can't encode character '\\u2665' in position 0/,
  );
});

test("response headers property edits rawHeaders", () => {
  const response = new Response("hello", { headers: { "x-header-2": "456" } });
  expect(response.headers).toBeInstanceOf(MutableHeaders);
  expect(response.headers).toBe(response.headers);
  response.headers.set("x-header-2", "789");
  response.headers.append("x-header-3", "1");
  expect(response.rawHeaders).toEqual([
    ["x-header-2", "789"],
    ["content-length", "5"],
    ["x-header-3", "1"],
  ]);
});

test("response runs its background task after the body", async () => {
  const order: string[] = [];
  const response = new Response("x", {
    background: new BackgroundTask(async (label: string) => {
      order.push(label);
    }, "background"),
  });
  await response.asgi(httpScope(), receiveFrom([]), async (message) => {
    order.push(message.type);
  });
  expect(order).toEqual(["http.response.start", "http.response.body", "background"]);
});

test("response to a websocket scope sends websocket.http.response messages", async () => {
  const response = new PlainTextResponse("denied", { status: 403 });
  expect(await call(response.asgi, websocketScope(), [])).toEqual([
    {
      type: "websocket.http.response.start",
      status: 403,
      headers: [
        ["content-length", "6"],
        ["content-type", "text/plain; charset=utf-8"],
      ],
    },
    { type: "websocket.http.response.body", body: utf8("denied") },
  ]);
});

test("redirect response quotes the url as Starlette does", () => {
  const response = new RedirectResponse("/I ♥ Starlette/?a=b c&d=%20#x", { headers: { "X-A": "1" } });
  expect(response.statusCode).toBe(307);
  expect(response.body).toEqual(EMPTY);
  expect(response.rawHeaders).toEqual([
    ["x-a", "1"],
    ["content-length", "0"],
    ["location", "/I%20%E2%99%A5%20Starlette/?a=b%20c&d=%20#x"],
  ]);
  expect(new RedirectResponse(new globalThis.URL("http://a.test/x y"), { status: 301 }).rawHeaders).toEqual([
    ["content-length", "0"],
    ["location", "http://a.test/x%20y"],
  ]);
});

// --- Set-Cookie bytes, compared with Python 3.11's http.cookies through Starlette 1.7.0 ----------

test("set cookie bytes match Python's http.cookies", () => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(new Date(Date.UTC(2037, 0, 22, 12, 0, 0)));
  const response = new Response("Hello, world!", { mediaType: "text/plain" });
  response.setCookie("a");
  response.setCookie("b", 'x y,z;"q\\é\x7f\x01');
  response.setCookie("c", "v", { path: null, samesite: null });
  response.setCookie("d", "v", {
    expires: new Date(Date.UTC(2037, 0, 22, 12, 0, 10)),
    samesite: "Strict" as "strict",
    path: "",
  });
  response.setCookie("e", "v", { expires: "whenever", maxAge: -5 });
  response.deleteCookie("f", { domain: "example.com", secure: true, httponly: true, samesite: "none" });
  expect(response.headers.getlist("set-cookie")).toEqual([
    'a=""; Path=/; SameSite=lax',
    'b="x y\\054z\\073\\"q\\\\\\351\\177\\001"; Path=/; SameSite=lax',
    "c=v",
    "d=v; expires=Thu, 22 Jan 2037 12:00:10 GMT; SameSite=Strict",
    "e=v; expires=whenever; Max-Age=-5; Path=/; SameSite=lax",
    'f=""; Domain=example.com; expires=Thu, 22 Jan 2037 12:00:00 GMT; HttpOnly; Max-Age=0; Path=/; SameSite=none; Secure',
  ]);
});

test("set cookie refuses what Python refuses", () => {
  const response = new Response();
  expect(() => response.setCookie("path", "x")).toThrow(new CookieError("Attempt to set a reserved key 'path'"));
  expect(() => response.setCookie("a b", "x")).toThrow(new CookieError("Illegal key 'a b'"));
  expect(() => response.setCookie("a", "x", { samesite: "sometimes" as "lax" })).toThrow(
    "samesite must be either 'strict', 'lax' or 'none'",
  );
  expect(() => response.setCookie("a", "♥")).toThrow(/'latin-1' codec can't encode character '\\u2665'/);
  expect(response.headers.has("set-cookie")).toBe(false);
});

test("set cookie strips the header as Python's str.strip() does, not as trim()", () => {
  // Starlette 1.7.0: set_cookie("a", "b", path=..., samesite=None) sends b"a=b; Path=/x" for "/x\x1c" and "/x\x85",
  // and raises UnicodeEncodeError at position 12 for "/x\ufeff", which str.strip() keeps (trim() would drop it).
  const response = new Response();
  response.setCookie("a", "b", { path: "/x\x1c", samesite: null });
  response.setCookie("a", "b", { path: "/x\x85", samesite: null });
  expect(response.headers.getlist("set-cookie")).toEqual(["a=b; Path=/x", "a=b; Path=/x"]);
  expect(() => response.setCookie("a", "b", { path: "/x\ufeff", samesite: null })).toThrow(
    /'latin-1' codec can't encode character '\\ufeff' in position 12/,
  );
});

test("set cookie partitioned is written as Python 3.14 writes it", () => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(new Date(Date.UTC(2037, 0, 22, 12, 0, 0)));
  const response = new Response();
  response.setCookie("mycookie", "myvalue", {
    maxAge: 10,
    expires: 10,
    domain: "localhost",
    secure: true,
    httponly: true,
    samesite: "none",
    partitioned: true,
  });
  expect(response.headers.get("set-cookie")).toBe(
    "mycookie=myvalue; Domain=localhost; expires=Thu, 22 Jan 2037 12:00:10 GMT; HttpOnly; Max-Age=10; Partitioned; Path=/; SameSite=none; Secure",
  );
});

// --- JSON bytes, compared with Python's json.dumps(ensure_ascii=False, allow_nan=False, separators=(",", ":")) ---

const json = (value: unknown): string => text(new JSONResponse(value).body);

test("json response bytes match Python's json.dumps", () => {
  expect(json({ a: [1, 2.5, null, true, "é\n\u2028\x00", { b: {} }], z: [] })).toBe(
    '{"a":[1,2.5,null,true,"é\\n\u2028\\u0000",{"b":{}}],"z":[]}',
  );
  expect(json({ b: 1, a: { "2": null }, é: 'é😀\t"\\' })).toBe('{"b":1,"a":{"2":null},"é":"é😀\\t\\"\\\\"}');
  expect(json(null)).toBe("null");
  expect(json("x")).toBe('"x"');
  expect(json(false)).toBe("false");
});

test("json response numbers follow Python's float repr", () => {
  const numbers = [
    1e16,
    1e-7,
    0.0001,
    1e-5,
    -0,
    0.1,
    1.5e300,
    -2.5e-10,
    123456789.125,
    1e15 + 0.5,
    5e-324,
    1.7976931348623157e308,
    12345678901234567890,
    0.30000000000000004,
    100,
    -42,
  ];
  // Python's output for the same values written as floats, except 100 and -42 written as ints: JS cannot tell.
  expect(json(numbers)).toBe(
    "[1e+16,1e-07,0.0001,1e-05,-0.0,0.1,1.5e+300,-2.5e-10,123456789.125,1000000000000000.5,5e-324,1.7976931348623157e+308,1.2345678901234567e+19,0.30000000000000004,100,-42]",
  );
});

test("json response map keys follow Python's dict key rules", () => {
  const map = new Map<unknown, unknown>([
    ["b", 1],
    [2, 2],
    [1.5, 3],
    [true, 4],
    [null, 5],
  ]);
  expect(json(map)).toBe('{"b":1,"2":2,"1.5":3,"true":4,"null":5}');
  expect(json({ toJSON: () => ({ a: 1 }) })).toBe('{"a":1}');
  expect(json([new Date(Date.UTC(2037, 0, 22))])).toBe('["2037-01-22T00:00:00.000Z"]');
});

test("json response refuses what Python refuses", () => {
  expect(() => json(NaN)).toThrow(new RangeError("Out of range float values are not JSON compliant"));
  expect(() => json([Infinity])).toThrow(new RangeError("Out of range float values are not JSON compliant"));
  expect(() => json({ a: [1, { b: "x\ud800" }] })).toThrow(
    new RangeError("'utf-8' codec can't encode character '\\ud800' in position 15: surrogates not allowed"),
  );
  expect(() => json("a\ud800")).toThrow(/in position 2: surrogates not allowed/);
  expect(() => json({ a: undefined })).toThrow(new TypeError("Object of type undefined is not JSON serializable"));
  expect(() => json(() => 1)).toThrow(new TypeError("Object of type function is not JSON serializable"));
  expect(() => json(10n)).toThrow(new TypeError("Object of type bigint is not JSON serializable"));
  class X {}
  expect(() => json(new X())).toThrow(new TypeError("Object of type X is not JSON serializable"));
  expect(() => json(new Map([[[1, 2], 1]]))).toThrow(
    new TypeError("keys must be str, int, float, bool or None, not Array"),
  );
  const cycle: unknown[] = [];
  cycle.push(cycle);
  expect(() => json(cycle)).toThrow(new RangeError("Circular reference detected"));
  const shared = { a: 1 };
  expect(json([shared, shared])).toBe('[{"a":1},{"a":1}]');
});

// --- StreamingResponse --------------------------------------------------------------------------

test("streaming response sends each chunk with more_body then an empty last body", async () => {
  async function* chunks(): AsyncGenerator<string | Uint8Array> {
    yield "a";
    yield latin1("\xc0");
  }
  const response = new StreamingResponse(chunks(), { mediaType: "text/plain", headers: { "x-a": "1" } });
  expect(await call(response.asgi)).toEqual([
    {
      type: "http.response.start",
      status: 200,
      headers: [
        ["x-a", "1"],
        ["content-type", "text/plain; charset=utf-8"],
      ],
    },
    { type: "http.response.body", body: utf8("a"), more_body: true },
    { type: "http.response.body", body: latin1("\xc0"), more_body: true },
    { type: "http.response.body", body: EMPTY, more_body: false },
  ]);
  expect(new StreamingResponse([], { status: 201 }).rawHeaders).toEqual([]);
});

test("streaming response stops when the client disconnects (spec below 2.4)", async () => {
  const sent: SendMessage[] = [];
  let pulled = 0;
  let resolveDisconnect: (message: ReceiveMessage) => void = () => undefined;
  const disconnect = new Promise<ReceiveMessage>((resolve) => {
    resolveDisconnect = resolve;
  });
  async function* forever(): AsyncGenerator<Uint8Array> {
    for (;;) {
      pulled++;
      await new Promise((resolve) => setImmediate(resolve));
      yield utf8("chunk ");
    }
  }
  const response = new StreamingResponse(forever());
  await response.asgi(
    httpScope(),
    () => disconnect,
    async (message) => {
      sent.push(message);
      if (sent.length === 3) resolveDisconnect({ type: "http.disconnect" });
    },
  );
  const afterReturn = sent.length;
  await new Promise((resolve) => setTimeout(resolve, 5));
  expect(sent.length).toBe(afterReturn);
  expect(afterReturn).toBeLessThanOrEqual(4);
  expect(sent.some((message) => message.type === "http.response.body" && message.more_body === false)).toBe(false);
  expect(pulled).toBeLessThan(10);
});

test("streaming response turns an IO error in send into ClientDisconnect (spec 2.4)", async () => {
  let sends = 0;
  const response = new StreamingResponse(["a", "b"]);
  const send = async (): Promise<void> => {
    sends++;
    if (sends === 2) throw Object.assign(new Error("write EPIPE"), { code: "EPIPE" });
  };
  const scope = httpScope({ asgi: { version: "3.0", spec_version: "2.4" } });
  await expect(response.asgi(scope, receiveFrom([]), send)).rejects.toBeInstanceOf(ClientDisconnect);
  const other = new StreamingResponse(["a"]);
  const failing = async (): Promise<void> => {
    throw new TypeError("not an IO error");
  };
  await expect(other.asgi(scope, receiveFrom([]), failing)).rejects.toThrow(new TypeError("not an IO error"));
});

test("streaming response to a websocket scope runs the background task", async () => {
  let backgroundCalled = false;
  const response = new StreamingResponse([utf8("chunk")], {
    background: new BackgroundTask(() => {
      backgroundCalled = true;
    }),
  });
  const sent = await call(response.asgi, websocketScope(), []);
  expect(backgroundCalled).toBe(true);
  expect(sent.map((message) => message.type)).toEqual([
    "websocket.http.response.start",
    "websocket.http.response.body",
    "websocket.http.response.body",
  ]);
});

// --- Ports of Starlette's tests/test_responses.py ------------------------------------------------

const get = (app: ASGIApp, url = "/", headers: Record<string, string> = {}): Promise<TestResponse> =>
  new TestClient(app).get(url, { headers });
const head = (app: ASGIApp, url = "/", headers: Record<string, string> = {}): Promise<TestResponse> =>
  new TestClient(app).head(url, { headers });

test("test_text_response", async () => {
  const app: ASGIApp = async (scope, receive, send) => {
    await new Response("hello, world", { mediaType: "text/plain" }).asgi(scope, receive, send);
  };
  expect((await get(app)).text).toBe("hello, world");
});

test("test_bytes_response", async () => {
  const app: ASGIApp = async (scope, receive, send) => {
    await new Response(utf8("xxxxx"), { mediaType: "image/png" }).asgi(scope, receive, send);
  };
  expect((await get(app)).content).toEqual(utf8("xxxxx"));
});

test("test_json_none_response", async () => {
  const app: ASGIApp = async (scope, receive, send) => {
    await new JSONResponse(null).asgi(scope, receive, send);
  };
  const response = await get(app);
  expect(response.json()).toBeNull();
  expect(response.content).toEqual(utf8("null"));
});

test("test_redirect_response", async () => {
  const app: ASGIApp = async (scope, receive, send) => {
    const response =
      scope.type === "http" && scope.path === "/"
        ? new Response("hello, world", { mediaType: "text/plain" })
        : new RedirectResponse("/");
    await response.asgi(scope, receive, send);
  };
  const response = await get(app, "/redirect");
  expect(response.text).toBe("hello, world");
  expect(response.url).toBe("http://testserver/");
});

test("test_quoting_redirect_response", async () => {
  const app: ASGIApp = async (scope, receive, send) => {
    const response =
      scope.type === "http" && scope.path === "/I ♥ Starlette/"
        ? new Response("hello, world", { mediaType: "text/plain" })
        : new RedirectResponse("/I ♥ Starlette/");
    await response.asgi(scope, receive, send);
  };
  const response = await get(app, "/redirect");
  expect(response.text).toBe("hello, world");
  expect(response.url).toBe("http://testserver/I%20%E2%99%A5%20Starlette/");
});

test("test_redirect_response_content_length_header", async () => {
  const app: ASGIApp = async (scope, receive, send) => {
    await new RedirectResponse("/").asgi(scope, receive, send);
  };
  const response = await new TestClient(app).get("/redirect", { followRedirects: false });
  expect(response.url).toBe("http://testserver/redirect");
  expect(response.headers.get("content-length")).toBe("0");
});

async function* numbers(minimum: number, maximum: number): AsyncGenerator<string> {
  for (let i = minimum; i <= maximum; i++) {
    yield String(i);
    if (i !== maximum) yield ", ";
    await new Promise((resolve) => setImmediate(resolve));
  }
}

test("test_streaming_response", async () => {
  let filledByBgTask = "";
  const numbersForCleanup = async (start = 1, stop = 5): Promise<void> => {
    for await (const thing of numbers(start, stop)) filledByBgTask += thing;
  };
  const app: ASGIApp = async (scope, receive, send) => {
    const cleanupTask = new BackgroundTask(numbersForCleanup, 6, 9);
    const response = new StreamingResponse(numbers(1, 5), { mediaType: "text/plain", background: cleanupTask });
    await response.asgi(scope, receive, send);
  };
  expect(filledByBgTask).toBe("");
  expect((await get(app)).text).toBe("1, 2, 3, 4, 5");
  expect(filledByBgTask).toBe("6, 7, 8, 9");
});

test("test_streaming_response_custom_iterator", async () => {
  const app: ASGIApp = async (scope, receive, send) => {
    class CustomAsyncIterator implements AsyncIterableIterator<string> {
      private called = 0;
      [Symbol.asyncIterator](): this {
        return this;
      }
      async next(): Promise<IteratorResult<string>> {
        if (this.called === 5) return { done: true, value: undefined };
        this.called += 1;
        return { done: false, value: String(this.called) };
      }
    }
    await new StreamingResponse(new CustomAsyncIterator(), { mediaType: "text/plain" }).asgi(scope, receive, send);
  };
  expect((await get(app)).text).toBe("12345");
});

test("test_streaming_response_custom_iterable", async () => {
  const app: ASGIApp = async (scope, receive, send) => {
    const customAsyncIterable = {
      async *[Symbol.asyncIterator](): AsyncGenerator<string | Uint8Array> {
        for (let i = 0; i < 5; i++) yield String(i + 1);
      },
    };
    await new StreamingResponse(customAsyncIterable, { mediaType: "text/plain" }).asgi(scope, receive, send);
  };
  expect((await get(app)).text).toBe("12345");
});

test("test_sync_streaming_response", async () => {
  const app: ASGIApp = async (scope, receive, send) => {
    function* syncNumbers(minimum: number, maximum: number): Generator<string> {
      for (let i = minimum; i <= maximum; i++) {
        yield String(i);
        if (i !== maximum) yield ", ";
      }
    }
    await new StreamingResponse(syncNumbers(1, 5), { mediaType: "text/plain" }).asgi(scope, receive, send);
  };
  expect((await get(app)).text).toBe("1, 2, 3, 4, 5");
});

test("test_response_headers", async () => {
  const app: ASGIApp = async (scope, receive, send) => {
    const headers = { "x-header-1": "123", "x-header-2": "456" };
    const response = new Response("hello, world", { mediaType: "text/plain", headers });
    response.headers.set("x-header-2", "789");
    await response.asgi(scope, receive, send);
  };
  const response = await get(app);
  expect(response.headers.get("x-header-1")).toBe("123");
  expect(response.headers.get("x-header-2")).toBe("789");
});

test("test_response_phrase", async () => {
  expect((await get(new Response(null, { status: 204 }).asgi)).reasonPhrase).toBe("No Content");
  expect((await get(new Response(EMPTY, { status: 123 }).asgi)).reasonPhrase).toBe("");
});

test("test_set_cookie", async () => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(new Date(Date.UTC(2037, 0, 22, 12, 0, 0)));
  const app: ASGIApp = async (scope, receive, send) => {
    const response = new Response("Hello, world!", { mediaType: "text/plain" });
    response.setCookie("mycookie", "myvalue", {
      maxAge: 10,
      expires: 10,
      path: "/",
      domain: "localhost",
      secure: true,
      httponly: true,
      samesite: "none",
      partitioned: true,
    });
    await response.asgi(scope, receive, send);
  };
  const response = await get(app);
  expect(response.text).toBe("Hello, world!");
  // Python 3.14's bytes, which write Partitioned (3.11 to 3.13 refuse it).
  expect(response.headers.get("set-cookie")).toBe(
    "mycookie=myvalue; Domain=localhost; expires=Thu, 22 Jan 2037 12:00:10 GMT; HttpOnly; Max-Age=10; Partitioned; Path=/; SameSite=none; Secure",
  );
});

test("test_set_cookie_path_none", async () => {
  const app: ASGIApp = async (scope, receive, send) => {
    const response = new Response("Hello, world!", { mediaType: "text/plain" });
    response.setCookie("mycookie", "myvalue", { path: null });
    await response.asgi(scope, receive, send);
  };
  const response = await get(app);
  expect(response.text).toBe("Hello, world!");
  expect(response.headers.get("set-cookie")).toBe("mycookie=myvalue; SameSite=lax");
});

test("test_set_cookie_samesite_none", async () => {
  const app: ASGIApp = async (scope, receive, send) => {
    const response = new Response("Hello, world!", { mediaType: "text/plain" });
    response.setCookie("mycookie", "myvalue", { samesite: null });
    await response.asgi(scope, receive, send);
  };
  const response = await get(app);
  expect(response.text).toBe("Hello, world!");
  expect(response.headers.get("set-cookie")).toBe("mycookie=myvalue; Path=/");
});

test.each([
  ["datetime", new Date(Date.UTC(2037, 0, 22, 12, 0, 10))],
  ["str", "Thu, 22 Jan 2037 12:00:10 GMT"],
  ["int", 10],
])("test_expires_on_set_cookie %s", async (_id, expires) => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(new Date(Date.UTC(2037, 0, 22, 12, 0, 0)));
  const app: ASGIApp = async (scope, receive, send) => {
    const response = new Response("Hello, world!", { mediaType: "text/plain" });
    response.setCookie("mycookie", "myvalue", { expires });
    await response.asgi(scope, receive, send);
  };
  const cookie = (await get(app)).headers.get("set-cookie");
  expect(cookie).toBe("mycookie=myvalue; expires=Thu, 22 Jan 2037 12:00:10 GMT; Path=/; SameSite=lax");
});

test("test_delete_cookie", async () => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(new Date(Date.UTC(2037, 0, 22, 12, 0, 0)));
  const app: ASGIApp = async (scope, receive, send) => {
    const req = new Request(scope, receive);
    const response = new Response("Hello, world!", { mediaType: "text/plain" });
    if (req.cookies["mycookie"]) response.deleteCookie("mycookie");
    else response.setCookie("mycookie", "myvalue");
    await response.asgi(scope, receive, send);
  };
  const client = new TestClient(app);
  let response = await client.get("/");
  expect(response.cookies["mycookie"]).toBeTruthy();
  expect(response.headers.get("set-cookie")).toBe("mycookie=myvalue; Path=/; SameSite=lax");
  response = await client.get("/");
  expect(response.cookies["mycookie"]).toBeFalsy();
  expect(response.headers.get("set-cookie")).toBe(
    'mycookie=""; expires=Thu, 22 Jan 2037 12:00:00 GMT; Max-Age=0; Path=/; SameSite=lax',
  );
});

test.each([false, true])("test_delete_cookie_partitioned %s", (partitioned) => {
  const response = new Response();
  response.deleteCookie("mycookie", { secure: true, samesite: "none", partitioned });
  const header = response.headers.get("set-cookie") ?? "";
  expect(header.includes("Partitioned")).toBe(partitioned);
  expect(header).toContain("; Max-Age=0;");
  expect(header.endsWith("; Secure")).toBe(true);
});

test("test_populate_headers", async () => {
  const response = await get(new Response("hi", { headers: {}, mediaType: "text/html" }).asgi);
  expect(response.text).toBe("hi");
  expect(response.headers.get("content-length")).toBe("2");
  expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
});

test("test_head_method", async () => {
  expect((await head(new Response("hello, world", { mediaType: "text/plain" }).asgi)).text).toBe("");
});

test("test_empty_response", async () => {
  const response = await get(new Response().asgi);
  expect(response.content).toEqual(EMPTY);
  expect(response.headers.get("content-length")).toBe("0");
  expect(response.headers.has("content-type")).toBe(false);
});

test("test_empty_204_response", async () => {
  expect((await get(new Response(null, { status: 204 }).asgi)).headers.has("content-length")).toBe(false);
});

test("test_non_empty_response", async () => {
  expect((await get(new Response("hi").asgi)).headers.get("content-length")).toBe("2");
});

test("test_response_do_not_add_redundant_charset", async () => {
  const response = await get(new Response(null, { mediaType: "text/plain; charset=utf-8" }).asgi);
  expect(response.headers.get("content-type")).toBe("text/plain; charset=utf-8");
});

test("test_streaming_response_unknown_size", async () => {
  expect((await get(new StreamingResponse(["hello", "world"]).asgi)).headers.has("content-length")).toBe(false);
});

test("test_streaming_response_known_size", async () => {
  const app = new StreamingResponse(["hello", "world"], { headers: { "content-length": "10" } }).asgi;
  expect((await get(app)).headers.get("content-length")).toBe("10");
});

test("test_response_memoryview", async () => {
  const buffer = latin1("x\xc0y");
  expect((await get(new Response(buffer.subarray(1, 2)).asgi)).content).toEqual(latin1("\xc0"));
});

test("test_streaming_response_memoryview", async () => {
  const app = new StreamingResponse([latin1("\xc0"), latin1("\xf5")]).asgi;
  expect((await get(app)).content).toEqual(latin1("\xc0\xf5"));
});

test("test_streaming_response_stops_if_receiving_http_disconnect", async () => {
  let streamed = 0;
  let disconnected: () => void = () => undefined;
  const disconnectedEvent = new Promise<void>((resolve) => {
    disconnected = resolve;
  });
  const receiveDisconnect = async (): Promise<ReceiveMessage> => {
    await disconnectedEvent;
    return { type: "http.disconnect" };
  };
  const send = async (message: SendMessage): Promise<void> => {
    if (message.type === "http.response.body") {
      streamed += message.body?.length ?? 0;
      // Disconnect once the download has started.
      if (streamed >= 16) disconnected();
    }
  };
  async function* streamIndefinitely(): AsyncGenerator<Uint8Array> {
    for (;;) {
      await new Promise((resolve) => setImmediate(resolve));
      yield utf8("chunk ");
    }
  }
  const response = new StreamingResponse(streamIndefinitely());
  // Resolves on its own: no timer is needed to stop it (a hang would fail the test by its timeout).
  await response.asgi(httpScope(), receiveDisconnect, send);
  expect(streamed).toBeGreaterThanOrEqual(16);
});

test("test_streaming_response_on_client_disconnects", async () => {
  const chunks: Uint8Array[] = [];
  let streamed = false;
  const receiveDisconnect = async (): Promise<ReceiveMessage> => {
    throw new Error("NotImplementedError");
  };
  const send = async (message: SendMessage): Promise<void> => {
    if (message.type === "http.response.body") {
      if (!streamed) {
        chunks.push(message.body ?? EMPTY);
        streamed = true;
      } else {
        throw Object.assign(new Error("Broken pipe"), { code: "EPIPE" });
      }
    }
  };
  async function* streamIndefinitely(): AsyncGenerator<Uint8Array> {
    for (;;) {
      await new Promise((resolve) => setImmediate(resolve));
      yield utf8("chunk");
    }
  }
  const stream = streamIndefinitely();
  const response = new StreamingResponse(stream);
  const scope = httpScope({ asgi: { version: "3.0", spec_version: "2.4" } });
  await expect(response.asgi(scope, receiveDisconnect, send)).rejects.toBeInstanceOf(ClientDisconnect);
  expect(Buffer.concat(chunks)).toEqual(Buffer.from("chunk"));
  await stream.return(undefined);
});

test("test_streaming_response_runs_background_on_websocket_scope", async () => {
  let backgroundCalled = false;
  const sent: SendMessage[] = [];
  async function* stream(): AsyncGenerator<Uint8Array> {
    yield utf8("chunk");
  }
  const response = new StreamingResponse(stream(), {
    background: new BackgroundTask(() => {
      backgroundCalled = true;
    }),
  });
  await response.asgi(websocketScope(), receiveFrom([]), async (message) => {
    sent.push(message);
  });
  expect(backgroundCalled).toBe(true);
  expect(sent.map((message) => message.type)).toEqual([
    "websocket.http.response.start",
    "websocket.http.response.body",
    "websocket.http.response.body",
  ]);
});

// --- FileResponse (ports of Starlette's file tests) -----------------------------------------------

const tmpDirs: string[] = [];
function tmpPath(): string {
  const dir = mkdtempSync(join(tmpdir(), "asgi-file-response-"));
  tmpDirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of tmpDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const README = `# BáiZé

Powerful and exquisite WSGI/ASGI framework/toolkit.

The minimize implementation of methods required in the Web framework. No redundant implementation means that you can freely customize functions without considering the conflict with baize's own implementation.

Under the ASGI/WSGI protocol, the interface of the request object and the response object is almost the same, only need to add or delete \`await\` in the appropriate place. In addition, it should be noted that ASGI supports WebSocket but WSGI does not.
`;
const README_BYTES = utf8(README);

function readmeFile(): string {
  const path = join(tmpPath(), "README.txt");
  writeFileSync(path, README_BYTES);
  return path;
}
const fileResponseApp = (): ASGIApp => new FileResponse(readmeFile()).asgi;

test("test_file_response", async () => {
  const path = join(tmpPath(), "xyz");
  const content = utf8("<file content>".repeat(1000));
  writeFileSync(path, content);
  let filledByBgTask = "";
  const numbersForCleanup = async (start = 1, stop = 5): Promise<void> => {
    for await (const thing of numbers(start, stop)) filledByBgTask += thing;
  };
  const cleanupTask = new BackgroundTask(numbersForCleanup, 6, 9);
  const app: ASGIApp = async (scope, receive, send) => {
    await new FileResponse(path, { filename: "example.png", background: cleanupTask }).asgi(scope, receive, send);
  };
  expect(filledByBgTask).toBe("");
  const response = await get(app);
  expect(response.status).toBe(200);
  expect(response.content).toEqual(content);
  expect(response.headers.get("content-type")).toBe("image/png");
  expect(response.headers.get("content-disposition")).toBe('attachment; filename="example.png"');
  expect(response.headers.has("content-length")).toBe(true);
  expect(response.headers.has("last-modified")).toBe(true);
  expect(response.headers.has("etag")).toBe(true);
  expect(filledByBgTask).toBe("6, 7, 8, 9");
});

test("test_file_response_on_head_method", async () => {
  const path = join(tmpPath(), "xyz");
  writeFileSync(path, utf8("<file content>".repeat(1000)));
  const app = new FileResponse(path, { filename: "example.png" });
  const sent = await call(app.asgi, httpScope({ method: "head", headers: [["key", "value"]] }), []);
  expect(sent).toHaveLength(2);
  const [start, body] = sent;
  expect(start?.type === "http.response.start" && start.status).toBe(200);
  const headers = new Headers({ raw: start?.type === "http.response.start" ? (start.headers ?? []) : [] });
  expect(headers.get("content-type")).toBe("image/png");
  for (const name of ["content-length", "content-disposition", "last-modified", "etag"]) {
    expect(headers.has(name)).toBe(true);
  }
  expect(body).toEqual({ type: "http.response.body", body: EMPTY, more_body: false });
});

test("test_file_response_set_media_type", async () => {
  const path = join(tmpPath(), "xyz");
  writeFileSync(path, utf8("<file content>"));
  const app = new FileResponse(path, { filename: "example.png", mediaType: "image/jpeg" });
  expect((await get(app.asgi)).headers.get("content-type")).toBe("image/jpeg");
});

test("test_file_response_default_media_type", async () => {
  const path = join(tmpPath(), "file.unknownext");
  writeFileSync(path, utf8("<file content>"));
  expect((await get(new FileResponse(path).asgi)).headers.get("content-type")).toBe("application/octet-stream");
});

test("test_file_response_with_directory_raises_error", async () => {
  const app = new FileResponse(tmpPath(), { filename: "example.png" });
  await expect(get(app.asgi)).rejects.toThrow(/is not a file/);
});

test("test_file_response_with_missing_file_raises_error", async () => {
  const app = new FileResponse(join(tmpPath(), "404.txt"), { filename: "404.txt" });
  await expect(get(app.asgi)).rejects.toThrow(/does not exist/);
});

test("test_file_response_with_chinese_filename", async () => {
  const filename = "你好.txt";
  const path = join(tmpPath(), filename);
  writeFileSync(path, utf8("file content"));
  const response = await get(new FileResponse(path, { filename }).asgi);
  expect(response.status).toBe(200);
  expect(response.content).toEqual(utf8("file content"));
  expect(response.headers.get("content-disposition")).toBe("attachment; filename*=utf-8''%E4%BD%A0%E5%A5%BD.txt");
});

test("test_file_response_with_inline_disposition", async () => {
  const path = join(tmpPath(), "hello.txt");
  writeFileSync(path, utf8("file content"));
  const app = new FileResponse(path, { filename: "hello.txt", contentDispositionType: "inline" });
  const response = await get(app.asgi);
  expect(response.status).toBe(200);
  expect(response.content).toEqual(utf8("file content"));
  expect(response.headers.get("content-disposition")).toBe('inline; filename="hello.txt"');
});

test("test_file_response_with_range_header", async () => {
  const path = join(tmpPath(), "hello.txt");
  writeFileSync(path, utf8("file content"));
  const etag = '"a_non_autogenerated_etag"';
  const app = new FileResponse(path, { filename: "hello.txt", headers: { etag } });
  const response = await get(app.asgi, "/", { range: "bytes=0-4", "if-range": etag });
  expect(response.status).toBe(206);
  expect(response.content).toEqual(utf8("file "));
  expect(response.headers.get("etag")).toBe(etag);
  expect(response.headers.get("content-length")).toBe("5");
  expect(response.headers.get("content-range")).toBe("bytes 0-4/12");
});

test("test_file_response_with_pathsend", async () => {
  const path = join(tmpPath(), "xyz");
  writeFileSync(path, utf8("<file content>".repeat(1000)));
  const app = new FileResponse(path, { filename: "example.png" });
  const scope = httpScope({ method: "get", headers: [], extensions: { "http.response.pathsend": {} } });
  const sent = await call(app.asgi, scope, []);
  expect(sent[0]?.type === "http.response.start" && sent[0].status).toBe(200);
  expect(sent[1]).toEqual({ type: "http.response.pathsend", path });
});

test("test_file_response_known_size", async () => {
  const path = join(tmpPath(), "xyz");
  writeFileSync(path, utf8("<file content>".repeat(1000)));
  const response = await get(new FileResponse(path, { filename: "example.png" }).asgi);
  expect(response.headers.get("content-length")).toBe("14000");
});

test("test_file_response_without_range", async () => {
  const response = await get(fileResponseApp());
  expect(response.status).toBe(200);
  expect(response.headers.has("content-range")).toBe(false);
  expect(response.headers.get("content-length")).toBe(String(README_BYTES.length));
  expect(response.headers.get("content-type")).toBe("text/plain; charset=utf-8");
  expect(response.text).toBe(README);
});

test("test_file_response_ignores_range_for_non_success_status", async () => {
  const app = new FileResponse(readmeFile(), { status: 404 }).asgi;
  const response = await get(app, "/", { Range: "bytes=0-100" });
  expect(response.status).toBe(404);
  expect(response.headers.has("content-range")).toBe(false);
  expect(response.headers.get("content-length")).toBe(String(README_BYTES.length));
  expect(response.content).toEqual(README_BYTES);
  const headResponse = await head(app, "/", { Range: "bytes=0-100" });
  expect(headResponse.status).toBe(404);
  expect(headResponse.headers.has("content-range")).toBe(false);
  expect(headResponse.headers.get("content-length")).toBe(String(README_BYTES.length));
  expect(headResponse.content).toEqual(EMPTY);
});

test("test_file_response_head", async () => {
  const response = await head(fileResponseApp());
  expect(response.status).toBe(200);
  expect(response.headers.has("content-range")).toBe(false);
  expect(response.headers.get("content-length")).toBe(String(README_BYTES.length));
  expect(response.headers.get("content-type")).toBe("text/plain; charset=utf-8");
  expect(response.content).toEqual(EMPTY);
});

test("test_file_response_range", async () => {
  const response = await get(fileResponseApp(), "/", { Range: "bytes=0-100" });
  expect(response.status).toBe(206);
  expect(response.headers.get("content-range")).toBe(`bytes 0-100/${README_BYTES.length}`);
  expect(response.headers.get("content-length")).toBe("101");
  expect(response.headers.get("content-type")).toBe("text/plain; charset=utf-8");
  expect(response.content).toEqual(README_BYTES.subarray(0, 101));
});

test("test_file_response_range_head", async () => {
  const response = await head(fileResponseApp(), "/", { Range: "bytes=0-100" });
  expect(response.status).toBe(206);
  expect(response.headers.get("content-range")).toBe(`bytes 0-100/${README_BYTES.length}`);
  expect(response.headers.get("content-length")).toBe("101");
  expect(response.headers.get("content-type")).toBe("text/plain; charset=utf-8");
  expect(response.content).toEqual(EMPTY);
});

test("test_file_response_range_multi", async () => {
  const response = await get(fileResponseApp(), "/", { Range: "bytes=0-100, 200-300" });
  expect(response.status).toBe(206);
  expect(response.headers.has("content-range")).toBe(false);
  expect(response.headers.get("content-length")).toBe("448");
  expect(response.headers.get("content-type")).toMatch(/^multipart\/byteranges; boundary=[0-9a-f]{26}$/);
  expect(response.content).toHaveLength(448);
});

test("test_file_response_range_multi_head", async () => {
  const app = fileResponseApp();
  let response = await head(app, "/", { Range: "bytes=0-100, 200-300" });
  expect(response.status).toBe(206);
  expect(response.headers.has("content-range")).toBe(false);
  expect(response.headers.get("content-length")).toBe("448");
  expect(response.headers.get("content-type")).toMatch(/^multipart\/byteranges; boundary=/);
  expect(response.content).toEqual(EMPTY);
  const etag = response.headers.get("etag") ?? "";
  response = await head(app, "/", { Range: "bytes=200-300", "if-range": etag.slice(0, -1) });
  expect(response.status).toBe(200);
  response = await head(app, "/", { Range: "bytes=200-300", "if-range": etag });
  expect(response.status).toBe(206);
});

test("test_file_response_range_count_limit", async () => {
  const ranges = Array.from({ length: 100 }, (_, i) => `${2 * i}-${2 * i}`).join(",");
  const response = await get(fileResponseApp(), "/", { Range: `bytes=${ranges}` });
  expect(response.status).toBe(206);
  expect(response.headers.get("content-type")).toMatch(/^multipart\/byteranges; boundary=/);
});

test("test_file_response_range_count_limit_exceeded", async () => {
  const ranges = Array.from({ length: 101 }, (_, i) => `${2 * i}-${2 * i}`).join(",");
  const response = await get(fileResponseApp(), "/", { Range: `bytes=${ranges}` });
  expect(response.status).toBe(200);
  expect(response.headers.has("content-range")).toBe(false);
  expect(response.text).toBe(README);
});

test("test_file_response_range_invalid", async () => {
  expect((await head(fileResponseApp(), "/", { Range: "bytes: 0-1000" })).status).toBe(400);
});

test("test_file_response_range_head_max", async () => {
  const response = await head(fileResponseApp(), "/", { Range: `bytes=0-${README_BYTES.length + 1}` });
  expect(response.status).toBe(206);
});

test("test_file_response_range_416", async () => {
  const response = await head(fileResponseApp(), "/", { Range: `bytes=${README_BYTES.length + 1}-` });
  expect(response.status).toBe(416);
  expect(response.headers.get("Content-Range")).toBe(`bytes */${README_BYTES.length}`);
});

test("test_file_response_only_support_bytes_range", async () => {
  const response = await get(fileResponseApp(), "/", { Range: "items=0-100" });
  expect(response.status).toBe(400);
  expect(response.text).toBe("Only support bytes range");
});

test("test_file_response_range_must_be_requested", async () => {
  const response = await get(fileResponseApp(), "/", { Range: "bytes=" });
  expect(response.status).toBe(400);
  expect(response.text).toBe("Range header: range must be requested");
});

test("test_file_response_start_must_be_less_than_end", async () => {
  const response = await get(fileResponseApp(), "/", { Range: "bytes=100-0" });
  expect(response.status).toBe(400);
  expect(response.text).toBe("Range header: start must be less than end");
});

test("test_file_response_inverted_single_byte_range", async () => {
  const response = await get(fileResponseApp(), "/", { Range: "bytes=5-4" });
  expect(response.status).toBe(400);
  expect(response.text).toBe("Range header: start must be less than end");
});

test("test_file_response_single_byte_range", async () => {
  const response = await get(fileResponseApp(), "/", { Range: "bytes=5-5" });
  expect(response.status).toBe(206);
  expect(response.headers.get("content-range")).toBe(`bytes 5-5/${README_BYTES.length}`);
  expect(response.headers.get("content-length")).toBe("1");
});

test("test_file_response_merge_ranges", async () => {
  const response = await get(fileResponseApp(), "/", { Range: "bytes=0-100, 50-200" });
  expect(response.status).toBe(206);
  expect(response.headers.get("content-length")).toBe("201");
  expect(response.headers.get("content-range")).toBe(`bytes 0-200/${README_BYTES.length}`);
});

test("test_file_response_insert_ranges", async () => {
  const response = await get(fileResponseApp(), "/", { Range: "bytes=100-200, 0-50" });
  expect(response.status).toBe(206);
  expect(response.headers.has("content-range")).toBe(false);
  const boundary = (response.headers.get("content-type") ?? "").split("boundary=")[1];
  expect(response.text.split(/\r?\n/)).toEqual([
    `--${boundary}`,
    "Content-Type: text/plain; charset=utf-8",
    "Content-Range: bytes 0-50/526",
    "",
    "# BáiZé",
    "",
    "Powerful and exquisite WSGI/ASGI framewo",
    `--${boundary}`,
    "Content-Type: text/plain; charset=utf-8",
    "Content-Range: bytes 100-200/526",
    "",
    "ds required in the Web framework. No redundant implementation means that you can freely customize fun",
    `--${boundary}--`,
  ]);
});

test("test_file_response_range_without_dash", async () => {
  const response = await get(fileResponseApp(), "/", { Range: "bytes=100, 0-50" });
  expect(response.status).toBe(206);
  expect(response.headers.get("content-range")).toBe(`bytes 0-50/${README_BYTES.length}`);
});

test("test_file_response_range_empty_start_and_end", async () => {
  const response = await get(fileResponseApp(), "/", { Range: "bytes= - , 0-50" });
  expect(response.status).toBe(206);
  expect(response.headers.get("content-range")).toBe(`bytes 0-50/${README_BYTES.length}`);
});

test("test_file_response_range_ignore_non_numeric", async () => {
  const response = await get(fileResponseApp(), "/", { Range: "bytes=abc-def, 0-50" });
  expect(response.status).toBe(206);
  expect(response.headers.get("content-range")).toBe(`bytes 0-50/${README_BYTES.length}`);
});

test("test_file_response_suffix_range", async () => {
  const response = await get(fileResponseApp(), "/", { Range: "bytes=-100" });
  const size = README_BYTES.length;
  expect(response.status).toBe(206);
  expect(response.headers.get("content-range")).toBe(`bytes ${size - 100}-${size - 1}/${size}`);
  expect(response.headers.get("content-length")).toBe("100");
  expect(response.content).toEqual(README_BYTES.subarray(size - 100));
});

test("test_file_response_suffix_range_larger_than_file", async () => {
  const response = await get(fileResponseApp(), "/", { Range: "bytes=-1000" });
  const size = README_BYTES.length;
  expect(response.status).toBe(206);
  expect(response.headers.get("content-range")).toBe(`bytes 0-${size - 1}/${size}`);
  expect(response.headers.get("content-length")).toBe(String(size));
  expect(response.content).toEqual(README_BYTES);
});

test("test_file_response_multiple_calls", async () => {
  const app = fileResponseApp();
  expect((await get(app, "/", { Range: "bytes=0-100" })).status).toBe(206);
  const response = await get(app);
  expect(response.status).toBe(200);
  expect(response.headers.has("content-range")).toBe(false);
  expect(response.headers.get("content-length")).toBe(String(README_BYTES.length));
  expect(response.headers.get("content-type")).toBe("text/plain; charset=utf-8");
});

test("test_file_response_multi_small_chunk_size", async () => {
  class SmallChunkSizeFileResponse extends FileResponse {
    static override chunkSize = 10;
  }
  const app = new SmallChunkSizeFileResponse(readmeFile());
  const scope = httpScope({ method: "get", headers: [["range", "bytes=0-15,20-35,35-50"]] });
  const sent = await call(app.asgi, scope, []);
  const [start, ...bodies] = sent;
  expect(start?.type === "http.response.start" && start.status).toBe(206);
  const headers = new Headers({ raw: start?.type === "http.response.start" ? (start.headers ?? []) : [] });
  expect(headers.has("content-range")).toBe(false);
  expect(headers.get("accept-ranges")).toBe("bytes");
  for (const name of ["content-length", "last-modified", "etag"]) expect(headers.has(name)).toBe(true);
  const boundary = (headers.get("content-type") ?? "").split("boundary=")[1] ?? "";
  expect(headers.get("content-type")).toBe(`multipart/byteranges; boundary=${boundary}`);
  expect(bodies.map((message) => (message.type === "http.response.body" ? message.body : undefined))).toEqual([
    utf8(`--${boundary}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Range: bytes 0-15/526\r\n\r\n`),
    latin1("# B\xc3\xa1iZ\xc3\xa9\n"),
    utf8("\nPower"),
    utf8("\r\n"),
    utf8(`--${boundary}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Range: bytes 20-50/526\r\n\r\n`),
    utf8("and exquis"),
    utf8("ite WSGI/A"),
    utf8("SGI framew"),
    utf8("o"),
    utf8("\r\n"),
    utf8(`--${boundary}--`),
  ]);
  expect(Number(headers.get("content-length"))).toBe(
    bodies.reduce((n, m) => n + (m.type === "http.response.body" ? (m.body?.length ?? 0) : 0), 0),
  );
});

test("test_file_response_multi_range_unexpected_eof", async () => {
  const path = join(tmpPath(), "file.txt");
  writeFileSync(path, utf8("0123456789"));
  const response = new FileResponse(path, { statResult: statSync(path, { bigint: true }) });
  writeFileSync(path, utf8("012"));
  await expect(get(response.asgi, "/", { Range: "bytes=0-2,5-7" })).rejects.toThrow(/is shorter than expected/);
});

test("file response stat headers match Python's etag and last-modified", () => {
  // Python: os.utime(path, ns=(1700000000123456789,)*2); st_mtime == 1700000000.1234567, st_size == 441.
  const path = join(tmpPath(), "stamped");
  writeFileSync(path, new Uint8Array(441));
  utimesSync(path, 1700000000.123456789, 1700000000.123456789);
  const stat = statSync(path, { bigint: true });
  const fakeStat = Object.assign(Object.create(Object.getPrototypeOf(stat) as object) as typeof stat, stat, {
    mtimeNs: 1700000000123456789n,
  });
  const response = new FileResponse(path, { statResult: fakeStat });
  expect(response.rawHeaders).toEqual([
    ["content-type", "application/octet-stream"],
    ["accept-ranges", "bytes"],
    ["content-length", "441"],
    ["last-modified", "Tue, 14 Nov 2023 22:13:20 GMT"],
    ["etag", '"8682d34941a6252efce334384a4ad02e"'],
  ]);
});

test("file response guesses media types with Python's table", () => {
  const dir = tmpPath();
  const typeOf = (name: string): string | undefined => new FileResponse(join(dir, name)).headers.get("content-type");
  expect(typeOf("a.tar.gz")).toBe("application/x-tar");
  expect(typeOf("a.tgz")).toBe("application/x-tar");
  expect(typeOf("README.TXT")).toBe("text/plain; charset=utf-8");
  expect(typeOf("x.svgz")).toBe("image/svg+xml");
  expect(typeOf(".png")).toBe("application/octet-stream");
  expect(typeOf("x.json")).toBe("application/json");
  expect(new FileResponse(join(dir, "a"), { filename: "b.html" }).headers.get("content-type")).toBe(
    "text/html; charset=utf-8",
  );
});

test("streaming response takes a string as an iterable of characters, as Python does", async () => {
  const sent = await call(new StreamingResponse("ab").asgi);
  expect(sent.slice(1)).toEqual([
    { type: "http.response.body", body: utf8("a"), more_body: true },
    { type: "http.response.body", body: utf8("b"), more_body: true },
    { type: "http.response.body", body: EMPTY, more_body: false },
  ]);
});

test("json response: the JSON.stringify fast path writes what the Python encoder writes", () => {
  // A Map at the top sends the whole value through the hand-written encoder; a plain object may take the fast path.
  const viaEncoder = (value: unknown): string => {
    try {
      return json(new Map([["k", value]]));
    } catch (error) {
      return `error: ${String(error)}`;
    }
  };
  const viaFastPath = (value: unknown): string => {
    try {
      return `{"k":${json(value)}}`;
    } catch (error) {
      return `error: ${String(error)}`;
    }
  };
  const values = fc.oneof(
    fc.jsonValue(),
    fc.array(fc.oneof(fc.double(), fc.string({ unit: "binary" }), fc.constantFrom("\\ud800", "a\ud800", "\udfff"))),
  );
  let errors = 0;
  fc.assert(
    fc.property(values, (value) => {
      const expected = viaEncoder(value);
      if (expected.startsWith("error")) errors++;
      // The encoder counted the 5 characters of the {"k": prefix in the position of a lone surrogate.
      expect(viaFastPath(value)).toBe(
        expected.replace(/position (\d+)/, (_m, n: string) => `position ${Number(n) - 5}`),
      );
    }),
    { numRuns: 300, seed: 42 },
  );
  expect(errors).toBeGreaterThan(0);
  expect(json(["\\ud800"])).toBe('["\\\\ud800"]');
});
