// The incremental request parser (src/httpParser.ts, our httptools.HttpRequestParser): unit tests, then a differential
// test against node:http's own llhttp over real sockets. The reference is httptools as uvicorn 0.54 runs it; the
// expected values of the unit tests marked "httptools" were read from httptools.HttpRequestParser itself (fed the same
// bytes, with uvicorn's lenient_data_after_close). node:http is the oracle this suite can reach without Python; where
// it answers otherwise than httptools, httptools wins and DEVIATIONS lists both answers, so that the test fails if
// either side changes.
import { once } from "node:events";
import { createServer, type IncomingMessage, type Server } from "node:http";
import { connect, type AddressInfo, type Socket } from "node:net";
import { isDeepStrictEqual } from "node:util";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  HttpParserError,
  HttpRequestParser,
  type HttpParserOptions,
  type ParsedRequest,
} from "../src/httpParser.js";

type Seen = {
  method: string;
  url: string;
  version: string;
  headers: [string, string][];
  body: string;
  keepAlive: boolean;
  complete: boolean;
};
type ParsedMessage = ParsedRequest & { body: string; complete: boolean };
type Result = { messages: ParsedMessage[]; error: HttpParserError | null };

const bytes = (text: string): Uint8Array => Uint8Array.from(text, (c) => c.charCodeAt(0));
const latin1 = (chunk: Uint8Array): string => String.fromCharCode(...chunk);

/** Feed `chunks` one `feedData` each; body chunks of one message are joined. */
function parseChunks(chunks: Uint8Array[], options: HttpParserOptions = {}): Result {
  const messages: ParsedMessage[] = [];
  const parser = new HttpRequestParser(
    {
      onHeadersComplete: (request) => void messages.push({ ...request, body: "", complete: false }),
      onBody: (chunk) => {
        const message = messages.at(-1)!;
        message.body += latin1(chunk);
      },
      onMessageComplete: () => void (messages.at(-1)!.complete = true),
    },
    options,
  );
  for (const chunk of chunks) {
    try {
      parser.feedData(chunk);
    } catch (error) {
      if (!(error instanceof HttpParserError)) throw error;
      return { messages, error };
    }
  }
  return { messages, error: null };
}

function parse(raw: string, chunkSize = 0, options: HttpParserOptions = {}): Result {
  const data = bytes(raw);
  if (chunkSize === 0) return parseChunks([data], options);
  const chunks: Uint8Array[] = [];
  for (let i = 0; i < data.length; i += chunkSize) chunks.push(data.subarray(i, i + chunkSize));
  return parseChunks(chunks, options);
}

const GET = "GET / HTTP/1.1\r\nHost: 127.0.0.1:8000\r\n\r\n";

test("test_simple_get", () => {
  const { messages, error } = parse(GET);
  expect(error).toBeNull();
  expect(messages).toEqual([
    {
      method: "GET",
      url: "/",
      httpVersion: "1.1",
      headers: [["host", "127.0.0.1:8000"]],
      keepAlive: true,
      upgrade: false,
      body: "",
      complete: true,
    },
  ]);
});

// httptools (uvicorn's parser) skips the whitespace before a value and keeps what follows it: `a=1 \t` stays so.
test("test_headers_are_lowercased_trimmed_ordered_and_latin1", () => {
  const raw =
    "GET /p%20a?q=1&r=\xe9 HTTP/1.1\r\nX-A: 1\r\nSet-Cookie:a=1 \t\r\nx-a:\t 2\r\nEmpty:\r\nLatin: caf\xe9 \xff\r\n\r\n";
  const { messages, error } = parse(raw.replace("\xe9 HTTP", "%C3%A9 HTTP"));
  expect(error).toBeNull();
  expect(messages[0]!.url).toBe("/p%20a?q=1&r=%C3%A9");
  expect(messages[0]!.headers).toEqual([
    ["x-a", "1"],
    ["set-cookie", "a=1 \t"],
    ["x-a", "2"],
    ["empty", ""],
    ["latin", "caf\xe9 \xff"],
  ]);
});

test("test_post_with_content_length", () => {
  const { messages, error } = parse("POST /echo HTTP/1.1\r\nContent-Length: 11\r\n\r\nhello world");
  expect(error).toBeNull();
  expect(messages.map((m) => [m.method, m.body, m.complete])).toEqual([["POST", "hello world", true]]);
});

test("test_body_chunks_are_views_of_the_input", () => {
  const data = bytes("POST / HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc");
  const chunks: Uint8Array[] = [];
  new HttpRequestParser({ onHeadersComplete: () => {}, onBody: (c) => void chunks.push(c), onMessageComplete: () => {} }).feedData(data);
  expect(chunks).toHaveLength(1);
  expect(chunks[0]!.buffer).toBe(data.buffer);
  expect(latin1(chunks[0]!)).toBe("abc");
});

test("test_chunked_body_with_extensions_and_trailers", () => {
  const raw =
    "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n" +
    '5;name=value;flag;q="a \\"b\\""\r\nhello\r\n' +
    "6\r\n world\r\n" +
    "0\r\nExpires: never\r\nX-Trailer: 1\r\n\r\n";
  const { messages, error } = parse(raw);
  expect(error).toBeNull();
  expect(messages).toHaveLength(1);
  expect(messages[0]!.body).toBe("hello world");
  expect(messages[0]!.complete).toBe(true);
  // Trailer fields join the request's header list when they arrive, as uvicorn's scope["headers"] gets them.
  expect(messages[0]!.headers).toEqual([
    ["transfer-encoding", "chunked"],
    ["expires", "never"],
    ["x-trailer", "1"],
  ]);
});

test("test_pipelined_requests_in_one_chunk", () => {
  const raw =
    "GET /1 HTTP/1.1\r\n\r\n" +
    "POST /2 HTTP/1.1\r\nContent-Length: 2\r\n\r\nhi" +
    "\r\nPUT /3 HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nx\r\n0\r\n\r\n" +
    "DELETE /4 HTTP/1.1\r\n\r\n";
  const { messages, error } = parse(raw);
  expect(error).toBeNull();
  expect(messages.map((m) => [m.method, m.url, m.body, m.complete])).toEqual([
    ["GET", "/1", "", true],
    ["POST", "/2", "hi", true],
    ["PUT", "/3", "x", true],
    ["DELETE", "/4", "", true],
  ]);
});

