// Port of uvicorn 0.54 tests/protocols/test_http.py: the same requests and app behaviours, over real sockets.
import { expect, test, vi } from "vitest";
import type { ASGIApp, HTTPReceiveMessage, HTTPScope, Receive, Scope, Send } from "@mono/asgi";
import { response } from "./response.js";
import {
  RawClient,
  rawRequest,
  SIMPLE_GET_REQUEST,
  SIMPLE_HEAD_REQUEST,
  SIMPLE_POST_REQUEST,
  sleep,
  withServer,
} from "./serverFixture.js";

const CONNECTION_CLOSE_REQUEST = "GET / HTTP/1.1\r\nHost: example.org\r\nConnection: close\r\n\r\n";
const START_POST_REQUEST =
  "POST / HTTP/1.1\r\nHost: example.org\r\nContent-Type: application/json\r\nContent-Length: 18\r\n\r\n";
const FINISH_POST_REQUEST = '{"hello": "world"}';
const HTTP10_GET_REQUEST = "GET / HTTP/1.0\r\nHost: example.org\r\n\r\n";
const GET_REQUEST_WITH_RAW_PATH = "GET /one%2Ftwo HTTP/1.1\r\nHost: example.org\r\n\r\n";
const LARGE_POST_REQUEST = `POST / HTTP/1.1\r\nHost: example.org\r\nContent-Type: text/plain\r\nContent-Length: 100000\r\n\r\n${"x".repeat(100000)}`;
const EXPECT_100_REQUEST =
  'POST / HTTP/1.1\r\nHost: example.org\r\nExpect: 100-continue\r\nContent-Type: application/json\r\nContent-Length: 18\r\n\r\n{"hello": "world"}';

const hello = response("Hello, world", { mediaType: "text/plain" });

async function readBody(receive: Receive): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for (;;) {
    const message = (await receive()) as HTTPReceiveMessage;
    expect(message.type).toBe("http.request");
    if (message.type !== "http.request") break;
    parts.push(message.body ?? new Uint8Array(0));
    if (!message.more_body) break;
  }
  return Buffer.concat(parts);
}

const echoBody: ASGIApp = async (scope, receive, send) => {
  const body = await readBody(receive);
  await response(Buffer.concat([Buffer.from("Body: "), body]), { mediaType: "text/plain" })(scope, receive, send);
};

test("test_get_request", async () => {
  await withServer(hello, {}, async ({ port }) => {
    const res = await rawRequest(port, SIMPLE_GET_REQUEST);
    expect(res.statusLine).toBe("HTTP/1.1 200 OK");
    expect(res.body.toString()).toBe("Hello, world");
  });
});

test("test_get_request exact bytes: default headers first, then the app's, names lowercased", async () => {
  const app = response("Hi", { headers: { "X-Dup": "1", "x-other": "a", "x-dup": "2" } });
  await withServer(app, { dateHeader: false }, async ({ port }) => {
    const res = await rawRequest(port, SIMPLE_GET_REQUEST);
    expect(res.raw).toBe(
      "HTTP/1.1 200 OK\r\nserver: mono\r\nx-dup: 1\r\nx-other: a\r\nx-dup: 2\r\ncontent-length: 2\r\n\r\nHi",
    );
  });
});

for (const [id, char] of [
  ["allow_ascii_letter", "c"],
  ["allow_tab", "\t"],
  ["allow_space", " "],
  ["allow_non_ascii_char", "\xc2\xb5"], // "µ" as UTF-8 bytes, a latin-1 ByteString
] as const) {
  test(`test_header_value_allowed_characters[${id}]`, async () => {
    const app = response("Hello, world", { mediaType: "text/plain", headers: { key: `<${char}>` } });
    await withServer(app, {}, async ({ port }) => {
      const res = await rawRequest(port, SIMPLE_GET_REQUEST);
      expect(res.statusLine).toBe("HTTP/1.1 200 OK");
      expect(res.raw).toContain(`\r\nkey: <${char}>\r\n`);
      expect(res.body.toString()).toBe("Hello, world");
    });
  });
}

for (const [id, name] of [
  ["reject_space", "bad header"],
  ["reject_null", "bad\x00header"],
  ["reject_open_paren", "bad(header"],
  ["reject_close_paren", "bad)header"],
  ["reject_less_than", "bad<header"],
  ["reject_greater_than", "bad>header"],
  ["reject_at", "bad@header"],
  ["reject_comma", "bad,header"],
  ["reject_semicolon", "bad;header"],
  ["reject_colon", "bad:header"],
  ["reject_open_bracket", "bad[header"],
  ["reject_close_bracket", "bad]header"],
  ["reject_open_brace", "bad{header"],
  ["reject_close_brace", "bad}header"],
  ["reject_equals", "bad=header"],
  ["reject_double_quote", 'bad"header'],
  ["reject_backslash", "bad\\header"],
  ["reject_tab", "bad\theader"],
  ["reject_del", "bad\x7fheader"],
] as const) {
  test(`test_invalid_header_name[${id}]`, async () => {
    const app = response("Hello, world", { mediaType: "text/plain", headers: { [name]: "value" } });
    await withServer(app, {}, async ({ port, records }) => {
      const client = await RawClient.open(port);
      client.write(SIMPLE_GET_REQUEST);
      expect(await client.waitClosed()).toBe(true);
      // response_started is set before validation, so no 500: the connection just closes.
      expect(client.received).not.toContain("500 Internal Server Error");
      expect(client.received).not.toContain(name);
      expect(client.received).toBe("");
      const error = records.find((r) => r.message.startsWith("Exception in ASGI application"));
      expect((error?.error as Error).message).toBe("Invalid HTTP header name.");
    });
  });
}

for (const path of ["/", "/?foo", "/?foo=bar", "/?foo=bar&baz=1"]) {
  test(`test_request_logging[${path}]`, async () => {
    await withServer(hello, {}, async ({ port, records }) => {
      await rawRequest(port, `GET ${path} HTTP/1.1\r\nHost: example.org\r\n\r\n`);
      const access = records.filter((r) => r.name === "mono.access");
      expect(access).toHaveLength(1);
      expect(access[0]?.message).toMatch(/^127\.0\.0\.1:\d+ - "GET .* HTTP\/1\.1" 200 OK$/);
      expect(access[0]?.message).toContain(`"GET ${path} HTTP/1.1" 200`);
    });
  });
}

