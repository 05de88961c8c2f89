// Starlette's tests/middleware/test_gzip.py, and the bytes checked against zlib's as Python writes them.
import { createHash } from "node:crypto";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  FileResponse,
  Middleware,
  PlainTextResponse,
  Request,
  StreamingResponse,
  TestClient,
  type ReceiveMessage,
  type SendMessage,
} from "@mono/asgi";
import { expect, test } from "vitest";
import { GZipMiddleware, Route, Starlette } from "../../src/index.js";

function appOf(endpoint: (request: Request) => PlainTextResponse | StreamingResponse | FileResponse | Promise<FileResponse>): Starlette {
  return new Starlette({ routes: [new Route("/", endpoint)], middleware: [new Middleware(GZipMiddleware)] });
}

async function* generator(chunk: string, count: number): AsyncGenerator<string> {
  for (let i = 0; i < count; i++) yield chunk;
}

test("test_gzip_responses", async () => {
  const client = new TestClient(appOf(() => new PlainTextResponse("x".repeat(4000), { status: 200 })).asgi);
  const response = await client.get("/", { headers: { "accept-encoding": "gzip" } });
  expect(response.status).toBe(200);
  expect(response.text).toBe("x".repeat(4000));
  expect(response.headers.get("Content-Encoding")).toBe("gzip");
  expect(response.headers.get("Vary")).toBe("Accept-Encoding");
  expect(Number(response.headers.get("Content-Length"))).toBeLessThan(4000);
});

test("test_gzip_not_in_accept_encoding", async () => {
  const client = new TestClient(appOf(() => new PlainTextResponse("x".repeat(4000), { status: 200 })).asgi);
  const response = await client.get("/", { headers: { "accept-encoding": "identity" } });
  expect(response.status).toBe(200);
  expect(response.text).toBe("x".repeat(4000));
  expect(response.headers.has("Content-Encoding")).toBe(false);
  expect(response.headers.get("Vary")).toBe("Accept-Encoding");
  expect(Number(response.headers.get("Content-Length"))).toBe(4000);
});

test("test_gzip_ignored_for_small_responses", async () => {
  const client = new TestClient(appOf(() => new PlainTextResponse("OK", { status: 200 })).asgi);
  const response = await client.get("/", { headers: { "accept-encoding": "gzip" } });
  expect(response.status).toBe(200);
  expect(response.text).toBe("OK");
  expect(response.headers.has("Content-Encoding")).toBe(false);
  expect(response.headers.has("Vary")).toBe(false);
  expect(Number(response.headers.get("Content-Length"))).toBe(2);
});

test("test_gzip_streaming_response", async () => {
  const client = new TestClient(appOf(() => new StreamingResponse(generator("x".repeat(400), 10), { status: 200 })).asgi);
  const response = await client.get("/", { headers: { "accept-encoding": "gzip" } });
  expect(response.status).toBe(200);
  expect(response.text).toBe("x".repeat(4000));
  expect(response.headers.get("Content-Encoding")).toBe("gzip");
  expect(response.headers.get("Vary")).toBe("Accept-Encoding");
  expect(response.headers.has("Content-Length")).toBe(false);
});

test("test_gzip_streaming_response_identity", async () => {
  const client = new TestClient(appOf(() => new StreamingResponse(generator("x".repeat(400), 10), { status: 200 })).asgi);
  const response = await client.get("/", { headers: { "accept-encoding": "identity" } });
  expect(response.status).toBe(200);
  expect(response.text).toBe("x".repeat(4000));
  expect(response.headers.has("Content-Encoding")).toBe(false);
  expect(response.headers.get("Vary")).toBe("Accept-Encoding");
  expect(response.headers.has("Content-Length")).toBe(false);
});

test("test_gzip_ignored_for_responses_with_encoding_set", async () => {
  const client = new TestClient(
    appOf(
      () =>
        new StreamingResponse(generator("x".repeat(400), 10), { status: 200, headers: { "Content-Encoding": "text" } }),
    ).asgi,
  );
  const response = await client.get("/", { headers: { "accept-encoding": "gzip, text" } });
  expect(response.status).toBe(200);
  expect(response.text).toBe("x".repeat(4000));
  expect(response.headers.get("Content-Encoding")).toBe("text");
  expect(response.headers.has("Vary")).toBe(false);
  expect(response.headers.has("Content-Length")).toBe(false);
});

test("test_gzip_ignored_on_server_sent_events", async () => {
  const client = new TestClient(
    appOf(() => new StreamingResponse(generator("x".repeat(400), 10), { status: 200, mediaType: "text/event-stream" })).asgi,
  );
  const response = await client.get("/", { headers: { "accept-encoding": "gzip" } });
  expect(response.status).toBe(200);
  expect(response.text).toBe("x".repeat(4000));
  expect(response.headers.has("Content-Encoding")).toBe(false);
  expect(response.headers.has("Content-Length")).toBe(false);
});

test("test_gzip_ignored_for_pathsend_responses", async () => {
  const dir = await mkdtemp(join(tmpdir(), "gzip-"));
  const path = join(dir, "example.txt");
  await writeFile(path, "<file content>");
  const events: SendMessage[] = [];
  const app = appOf(async (request) => {
    await request.body();
    return new FileResponse(path);
  });
  const scope = {
    type: "http",
    asgi: { version: "3.0" },
    http_version: "1.1",
    method: "GET",
    scheme: "http",
    path: "/",
    raw_path: "/",
    root_path: "",
    query_string: "",
    headers: [["accept-encoding", "gzip, text"]],
    extensions: { "http.response.pathsend": {} },
  };
  const receive = async (): Promise<ReceiveMessage> => ({ type: "http.request", body: new Uint8Array(0), more_body: false });
  await app.asgi(scope as never, receive, async (message) => {
    events.push(message);
  });
  expect(events.map((e) => e.type)).toEqual(["http.response.start", "http.response.pathsend"]);
});

// Byte-exact: the md5 of what Python's zlib.compressobj(9, DEFLATED, 31) writes for the same bodies (Starlette 1.7.0).
test("gzip bytes are Python's, whole and streamed", async () => {
  const md5 = (bytes: Uint8Array): string => createHash("md5").update(bytes).digest("hex");
  const whole = appOf(() => new PlainTextResponse("x".repeat(4000)));
  const streamed = appOf(() => new StreamingResponse(generator("x".repeat(4000), 2)));
  for (const [app, expected, lengths] of [
    [whole, "2b66789b786e9d1055aae5a7c293759f", [39]],
    [streamed, "42c469eccd4dca37f2505d87751dc7cf", [35, 24, 10]],
  ] as const) {
    const response = await new TestClient(app.asgi).get("/", { headers: { "accept-encoding": "gzip" } });
    const raw = response.messages
      .filter((m): m is Extract<SendMessage, { type: "http.response.body" }> => m.type === "http.response.body")
      .map((m) => m.body ?? new Uint8Array(0));
    expect(md5(Buffer.concat(raw))).toBe(expected);
    // Each chunk is flushed into its own message, as Python's compress() + flush(Z_SYNC_FLUSH) per chunk.
    expect(raw.map((body) => body.length)).toEqual(lengths);
  }
});

test("options are checked at construction", () => {
  const app = new Starlette();
  expect(() => new GZipMiddleware(app.asgi, { minimumSize: -1 })).toThrow(/minimumSize/);
  expect(() => new GZipMiddleware(app.asgi, { minimum_size: 5 } as never)).toThrow(/minimum_size/);
});