const SPLIT_CASES = [
  GET,
  "POST /a?b HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\n12345GET /next HTTP/1.1\r\n\r\n",
  "POST / HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\na;x=\"y\"\r\n0123456789\r\n0\r\nT: 1\r\n\r\n\r\nGET / HTTP/1.0\r\n\r\n",
  "GET / HTTP/1.1\r\nX: a\r\n b\r\n\r\n", // refused: the error must not depend on the split either
  "GET / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 1\r\n\r\nx",
];

test("test_every_split_in_two_gives_the_same_callbacks", () => {
  for (const raw of SPLIT_CASES) {
    const whole = parse(raw);
    const data = bytes(raw);
    for (let cut = 0; cut <= data.length; cut++) {
      const split = parseChunks([data.slice(0, cut), data.slice(cut)]);
      expect(split, `${JSON.stringify(raw)} cut at ${cut}`).toEqual(whole);
    }
  }
});

test("test_byte_by_byte_gives_the_same_callbacks", () => {
  for (const raw of SPLIT_CASES) expect(parse(raw, 1)).toEqual(parse(raw));
});

test("test_keep_alive_matrix", () => {
  const cases: [string, string, boolean][] = [
    ["1.1", "", true],
    ["1.1", "Connection: keep-alive\r\n", true],
    ["1.1", "Connection: close\r\n", false],
    ["1.0", "", false],
    ["1.0", "Connection: keep-alive\r\n", true],
    ["1.0", "Connection: close\r\n", false],
    ["1.1", "Connection: Keep-Alive, CLOSE\r\n", false],
    ["1.1", "Connection: closed\r\n", true],
    // httptools: a tab after the token spoils it (before it, it is skipped), as in node 20's llhttp 9.3.1.
    ["1.1", "Connection: close\t\r\n", true],
    ["1.1", "Connection: close \t\r\n", true],
    ["1.1", "Connection: \tclose\r\n", false],
    ["1.1", "Connection: x,\tclose\r\n", false],
    ["1.0", "Connection: keep-alive\t\r\n", false],
    ["1.1", "Proxy-Connection: close\r\n", false],
    ["1.0", "Connection: x, keep-alive \r\n", true],
  ];
  // httptools: only 1.1 is kept alive by default; 2.0 and 0.9 are read like 1.0.
  cases.push(
    ["2.0", "", false],
    ["2.0", "Connection: keep-alive\r\n", true],
    ["0.9", "", false],
    ["0.9", "Connection: keep-alive\r\n", true],
  );
  for (const [version, header, keepAlive] of cases) {
    const { messages, error } = parse(`GET / HTTP/${version}\r\n${header}\r\n`);
    expect(error).toBeNull();
    expect([version, header, messages[0]!.keepAlive]).toEqual([version, header, keepAlive]);
  }
});

/** [method, url, httpVersion, keepAlive, complete] of each message read; the error's status or null. */
function outline(raw: string): [[string, string, string, boolean, boolean][], number | null] {
  const { messages, error } = parse(raw);
  expect(parse(raw, 1)).toEqual(parse(raw));
  return [messages.map((m) => [m.method, m.url, m.httpVersion, m.keepAlive, m.complete]), error?.status ?? null];
}

test("test_http_2_0_request_line_is_read_like_1_0", () => {
  // httptools: get_http_version() "2.0", should_keep_alive() False unless `Connection: keep-alive`.
  const { messages, error } = parse("GET / HTTP/2.0\r\nHost: x\r\n\r\n");
  expect(error).toBeNull();
  expect(messages).toEqual([
    { method: "GET", url: "/", httpVersion: "2.0", headers: [["host", "x"]], keepAlive: false, upgrade: false, body: "", complete: true },
  ]);
  expect(outline("GET / HTTP/2.0\r\nConnection: keep-alive\r\n\r\nGET /b HTTP/1.1\r\n\r\n")).toEqual([
    [
      ["GET", "/", "2.0", true, true],
      ["GET", "/b", "1.1", true, true],
    ],
    null,
  ]);
  expect(outline("POST / HTTP/2.0\r\nContent-Length: 2\r\n\r\nab")).toEqual([[["POST", "/", "2.0", false, true]], null]);
});

test("test_http_0_9_version", () => {
  // httptools: "0.9", not kept alive; what follows is ignored.
  expect(outline("GET / HTTP/0.9\r\nHost: x\r\n\r\nGET /b HTTP/1.1\r\n\r\n")).toEqual([[["GET", "/", "0.9", false, true]], null]);
});

test("test_rtsp_and_ice_request_lines", () => {
  // httptools: the version is read whatever the protocol name, each protocol with llhttp's methods for it.
  expect(outline("GET / RTSP/1.0\r\nHost: x\r\n\r\n")).toEqual([[["GET", "/", "1.0", false, true]], null]);
  expect(outline("GET / RTSP/1.1\r\n\r\nGET /b HTTP/1.1\r\n\r\n")).toEqual([
    [
      ["GET", "/", "1.1", true, true],
      ["GET", "/b", "1.1", true, true],
    ],
    null,
  ]);
  expect(outline("GET / RTSP/2.0\r\n\r\n")).toEqual([[["GET", "/", "2.0", false, true]], null]);
  expect(outline("DESCRIBE / RTSP/1.0\r\n\r\n")).toEqual([[["DESCRIBE", "/", "1.0", false, true]], null]);
  expect(outline("GET_PARAMETER / RTSP/1.0\r\n\r\n")).toEqual([[["GET_PARAMETER", "/", "1.0", false, true]], null]);
  expect(outline("SOURCE / ICE/1.0\r\n\r\n")).toEqual([[["SOURCE", "/", "1.0", false, true]], null]);
  expect(outline("SOURCE / HTTP/1.1\r\n\r\n")).toEqual([[["SOURCE", "/", "1.1", true, true]], null]);
  for (const raw of ["DESCRIBE / HTTP/1.1\r\n\r\n", "PUT / RTSP/1.0\r\n\r\n", "GET / ICE/1.0\r\n\r\n", "GET / RTSP/1.2\r\n\r\n"]) {
    expect([raw, outline(raw)]).toEqual([raw, [[], 400]]);
  }
});

