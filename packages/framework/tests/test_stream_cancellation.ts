// Ports FastAPI's tests/test_stream_cancellation.py: an endless generator with no await of its own stops once the
// client is gone (JS's counterpart of anyio's cancellation: the `http.disconnect` message), for a raw stream,
// JSON lines and server-sent events, and its `finally` runs.
import type { HTTPScope, ReceiveMessage, SendMessage } from "@mono/asgi";
import { expect, test } from "vitest";
import { App, EventSourceResponse, StreamingResponse } from "../src/index.js";

function makeApp(finished: string[]): App {
  const app = new App();
  app.get("/stream-raw", { responseClass: StreamingResponse }, async function* stream_raw() {
    try {
      for (let i = 0; ; i++) yield `item ${i}\n`;
    } finally {
      finished.push("raw");
    }
  });
  app.get("/stream-jsonl", async function* stream_jsonl() {
    try {
      for (let i = 0; ; i++) yield i;
    } finally {
      finished.push("jsonl");
    }
  });
  app.get("/stream-sse", { responseClass: EventSourceResponse }, async function* stream_sse() {
    try {
      for (let i = 0; ; i++) yield i;
    } finally {
      finished.push("sse");
    }
  });
  return app;
}

/** Runs the app for `path` with a client that leaves after 5 body chunks; resolves with the chunks seen. */
async function runAndDisconnect(app: App, path: string): Promise<number> {
  let chunks = 0;
  let leave!: () => void;
  const left = new Promise<void>((resolve) => {
    leave = resolve;
  });
  let requested = false;
  const receive = async (): Promise<ReceiveMessage> => {
    if (!requested) {
      requested = true;
      return { type: "http.request", body: new Uint8Array(), more_body: false };
    }
    await left;
    return { type: "http.disconnect" };
  };
  const send = async (message: SendMessage): Promise<void> => {
    if (message.type === "http.response.body" && ++chunks === 5) leave();
  };
  const scope: HTTPScope = {
    type: "http",
    asgi: { version: "3.0", spec_version: "2.0" },
    http_version: "1.1",
    method: "GET",
    scheme: "http",
    path,
    raw_path: path,
    query_string: "",
    root_path: "",
    headers: [],
    client: ["127.0.0.1", 1234],
    server: ["test", 80],
  };
  await app.asgi(scope, receive, send);
  return chunks;
}

test.each([
  ["test_raw_stream_cancellation", "/stream-raw", "raw"],
  ["test_jsonl_stream_cancellation", "/stream-jsonl", "jsonl"],
  ["an endless server-sent event stream stops too", "/stream-sse", "sse"],
])("%s", async (_name, path, kind) => {
  const finished: string[] = [];
  const chunks = await runAndDisconnect(makeApp(finished), path);
  expect(chunks).toBeGreaterThanOrEqual(5);
  // The generator's finally runs once the stream stops (SSE's after its pending item is done).
  await expect.poll(() => finished, { timeout: 30_000 }).toEqual([kind]);
});
