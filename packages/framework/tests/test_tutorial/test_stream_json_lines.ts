// Ports FastAPI's tests/test_tutorial/test_stream_json_lines (tutorial001): a generator handler without a response
// class streams JSON lines (`application/jsonl`), items validated by `streamItem` (FastAPI's `-> AsyncIterable[Item]`)
// and written as pydantic does, else as Python's json.dumps. Bytes as FastAPI 0.142.2's.
import { expect, test } from "vitest";
import { z } from "zod";
import { App, TestClient } from "../../src/index.js";
import { sameAsFastAPI, sameOpenAPI } from "./streaming_compare.js";

const Item = z.object({ name: z.string(), description: z.string().nullable() }).meta({ id: "Item" });
type Item = z.infer<typeof Item>;

const items: Item[] = [
  { name: "Plumbus", description: "A multi-purpose household device." },
  { name: "Portal Gun", description: "A portal opening device." },
  { name: "Meeseeks Box", description: "A box that summons a Meeseeks." },
];

function app001(): App {
  const app = new App();
  app.get("/items/stream", { streamItem: Item }, async function* stream_items() {
    for (const item of items) yield item;
  });
  app.get("/items/stream-no-async", { streamItem: Item }, function* stream_items_no_async() {
    for (const item of items) yield item;
  });
  app.get("/items/stream-no-annotation", async function* stream_items_no_annotation() {
    for (const item of items) yield item;
  });
  app.get("/items/stream-no-async-no-annotation", function* stream_items_no_async_no_annotation() {
    for (const item of items) yield item;
  });
  return app;
}

test.each(["stream", "stream-no-async", "stream-no-annotation", "stream-no-async-no-annotation"])("test_stream_items %s", async (path) => {
  const response = await new TestClient(app001().asgi).get(`/items/${path}`);
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toBe("application/jsonl");
  const lines = response.text.trim().split("\n").map((line) => JSON.parse(line) as unknown);
  expect(lines).toEqual(items);
  sameAsFastAPI(response, `sjl1_${path}`);
});

test("a POST to a GET stream is a 405, as FastAPI's", async () => {
  sameAsFastAPI(await new TestClient(app001().asgi).post("/items/stream"), "sjl1_post");
});

test("test_openapi_schema", () => {
  sameOpenAPI(app001().openapi(), "sjl1");
});
