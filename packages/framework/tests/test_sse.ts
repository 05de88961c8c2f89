// Ports FastAPI's tests/test_sse.py: server-sent events from generator handlers (async and sync, typed by
// `streamItem` or not), ServerSentEvent's fields and checks, raw data, routers, the keep-alive ping and
// format_sse_event's line splitting. Wire bytes compared with FastAPI 0.142.2's where recorded (reference/streaming.py).
import type { ASGIApp } from "@mono/asgi";
import { expect, test } from "vitest";
import { z } from "zod";
import { APIRouter, App, EventSourceResponse, formatSseEvent, ServerSentEvent, TestClient } from "../src/index.js";
import { sameAsFastAPI } from "./test_tutorial/streaming_compare.js";

const Item = z.object({ name: z.string(), description: z.string().nullable().default(null) }).meta({ id: "Item" });
type Item = z.input<typeof Item>;
const items: Item[] = [
  { name: "Plumbus", description: "A multi-purpose household device." },
  { name: "Portal Gun", description: "A portal opening device." },
  { name: "Meeseeks Box", description: "A box that summons a Meeseeks." },
];
const sse = { responseClass: EventSourceResponse };

function makeApp(): App {
  const app = new App();
  app.get("/items/stream", { ...sse, streamItem: Item }, async function* sse_items() {
    for (const item of items) yield item;
  });
  app.get("/items/stream-sync", { ...sse, streamItem: Item }, function* sse_items_sync() {
    yield* items;
  });
  app.get("/items/stream-no-annotation", sse, async function* sse_items_no_annotation() {
    for (const item of items) yield item;
  });
  app.get("/items/stream-sync-no-annotation", sse, function* sse_items_sync_no_annotation() {
    yield* items;
  });
  app.get("/items/stream-dict", sse, async function* sse_items_dict() {
    for (const item of items) yield { name: item.name, description: item.description };
  });
  app.get("/items/stream-sse-event", sse, async function* sse_items_event() {
    yield new ServerSentEvent({ data: "hello", event: "greeting", id: "1" });
    yield new ServerSentEvent({ data: { key: "value" }, event: "json-data", id: "2" });
    yield new ServerSentEvent({ comment: "just a comment" });
    yield new ServerSentEvent({ data: "retry-test", retry: 5000 });
  });
  app.get("/items/stream-mixed", { ...sse, streamItem: Item }, async function* sse_items_mixed() {
    for (const item of items) yield item;
    yield new ServerSentEvent({ data: "custom-event", event: "special" });
    yield items[1] as Item;
  });
  app.get("/items/stream-string", sse, async function* sse_items_string() {
    yield new ServerSentEvent({ data: "plain text data" });
  });
  app.post("/items/stream-post", { ...sse, streamItem: Item }, async function* sse_items_post() {
    for (const item of items) yield item;
  });
  app.get("/items/stream-raw", sse, async function* sse_items_raw() {
    yield new ServerSentEvent({ rawData: "plain text without quotes" });
    yield new ServerSentEvent({ rawData: "<div>html fragment</div>", event: "html" });
    yield new ServerSentEvent({ rawData: "cpu,87.3,1709145600", event: "csv" });
  });
  const router = new APIRouter();
  router.get("/events", sse, async function* stream_events() {
    yield { msg: "hello" };
    yield { msg: "world" };
  });
  router.get("/events-typed", { ...sse, streamItem: Item }, async function* stream_events_typed() {
    for (const item of items) yield item;
  });
  app.includeRouter(router, { prefix: "/api" });
  return app;
}

const client = new TestClient(makeApp().asgi);

function dataLines(text: string): string[] {
  return text.trim().split("\n").filter((line) => line.startsWith("data: "));
}

test("test_async_generator_with_model", async () => {
  const response = await client.get("/items/stream");
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
  expect(response.headers.get("cache-control")).toBe("no-cache");
  expect(response.headers.get("x-accel-buffering")).toBe("no");
  const lines = dataLines(response.text);
  expect(lines).toHaveLength(3);
  expect(lines[0]).toContain('"name":"Plumbus"');
  expect(lines[1]).toContain('"name":"Portal Gun"');
  expect(lines[2]).toContain('"name":"Meeseeks Box"');
});

test.each(["/items/stream-sync", "/items/stream-no-annotation", "/items/stream-sync-no-annotation"])(
  "test_sync_generator_with_model / test_async_generator_no_annotation / test_sync_generator_no_annotation %s",
  async (path) => {
    const response = await client.get(path);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
    expect(dataLines(response.text)).toHaveLength(3);
  },
);

test("test_dict_items", async () => {
  const response = await client.get("/items/stream-dict");
  expect(response.status).toBe(200);
  const lines = dataLines(response.text);
  expect(lines).toHaveLength(3);
  expect(lines[0]).toContain('"name"');
});

test("test_post_method_sse", async () => {
  const response = await client.post("/items/stream-post");
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
  expect(dataLines(response.text)).toHaveLength(3);
});

