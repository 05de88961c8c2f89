// Randomized robustness of the HTTP/1.x protocol over real sockets: with node:http gone, nothing a client sends may
// crash the process or wedge a connection. Inputs come from a fixed fast-check seed (override with FUZZ_SEED=<n>, and
// the number of cases with FUZZ_RUNS=<n> for a longer hunt); a failure prints the seed and the shrunk counterexample.
//
// Slow unread bodies (uvicorn discards a body the app did not read once its response is complete) are covered by
// tests/test_http.ts ("test_early_response", "... with a large unread body keeps the connection serving"); here the
// pipeline property mixes in requests whose app does not read the body, chunked and split anywhere.
import fc from "fast-check";
import { expect, test } from "vitest";
import type { ASGIApp, HTTPReceiveMessage, Receive } from "@mono/asgi";
import { RawClient, rawRequest, SIMPLE_GET_REQUEST, sleep, withServer, type RunningServer } from "./serverFixture.js";

const SEED = Number(process.env["FUZZ_SEED"] ?? 20250611);
const RUNS = process.env["FUZZ_RUNS"] === undefined ? null : Number(process.env["FUZZ_RUNS"]);

interface Echo {
  method: string;
  path: string;
  query_string: string;
  /** The request body as base64, or null when the app answered without reading it. */
  body: string | null;
  headers: number;
}

/** The whole body, or null if the client went away first. */
async function readBody(receive: Receive): Promise<Buffer | null> {
  const parts: Uint8Array[] = [];
  for (;;) {
    const message = (await receive()) as HTTPReceiveMessage;
    if (message.type !== "http.request") return null;
    parts.push(message.body ?? new Uint8Array(0));
    if (message.more_body !== true) return Buffer.concat(parts);
  }
}

/**
 * Echoes what it was asked as JSON with a content-length. The header count is taken once the body is read, when the
 * trailer fields (appended to the scope's header list, as uvicorn's on_header does) are in; with `x-skip-body` it
 * answers at once without reading the body.
 */
const echo: ASGIApp = async (scope, receive, send) => {
  if (scope.type !== "http") return;
  let body: Buffer | null = null;
  if (!scope.headers.some(([name]) => name === "x-skip-body")) {
    body = await readBody(receive);
    if (body === null) return;
  }
  const payload: Echo = {
    method: scope.method,
    path: scope.path,
    query_string: scope.query_string,
    body: body === null ? null : body.toString("base64"),
    headers: scope.headers.length,
  };
  const content = Buffer.from(JSON.stringify(payload));
  await send({
    type: "http.response.start",
    status: 200,
    headers: [
      ["content-type", "application/json"],
      ["content-length", String(content.length)],
    ],
  });
  await send({ type: "http.response.body", body: content });
};

// ---------------------------------------------------------------------------------------------------------------
// Generators

