// Ports FastAPI's tests/test_stream_bare_type.py and test_stream_json_validation_error.py: untyped generators
// stream JSON lines; a typed one on a router keeps `response_model_exclude_none`; an item that fails `streamItem`
// raises ResponseValidationError. Answers compared with FastAPI 0.142.2's (reference/streaming.py).
import { expect, test } from "vitest";
import { z } from "zod";
import { APIRouter, App, ResponseValidationError, TestClient } from "../src/index.js";
import { sameAsFastAPI, sameOpenAPI } from "./test_tutorial/streaming_compare.js";

const Item = z.object({ name: z.string(), optional: z.string().nullable().default(null) }).meta({ id: "BareItem" });

function makeApp(withSync = true): App {
  const app = new App();
  // FastAPI's bare `-> AsyncIterable`: items of any type, written by pydantic.
  app.get("/items/stream-bare-async", { streamItem: z.any() }, async function* stream_bare_async() {
    yield { name: "foo" };
  });
  if (withSync) {
    app.get("/items/stream-bare-sync", { streamItem: z.any() }, function* stream_bare_sync() {
      yield { name: "bar" };
    });
  }
  const router = new APIRouter();
  router.get("/events-jsonl", { streamItem: Item, responseExcludeNone: true }, async function* stream_events_jsonl() {
    yield { name: "foo" };
  });
  app.includeRouter(router, { prefix: "/api" });
  return app;
}

const client = new TestClient(makeApp().asgi);

function jsonLines(text: string): unknown[] {
  return text.trim().split("\n").map((line) => JSON.parse(line) as unknown);
}

test("test_stream_bare_async_iterable", async () => {
  const response = await client.get("/items/stream-bare-async");
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toBe("application/jsonl");
  expect(jsonLines(response.text)).toEqual([{ name: "foo" }]);
  sameAsFastAPI(response, "bare_async");
});

test("test_stream_bare_sync_iterable", async () => {
  const response = await client.get("/items/stream-bare-sync");
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toBe("application/jsonl");
  expect(jsonLines(response.text)).toEqual([{ name: "bar" }]);
});

test("test_jsonl_router_typed_stream", async () => {
  const response = await client.get("/api/events-jsonl");
  expect(jsonLines(response.text)).toEqual([{ name: "foo" }]);
  sameAsFastAPI(response, "bare_router_typed");
});

test("test_jsonl_router_typed_openapi_schema", async () => {
  const doc = (await client.get("/openapi.json")).json() as { paths: Record<string, Record<string, { responses: Record<string, unknown> }>> };
  expect(doc.paths["/api/events-jsonl"]?.["get"]?.responses["200"]).toEqual({
    description: "Successful Response",
    content: { "application/jsonl": { itemSchema: { $ref: "#/components/schemas/BareItem" } } },
  });
  // The whole document, the untyped routes' empty itemSchema included.
  sameOpenAPI(makeApp(false).openapi(), "bare"); // The recorded app has no stream-bare-sync route.
});

const Priced = z.object({ name: z.string(), price: z.number() });

function invalidApp(): App {
  const app = new App();
  app.get("/items/stream-invalid", { streamItem: Priced }, async function* stream_items_invalid() {
    yield { name: "valid", price: 1.0 };
    yield { name: "invalid", price: "not-a-number" } as unknown as z.input<typeof Priced>;
  });
  app.get("/items/stream-invalid-sync", { streamItem: Priced }, function* stream_items_invalid_sync() {
    yield { name: "valid", price: 1.0 };
    yield { name: "invalid", price: "not-a-number" } as unknown as z.input<typeof Priced>;
  });
  return app;
}

test("test_stream_json_validation_error_async", async () => {
  await expect(new TestClient(invalidApp().asgi).get("/items/stream-invalid")).rejects.toBeInstanceOf(ResponseValidationError);
});

test("test_stream_json_validation_error_sync", async () => {
  await expect(new TestClient(invalidApp().asgi).get("/items/stream-invalid-sync")).rejects.toBeInstanceOf(ResponseValidationError);
});

test("a handler that returns a generator (not one itself) streams as one", async () => {
  const app = new App();
  async function* numbers(): AsyncGenerator<number> {
    yield 1;
    yield 2;
  }
  app.get("/numbers", () => numbers());
  const response = await new TestClient(app.asgi).get("/numbers");
  expect(response.headers.get("content-type")).toBe("application/jsonl");
  expect(response.text).toBe("1\n2\n");
});