test("test_sse_events_with_fields", async () => {
  const text = (await client.get("/items/stream-sse-event")).text;
  expect(text).toContain("event: greeting\n");
  expect(text).toContain('data: "hello"\n');
  expect(text).toContain("id: 1\n");
  expect(text).toContain("event: json-data\n");
  expect(text).toContain("id: 2\n");
  // FastAPI writes a dict with json.dumps' spaces ({"key": "value"}); a JS object is written as a model is.
  expect(text).toContain('data: {"key":"value"}\n');
  expect(text).toContain(": just a comment\n");
  expect(text).toContain("retry: 5000\n");
  expect(text).toContain('data: "retry-test"\n');
});

test("test_mixed_plain_and_sse_events", async () => {
  const text = (await client.get("/items/stream-mixed")).text;
  expect(text).toContain("event: special\n");
  expect(text).toContain('data: "custom-event"\n');
  expect(text).toContain('"name"');
});

test("test_string_data_json_encoded", async () => {
  expect((await client.get("/items/stream-string")).text).toContain('data: "plain text data"\n');
});

test("test_server_sent_event_null_id_rejected", () => {
  expect(() => new ServerSentEvent({ data: "test", id: "has\0null" })).toThrow(/null/);
});

test.each(["event", "id"] as const)("test_server_sent_event_single_line_fields_reject_newlines %s", (field) => {
  for (const value of ["first\nsecond", "first\rsecond", "first\r\nsecond"]) {
    expect(() => new ServerSentEvent({ data: "test", [field]: value })).toThrow(`SSE '${field}' must be a single line`);
  }
});

test("test_server_sent_event_negative_retry_rejected", () => {
  expect(() => new ServerSentEvent({ data: "test", retry: -1 })).toThrow();
});

test("test_server_sent_event_float_retry_rejected", () => {
  expect(() => new ServerSentEvent({ data: "test", retry: 1.5 })).toThrow();
});

test("test_raw_data_sent_without_json_encoding", async () => {
  const text = (await client.get("/items/stream-raw")).text;
  expect(text).toContain("data: plain text without quotes\n");
  expect(text).not.toContain('data: "plain text without quotes"');
  expect(text).toContain("event: html\n");
  expect(text).toContain("data: <div>html fragment</div>\n");
  expect(text).toContain("event: csv\n");
  expect(text).toContain("data: cpu,87.3,1709145600\n");
});

test("test_data_and_raw_data_mutually_exclusive", () => {
  expect(() => new ServerSentEvent({ data: "json", rawData: "raw" })).toThrow(/Cannot set both/);
});

test("test_sse_on_router_included_in_app", async () => {
  const response = await client.get("/api/events");
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
  expect(dataLines(response.text)).toHaveLength(2);
});

test("test_sse_router_typed_stream", async () => {
  const response = await client.get("/api/events-typed");
  expect(response.status).toBe(200);
  expect(dataLines(response.text)).toHaveLength(3);
});

test("test_sse_router_typed_openapi_schema", async () => {
  const doc = (await client.get("/openapi.json")).json() as { paths: Record<string, Record<string, { responses: Record<string, unknown> }>> };
  expect(doc.paths["/api/events-typed"]?.["get"]?.responses["200"]).toEqual({
    description: "Successful Response",
    content: {
      "text/event-stream": {
        itemSchema: {
          type: "object",
          properties: {
            data: { type: "string", contentMediaType: "application/json", contentSchema: { $ref: "#/components/schemas/Item" } },
            event: { type: "string" },
            id: { type: "string" },
            retry: { type: "integer", minimum: 0 },
          },
          required: ["data"],
        },
      },
    },
  });
});

/** The app, watched: `pinged` settles once a keep-alive comment has gone out. */
function keepaliveApp(): { asgi: ASGIApp; pinged: Promise<void> } {
  let resolvePing!: () => void;
  const pinged = new Promise<void>((resolve) => {
    resolvePing = resolve;
  });
  const app = new App();
  app.get("/slow-async", sse, async function* slow_async_stream() {
    yield { n: 1 };
    // Longer than the ping interval: the next item waits for the ping itself rather than for a fixed sleep.
    await pinged;
    yield { n: 2 };
  });
  const asgi: ASGIApp = (scope, receive, send) =>
    app.asgi(scope, receive, async (message) => {
      if (message.type === "http.response.body" && new TextDecoder().decode(message.body).includes(": ping")) resolvePing();
      await send(message);
    });
  return { asgi, pinged };
}

test("test_keepalive_ping_async", async () => {
  const saved = EventSourceResponse.pingInterval;
  EventSourceResponse.pingInterval = 0.05;
  try {
    const { asgi } = keepaliveApp();
    const response = await new TestClient(asgi).get("/slow-async");
    expect(response.status).toBe(200);
    expect(response.text).toContain(": ping\n");
    expect(response.text.split("\n").filter((line) => line.startsWith("data: "))).toHaveLength(2);
  } finally {
    EventSourceResponse.pingInterval = saved;
  }
});