const TOKEN_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-.^_`|~";
const VALUE_CHARS = "\t" + Array.from({ length: 0x7f - 0x20 }, (_, i) => String.fromCharCode(0x20 + i)).join("");

const token = fc.string({ unit: fc.constantFrom(...TOKEN_CHARS), minLength: 1, maxLength: 12 });
const value = fc.string({ unit: fc.constantFrom(...VALUE_CHARS), maxLength: 40 });
// Prefixed so that no random name is one the parser or the proxy-headers middleware frames or reads.
const header = fc.tuple(token.map((name) => `X-H-${name}`), value);
const trailer = fc.tuple(token.map((name) => `X-T-${name}`), value);
const chunkExtension = fc.constantFrom("", ";a", ";a=b", ";name=tok;flag", ';q="quoted \\" ;value"', ";n=1;m=2");

/** Mostly small bodies; some past the 64 KiB high-water mark, where reading pauses and resumes. */
const body = fc.oneof(
  { weight: 5, arbitrary: fc.uint8Array({ maxLength: 600 }) },
  {
    weight: 1,
    arbitrary: fc
      .record({ length: fc.integer({ min: 1, max: 150_000 }), salt: fc.integer({ min: 0, max: 255 }) })
      .map(({ length, salt }) => Uint8Array.from({ length }, (_, i) => (i * 31 + salt) & 0xff)),
  },
);

interface RequestSpec {
  method: "GET" | "POST" | "PUT" | "DELETE";
  headers: Array<[string, string]>;
  /** For POST and PUT only. */
  body: Uint8Array | null;
  chunked: boolean;
  /** Cut points of a chunked body (taken modulo its length) and the extension each chunk line carries. */
  cuts: number[];
  extensions: string[];
  hexUpper: boolean;
  trailers: Array<[string, string]>;
  /** The app answers without reading the body. */
  skipBody: boolean;
}

const requestSpec: fc.Arbitrary<RequestSpec> = fc
  .record({
    method: fc.constantFrom("GET" as const, "POST" as const, "PUT" as const, "DELETE" as const),
    headers: fc.array(header, { maxLength: 5 }),
    body,
    chunked: fc.boolean(),
    cuts: fc.array(fc.nat(), { maxLength: 6 }),
    extensions: fc.array(chunkExtension, { minLength: 8, maxLength: 8 }),
    hexUpper: fc.boolean(),
    trailers: fc.array(trailer, { maxLength: 2 }),
    skipBody: fc.boolean(),
  })
  .map((spec) => {
    const hasBody = spec.method === "POST" || spec.method === "PUT";
    return {
      ...spec,
      body: hasBody ? spec.body : null,
      chunked: hasBody && spec.chunked,
      skipBody: hasBody && spec.skipBody,
      // Trailers of an unread body would race the app's look at the header list.
      trailers: hasBody && spec.chunked && !spec.skipBody ? spec.trailers : [],
    };
  });

const pipeline = fc.array(requestSpec, { minLength: 1, maxLength: 8 });

function chunkSizes(length: number, cuts: readonly number[]): number[] {
  if (length === 0) return [];
  const points = [...new Set(cuts.map((c) => c % length).filter((c) => c > 0))].sort((a, b) => a - b);
  const sizes: number[] = [];
  let at = 0;
  for (const p of [...points, length]) {
    sizes.push(p - at);
    at = p;
  }
  return sizes;
}

function serialize(spec: RequestSpec, index: number, close: boolean): Buffer {
  const parts: Buffer[] = [];
  let head = `${spec.method} /p${index}?q=${index} HTTP/1.1\r\nHost: example.org\r\n`;
  for (const [name, v] of spec.headers) head += `${name}: ${v}\r\n`;
  if (spec.body !== null) {
    head += spec.chunked ? "Transfer-Encoding: chunked\r\n" : `Content-Length: ${spec.body.length}\r\n`;
  }
  if (spec.skipBody) head += "X-Skip-Body: 1\r\n";
  if (close) head += "Connection: close\r\n";
  parts.push(Buffer.from(head + "\r\n", "latin1"));
  if (spec.body !== null && spec.chunked) {
    let at = 0;
    const sizes = chunkSizes(spec.body.length, spec.cuts);
    sizes.forEach((size, k) => {
      const hex = spec.hexUpper ? size.toString(16).toUpperCase() : size.toString(16);
      parts.push(Buffer.from(`${hex}${spec.extensions[k % 8] ?? ""}\r\n`, "latin1"));
      parts.push(Buffer.from(spec.body!.subarray(at, at + size)), Buffer.from("\r\n"));
      at += size;
    });
    let last = `0${spec.extensions[7] ?? ""}\r\n`;
    for (const [name, v] of spec.trailers) last += `${name}: ${v}\r\n`;
    parts.push(Buffer.from(last + "\r\n", "latin1"));
  } else if (spec.body !== null) {
    parts.push(Buffer.from(spec.body));
  }
  return Buffer.concat(parts);
}

/** Host, the random headers, the framing header, x-skip-body, connection; then the trailers. */
function expectedHeaderCount(spec: RequestSpec, close: boolean): number {
  return (
    1 +
    spec.headers.length +
    (spec.body !== null ? 1 : 0) +
    (spec.skipBody ? 1 : 0) +
    (close ? 1 : 0) +
    spec.trailers.length
  );
}

/** Where to cut the byte stream, and how long to wait (ms) after each piece. */
const splits = fc.array(fc.record({ at: fc.nat(), delay: fc.integer({ min: 0, max: 3 }) }), { maxLength: 10 });

async function writeSplit(
  client: RawClient,
  data: Buffer,
  cuts: ReadonlyArray<{ at: number; delay: number }>,
): Promise<void> {
  const ordered = cuts.map(({ at, delay }) => ({ at: at % (data.length + 1), delay })).sort((a, b) => a.at - b.at);
  let from = 0;
  for (const { at, delay } of ordered) {
    if (at > from) client.write(data.subarray(from, at));
    from = Math.max(from, at);
    if (delay > 0) await sleep(delay);
  }
  if (from < data.length) client.write(data.subarray(from));
}

function errorRecords(server: RunningServer): string[] {
  return server.records.filter((r) => r.level === "error" || r.level === "critical").map((r) => r.message);
}

// ---------------------------------------------------------------------------------------------------------------

test("test_fuzz_pipelined_requests_split_anywhere are answered in order", async () => {
  await withServer(echo, {}, async (server) => {
    await fc.assert(
      fc.asyncProperty(pipeline, fc.boolean(), splits, async (specs, close, cuts) => {
        const last = specs.length - 1;
        // An unread body behind `Connection: close` would meet a closed socket (a reset may eat the response).
        const closing = close && !specs[last]!.skipBody;
        const stream = Buffer.concat(specs.map((spec, i) => serialize(spec, i, closing && i === last)));
        const client = await RawClient.open(server.port);
        try {
          await writeSplit(client, stream, cuts);
          for (const [i, spec] of specs.entries()) {
            const res = await client.readResponse();
            expect(res.statusLine).toBe("HTTP/1.1 200 OK");
            const expected: Echo = {
              method: spec.method,
              path: `/p${i}`,
              query_string: `q=${i}`,
              body: spec.body === null ? "" : spec.skipBody ? null : Buffer.from(spec.body).toString("base64"),
              headers: expectedHeaderCount(spec, closing && i === last),
            };
            expect(JSON.parse(res.body.toString("utf8"))).toEqual(expected);
            const connectionHeader = res.headers.find(([name]) => name === "connection")?.[1];
            expect(connectionHeader).toBe(closing && i === last ? "close" : undefined);
          }
          if (closing) {
            expect(await client.waitClosed()).toBe(true);
            expect(client.received).toBe("");
          } else {
            // Still open and serving: the next request on the same connection is answered.
            client.write(SIMPLE_GET_REQUEST);
            const next = await client.readResponse();
            expect(JSON.parse(next.body.toString("utf8"))).toMatchObject({ method: "GET", path: "/", body: "" });
          }
        } finally {
          client.close();
        }
      }),
      { seed: SEED, numRuns: RUNS ?? 50 },
    );
    expect(errorRecords(server)).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Garbage

const VALID_REQUESTS: readonly string[] = [
  SIMPLE_GET_REQUEST,
  "POST /upload?x=1 HTTP/1.1\r\nHost: example.org\r\nContent-Type: text/plain\r\nContent-Length: 11\r\n\r\nhello world",
  "PUT /c HTTP/1.1\r\nHost: example.org\r\nTransfer-Encoding: chunked\r\n\r\n" +
    "5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nX-Trailer: t\r\n\r\n",
  "GET /a HTTP/1.1\r\nHost: example.org\r\nX-One: 1\r\n\r\n" +
    "DELETE /b HTTP/1.1\r\nHost: example.org\r\nConnection: close\r\n\r\n",
  "GET /old HTTP/1.0\r\nConnection: keep-alive\r\n\r\n",
];

type Mutation =
  | { kind: "flip"; at: number; mask: number }
  | { kind: "insert"; at: number; bytes: Uint8Array }
  | { kind: "delete"; at: number; length: number }
  | { kind: "truncate"; at: number }
  | { kind: "replace"; find: string; by: string };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant("flip" as const), at: fc.nat(), mask: fc.integer({ min: 1, max: 255 }) }),
  fc.record({
    kind: fc.constant("insert" as const),
    at: fc.nat(),
    bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }),
  }),
  fc.record({
    kind: fc.constant("insert" as const),
    at: fc.nat(),
    bytes: fc
      .constantFrom("\r", "\n", "\r\n", "\n\r", "\r\n\r\n", " ", "\t", ":", "\0")
      .map((s) => Buffer.from(s, "latin1")),
  }),
  fc.record({ kind: fc.constant("delete" as const), at: fc.nat(), length: fc.integer({ min: 1, max: 6 }) }),
  fc.record({ kind: fc.constant("truncate" as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant("replace" as const),
    find: fc.constantFrom("Content-Length: 11", "5;ext=1", "6\r\n", "0\r\n", "HTTP/1.1", "Host: example.org"),
    by: fc.constantFrom(
      "Content-Length: 99999999999999999999",
      "Content-Length: 18446744073709551616",
      "Content-Length: 1000000",
      "Content-Length: -1",
      "Content-Length: 1e3",
      "Content-Length: 11\r\nContent-Length: 12",
      "Transfer-Encoding: chunked",
      "fffffffffffffffff",
      "ffffffffffffffff",
      "zz",
      "-1",
      "0x10",
      "HTTP/9.9",
      "\0\xff\x80",
    ),
  }),
  // Past the 16 KiB head budget (431: a long field, or many) and past a chunk line's extension budget (400).
  fc.record({
    kind: fc.constant("replace" as const),
    find: fc.constantFrom("\r\n", "5;ext=1"),
    by: fc.constantFrom(
      `\r\nX-Big: ${"h".repeat(20_000)}\r\n`,
      `\r\n${"X-Many: m\r\n".repeat(2_000)}`,
      `5;${"e".repeat(40_000)}`,
    ),
  }),
);

function mutate(request: string, mutations: readonly Mutation[]): Buffer {
  let buf = Buffer.from(request, "latin1");
  for (const m of mutations) {
    const at = "at" in m ? m.at % (buf.length + 1) : 0;
    switch (m.kind) {
      case "flip":
        if (at < buf.length) {
          buf = Buffer.from(buf);
          buf[at]! ^= m.mask;
        }
        break;
      case "insert":
        buf = Buffer.concat([buf.subarray(0, at), m.bytes, buf.subarray(at)]);
        break;
      case "delete":
        buf = Buffer.concat([buf.subarray(0, at), buf.subarray(at + m.length)]);
        break;
      case "truncate":
        buf = buf.subarray(0, at);
        break;
      case "replace":
        buf = Buffer.from(buf.toString("latin1").replace(m.find, m.by), "latin1");
        break;
    }
  }
  return buf;
}

const garbage = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .tuple(fc.constantFrom(...VALID_REQUESTS), fc.array(mutation, { minLength: 1, maxLength: 4 }))
      .map(([request, mutations]) => mutate(request, mutations)),
  },
  { weight: 1, arbitrary: fc.uint8Array({ minLength: 1, maxLength: 300 }).map((b) => Buffer.from(b)) },
);

const STATUS_LINE = /^HTTP\/1\.1 (200|400|431) (OK|Bad Request|Request Header Fields Too Large)\r\n/;

test("test_fuzz_garbage never crashes or wedges the server", async () => {
  await withServer(echo, { timeoutKeepAlive: 1 }, async (server) => {
    await fc.assert(
      fc.asyncProperty(garbage, splits, async (data, cuts) => {
        const client = await RawClient.open(server.port);
        try {
          await writeSplit(client, data, cuts);
          client.socket.end();
          // The server answers or closes: it never holds the connection once the client is done sending.
          expect(await client.waitClosed()).toBe(true);
          const received = client.received;
          if (received !== "") {
            expect(received).toMatch(STATUS_LINE);
            // A refusal is the last thing on the connection, whole.
            for (const [status, message] of [
              ["400 Bad Request", "Invalid HTTP request received."],
              ["431 Request Header Fields Too Large", "Request Header Fields Too Large"],
            ]) {
              const at = received.indexOf(`HTTP/1.1 ${status}\r\n`);
              if (at >= 0) expect(received.slice(at).endsWith(`\r\nconnection: close\r\n\r\n${message}`)).toBe(true);
            }
          }
        } finally {
          client.close();
        }
        // The same server still serves a fresh connection.
        const res = await rawRequest(server.port, SIMPLE_GET_REQUEST);
        expect(res.statusLine).toBe("HTTP/1.1 200 OK");
        expect(JSON.parse(res.body.toString("utf8"))).toMatchObject({ method: "GET", path: "/", body: "" });
      }),
      { seed: SEED, numRuns: RUNS ?? 60 },
    );
    // Refusals are warnings; an error record would be a fault of ours (an exception in the protocol or the app).
    expect(errorRecords(server)).toEqual([]);
  });
});
