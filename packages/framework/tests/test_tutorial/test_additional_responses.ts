// Ports FastAPI's tests/test_tutorial/test_additional_responses (tutorial001-003): responses={...} with a model,
// extra media types and content examples, merged into the OpenAPI document as FastAPI does (key order included);
// and status ranges ("4XX", "default"), an explicit description, and how a camelCase handler name maps.
import { JSONResponse, TestClient } from "@mono/asgi";
import { expect, test } from "vitest";
import { z } from "zod";
import { App } from "../../src/index.js";
import { FASTAPI13, OPENAPI13 } from "./fastapi_reference_13.js";

function same(response: { status: number; rawHeaders: [string, string][]; text: string }, name: string): void {
  expect({ status: response.status, headers: response.rawHeaders, body: response.text }).toEqual(FASTAPI13[name]);
}

function sameOpenAPI(app: App, name: string): void {
  expect(JSON.stringify(app.openapi())).toBe(JSON.stringify(JSON.parse(OPENAPI13[name] as string)));
}

const Item = z.object({ id: z.string(), value: z.string() }).meta({ id: "ARItem" });
const Message = z.object({ message: z.string() }).meta({ id: "Message" });
const path = z.object({ item_id: z.string() });

function tutorial001(): App {
  const app = new App();
  app.get("/items/{item_id}", { path, response: Item, responses: { 404: { model: Message } } }, function read_item({ path }) {
    if (path.item_id === "foo") return { id: "foo", value: "there goes my hero" };
    return new JSONResponse({ message: "Item not found" }, { status: 404 });
  });
  return app;
}

test("test_path_operation", async () => {
  same(await new TestClient(tutorial001().asgi).get("/items/foo"), "ar1_foo");
});

test("test_path_operation_not_found", async () => {
  same(await new TestClient(tutorial001().asgi).get("/items/bar"), "ar1_bar");
});

test("test_openapi_schema", () => {
  sameOpenAPI(tutorial001(), "ar1");
});

test("test_openapi_schema_extra_media_type", () => {
  const app = new App();
  const spec = {
    path,
    query: z.object({ img: z.boolean().nullable().default(null) }),
    response: Item,
    responses: { 200: { content: { "image/png": {} }, description: "Return the JSON item or an image." } },
  };
  app.get("/items/{item_id}", spec, function read_item() {
    return { id: "foo", value: "there goes my hero" };
  });
  sameOpenAPI(app, "ar2");
});

test("test_openapi_schema_content_example", () => {
  const app = new App();
  const responses = {
    404: { model: Message, description: "The item was not found" },
    200: { description: "Item requested by ID", content: { "application/json": { example: { id: "bar", value: "The bar tenders" } } } },
  };
  app.get("/items/{item_id}", { path, response: Item, responses }, function read_item() {
    return { id: "foo", value: "there goes my hero" };
  });
  sameOpenAPI(app, "ar3");
});

test("test_status_ranges_description_and_camel_case_name", () => {
  const app = new App();
  const responses = { "4XX": { model: Message }, default: { description: "Anything else" } };
  app.get("/items/{item_id}", { path, description: "Reads one item.", responses }, function readItem({ path }) {
    return { id: path.item_id };
  });
  // FastAPI names the Python function readItem "Readitem"/"readItem_..."; ours maps camelCase to the snake_case
  // name a Python port would have (read_item): "Read Item" and "read_item_items__item_id__get".
  const doc = JSON.parse(OPENAPI13["ar_misc"] as string) as { paths: Record<string, { get: Record<string, unknown> }> };
  const operation = doc.paths["/items/{item_id}"]?.get as Record<string, unknown>;
  operation["summary"] = "Read Item";
  operation["operationId"] = "read_item_items__item_id__get";
  expect(JSON.stringify(app.openapi())).toBe(JSON.stringify(doc));
});