test("test_no_keepalive_when_fast", async () => {
  const response = await client.get("/items/stream");
  expect(response.status).toBe(200);
  expect(response.text).not.toContain(": ping\n");
});

const decoder = new TextDecoder();
test.each([
  ["Hello\n", "data: Hello\ndata: \n\n"],
  ["Hello\n\n", "data: Hello\ndata: \ndata: \n\n"],
  ["\n", "data: \ndata: \n\n"],
  ["Hello\r\nWorld", "data: Hello\ndata: World\n\n"],
  ["Hello\rWorld", "data: Hello\ndata: World\n\n"],
  ["A\u2028B", "data: A\u2028B\n\n"],
  ["A\vB", "data: A\x0bB\n\n"],
  ["", "data: \n\n"],
])("test_format_sse_event_splitlines_behavior_in_data %j", (data, expected) => {
  expect(decoder.decode(formatSseEvent({ dataStr: data }))).toBe(expected);
});

test("test_format_sse_event_splitlines_behavior_in_comment", () => {
  expect(decoder.decode(formatSseEvent({ comment: "hi\n" }))).toBe(": hi\n: \n\n");
});

// Answers compared byte for byte with FastAPI's (apps of the same shape in reference/streaming.py).
test("events with every field, lists, multi-line comments and an empty event, as FastAPI writes them", async () => {
  const app = new App();
  app.get("/items/stream-sse-event", sse, async function* sse_items_event() {
    yield new ServerSentEvent({ data: "hello", event: "greeting", id: "1" });
    yield new ServerSentEvent({ comment: "just a comment" });
    yield new ServerSentEvent({ data: "retry-test", retry: 5000 });
    yield new ServerSentEvent({ data: ["a", 1, 2.5, null, true], event: "list" });
    yield new ServerSentEvent({ data: "multi\nline", comment: "two\nlines" });
    yield new ServerSentEvent();
  });
  app.get("/items/stream-raw", sse, async function* sse_items_raw() {
    yield new ServerSentEvent({ rawData: "plain text without quotes" });
    yield new ServerSentEvent({ rawData: "<div>html fragment</div>", event: "html" });
    yield new ServerSentEvent({ rawData: "line1\r\nline2\rline3", event: "csv" });
  });
  app.get("/items/stream-plain", sse, async function* sse_items_plain() {
    yield { name: "Plumbus", price: 32.5, tags: ["a", "é"], n: 3 };
    yield "plain text";
    yield 42;
  });
  const c = new TestClient(app.asgi);
  sameAsFastAPI(await c.get("/items/stream-sse-event"), "sse_events");
  sameAsFastAPI(await c.get("/items/stream-raw"), "sse_raw");
  sameAsFastAPI(await c.get("/items/stream-plain"), "sse_plain");
});

// default_response_class on the app, and on a parent router.
const sseSchemaResponse = {
  description: "Successful Response",
  content: {
    "text/event-stream": {
      itemSchema: {
        type: "object",
        properties: {
          data: { type: "string", contentMediaType: "application/json", contentSchema: { $ref: "#/components/schemas/Item" } },
          event: { type: "string" },
          id: { type: "string" },
          retry: { type: "integer", minimum: 0 },
        },
        required: ["data"],
      },
    },
  },
};

function defaultAppApp(): App {
  const app = new App({ defaultResponseClass: EventSourceResponse });
  const router = new APIRouter();
  router.get("/stream", { streamItem: Item }, async function* default_app_stream() {
    for (const item of items) yield item;
  });
  app.includeRouter(router, { prefix: "/api" });
  return app;
}

function defaultParentApp(): App {
  const app = new App();
  const parent = new APIRouter({ defaultResponseClass: EventSourceResponse });
  const child = new APIRouter();
  child.get("/stream", { streamItem: Item }, async function* default_parent_stream() {
    for (const item of items) yield item;
  });
  parent.includeRouter(child);
  app.includeRouter(parent, { prefix: "/api" });
  return app;
}

test.each([
  ["test_default_response_class_on_app_stream", defaultAppApp],
  ["test_default_response_class_on_parent_router_stream", defaultParentApp],
] as const)("%s", async (_name, makeOne) => {
  const response = await new TestClient(makeOne().asgi).get("/api/stream");
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
  expect(dataLines(response.text)).toHaveLength(3);
});

test.each([
  ["test_default_response_class_on_app_openapi_schema", defaultAppApp],
  ["test_default_response_class_on_parent_router_openapi_schema", defaultParentApp],
] as const)("%s", (_name, makeOne) => {
  const doc = makeOne().openapi() as { paths: Record<string, Record<string, { responses: Record<string, unknown> }>> };
  expect(doc.paths["/api/stream"]?.["get"]?.responses["200"]).toEqual(sseSchemaResponse);
});