test("test_http_0_9_simple_request_line", () => {
  // httptools: a CR LF (or a lone LF) right after the target is an HTTP/0.9 request line, version "0.9"; header
  // fields follow as usual, and so may a body.
  const { messages, error } = parse("GET /\r\nHost: x\r\n\r\n");
  expect(error).toBeNull();
  expect(messages).toEqual([
    { method: "GET", url: "/", httpVersion: "0.9", headers: [["host", "x"]], keepAlive: false, upgrade: false, body: "", complete: true },
  ]);
  expect(outline("GET /\r\n")).toEqual([[], null]); // the head has not ended
  expect(outline("GET /\n\r\n")).toEqual([[["GET", "/", "0.9", false, true]], null]);
  expect(outline("GET *\r\n\r\n")).toEqual([[["GET", "*", "0.9", false, true]], null]);
  expect(outline("GET http://a/?q#f\r\n\r\n")).toEqual([[["GET", "http://a/?q#f", "0.9", false, true]], null]);
  expect(outline("DESCRIBE /\r\n\r\n")).toEqual([[["DESCRIBE", "/", "0.9", false, true]], null]); // any method
  expect(outline("PRI *\r\n\r\n")).toEqual([[["PRI", "*", "0.9", false, true]], null]);
  expect(parse("POST /\r\nContent-Length: 2\r\n\r\nab").messages.map((m) => m.body)).toEqual(["ab"]);
  expect(outline("GET /\r\nConnection: keep-alive\r\n\r\nGET /b HTTP/1.1\r\n\r\n")).toEqual([
    [
      ["GET", "/", "0.9", true, true],
      ["GET", "/b", "1.1", true, true],
    ],
    null,
  ]);
  // The next line is a header field, not a request line; CR must be followed by LF; a schema is not a target.
  for (const raw of ["GET /\r\nGET /b HTTP/1.1\r\n\r\n", "GET /\rX\r\n\r\n", "GET http:/\r\n\r\n", "GET \r\n\r\n"]) {
    expect([raw, outline(raw)]).toEqual([raw, [[], 400]]);
  }
});

test("test_connection_close_tab_keeps_the_connection_alive", () => {
  // httptools' llhttp does not take `close<TAB>` for `close`: uvicorn serves the pipelined request after it.
  const raw = "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\t\r\n\r\nGET /204 HTTP/1.1\r\nHost: x\r\n\r\n";
  expect(outline(raw)).toEqual([
    [
      ["GET", "/", "1.1", true, true],
      ["GET", "/204", "1.1", true, true],
    ],
    null,
  ]);
});

test("test_bytes_after_a_closing_request_are_ignored", () => {
  const { messages, error } = parse("GET /1 HTTP/1.1\r\nConnection: close\r\n\r\nGET /2 HTTP/1.1\r\n\r\ngarbage");
  expect(error).toBeNull();
  expect(messages.map((m) => m.url)).toEqual(["/1"]);
});

test("test_upgrade", () => {
  const raw = "GET /ws HTTP/1.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\nGET /next HTTP/1.1\r\n\r\n";
  const { messages, error } = parse(raw);
  expect(error).toBeNull();
  expect(messages.map((m) => [m.url, m.upgrade, m.complete])).toEqual([
    ["/ws", true, true],
    ["/next", false, true],
  ]);
  expect(parse("GET / HTTP/1.1\r\nUpgrade: websocket\r\n\r\n").messages[0]!.upgrade).toBe(false);
  expect(parse("GET / HTTP/1.1\r\nConnection: upgrade\r\n\r\n").messages[0]!.upgrade).toBe(false);
  // Served as a plain request: its body is a body.
  const withBody = parse("POST / HTTP/1.1\r\nConnection: upgrade\r\nUpgrade: h2c\r\nContent-Length: 2\r\n\r\nok");
  expect(withBody.messages.map((m) => [m.upgrade, m.body])).toEqual([[true, "ok"]]);
});

test("test_connect_has_no_body", () => {
  const { messages, error } = parse("CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n");
  expect(error).toBeNull();
  expect(messages.map((m) => [m.method, m.url, m.upgrade, m.complete])).toEqual([["CONNECT", "example.com:443", false, true]]);
});

test("test_duplicate_headers_keep_order", () => {
  const { messages } = parse("GET / HTTP/1.1\r\nA: 1\r\nB: 2\r\na: 3\r\nCookie: x\r\nCOOKIE: y\r\n\r\n");
  expect(messages[0]!.headers).toEqual([
    ["a", "1"],
    ["b", "2"],
    ["a", "3"],
    ["cookie", "x"],
    ["cookie", "y"],
  ]);
});