test("test_request_logging quotes the path as uvicorn (urllib.parse.quote)", async () => {
  await withServer(hello, {}, async ({ port, records }) => {
    await rawRequest(port, "GET /caf%C3%A9%20x?q=%20 HTTP/1.1\r\nHost: example.org\r\n\r\n");
    expect(records.find((r) => r.name === "mono.access")?.message).toContain('"GET /caf%C3%A9%20x?q=%20 HTTP/1.1" 200 OK');
  });
});

test("test_head_request", async () => {
  await withServer(hello, {}, async ({ port }) => {
    const client = await RawClient.open(port);
    client.write(SIMPLE_HEAD_REQUEST);
    const res = await client.readResponse({ head: true });
    expect(res.statusLine).toBe("HTTP/1.1 200 OK");
    expect(res.headers).toContainEqual(["content-length", "12"]);
    // Nothing follows the head: the next response on the same connection starts right after it.
    client.write(SIMPLE_GET_REQUEST);
    const next = await client.readResponse();
    expect(next.body.toString()).toBe("Hello, world");
    expect(res.raw + next.raw).not.toContain("Hello, worldHTTP");
    client.close();
  });
});

test("test_post_request", async () => {
  await withServer(echoBody, {}, async ({ port }) => {
    const res = await rawRequest(port, SIMPLE_POST_REQUEST);
    expect(res.statusLine).toBe("HTTP/1.1 200 OK");
    expect(res.body.toString()).toBe('Body: {"hello": "world"}');
  });
});

test("test_keepalive", async () => {
  await withServer(response(new Uint8Array(0), { status: 204 }), {}, async ({ port }) => {
    const client = await RawClient.open(port);
    client.write(SIMPLE_GET_REQUEST);
    const res = await client.readResponse();
    expect(res.statusLine).toBe("HTTP/1.1 204 No Content");
    expect(await client.waitClosed(200)).toBe(false);
    client.close();
  });
});

