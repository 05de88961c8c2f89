// Ports FastAPI's tests/test_tutorial/test_server_sent_events (tutorial001 to tutorial005): a generator handler
// with `responseClass: EventSourceResponse` streams each item as a server-sent event; ServerSentEvent sets the
// event's fields. Bytes as FastAPI 0.142.2's.
import { expect, test } from "vitest";
import { z } from "zod";
import { App, EventSourceResponse, ServerSentEvent, TestClient } from "../../src/index.js";
import { sameAsFastAPI, sameOpenAPI } from "./streaming_compare.js";

const sse = { responseClass: EventSourceResponse };

const Item1 = z.object({ name: z.string(), description: z.string().nullable() }).meta({ id: "Item" });
const items1: z.infer<typeof Item1>[] = [
  { name: "Plumbus", description: "A multi-purpose household device." },
  { name: "Portal Gun", description: "A portal opening device." },
  { name: "Meeseeks Box", description: "A box that summons a Meeseeks." },
];

function app001(): App {
  const app = new App();
  app.get("/items/stream", { ...sse, streamItem: Item1 }, async function* sse_items() {
    for (const item of items1) yield item;
  });
  app.get("/items/stream-no-async", { ...sse, streamItem: Item1 }, function* sse_items_no_async() {
    for (const item of items1) yield item;
  });
  app.get("/items/stream-no-annotation", sse, async function* sse_items_no_annotation() {
    for (const item of items1) yield item;
  });
  app.get("/items/stream-no-async-no-annotation", sse, function* sse_items_no_async_no_annotation() {
    for (const item of items1) yield item;
  });
  return app;
}

test.each(["stream", "stream-no-async", "stream-no-annotation", "stream-no-async-no-annotation"])("test_stream_items %s", async (path) => {
  const response = await new TestClient(app001().asgi).get(`/items/${path}`);
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
  const dataLines = response.text.trim().split("\n").filter((line) => line.startsWith("data: "));
  expect(dataLines).toHaveLength(3);
  sameAsFastAPI(response, `sse1_${path}`);
});

test("test_openapi_schema (tutorial001)", () => {
  sameOpenAPI(app001().openapi(), "sse1");
});

const Item2 = z.object({ name: z.string(), price: z.number() }).meta({ id: "Item" });
const items2: z.infer<typeof Item2>[] = [
  { name: "Plumbus", price: 32.99 },
  { name: "Portal Gun", price: 999.99 },
  { name: "Meeseeks Box", price: 49.99 },
];

function app002(): App {
  const app = new App();
  app.get("/items/stream", sse, async function* stream_items() {
    yield new ServerSentEvent({ comment: "stream of item updates" });
    for (const [i, item] of items2.entries()) {
      yield new ServerSentEvent({ data: item, event: "item_update", id: String(i + 1), retry: 5000 });
    }
  });
  return app;
}

test("test_stream_items (tutorial002)", async () => {
  const response = await new TestClient(app002().asgi).get("/items/stream");
  expect(response.status).toBe(200);
  expect(response.text).toContain(": stream of item updates\n");
  expect(response.text).toContain("event: item_update\n");
  expect(response.text).toContain("retry: 5000\n");
  sameAsFastAPI(response, "sse2_stream");
});

test("test_openapi_schema (tutorial002)", () => {
  sameOpenAPI(app002().openapi(), "sse2");
});

function app003(): App {
  const app = new App();
  app.get("/logs/stream", sse, async function* stream_logs() {
    const logs = ["2025-01-01 INFO  Application started", "2025-01-01 DEBUG Connected to database", "2025-01-01 WARN  High memory usage detected"];
    for (const logLine of logs) yield new ServerSentEvent({ rawData: logLine });
  });
  return app;
}

test("test_stream_logs", async () => {
  const response = await new TestClient(app003().asgi).get("/logs/stream");
  expect(response.text).toContain("data: 2025-01-01 INFO  Application started\n");
  sameAsFastAPI(response, "sse3_stream");
});

test("test_openapi_schema (tutorial003)", () => {
  sameOpenAPI(app003().openapi(), "sse3");
});

function app004(): App {
  const app = new App();
  const headers = z.object({ last_event_id: z.int().nullable().default(null) });
  app.get("/items/stream", { ...sse, headers }, async function* stream_items({ headers }) {
    const start = headers.last_event_id !== null ? headers.last_event_id + 1 : 0;
    for (const [i, item] of items2.entries()) {
      if (i < start) continue;
      yield new ServerSentEvent({ data: item, id: String(i) });
    }
  });
  return app;
}

test("test_stream_all_items", async () => {
  sameAsFastAPI(await new TestClient(app004().asgi).get("/items/stream"), "sse4_stream");
});

test("test_resume_from_last_event_id", async () => {
  const response = await new TestClient(app004().asgi).get("/items/stream", { headers: { "last-event-id": "0" } });
  expect(response.text).not.toContain("id: 0\n");
  sameAsFastAPI(response, "sse4_resume");
});

test("test_resume_from_last_item", async () => {
  sameAsFastAPI(await new TestClient(app004().asgi).get("/items/stream", { headers: { "last-event-id": "1" } }), "sse4_resume_1");
});

test("an invalid Last-Event-ID is a 422 before any event", async () => {
  sameAsFastAPI(await new TestClient(app004().asgi).get("/items/stream", { headers: { "last-event-id": "abc" } }), "sse4_bad_header");
});

test("test_openapi_schema (tutorial004)", () => {
  sameOpenAPI(app004().openapi(), "sse4");
});

const Prompt = z.object({ text: z.string() }).meta({ id: "Prompt" });

function app005(): App {
  const app = new App();
  app.post("/chat/stream", { ...sse, body: Prompt }, async function* stream_chat({ body }) {
    const words = body.text.split(/\s+/).filter((word) => word !== "");
    for (const word of words) yield new ServerSentEvent({ data: word, event: "token" });
    yield new ServerSentEvent({ rawData: "[DONE]", event: "done" });
  });
  return app;
}

test("test_stream_chat", async () => {
  const response = await new TestClient(app005().asgi).post("/chat/stream", { json: { text: "Hello world how are you" } });
  expect(response.text).toContain('event: token\ndata: "Hello"\n');
  expect(response.text).toContain("event: done\ndata: [DONE]\n");
  sameAsFastAPI(response, "sse5_stream");
});

test("non-ASCII words are JSON-escaped, as json.dumps writes them", async () => {
  sameAsFastAPI(await new TestClient(app005().asgi).post("/chat/stream", { json: { text: "héllo wörld" } }), "sse5_unicode");
});

test("a body missing its field, or no body, is a 422", async () => {
  const client = new TestClient(app005().asgi);
  sameAsFastAPI(await client.post("/chat/stream", { json: {} }), "sse5_missing");
  sameAsFastAPI(await client.post("/chat/stream"), "sse5_no_body");
});

test("test_openapi_schema (tutorial005)", () => {
  sameOpenAPI(app005().openapi(), "sse5");
});
