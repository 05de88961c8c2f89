import { afterEach, expect, test, vi } from "vitest";
import { BackgroundTask } from "../src/background.js";
import { Headers, MutableHeaders } from "../src/datastructures.js";
import { ClientDisconnect } from "../src/requests.js";
import {
  CookieError,
  HTMLResponse,
  JSONResponse,
  PlainTextResponse,
  RedirectResponse,
  Response,
  StreamingResponse,
} from "../src/responses.js";
import type { ReceiveMessage, SendMessage } from "../src/types.js";
import { call, httpScope, latin1, receiveFrom, text, utf8, websocketScope } from "./http_calls.js";

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
  expect(new Response("hi", { headers: new Headers({ raw: [["a", "1"], ["a", "2"]] }) }).rawHeaders).toEqual([
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
  response.setCookie("d", "v", { expires: new Date(Date.UTC(2037, 0, 22, 12, 0, 10)), samesite: "Strict" as "strict", path: "" });
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
    1e16, 1e-7, 0.0001, 1e-5, -0, 0.1, 1.5e300, -2.5e-10, 123456789.125, 1e15 + 0.5, 5e-324, 1.7976931348623157e308,
    12345678901234567890, 0.30000000000000004, 100, -42,
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