test("test_keepalive_timeout", async () => {
  await withServer(response(new Uint8Array(0), { status: 204 }), { timeoutKeepAlive: 1 }, async ({ port }) => {
    // The server's clock is faked (the client's deadlines keep real timers): a busy machine cannot move the close.
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    try {
      const client = await RawClient.open(port);
      client.write(SIMPLE_GET_REQUEST);
      const res = await client.readResponse();
      expect(res.statusLine).toBe("HTTP/1.1 204 No Content");
      // Closed at 1 s after the response (uvicorn's timing), not at 2 s (node's keepAliveTimeout plus its 1 s buffer).
      vi.advanceTimersByTime(999);
      expect(await client.waitClosed(100)).toBe(false);
      vi.advanceTimersByTime(1);
      expect(await client.waitClosed()).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });
});

test("test_keepalive_timeout_with_pipelined_requests", async () => {
  const slowHello: ASGIApp = async (scope, receive, send) => {
    // Real time is the point here: each app call outlasts the 0.5 s keep-alive timeout.
    await sleep(700);
    await hello(scope, receive, send);
  };
  await withServer(slowHello, { timeoutKeepAlive: 0.5 }, async ({ port }) => {
    const client = await RawClient.open(port);
    client.write(SIMPLE_GET_REQUEST + SIMPLE_GET_REQUEST);
    // Each response takes longer than the keep-alive timeout: the timer must not run while a request is pending.
    expect((await client.readResponse()).body.toString()).toBe("Hello, world");
    expect((await client.readResponse()).body.toString()).toBe("Hello, world");
    expect(await client.waitClosed()).toBe(true);
  });
});

test("test_close", async () => {
  const app = response(new Uint8Array(0), { status: 204, headers: { connection: "close" } });
  await withServer(app, {}, async ({ port }) => {
    const client = await RawClient.open(port);
    client.write(SIMPLE_GET_REQUEST);
    const res = await client.readResponse();
    expect(res.statusLine).toBe("HTTP/1.1 204 No Content");
    expect(res.headers.filter(([n]) => n === "connection")).toEqual([["connection", "close"]]);
    expect(await client.waitClosed()).toBe(true);
  });
});

test("test_close tokens are read with bytes.strip(): a no-break space does not make `close`", async () => {
  // uvicorn strips each token with bytes.strip(), which knows ASCII whitespace only; JS's trim() would take U+00A0.
  const app = response(new Uint8Array(0), { status: 204, headers: { connection: "Close\t, close\xa0" } });
  await withServer(app, {}, async ({ port }) => {
    const client = await RawClient.open(port);
    client.write(SIMPLE_GET_REQUEST);
    const res = await client.readResponse();
    expect(res.headers.filter(([n]) => n === "connection")).toEqual([["connection", "Close\t, close\xa0"]]);
    expect(await client.waitClosed()).toBe(true);
  });
  const keep = response(new Uint8Array(0), { status: 204, headers: { connection: "close\xa0" } });
  await withServer(keep, {}, async ({ port }) => {
    const client = await RawClient.open(port);
    client.write(SIMPLE_GET_REQUEST);
    const first = await client.readResponse();
    expect(first.headers.filter(([n]) => n === "connection")).toEqual([["connection", "close\xa0"]]);
    client.write(SIMPLE_GET_REQUEST);
    expect((await client.readResponse()).statusLine).toBe("HTTP/1.1 204 No Content");
    client.close();
  });
});

test("test_chunked_encoding", async () => {
  const app = response("Hello, world!", { headers: { "transfer-encoding": "chunked" } });
  await withServer(app, {}, async ({ port }) => {
    const client = await RawClient.open(port);
    client.write(SIMPLE_GET_REQUEST);
    const res = await client.readResponse();
    expect(res.statusLine).toBe("HTTP/1.1 200 OK");
    expect(res.raw.endsWith("\r\n\r\nd\r\nHello, world!\r\n0\r\n\r\n")).toBe(true);
    expect(await client.waitClosed(200)).toBe(false);
    client.close();
  });
});

test("test_chunked_encoding_empty_body", async () => {
  const app: ASGIApp = async (_scope, _receive, send) => {
    await send({ type: "http.response.start", status: 200, headers: [["transfer-encoding", "chunked"]] });
    await send({ type: "http.response.body", body: new Uint8Array(0), more_body: true });
    await send({ type: "http.response.body", body: new Uint8Array(0) });
  };
  await withServer(app, {}, async ({ port }) => {
    const client = await RawClient.open(port);
    client.write(SIMPLE_GET_REQUEST);
    const res = await client.readResponse();
    expect(res.statusLine).toBe("HTTP/1.1 200 OK");
    expect(res.raw.split("0\r\n\r\n")).toHaveLength(2);
    expect(await client.waitClosed(200)).toBe(false);
    client.close();
  });
});

test("test_chunked_encoding_head_request", async () => {
  const app = response("Hello, world!", { headers: { "transfer-encoding": "chunked" } });
  await withServer(app, {}, async ({ port }) => {
    const client = await RawClient.open(port);
    client.write(SIMPLE_HEAD_REQUEST);
    const res = await client.readResponse({ head: true });
    expect(res.statusLine).toBe("HTTP/1.1 200 OK");
    await sleep(50);
    expect(client.received).toBe("");
    expect(client.closed).toBe(false);
    client.close();
  });
});

test("test_pipelined_requests", async () => {
  const order: string[] = [];
  const app: ASGIApp = async (scope, receive, send) => {
    const path = (scope as HTTPScope).path;
    order.push(`start ${path}`);
    await sleep(path === "/1" ? 60 : 5);
    order.push(`end ${path}`);
    await response(`Hello, world ${path}`, { mediaType: "text/plain" })(scope, receive, send);
  };
  await withServer(app, {}, async ({ port }) => {
    const client = await RawClient.open(port);
    client.write(["/1", "/2", "/3"].map((p) => `GET ${p} HTTP/1.1\r\nHost: example.org\r\n\r\n`).join(""));
    for (const p of ["/1", "/2", "/3"]) {
      const res = await client.readResponse();
      expect(res.statusLine).toBe("HTTP/1.1 200 OK");
      expect(res.body.toString()).toBe(`Hello, world ${p}`);
    }
    // One at a time, in order.
    expect(order).toEqual(["start /1", "end /1", "start /2", "end /2", "start /3", "end /3"]);
    client.close();
  });
});

test("test_undersized_request", async () => {
  const app = response("xxx", { headers: { "content-length": "10" } });
  await withServer(app, {}, async ({ port, records }) => {
    const client = await RawClient.open(port);
    client.write(SIMPLE_GET_REQUEST);
    expect(await client.waitClosed()).toBe(true);
    const error = records.find((r) => r.message.startsWith("Exception in ASGI application"))?.error as Error;
    expect(error.message).toBe("Response content shorter than Content-Length");
  });
});

test("test_oversized_request", async () => {
  const app = response("xxx".repeat(20), { headers: { "content-length": "10" } });
  await withServer(app, {}, async ({ port, records }) => {
    const client = await RawClient.open(port);
    client.write(SIMPLE_GET_REQUEST);
    expect(await client.waitClosed()).toBe(true);
    expect(client.received).not.toContain("xxx");
    const error = records.find((r) => r.message.startsWith("Exception in ASGI application"))?.error as Error;
    expect(error.message).toBe("Response content longer than Content-Length");
  });
});

test("test_large_post_request", async () => {
  // Reading is paused while the app has not asked for the body, and the body arrives whole when it does.
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const app: ASGIApp = async (scope, receive, send) => {
    await gate;
    const body = await readBody(receive);
    await response(`got ${body.length}`)(scope, receive, send);
  };
  await withServer(app, {}, async ({ port }) => {
    const client = await RawClient.open(port);
    client.write(LARGE_POST_REQUEST);
    await sleep(50);
    release();
    const res = await client.readResponse();
    expect(res.body.toString()).toBe("got 100000");
    client.close();
  });
});

test("test_large_post_request does not buffer an unread body without bound", async () => {
  // 32 MiB offered while the app never reads: the server stops reading, so the client's writes back up.
  let started!: () => void;
  const appStarted = new Promise<void>((resolve) => (started = resolve));
  let finish!: () => void;
  const gate = new Promise<void>((resolve) => (finish = resolve));
  const app: ASGIApp = async (scope, receive, send) => {
    started();
    await gate;
    await hello(scope, receive, send);
  };
  await withServer(app, {}, async ({ port }) => {
    const client = await RawClient.open(port);
    const size = 32 * 1024 * 1024;
    client.write(`POST / HTTP/1.1\r\nHost: example.org\r\nContent-Length: ${size}\r\n\r\n`);
    client.socket.write(Buffer.alloc(size, 0x78));
    await appStarted;
    // Time for the server to take in more than it should; nothing signals "has not read more", so this waits.
    await sleep(200);
    // What the kernel (a few MiB of socket buffers) and node (64 KiB) took in is bounded; most of the body still
    // waits in the client's buffer.
    expect(client.socket.writableLength).toBeGreaterThan(size / 2);
    finish();
    const res = await client.readResponse();
    expect(res.body.toString()).toBe("Hello, world");
    client.close();
  });
});

test("test_invalid_http", async () => {
  await withServer(hello, {}, async ({ port }) => {
    const client = await RawClient.open(port);
    client.write("x".repeat(100000));
    expect(await client.waitClosed()).toBe(true);
  });
});

test("test_app_exception", async () => {
  const app: ASGIApp = async () => {
    throw new Error("boom");
  };
  await withServer(app, { dateHeader: false }, async ({ port, records }) => {
    const client = await RawClient.open(port);
    client.write(SIMPLE_GET_REQUEST);
    const res = await client.readResponse();
    expect(res.raw).toBe(
      "HTTP/1.1 500 Internal Server Error\r\nserver: mono\r\ncontent-type: text/plain; charset=utf-8\r\n" +
        "content-length: 21\r\nconnection: close\r\n\r\nInternal Server Error",
    );
    expect(await client.waitClosed()).toBe(true);
    const error = records.find((r) => r.level === "error");
    expect(error?.message).toBe("Exception in ASGI application\n");
    expect((error?.error as Error).message).toBe("boom");
    // The server keeps serving.
    const again = await rawRequest(port, SIMPLE_GET_REQUEST);
    expect(again.status).toBe(500);
  });
});

test("test_exception_during_response", async () => {
  const app: ASGIApp = async (_scope, _receive, send) => {
    await send({ type: "http.response.start", status: 200 });
    await send({ type: "http.response.body", body: Buffer.from("1"), more_body: true });
    throw new Error("boom");
  };
  await withServer(app, {}, async ({ port }) => {
    const client = await RawClient.open(port);
    client.write(SIMPLE_GET_REQUEST);
    expect(await client.waitClosed()).toBe(true);
    expect(client.received).toContain("HTTP/1.1 200 OK");
    expect(client.received).not.toContain("500 Internal Server Error");
  });
});

test("test_no_response_returned", async () => {
  const app: ASGIApp = async () => {};
  await withServer(app, {}, async ({ port, records }) => {
    const client = await RawClient.open(port);
    client.write(SIMPLE_GET_REQUEST);
    const res = await client.readResponse();
    expect(res.statusLine).toBe("HTTP/1.1 500 Internal Server Error");
    expect(await client.waitClosed()).toBe(true);
    expect(records.some((r) => r.message === "ASGI callable returned without starting response.")).toBe(true);
  });
});

test("test_partial_response_returned", async () => {
  const app: ASGIApp = async (_scope, _receive, send) => {
    await send({ type: "http.response.start", status: 200 });
  };
  await withServer(app, {}, async ({ port, records }) => {
    const client = await RawClient.open(port);
    client.write(SIMPLE_GET_REQUEST);
    expect(await client.waitClosed()).toBe(true);
    expect(client.received).toMatch(/^HTTP\/1\.1 200 OK\r\n(.*\r\n)*transfer-encoding: chunked\r\n\r\n$/);
    expect(records.some((r) => r.message === "ASGI callable returned without completing response.")).toBe(true);
  });
});

test("test_response_header_splitting", async () => {
  const app = response("", { headers: { key: "value\r\nCookie: smuggled=value" } });
  await withServer(app, {}, async ({ port, records }) => {
    const client = await RawClient.open(port);
    client.write(SIMPLE_GET_REQUEST);
    expect(await client.waitClosed()).toBe(true);
    expect(client.received).not.toContain("500 Internal Server Error");
    expect(client.received).not.toContain("\r\nCookie: smuggled=value\r\n");
    const error = records.find((r) => r.message.startsWith("Exception in ASGI application"))?.error as Error;
    expect(error.message).toBe("Invalid HTTP header value.");
  });
});

test("test_duplicate_start_message", async () => {
  const app: ASGIApp = async (_scope, _receive, send) => {
    await send({ type: "http.response.start", status: 200 });
    await send({ type: "http.response.start", status: 200 });
  };
  await withServer(app, {}, async ({ port, records }) => {
    const client = await RawClient.open(port);
    client.write(SIMPLE_GET_REQUEST);
    expect(await client.waitClosed()).toBe(true);
    // As uvicorn: the first start's head is on the wire (chunked, no body yet), then the connection closes.
    expect(client.received).toMatch(/^HTTP\/1\.1 200 OK\r\n(.*\r\n)*transfer-encoding: chunked\r\n\r\n$/);
    const error = records.find((r) => r.message.startsWith("Exception in ASGI application"))?.error as Error;
    expect(error.message).toBe("Expected ASGI message 'http.response.body', but got 'http.response.start'.");
  });
});

test("test_missing_start_message", async () => {
  const app: ASGIApp = async (_scope, _receive, send) => {
    await send({ type: "http.response.body", body: new Uint8Array(0) });
  };
  await withServer(app, {}, async ({ port, records }) => {
    const client = await RawClient.open(port);
    client.write(SIMPLE_GET_REQUEST);
    const res = await client.readResponse();
    expect(res.statusLine).toBe("HTTP/1.1 500 Internal Server Error");
    expect(await client.waitClosed()).toBe(true);
    const error = records.find((r) => r.message.startsWith("Exception in ASGI application"))?.error as Error;
    expect(error.message).toBe("Expected ASGI message 'http.response.start', but got 'http.response.body'.");
  });
});

test("test_message_after_body_complete", async () => {
  const app: ASGIApp = async (_scope, _receive, send) => {
    await send({ type: "http.response.start", status: 200 });
    await send({ type: "http.response.body", body: new Uint8Array(0) });
    await send({ type: "http.response.body", body: new Uint8Array(0) });
  };
  await withServer(app, {}, async ({ port, records }) => {
    const client = await RawClient.open(port);
    client.write(SIMPLE_GET_REQUEST);
    const res = await client.readResponse();
    expect(res.statusLine).toBe("HTTP/1.1 200 OK");
    expect(await client.waitClosed()).toBe(true);
    const error = records.find((r) => r.message.startsWith("Exception in ASGI application"))?.error as Error;
    expect(error.message).toBe("Unexpected ASGI message 'http.response.body' sent, after response already completed.");
  });
});

test("test_value_returned", async () => {
  const app = (async (_scope: Scope, _receive: Receive, send: Send) => {
    await send({ type: "http.response.start", status: 200 });
    await send({ type: "http.response.body", body: new Uint8Array(0) });
    return 123;
  }) as unknown as ASGIApp;
  await withServer(app, {}, async ({ port, records }) => {
    const client = await RawClient.open(port);
    client.write(SIMPLE_GET_REQUEST);
    const res = await client.readResponse();
    expect(res.statusLine).toBe("HTTP/1.1 200 OK");
    expect(await client.waitClosed()).toBe(true);
    expect(records.some((r) => r.message === "ASGI callable should return None, but returned '123'.")).toBe(true);
  });
});

test("test_early_disconnect", async () => {
  let gotDisconnect!: () => void;
  const disconnected = new Promise<void>((resolve) => (gotDisconnect = resolve));
  let entered!: () => void;
  const inApp = new Promise<void>((resolve) => (entered = resolve));
  const app: ASGIApp = async (_scope, receive) => {
    entered();
    for (;;) {
      const message = await receive();
      if (message.type === "http.disconnect") break;
    }
    gotDisconnect();
  };
  await withServer(app, {}, async ({ port }) => {
    const client = await RawClient.open(port);
    client.write(SIMPLE_POST_REQUEST);
    await inApp;
    client.close();
    await disconnected;
  });
});

test("test_early_response", async () => {
  await withServer(hello, {}, async ({ port }) => {
    const client = await RawClient.open(port);
    client.write(START_POST_REQUEST);
    const res = await client.readResponse();
    expect(res.statusLine).toBe("HTTP/1.1 200 OK");
    client.write(FINISH_POST_REQUEST);
    expect(await client.waitClosed(200)).toBe(false);
    // The unread body was skipped: the connection serves the next request.
    client.write(SIMPLE_GET_REQUEST);
    expect((await client.readResponse()).body.toString()).toBe("Hello, world");
    client.close();
  });
});

test("test_early_response with a large unread body keeps the connection serving", async () => {
  // The app answers a 1 MiB POST without reading it; the body is drained off the wire and the GET behind it on the
  // same connection is answered (node's stream buffer fills long before the body ends, so draining must go on).
  const app: ASGIApp = async (scope, receive, send) => {
    await response(`${scope.method} ${scope.path}`)(scope, receive, send);
  };
  await withServer(app, {}, async ({ port }) => {
    const client = await RawClient.open(port);
    const size = 1024 * 1024;
    client.write(`POST /upload HTTP/1.1\r\nHost: example.org\r\nContent-Length: ${size}\r\n\r\n`);
    client.write(Buffer.alloc(size, 0x78));
    client.write("GET /next HTTP/1.1\r\nHost: example.org\r\n\r\n");
    expect((await client.readResponse()).body.toString()).toBe("POST /upload");
    expect((await client.readResponse()).body.toString()).toBe("GET /next");
    client.close();
  });
});

test("test_read_after_response", async () => {
  let gotMessage!: (message: unknown) => void;
  const messageAfterResponse = new Promise<unknown>((resolve) => (gotMessage = resolve));
  const app: ASGIApp = async (scope, receive, send) => {
    await hello(scope, receive, send);
    gotMessage(await receive());
  };
  await withServer(app, {}, async ({ port }) => {
    const res = await rawRequest(port, SIMPLE_POST_REQUEST);
    expect(res.statusLine).toBe("HTTP/1.1 200 OK");
    expect(await messageAfterResponse).toEqual({ type: "http.disconnect" });
  });
});

test("test_http10_request", async () => {
  const app: ASGIApp = async (scope, receive, send) => {
    await response(`Version: ${(scope as HTTPScope).http_version}`, { mediaType: "text/plain" })(scope, receive, send);
  };
  await withServer(app, {}, async ({ port }) => {
    const client = await RawClient.open(port);
    client.write(HTTP10_GET_REQUEST);
    const res = await client.readResponse();
    expect(res.statusLine).toBe("HTTP/1.1 200 OK");
    expect(res.body.toString()).toBe("Version: 1.0");
    expect(res.headers).toContainEqual(["connection", "close"]);
    expect(await client.waitClosed()).toBe(true);
  });
});

test("HTTP/2.0 and HTTP/0.9 request lines are served with httptools' version, kept alive only when asked", async () => {
  const app: ASGIApp = async (scope, receive, send) => {
    await response(`Version: ${(scope as HTTPScope).http_version}`, { mediaType: "text/plain" })(scope, receive, send);
  };
  await withServer(app, {}, async ({ port }) => {
    for (const [request, version] of [
      ["GET / HTTP/2.0\r\nHost: example.org\r\n\r\n", "2.0"],
      ["GET / HTTP/0.9\r\nHost: example.org\r\n\r\n", "0.9"],
      ["GET /\r\nHost: example.org\r\n\r\n", "0.9"],
    ] as const) {
      const client = await RawClient.open(port);
      client.write(request);
      const res = await client.readResponse();
      expect([request, res.statusLine, res.body.toString()]).toEqual([request, "HTTP/1.1 200 OK", `Version: ${version}`]);
      expect(res.headers).toContainEqual(["connection", "close"]);
      expect(await client.waitClosed()).toBe(true);
    }
    // uvicorn keeps any version but 1.0 alive when llhttp says so: 2.0 with `Connection: keep-alive`.
    const client = await RawClient.open(port);
    client.write("GET / HTTP/2.0\r\nHost: example.org\r\nConnection: keep-alive\r\n\r\n");
    const res = await client.readResponse();
    expect(res.body.toString()).toBe("Version: 2.0");
    expect(res.headers.map(([name]) => name)).not.toContain("connection");
    expect(await client.waitClosed(200)).toBe(false);
    client.close();
  });
});

test("Connection: close followed by a tab keeps the connection alive, as httptools reads it", async () => {
  await withServer(response(new Uint8Array(0), { status: 204 }), {}, async ({ port }) => {
    const client = await RawClient.open(port);
    client.write(`GET / HTTP/1.1\r\nHost: example.org\r\nConnection: close\t\r\n\r\n${SIMPLE_GET_REQUEST}`);
    for (let i = 0; i < 2; i++) {
      const res = await client.readResponse();
      expect(res.statusLine).toBe("HTTP/1.1 204 No Content");
      expect(res.headers.map(([name]) => name)).not.toContain("connection");
    }
    expect(await client.waitClosed(200)).toBe(false);
    client.close();
  });
});

test("test_root_path", async () => {
  const app: ASGIApp = async (scope, receive, send) => {
    const s = scope as HTTPScope;
    await response(`root_path=${s.root_path} path=${s.path}`, { mediaType: "text/plain" })(scope, receive, send);
  };
  await withServer(app, { rootPath: "/app" }, async ({ port }) => {
    const res = await rawRequest(port, SIMPLE_GET_REQUEST);
    expect(res.body.toString()).toBe("root_path=/app path=/app/");
  });
});

test("test_raw_path", async () => {
  let seen: HTTPScope | null = null;
  const app: ASGIApp = async (scope, receive, send) => {
    seen = scope as HTTPScope;
    await response("Done", { mediaType: "text/plain" })(scope, receive, send);
  };
  await withServer(app, { rootPath: "/app" }, async ({ port }) => {
    const res = await rawRequest(port, GET_REQUEST_WITH_RAW_PATH);
    expect(res.body.toString()).toBe("Done");
    expect(seen!.path).toBe("/app/one/two");
    expect(seen!.raw_path).toBe("/app/one%2Ftwo");
  });
});

test("test_max_concurrency", async () => {
  await withServer(hello, { limitConcurrency: 1, dateHeader: false, serverHeader: false }, async ({ port, records }) => {
    const res = await rawRequest(port, SIMPLE_GET_REQUEST);
    expect(res.raw).toBe(
      [
        "HTTP/1.1 503 Service Unavailable",
        "content-type: text/plain; charset=utf-8",
        "content-length: 19",
        "connection: close",
        "",
        "Service Unavailable",
      ].join("\r\n"),
    );
    expect(records.some((r) => r.level === "warning" && r.message === "Exceeded concurrency limit.")).toBe(true);
  });
});

test("test_max_concurrency below the limit is served", async () => {
  await withServer(hello, { limitConcurrency: 2 }, async ({ port }) => {
    expect((await rawRequest(port, SIMPLE_GET_REQUEST)).status).toBe(200);
  });
});

test("test_shutdown_during_request", async () => {
  let entered!: () => void;
  const inApp = new Promise<void>((resolve) => (entered = resolve));
  let release!: () => void;
  const shutdownStarted = new Promise<void>((resolve) => (release = resolve));
  const app: ASGIApp = async (scope, receive, send) => {
    entered();
    await shutdownStarted;
    await response(new Uint8Array(0), { status: 204 })(scope, receive, send);
  };
  await withServer(app, {}, async ({ port, close, closed }) => {
    const client = await RawClient.open(port);
    client.write(SIMPLE_GET_REQUEST);
    await inApp;
    const closing = close();
    release();
    const res = await client.readResponse();
    expect(res.statusLine).toBe("HTTP/1.1 204 No Content");
    expect(res.headers).toContainEqual(["connection", "close"]);
    expect(await client.waitClosed()).toBe(true);
    await closing;
    await closed;
  });
});

test("test_shutdown_during_idle", async () => {
  await withServer(hello, {}, async ({ port, close }) => {
    const client = await RawClient.open(port);
    await sleep(20);
    await close();
    expect(await client.waitClosed()).toBe(true);
    expect(client.received).toBe("");
  });
});

test("test_100_continue_sent_when_body_consumed", async () => {
  await withServer(echoBody, {}, async ({ port }) => {
    const client = await RawClient.open(port);
    client.write(EXPECT_100_REQUEST.slice(0, EXPECT_100_REQUEST.indexOf("\r\n\r\n") + 4));
    expect(await client.waitForBytes("HTTP/1.1 100 Continue\r\n\r\n")).toBe(true);
    expect(client.received).toBe("HTTP/1.1 100 Continue\r\n\r\n");
    client.write(FINISH_POST_REQUEST);
    const interim = await client.readResponse();
    expect(interim.statusLine).toBe("HTTP/1.1 100 Continue");
    const res = await client.readResponse();
    expect(res.statusLine).toBe("HTTP/1.1 200 OK");
    expect(res.body.toString()).toBe('Body: {"hello": "world"}');
    client.close();
  });
});

test("test_100_continue_not_sent_when_body_not_consumed", async () => {
  await withServer(response(new Uint8Array(0), { status: 204 }), {}, async ({ port }) => {
    const client = await RawClient.open(port);
    client.write(EXPECT_100_REQUEST);
    const res = await client.readResponse();
    expect(res.statusLine).toBe("HTTP/1.1 204 No Content");
    expect(client.received).not.toContain("100 Continue");
    client.close();
  });
});

test("test_unsupported_ws_upgrade_request", async () => {
  const UPGRADE_REQUEST =
    "GET / HTTP/1.1\r\nHost: example.org\r\nConnection: upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 11\r\n\r\n";
  await withServer(hello, { ws: "none" }, async ({ port, records }) => {
    const res = await rawRequest(port, UPGRADE_REQUEST);
    expect(res.statusLine).toBe("HTTP/1.1 200 OK");
    expect(res.body.toString()).toBe("Hello, world");
    expect(records.some((r) => r.level === "warning" && r.message === "Unsupported upgrade request.")).toBe(true);
  });
});

for (const [id, line] of [
  ["invalid-method", "G?T / HTTP/1.1"],
  ["invalid-path", "GET /?x=y z HTTP/1.1"],
  ["invalid-http-version", "GET / HTTP/1.2x"],
] as const) {
  test(`test_invalid_http_request[${id}]`, async () => {
    await withServer(hello, { dateHeader: false }, async ({ port, records }) => {
      const client = await RawClient.open(port);
      client.write(`${line}\r\nHost: example.org\r\n\r\n`);
      expect(await client.waitClosed()).toBe(true);
      expect(client.received).toBe(
        "HTTP/1.1 400 Bad Request\r\nserver: mono\r\ncontent-type: text/plain; charset=utf-8\r\n" +
          "content-length: 30\r\nconnection: close\r\n\r\nInvalid HTTP request received.",
      );
      expect(records.some((r) => r.level === "warning" && r.message === "Invalid HTTP request received.")).toBe(true);
      // Nothing crashed: the next connection is served.
      expect((await rawRequest(port, SIMPLE_GET_REQUEST)).status).toBe(200);
    });
  });
}

test("test_invalid_http_request CONNECT (authority-form target)", async () => {
  await withServer(hello, {}, async ({ port }) => {
    const client = await RawClient.open(port);
    client.write("CONNECT example.org:443 HTTP/1.1\r\nHost: example.org:443\r\n\r\n");
    const res = await client.readResponse();
    expect(res.status).toBe(400);
    expect(res.body.toString()).toBe("Invalid HTTP request received.");
    expect(await client.waitClosed()).toBe(true);
  });
});

test("test_invalid_http_request non-ASCII request target", async () => {
  await withServer(hello, {}, async ({ port }) => {
    const res = await rawRequest(port, "GET /caf\xe9 HTTP/1.1\r\nHost: example.org\r\n\r\n");
    expect(res.status).toBe(400);
    expect(res.body.toString()).toBe("Invalid HTTP request received.");
  });
});

test("an HTTP/1.1 request without Host is served, as uvicorn serves it", async () => {
  await withServer(hello, {}, async ({ port }) => {
    const res = await rawRequest(port, "GET / HTTP/1.1\r\n\r\n");
    expect(res.status).toBe(200);
    expect(res.body.toString()).toBe("Hello, world");
  });
});

test("test_fragmentation", async () => {
  // A request dribbled in byte by byte is still one request.
  await withServer(hello, {}, async ({ port }) => {
    const client = await RawClient.open(port);
    for (const ch of SIMPLE_GET_REQUEST) {
      client.write(ch);
      await sleep(1);
    }
    expect((await client.readResponse()).body.toString()).toBe("Hello, world");
    client.close();
  });
});

test("test_huge_headers_httptools", async () => {
  // node:http's limit on the request head (16 KiB) answers 431, where httptools has none.
  await withServer(hello, { dateHeader: false }, async ({ port }) => {
    const client = await RawClient.open(port);
    client.write(`GET / HTTP/1.1\r\nHost: example.org\r\nCookie: ${"x".repeat(64 * 1024)}\r\n\r\n`);
    expect(await client.waitClosed()).toBe(true);
    expect(client.received.startsWith("HTTP/1.1 431 Request Header Fields Too Large\r\n")).toBe(true);
  });
});

test("test_return_close_header", async () => {
  await withServer(hello, {}, async ({ port }) => {
    const client = await RawClient.open(port);
    client.write(CONNECTION_CLOSE_REQUEST);
    const res = await client.readResponse();
    expect(res.statusLine).toBe("HTTP/1.1 200 OK");
    expect(res.headers).toContainEqual(["connection", "close"]);
    expect(await client.waitClosed()).toBe(true);
  });
});

test("test_close_connection_with_multiple_requests", async () => {
  await withServer(hello, {}, async ({ port }) => {
    const client = await RawClient.open(port);
    client.write(CONNECTION_CLOSE_REQUEST + SIMPLE_GET_REQUEST);
    const res = await client.readResponse();
    expect(res.headers).toContainEqual(["connection", "close"]);
    expect(await client.waitClosed()).toBe(true);
    expect(client.received).toBe("");
  });
});

test("test_close_connection_with_post_request", async () => {
  const app: ASGIApp = async (scope, receive, send) => {
    const body = await readBody(receive);
    await response(body, { mediaType: "text/plain" })(scope, receive, send);
  };
  await withServer(app, {}, async ({ port }) => {
    const client = await RawClient.open(port);
    client.write(
      "POST / HTTP/1.1\r\nHost: example.org\r\nConnection: close\r\nContent-Type: application/json\r\n" +
        "Content-Length: 18\r\n\r\n{'hello': 'world'}",
    );
    const res = await client.readResponse();
    expect(res.body.toString()).toBe("{'hello': 'world'}");
    expect(await client.waitClosed()).toBe(true);
  });
});

test("test_lifespan_state", async () => {
  const seen: Array<Record<string, unknown>> = [];
  const app: ASGIApp = async (scope, receive, send) => {
    if (scope.type === "lifespan") {
      await receive();
      scope.state!["a"] = 123;
      scope.state!["b"] = [1];
      await send({ type: "lifespan.startup.complete" });
      await receive();
      await send({ type: "lifespan.shutdown.complete" });
      return;
    }
    const state = scope.state!;
    seen.push({ ...state });
    // Changing the request's copy does not leak into the next request.
    state["a"] = 456;
    (state["b"] as number[]).push(2);
    await hello(scope, receive, send);
  };
  await withServer(app, { lifespan: "on" }, async ({ port }) => {
    await rawRequest(port, SIMPLE_GET_REQUEST);
    await rawRequest(port, SIMPLE_GET_REQUEST);
  });
  expect(seen[0]).toEqual({ a: 123, b: [1, 2, 2] });
  expect(seen[1]?.["a"]).toBe(123);
});

test("test_scopes", async () => {
  let seen: HTTPScope | null = null;
  const app: ASGIApp = async (scope, receive, send) => {
    seen = scope as HTTPScope;
    await hello(scope, receive, send);
  };
  await withServer(app, {}, async ({ port }) => {
    const client = await RawClient.open(port);
    client.write("GET /a%20b/%E2%82%AC?x=1&y=%20 HTTP/1.1\r\nHost: example.org\r\nX-Dup: 1\r\nx-dup: caf\xe9\r\n\r\n");
    await client.readResponse();
    const local = client.socket.localPort;
    client.close();
    expect(seen).toEqual({
      type: "http",
      asgi: { version: "3.0", spec_version: "2.3" },
      http_version: "1.1",
      server: ["127.0.0.1", port],
      client: ["127.0.0.1", local],
      scheme: "http",
      root_path: "",
      headers: [
        ["host", "example.org"],
        ["x-dup", "1"],
        ["x-dup", "caf\xe9"],
      ],
      state: {},
      method: "GET",
      path: "/a b/\u20ac",
      raw_path: "/a%20b/%E2%82%AC",
      query_string: "x=1&y=%20",
    });
  });
});

test("test_iterator_headers", async () => {
  // Headers given by the app in any order and with duplicates go out as given (names lowercased).
  const app: ASGIApp = async (_scope, _receive, send) => {
    await send({
      type: "http.response.start",
      status: 200,
      headers: [
        ["Set-Cookie", "a=1"],
        ["content-length", "0"],
        ["set-cookie", "b=\xe9"],
      ],
    });
    await send({ type: "http.response.body", body: new Uint8Array(0) });
  };
  await withServer(app, { dateHeader: false, serverHeader: false }, async ({ port }) => {
    const res = await rawRequest(port, SIMPLE_GET_REQUEST);
    expect(res.raw).toBe("HTTP/1.1 200 OK\r\nset-cookie: a=1\r\ncontent-length: 0\r\nset-cookie: b=\xe9\r\n\r\n");
  });
});

test("unknown status code gets an empty reason phrase, as uvicorn", async () => {
  await withServer(response("", { status: 599 }), { dateHeader: false, serverHeader: false }, async ({ port }) => {
    const res = await rawRequest(port, SIMPLE_GET_REQUEST);
    expect(res.statusLine).toBe("HTTP/1.1 599 ");
  });
});

test("streaming response: the head leaves at start, chunks as sent", async () => {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const app: ASGIApp = async (_scope, _receive, send) => {
    await send({ type: "http.response.start", status: 200, headers: [["content-type", "text/plain"]] });
    await gate;
    await send({ type: "http.response.body", body: Buffer.from("a"), more_body: true });
    await send({ type: "http.response.body", body: Buffer.from("bc"), more_body: true });
    await send({ type: "http.response.body", body: new Uint8Array(0), more_body: false });
  };
  await withServer(app, { dateHeader: false }, async ({ port }) => {
    const client = await RawClient.open(port);
    client.write(SIMPLE_GET_REQUEST);
    expect(await client.waitForBytes("\r\n\r\n")).toBe(true);
    expect(client.received).toBe(
      "HTTP/1.1 200 OK\r\nserver: mono\r\ncontent-type: text/plain\r\ntransfer-encoding: chunked\r\n\r\n",
    );
    release();
    const res = await client.readResponse();
    expect(res.raw.endsWith("\r\n\r\n1\r\na\r\n2\r\nbc\r\n0\r\n\r\n")).toBe(true);
    client.close();
  });
});

test("send() of a body waits for the socket to drain", async () => {
  let sends = 0;
  let done!: () => void;
  const finished = new Promise<void>((resolve) => (done = resolve));
  let heldBack!: () => void;
  const held = new Promise<void>((resolve) => (heldBack = resolve));
  const chunk = Buffer.alloc(1024 * 1024, 0x61);
  const app: ASGIApp = async (_scope, _receive, send) => {
    await send({ type: "http.response.start", status: 200 });
    for (let i = 0; i < 32; i++) {
      let settled = false;
      const sending = send({ type: "http.response.body", body: chunk, more_body: true }).then(() => (settled = true));
      // A send that has not settled by the next macrotask is waiting for the socket to drain.
      setImmediate(() => settled || heldBack());
      await sending;
      sends += 1;
    }
    await send({ type: "http.response.body", body: new Uint8Array(0) });
    done();
  };
  await withServer(app, {}, async ({ port }) => {
    const client = await RawClient.open(port);
    client.socket.pause();
    client.write(SIMPLE_GET_REQUEST);
    await held;
    // The client reads nothing, so the app is held back well before it has pushed all 32 MiB (the kernel's socket
    // buffers take a few MiB), and stays held while the client does not read.
    const sendsWhenHeld = sends;
    expect(sendsWhenHeld).toBeLessThan(16);
    await sleep(100);
    expect(sends).toBe(sendsWhenHeld);
    client.socket.resume();
    await finished;
    const res = await client.readResponse();
    // Length and a count, not toEqual: a failure must not print 32 MiB of "a".
    expect(res.body.length).toBe(32 * 1024 * 1024);
    expect(res.body.equals(Buffer.alloc(32 * 1024 * 1024, 0x61))).toBe(true);
    client.close();
  });
});

test("http.disconnect after the response is complete", async () => {
  const messages: unknown[] = [];
  let done!: () => void;
  const appDone = new Promise<void>((resolve) => (done = resolve));
  const app: ASGIApp = async (scope, receive, send) => {
    messages.push(await receive());
    await hello(scope, receive, send);
    messages.push(await receive());
    done();
  };
  await withServer(app, {}, async ({ port }) => {
    await rawRequest(port, SIMPLE_GET_REQUEST);
    await appDone;
  });
  expect(messages).toEqual([
    { type: "http.request", body: new Uint8Array(0), more_body: false },
    { type: "http.disconnect" },
  ]);
});

test("chunked request body is delivered in order", async () => {
  await withServer(echoBody, {}, async ({ port }) => {
    const res = await rawRequest(
      port,
      "POST / HTTP/1.1\r\nHost: example.org\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n",
    );
    expect(res.body.toString()).toBe("Body: abcde");
  });
});

for (const [id, messages, key] of [
  ["status-not-int", [{ type: "http.response.start", status: "200" }], "status"],
  [
    "header-not-bytestring",
    [{ type: "http.response.start", status: 200, headers: [["x-euro", "\u20ac"]] }],
    "headers",
  ],
  ["header-not-a-pair", [{ type: "http.response.start", status: 200, headers: [["x-only"]] }], "headers"],
  [
    "body-not-bytes",
    [
      { type: "http.response.start", status: 200 },
      { type: "http.response.body", body: "text" },
    ],
    "body",
  ],
] as Array<[string, unknown[], string]>) {
  test(`malformed ASGI message is refused by validateSendMessage and never reaches the wire [${id}]`, async () => {
    const app: ASGIApp = async (_scope, _receive, send) => {
      for (const message of messages) await send(message as never);
    };
    await withServer(app, {}, async ({ port, records }) => {
      const client = await RawClient.open(port);
      client.write(SIMPLE_GET_REQUEST);
      expect(await client.waitClosed()).toBe(true);
      expect(client.received).not.toContain("500 Internal Server Error");
      const error = records.find((r) => r.message.startsWith("Exception in ASGI application"))?.error as Error & {
        key?: string;
      };
      expect(error.name).toBe("ASGIMessageError");
      expect(error.key).toBe(key);
    });
  });
}

test("--timeout-graceful-shutdown: a request still running at the deadline is cut off", async () => {
  let sawDisconnect!: () => void;
  const disconnected = new Promise<void>((resolve) => (sawDisconnect = resolve));
  let entered!: () => void;
  const inApp = new Promise<void>((resolve) => (entered = resolve));
  let lifespanShutdown = false;
  const app: ASGIApp = async (scope, receive, send) => {
    if (scope.type === "lifespan") {
      await receive();
      await send({ type: "lifespan.startup.complete" });
      await receive();
      lifespanShutdown = true;
      await send({ type: "lifespan.shutdown.complete" });
      return;
    }
    entered();
    // Waits for the body forever: the client sends a head and no body.
    for (;;) {
      const message = await receive();
      if (message.type === "http.disconnect") break;
    }
    sawDisconnect();
  };
  await withServer(app, { timeoutGracefulShutdown: 0.2, lifespan: "on" }, async ({ port, close, records }) => {
    const client = await RawClient.open(port);
    client.write(START_POST_REQUEST);
    await inApp;
    await close();
    await disconnected;
    expect(await client.waitClosed()).toBe(true);
    expect(records.map((r) => r.message)).toContain("Cancel 1 running task(s), timeout graceful shutdown exceeded");
    // Lifespan shutdown still runs after the cut-off, as uvicorn's.
    expect(lifespanShutdown).toBe(true);
  });
});

test("--limit-concurrency counts running requests across connections", async () => {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  let entered!: () => void;
  const slowInApp = new Promise<void>((resolve) => (entered = resolve));
  const app: ASGIApp = async (scope, receive, send) => {
    if ((scope as HTTPScope).path === "/slow") {
      entered();
      await gate;
    }
    await hello(scope, receive, send);
  };
  await withServer(app, { limitConcurrency: 2 }, async ({ port }) => {
    const slow = await RawClient.open(port);
    slow.write("GET /slow HTTP/1.1\r\nHost: example.org\r\n\r\n");
    await slowInApp;
    // Two connections are open now (the slow one and this one): the limit of 2 is reached.
    const res = await rawRequest(port, SIMPLE_GET_REQUEST);
    expect(res.status).toBe(503);
    release();
    expect((await slow.readResponse()).status).toBe(200);
    slow.close();
  });
});