test("test_methods", () => {
  for (const method of ["GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "TRACE", "PATCH", "PROPFIND", "M-SEARCH", "QUERY", "PURGE"]) {
    expect(parse(`${method} / HTTP/1.1\r\n\r\n`).messages[0]!.method).toBe(method);
  }
  for (const method of ["get", "FOO", "PRI", "DESCRIBE", "GETS", "-"]) {
    expect(parse(`${method} / HTTP/1.1\r\n\r\n`).error?.status).toBe(400);
  }
});

test("test_header_size_limit", () => {
  // node counts the target, header names and header values (after leading whitespace): refused at 16384.
  const url = (n: number): string => "/" + "a".repeat(n - 1);
  expect(parse(`GET ${url(16383)} HTTP/1.1\r\n\r\n`).error).toBeNull();
  expect(parse(`GET ${url(16384)} HTTP/1.1\r\n\r\n`).error?.status).toBe(431);
  const value = (n: number): string => `GET / HTTP/1.1\r\nHost: x\r\nX: ${"v".repeat(n)}\r\n\r\n`;
  expect(parse(value(16384 - 1 - 5 - 1 - 1)).error).toBeNull();
  expect(parse(value(16384 - 1 - 5 - 1)).error?.status).toBe(431);
  // Whatever the split, and before the head ends.
  expect(parse(value(16384), 100).error?.status).toBe(431);
  expect(parse(`GET / HTTP/1.1\r\nX: ${"v".repeat(20000)}`).error?.status).toBe(431);
  // A typical browser head is far below, and the option moves the limit.
  expect(parse(GET, 0, { maxHeaderSize: 20 }).error).toBeNull();
  expect(parse(GET, 0, { maxHeaderSize: 19 }).error?.status).toBe(431);
  expect(() => new HttpRequestParser({ onHeadersComplete() {}, onBody() {}, onMessageComplete() {} }, { maxHeaderSize: 0 })).toThrow(
    /maxHeaderSize/,
  );
});

const MALFORMED = [
  "GET / HTTP/1.1\n\r\n",
  "GET / HTTP/1.1\r\nA: b\n\r\n",
  "GET / HTTP/1.1\r\r\n\r\n",
  "GET  HTTP/1.1\r\n\r\n",
  "GET / HTTP/1.2\r\n\r\n",
  "GET / HTTP/3.0\r\n\r\n",
  "GET / HTTP/2.1\r\n\r\n",
  "GET / HTTP/0.0\r\n\r\n",
  "GET / HTTP/1.10\r\n\r\n",
  "GET / HTTP/1.1x\r\n\r\n",
  "GET / HTTP/1x1\r\n\r\n",
  "GET / HTTPS/1.1\r\n\r\n",
  "GET / RTSP/1.2\r\n\r\n",
  "GET / ICE/1.0\r\n\r\n",
  "DESCRIBE / HTTP/1.1\r\n\r\n",
  "HEAD / RTSP/1.0\r\n\r\n",
  "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n",
  "GET / \r\n\r\n",
  "GET http:/\r\n\r\n",
  "GET /\rX\r\n\r\n",
  "GET /\r\r\n",
  "GET /\r\n X: a\r\n\r\n",
  "GET /\nHost: x\n\n",
  "GET /\x7f HTTP/1.1\r\n\r\n",
  "GET /\xe9 HTTP/1.1\r\n\r\n",
  "GET / HTTP/1.1\r\nA : b\r\n\r\n",
  "GET / HTTP/1.1\r\n A: b\r\n\r\n",
  "GET / HTTP/1.1\r\nA: b\r\n\tc\r\n\r\n",
  "GET / HTTP/1.1\r\nA: \x00\r\n\r\n",
  "GET / HTTP/1.1\r\n: b\r\n\r\n",
  "GET / HTTP/1.1\r\nA\xe9: b\r\n\r\n",
  "POST / HTTP/1.1\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
  "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nContent-Length: 1\r\n\r\n0\r\n\r\n",
  "POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nxx",
  "POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n",
  "POST / HTTP/1.1\r\nContent-Length: +1\r\n\r\nx",
  "POST / HTTP/1.1\r\nContent-Length: 1 1\r\n\r\nx",
  "POST / HTTP/1.1\r\nContent-Length: 18446744073709551616\r\n\r\n",
  "POST / HTTP/1.1\r\nTransfer-Encoding: chunked, gzip\r\n\r\n",
  "POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n",
  "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n",
  "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nx\r\n",
  "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n1 \r\nx\r\n0\r\n\r\n",
  "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n1;\r\nx\r\n0\r\n\r\n",
  "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nxy\r\n0\r\n\r\n",
  "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n11111111111111111\r\n",
  "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nContent-Length: 1\r\n\r\n",
  "\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03",
];

test("test_malformed_requests_are_refused_and_the_parser_stays_failed", () => {
  for (const raw of MALFORMED) {
    for (const chunkSize of [0, 1]) {
      const { error } = parse(raw, chunkSize);
      expect([raw, chunkSize, error?.status]).toEqual([raw, chunkSize, 400]);
    }
  }
  const parser = new HttpRequestParser({ onHeadersComplete() {}, onBody() {}, onMessageComplete() {} });
  let first: unknown;
  try {
    parser.feedData(bytes("GET / HTTP/1.1\r\nA : b\r\n\r\n"));
  } catch (error) {
    first = error;
  }
  expect(first).toBeInstanceOf(HttpParserError);
  expect(() => parser.feedData(bytes(GET))).toThrow(first as Error);
  expect(() => parser.feedData(new Uint8Array(0))).toThrow(first as Error);
});

// httptools: after the digits any mix of SP and HTAB (trailing OWS) may follow; the scope keeps the value as sent.
test("test_content_length_with_trailing_whitespace", () => {
  for (const value of ["5\t", "5 \t", "5\t ", "\t5", "5\t\t", " 5 "]) {
    const { messages, error } = parse(`POST / HTTP/1.1\r\nContent-Length: ${value}\r\n\r\nhelloGET / HTTP/1.1\r\n\r\n`);
    expect([value, error]).toEqual([value, null]);
    expect(messages.map((m) => [m.body, m.complete])).toEqual([["hello", true], ["", true]]);
    expect(messages[0]!.headers).toEqual([["content-length", value.replace(/^[ \t]+/, "")]]);
  }
  for (const value of ["5\tx", "5 x", "5\t5", "5\x0b"]) expect([value, parse(clHead(value) + "\r\n\r\n").error?.status]).toEqual([value, 400]);
});

const clHead = (value: string): string => `POST / HTTP/1.1\r\nContent-Length: ${value}`;

// httptools checks framing headers byte by byte: a head that stops inside a bad one is refused before its line ends.
test("test_a_head_cut_inside_a_bad_framing_header_is_refused_at_once", () => {
  const refused = [
    clHead("lo").replace(": ", ":"),
    clHead("5x"),
    clHead("5 5"),
    clHead("\x01"),
    clHead("18446744073709551616"),
    "POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2",
    "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nContent-Length:",
    "POST / HTTP/1.1\r\nContent-Length: 1\r\nTransfer-Encoding:",
    "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: x",
  ];
  for (const raw of refused) {
    for (const chunkSize of [0, 1]) expect([raw, chunkSize, parse(raw, chunkSize).error?.status]).toEqual([raw, chunkSize, 400]);
  }
  const waiting = [
    clHead("5\t"),
    clHead(""),
    clHead("5 \t \r"),
    clHead("1844674407370955161"),
    "POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length:",
    "POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length",
  ];
  for (const raw of waiting) {
    const { messages, error } = parse(raw, 1);
    expect([raw, messages.length, error]).toEqual([raw, 0, null]);
  }
});

test("test_callback_errors_propagate", () => {
  const boom = new Error("boom");
  const parser = new HttpRequestParser({
    onHeadersComplete: () => {
      throw boom;
    },
    onBody() {},
    onMessageComplete() {},
  });
  expect(() => parser.feedData(bytes(GET))).toThrow(boom);
  expect(() => parser.feedData(bytes(GET))).toThrow(boom);
});

test("test_any_uint8array_view", () => {
  const backing = bytes("xxxx" + GET + "yyyy");
  const view = new Uint8Array(backing.buffer, 4, GET.length);
  expect(parseChunks([view])).toEqual(parse(GET));
});

// ---------------------------------------------------------------------------------------------------------------
// Differential test: every raw request goes to node:http (llhttp 9 in node 20) and to our parser.

/** What either side made of a raw request: the requests it read, and the status it refused with (or null). */
type Outcome = { requests: Seen[]; status: number | null };

type Case = { raw: string; name?: string; split?: number };
/** Cases where we answer otherwise than node 20 on purpose: [node's status or "accept", ours, why]. */
const DEVIATIONS = new Map<string, [node: number | "accept", ours: number | "accept", why: string]>([
  [
    "GET / HTTP/1.0\r\n\r\nGET /2 HTTP/1.0\r\n\r\n",
    [400, "accept", "httptools: data after a closing request is ignored (lenient_data_after_close; RFC 9112 9.6)"],
  ],
  [
    `POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n1;${"e".repeat(16385)}\r\nx\r\n0\r\n\r\n`,
    [413, 400, "HttpParserError has no 413; chunk extensions overflow is a 400 here"],
  ],
  [
    "POST /p HTTP/1.1\r\nHost: x\r\nContent-Length: 5\t\r\n\r\nhello",
    [400, "accept", "httptools takes trailing OWS (a tab too) after the digits, as RFC 9110 5.5; node 20 refuses a tab"],
  ],
]);

const chunkedPost = (chunks: string, te = "chunked"): string =>
  `POST /c HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: ${te}\r\n\r\n${chunks}`;
const clPost = (cl: string, body: string): string => `POST /p HTTP/1.1\r\nHost: x\r\nContent-Length: ${cl}\r\n\r\n${body}`;
const headers = (lines: string): string => `GET /h HTTP/1.1\r\n${lines}\r\n`;

const CORPUS: Case[] = [
  // Request lines.
  { raw: GET },
  { raw: "GET /path/to?x=1&y=%20#frag HTTP/1.1\r\n\r\n" },
  { raw: "GET http://example.com:8080/a?b HTTP/1.1\r\n\r\n" },
  { raw: "GET http://user:pw@example.com/ HTTP/1.1\r\n\r\n" },
  { raw: "GET http://a@b@c/ HTTP/1.1\r\n\r\n" },
  { raw: "GET http://a@@b/ HTTP/1.1\r\n\r\n" },
  { raw: "GET http:/x HTTP/1.1\r\n\r\n" },
  { raw: "GET https://[::1]:8000/ HTTP/1.1\r\n\r\n" },
  { raw: "GET http://host HTTP/1.1\r\n\r\n" },
  { raw: "GET * HTTP/1.1\r\n\r\n" },
  { raw: "OPTIONS * HTTP/1.1\r\n\r\n" },
  { raw: "GET /a?b?c#d#e?f HTTP/1.1\r\n\r\n" },
  { raw: "GET /{}|\\^`[]\"<> HTTP/1.1\r\n\r\n" },
  { raw: "GET /\xe9 HTTP/1.1\r\n\r\n" },
  { raw: "GET /\x01 HTTP/1.1\r\n\r\n" },
  { raw: "GET /a\tb HTTP/1.1\r\n\r\n" },
  { raw: "GET /\x7f HTTP/1.1\r\n\r\n" },
  { raw: "GET /a?\xff HTTP/1.1\r\n\r\n" },
  { raw: "GET a HTTP/1.1\r\n\r\n" },
  { raw: "GET %2F HTTP/1.1\r\n\r\n" },
  { raw: "GET  / HTTP/1.1\r\n\r\n" },
  { raw: "GET /   HTTP/1.1\r\n\r\n" },
  { raw: "GET  HTTP/1.1\r\n\r\n" },
  { raw: " GET / HTTP/1.1\r\n\r\n" },
  { raw: "GET\t/ HTTP/1.1\r\n\r\n" },
  { raw: "GET / HTTP/1.1 \r\n\r\n" },
  { raw: "GET / http/1.1\r\n\r\n" },
  { raw: "GET / HTTP/1.0\r\n\r\n" },
  { raw: "GET / HTTP/1.2\r\n\r\n" },
  { raw: "GET / HTTP/2.0\r\n\r\n" },
  { raw: "GET / HTTP/0.9\r\n\r\n" },
  { raw: "GET / HTTP/11\r\n\r\n" },
  { raw: "GET /\r\n\r\n" },
  { raw: "GET /\r\nHost: x\r\n\r\n" },
  { raw: "GET /\n\r\n" },
  { raw: "GET *\r\n\r\n" },
  { raw: "GET http://a\r\n\r\n" },
  { raw: "GET /?q#f\r\n\r\n" },
  { raw: "GET /\rX\r\n\r\n" },
  { raw: "GET /\r\n X: a\r\n\r\n" },
  { raw: "GET /\r\nConnection: keep-alive\r\n\r\nGET /2 HTTP/1.1\r\n\r\n" },
  { raw: "POST /\r\nContent-Length: 2\r\n\r\nab" },
  { raw: "PRI *\r\n\r\n" },
  { raw: "DESCRIBE /\r\n\r\n" },
  { raw: "GET / HTTP/2.0\r\nConnection: keep-alive\r\n\r\nGET /2 HTTP/1.1\r\n\r\n" },
  { raw: "POST / HTTP/2.0\r\nContent-Length: 2\r\n\r\nab" },
  { raw: "GET / HTTP/3.0\r\n\r\n" },
  { raw: "GET / HTTP/1.1x\r\n\r\n" },
  { raw: "GET / HTTP/1.1\n\n" },
  { raw: "GET / HTTP/1.1\r\r\n\r\n" },
  { raw: "get / HTTP/1.1\r\n\r\n" },
  { raw: "GETS / HTTP/1.1\r\n\r\n" },
  { raw: "QUERY /q HTTP/1.1\r\nContent-Length: 2\r\n\r\n{}" },
  { raw: "M-SEARCH * HTTP/1.1\r\n\r\n" },
  { raw: "MKCALENDAR /c HTTP/1.1\r\n\r\n" },
  { raw: "PROPPATCH /p HTTP/1.1\r\n\r\n" },
  { raw: "SOURCE / HTTP/1.1\r\n\r\n" },
  { raw: "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n" },
  { raw: "PRI / HTTP/1.1\r\n\r\nGET / HTTP/1.1\r\n\r\n" },
  { raw: "DESCRIBE / HTTP/1.1\r\n\r\n" },
  { raw: "DESCRIBE / RTSP/1.0\r\n\r\n" },
  { raw: "GET / RTSP/1.0\r\n\r\n" },
  { raw: "GET / RTSP/1.1\r\n\r\nGET /2 HTTP/1.1\r\n\r\n" },
  { raw: "GET / RTSP/2.0\r\n\r\n" },
  { raw: "SETUP / RTSP/1.0\r\nCSeq: 1\r\n\r\n" },
  { raw: "HEAD / RTSP/1.0\r\n\r\n" },
  { raw: "SOURCE / ICE/1.0\r\n\r\n" },
  { raw: "GET / ICE/1.0\r\n\r\n" },
  { raw: "CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n" },
  { raw: "CONNECT [::1]:443 HTTP/1.1\r\n\r\n" },
  { raw: "CONNECT /path HTTP/1.1\r\n\r\n" },
  { raw: "CONNECT * HTTP/1.1\r\n\r\n" },
  { raw: "\r\n\r\nGET /after-crlf HTTP/1.1\r\n\r\n" },
  { raw: "\n\r\r\nGET /after-lf HTTP/1.1\r\n\r\n" },
  { raw: "\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" },
  // Header fields.
  { raw: headers("Host: a\r\nUser-Agent: wrk\r\nAccept: */*\r\nAccept-Encoding: gzip, br\r\nCookie: a=1; b=2\r\n") },
  { raw: headers("X-Dup: 1\r\nx-dup: 2\r\nX-DUP: 3\r\n") },
  { raw: headers("X:   spaced  \t \r\n") },
  { raw: headers("X:\t\ttabbed\t\r\n") },
  { raw: headers("X:\r\nY: \r\n") },
  { raw: headers("X: caf\xe9 \x80\xff\r\n") },
  { raw: headers("X: a\x00b\r\n") },
  { raw: headers("X: a\x01b\r\n") },
  { raw: headers("X: a\x7fb\r\n") },
  { raw: headers("X: a\rb\r\n") },
  { raw: headers("X: a\nY: b\r\n") },
  { raw: headers("X : a\r\n") },
  { raw: headers("X\t: a\r\n") },
  { raw: headers("Content-Length : 0\r\n") },
  { raw: headers(": a\r\n") },
  { raw: headers("X\xe9: a\r\n") },
  { raw: headers("X(: a\r\n") },
  { raw: headers("!#$%&'*+-.^_`|~: token\r\n") },
  { raw: headers("X: a\r\n b\r\n") },
  { raw: headers("X: a\r\n\tb\r\n") },
  { raw: headers("X:\r\n b\r\n") },
  { raw: "GET / HTTP/1.1\r\n X: a\r\n\r\n" },
  { raw: "GET / HTTP/1.1\r\n\tX: a\r\n\r\n" },
  { raw: headers("X a\r\n") },
  // Keep-alive and upgrade.
  { raw: headers("Connection: close\r\n") },
  { raw: headers("Connection: close\t\r\n") },
  { raw: headers("Connection: \tclose\r\n") },
  { raw: "GET /1 HTTP/1.1\r\nConnection: close\t\r\n\r\nGET /2 HTTP/1.1\r\n\r\n" },
  { raw: headers("Connection: keep-alive, CLOSE\r\n") },
  { raw: headers("Connection: closed\r\n") },
  { raw: headers("Connection: foo,close\r\n") },
  { raw: headers("Connection: close x\r\n") },
  { raw: headers("Connection:\r\n") },
  { raw: headers("Proxy-Connection: close\r\n") },
  { raw: "GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n" },
  { raw: "GET / HTTP/1.0\r\nConnection: Keep-Alive , close\r\n\r\n" },
  { raw: "GET / HTTP/1.0\r\nConnection: keep-alived\r\n\r\n" },
  { raw: "GET / HTTP/1.0\r\n\r\n" },
  { raw: "GET / HTTP/1.0\r\n\r\nGET /2 HTTP/1.0\r\n\r\n" },
  { raw: headers("Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Key: x\r\n") },
  { raw: headers("Upgrade: h2c\r\n") },
  // Content-Length.
  { raw: clPost("5", "hello") },
  { raw: clPost("0", "") },
  { raw: clPost("005", "hello") },
  { raw: clPost("5 ", "hello") },
  { raw: clPost("5\t", "hello") },
  { raw: clPost("", "") },
  { raw: clPost("-1", "") },
  { raw: clPost("+5", "hello") },
  { raw: clPost("5x", "hello") },
  { raw: clPost("0x5", "hello") },
  { raw: clPost("5, 5", "hello") },
  { raw: clPost("1 2", "x") },
  { raw: clPost("99999999999999999999", "") },
  { raw: clPost("18446744073709551616", "") },
  { raw: "POST / HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\nabc" },
  { raw: "POST / HTTP/1.1\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n" },
  { raw: "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n0\r\n\r\n" },
  { raw: "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\ncontent-length: 0\r\n\r\n0\r\n\r\n" },
  { raw: clPost("3", "abcGET /pipelined HTTP/1.1\r\n\r\n") },
  { raw: "GET /with-body HTTP/1.1\r\nContent-Length: 4\r\n\r\nbody" },
  // Transfer-Encoding.
  { raw: chunkedPost("5\r\nhello\r\n0\r\n\r\n") },
  { raw: chunkedPost("5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n") },
  { raw: chunkedPost("A\r\n0123456789\r\na\r\n0123456789\r\n0\r\n\r\n") },
  { raw: chunkedPost("0005\r\nhello\r\n000\r\n\r\n") },
  { raw: chunkedPost("5;a=b;c;d=\"e f\\\"g\"\r\nhello\r\n0;last\r\n\r\n") },
  { raw: chunkedPost("5;=x\r\nhello\r\n0\r\n\r\n") },
  { raw: chunkedPost("5;a=b\"c\"\r\nhello\r\n0\r\n\r\n") },
  { raw: chunkedPost("5; a=b\r\nhello\r\n0\r\n\r\n") },
  { raw: chunkedPost("5;\r\nhello\r\n0\r\n\r\n") },
  { raw: chunkedPost("5;a=\"b\r\nhello\r\n0\r\n\r\n") },
  { raw: chunkedPost("5;a=\"b\" \r\nhello\r\n0\r\n\r\n") },
  { raw: chunkedPost("5 \r\nhello\r\n0\r\n\r\n") },
  { raw: chunkedPost("5\t\r\nhello\r\n0\r\n\r\n") },
  { raw: chunkedPost("x\r\nhello\r\n0\r\n\r\n") },
  { raw: chunkedPost("-5\r\nhello\r\n0\r\n\r\n") },
  { raw: chunkedPost("0x5\r\nhello\r\n0\r\n\r\n") },
  { raw: chunkedPost("\r\nhello\r\n0\r\n\r\n") },
  { raw: chunkedPost("5\nhello\r\n0\r\n\r\n") },
  { raw: chunkedPost("5\r\nhelloXX0\r\n\r\n") },
  { raw: chunkedPost("5\r\nhello\n0\r\n\r\n") },
  { raw: chunkedPost("5\r\nhello0\r\n\r\n") },
  { raw: chunkedPost("10000000000000000\r\n") },
  { raw: chunkedPost("ffffffffffffffff\r\nabc\r\n") },
  { raw: chunkedPost("0\r\nExpires: never\r\nX-Trailer: 1\r\n\r\n") },
  { raw: chunkedPost("0\r\nX : bad\r\n\r\n") },
  { raw: chunkedPost("0\r\nX: a\x00\r\n\r\n") },
  { raw: chunkedPost("0\r\nContent-Length: 5\r\n\r\n") },
  { raw: chunkedPost("0\r\nTransfer-Encoding: gzip\r\n\r\n") },
  { raw: chunkedPost("0\r\n\r\nGET /after-chunked HTTP/1.1\r\n\r\n") },
  { raw: chunkedPost("3\r\nabc\r\n0\r\n\r\n", "gzip, chunked") },
  { raw: chunkedPost("3\r\nabc\r\n0\r\n\r\n", "Chunked") },
  { raw: chunkedPost("3\r\nabc\r\n0\r\n\r\n", "chunked ") },
  { raw: chunkedPost("3\r\nabc\r\n0\r\n\r\n", "chunked, gzip") },
  { raw: chunkedPost("3\r\nabc\r\n0\r\n\r\n", "chunked , gzip") },
  { raw: chunkedPost("3\r\nabc\r\n0\r\n\r\n", "identity") },
  { raw: chunkedPost("3\r\nabc\r\n0\r\n\r\n", "gzip") },
  { raw: chunkedPost("3\r\nabc\r\n0\r\n\r\n", "xchunked") },
  { raw: chunkedPost("3\r\nabc\r\n0\r\n\r\n", "chunkedx") },
  { raw: chunkedPost("3\r\nabc\r\n0\r\n\r\n", "identity,\tchunked") },
  { raw: chunkedPost("3\r\nabc\r\n0\r\n\r\n", "chunked\r\nTransfer-Encoding: gzip") },
  { raw: chunkedPost("3\r\nabc\r\n0\r\n\r\n", "gzip\r\nTransfer-Encoding: chunked") },
  { raw: chunkedPost("3\r\nabc\r\n0\r\n\r\n", "chunked\r\nTransfer-Encoding: chunked") },
  { raw: chunkedPost("3\r\nabc\r\n0\r\n\r\n", "\r\nTransfer-Encoding: chunked") },
  { raw: `POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n1;${"e".repeat(16385)}\r\nx\r\n0\r\n\r\n` },
  { raw: `POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n1;${"e".repeat(16000)}\r\nx\r\n0\r\n\r\n` },
  // Head size: node counts the target, header names and values; 16384 is refused.
  { raw: `GET /${"a".repeat(16382)} HTTP/1.1\r\n\r\n` },
  { raw: `GET /${"a".repeat(16383)} HTTP/1.1\r\n\r\n` },
  { raw: `GET / HTTP/1.1\r\nX: ${"v".repeat(16384 - 3)}\r\n\r\n` },
  { raw: `GET / HTTP/1.1\r\nX: ${"v".repeat(16384 - 2)}\r\n\r\n` },
  { raw: `GET / HTTP/1.1\r\nX: ${" ".repeat(100)}${"v".repeat(16384 - 3)}\r\n\r\n` },
  // More raw bytes than the limit, few of them counted (node keeps only ~1000 fields of a head: it drops the rest).
  { raw: `GET / HTTP/1.1\r\n${`a:${" ".repeat(20)}b\r\n`.repeat(1000)}\r\n` },
  { raw: `GET / HTTP/1.1\r\n${"h: v\r\n".repeat(1000)}\r\n` },
  { raw: `GET / HTTP/1.1\r\nX: ${"v".repeat(20000)}\r\n\r\n` },
  // Pipelines.
  { raw: "GET /1 HTTP/1.1\r\n\r\nGET /2 HTTP/1.1\r\nHost: x\r\n\r\nPOST /3 HTTP/1.1\r\nContent-Length: 1\r\n\r\nx" },
  { raw: "GET /1 HTTP/1.1\r\n\r\nGET /2 HTTP/1.1\r\nX : y\r\n\r\n" },
  { raw: "GET /1 HTTP/1.1\r\n\r\nGET /2 HTTP/1.1\r\nConnection: close\r\n\r\n" },
];

const STATUS_OF_CODE: Record<string, number> = { HPE_HEADER_OVERFLOW: 431, HPE_CHUNK_EXTENSIONS_OVERFLOW: 413 };

describe("differential against node:http", () => {
  let server: Server;
  let port: number;
  const outcomes = new Map<number, Outcome>();
  const bySocket = new WeakMap<Socket, Outcome>();

  function seen(req: IncomingMessage, body: string): Seen {
    const headerList: [string, string][] = [];
    for (let i = 0; i < req.rawHeaders.length; i += 2) headerList.push([req.rawHeaders[i]!.toLowerCase(), req.rawHeaders[i + 1]!]);
    return { method: req.method!, url: req.url!, version: req.httpVersion, headers: headerList, body, keepAlive: false, complete: false };
  }

  beforeAll(async () => {
    // requireHostHeader: false leaves node's one check on top of llhttp off; httptools has none either.
    server = createServer({ requireHostHeader: false }, (req, res) => {
      const outcome = bySocket.get(req.socket)!;
      const request = seen(req, "");
      // llhttp's should_keep_alive, as node's parserOnIncoming received it.
      request.keepAlive = (res as unknown as { shouldKeepAlive: boolean }).shouldKeepAlive;
      outcome.requests.push(request);
      req.setEncoding("latin1");
      req.on("data", (chunk: string) => void (request.body += chunk));
      req.on("end", () => {
        // node keeps trailer fields apart; httptools hands them to on_header, after the head's fields.
        for (let i = 0; i < req.rawTrailers.length; i += 2) {
          request.headers.push([req.rawTrailers[i]!.toLowerCase(), req.rawTrailers[i + 1]!]);
        }
        request.complete = true;
        res.end();
      });
    });
    server.on("connection", (socket: Socket) => {
      const outcome: Outcome = { requests: [], status: null };
      bySocket.set(socket, outcome);
      outcomes.set(socket.remotePort!, outcome);
    });
    server.on("clientError", (error: NodeJS.ErrnoException, socket: Socket) => {
      const outcome = bySocket.get(socket)!;
      // An incomplete request at EOF is not a parse error for httptools/uvicorn: they just close.
      if (error.code !== "HPE_INVALID_EOF_STATE") outcome.status = STATUS_OF_CODE[error.code ?? ""] ?? 400;
      socket.destroy();
    });
    // No 'upgrade' listener: node then serves an upgrade request as a plain one, as we do. CONNECT needs a listener
    // to be seen at all (llhttp reads no body after it).
    server.on("connect", (req: IncomingMessage, socket: Socket) => {
      const request = seen(req, "");
      request.keepAlive = true;
      request.complete = true;
      bySocket.get(socket)!.requests.push(request);
      socket.destroy();
    });
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    port = (server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    server.close();
    await once(server, "close");
  });

  async function viaNode(raw: string): Promise<Outcome> {
    const socket = connect(port, "127.0.0.1");
    socket.on("error", () => {});
    socket.resume();
    await once(socket, "connect");
    const local = socket.localPort!;
    socket.end(Buffer.from(raw, "latin1"));
    await once(socket, "close");
    const outcome = outcomes.get(local)!;
    outcomes.delete(local);
    return outcome;
  }

  function viaOurs(raw: string, chunkSize: number): Outcome {
    const { messages, error } = parse(raw, chunkSize);
    return {
      requests: messages.map((m) => ({
        method: m.method,
        url: m.url,
        version: m.httpVersion,
        // node drops the whitespace after a value, which httptools (and so we) keep: compared without it here,
        // pinned by test_headers_are_lowercased_trimmed_ordered_and_latin1.
        headers: m.headers.map(([name, value]): [string, string] => [name, value.replace(/[ \t]+$/, "")]),
        body: m.body,
        keepAlive: m.method === "CONNECT" ? true : m.keepAlive,
        complete: m.complete,
      })),
      status: error === null ? null : error.status,
    };
  }

  const verdict = (outcome: Outcome): number | "accept" => outcome.status ?? "accept";

  test("test_corpus_against_node_http", async () => {
    expect(CORPUS.length).toBeGreaterThanOrEqual(100);
    const deviationsSeen = new Set<string>();
    const mismatches: unknown[] = [];
    for (const { raw } of CORPUS) {
      const node = await viaNode(raw);
      const label = JSON.stringify(raw.length > 200 ? raw.slice(0, 100) + "…" + raw.length : raw);
      const deviation = DEVIATIONS.get(raw);
      for (const chunkSize of raw.length > 4096 ? [0, 1000] : [0, 1]) {
        const ours = viaOurs(raw, chunkSize);
        if (deviation !== undefined) {
          deviationsSeen.add(raw);
          if (verdict(node) !== deviation[0] || verdict(ours) !== deviation[1]) {
            mismatches.push({ label, chunkSize, node: verdict(node), ours: verdict(ours), documented: deviation });
          }
        } else if (node.status !== null) {
          // Both refuse with the same status, and the requests read before the bad one match. llhttp reports a head
          // before it refuses the framing (Transfer-Encoding without chunked last); we refuse before the head.
          const complete = (outcome: Outcome): Seen[] => outcome.requests.filter((r) => r.complete);
          if (!isDeepStrictEqual([ours.status, complete(ours)], [node.status, complete(node)])) {
            mismatches.push({ label, chunkSize, node, ours });
          }
        } else if (!isDeepStrictEqual(ours, node)) {
          mismatches.push({ label, chunkSize, node, ours });
        }
      }
    }
    // The first few only: each carries its request, up to tens of kilobytes.
    expect(mismatches.length === 0 ? [] : [`${mismatches.length} mismatches`, ...mismatches.slice(0, 3)]).toEqual([]);
    expect([...DEVIATIONS.keys()].filter((raw) => !deviationsSeen.has(raw))).toEqual([]);
  });
});
