// Ports FastAPI's tests/test_tutorial/test_additional_responses (tutorial001-003): responses={...} with a model,
// extra media types and content examples, merged into the OpenAPI document as FastAPI does (key order included);
// and status ranges ("4XX", "default"), an explicit description, and how a camelCase handler name maps.
import { mkdtemp, rm, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { JSONResponse, TestClient } from "@mono/asgi";
import { afterAll, beforeAll, expect, test } from "vitest";
import { z } from "zod";
import { App, FileResponse, type ResponseSpec } from "../../src/index.js";
import { FASTAPI13, OPENAPI13 } from "./fastapi_reference_13.js";
import { sameAs, sameOpenAPI as sameOpenAPIBytes } from "./reference/check.js";

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

// ---- the chapter's tutorials against reference/responses.py's recording: answers and /openapi.json bytes.

const TItem = z.object({ id: z.string(), value: z.string() }).meta({ id: "Item" });
const TMessage = z.object({ message: z.string() }).meta({ id: "Message" });

let files = "";
let image = "";
beforeAll(async () => {
  files = await mkdtemp(join(tmpdir(), "additional-responses-"));
  image = join(files, "image.png");
  await writeFile(image, new Uint8Array([0x89, ...new TextEncoder().encode("PNG\r\n\u001a\nfake image")]));
  await utimes(image, 1700000000, 1700000000);
});
afterAll(async () => {
  await rm(files, { recursive: true, force: true });
});

test("test_path_operation [ar001 bytes]", async () => {
  const app = new App();
  app.get("/items/{item_id}", { path, response: TItem, responses: { 404: { model: TMessage } } }, async function read_item({ path }) {
    if (path.item_id === "foo") return { id: "foo", value: "there goes my hero" };
    return new JSONResponse({ message: "Item not found" }, { status: 404 });
  });
  const client = new TestClient(app.asgi);
  sameAs(await client.get("/items/foo"), "ar001_foo");
  sameAs(await client.get("/items/bar"), "ar001_bar");
  await sameOpenAPIBytes(app, "ar001");
});

const imgQuery = z.object({ img: z.boolean().nullable().default(null) });

function tutorial002(): App {
  const app = new App();
  const responses = { 200: { content: { "image/png": {} }, description: "Return the JSON item or an image." } };
  app.get("/items/{item_id}", { path, query: imgQuery, response: TItem, responses }, async function read_item({ query }) {
    if (query.img) return new FileResponse(image, { mediaType: "image/png" });
    return { id: "foo", value: "there goes my hero" };
  });
  return app;
}

test("test_path_operation [ar002]", async () => {
  sameAs(await new TestClient(tutorial002().asgi).get("/items/foo"), "ar002_foo");
});

test("test_path_operation_img [ar002]", async () => {
  const client = new TestClient(tutorial002().asgi);
  sameAs(await client.get("/items/foo?img=1"), "ar002_img");
  sameAs(await client.get("/items/foo?img=picture"), "ar002_bad_img");
});

test("test_openapi_schema [ar002]", async () => {
  await sameOpenAPIBytes(tutorial002(), "ar002");
});

test("test_path_operation [ar003 bytes]", async () => {
  const app = new App();
  const responses = {
    404: { model: TMessage, description: "The item was not found" },
    200: { description: "Item requested by ID", content: { "application/json": { example: { id: "bar", value: "The bar tenders" } } } },
  };
  app.get("/items/{item_id}", { path, response: TItem, responses }, async function read_item({ path }) {
    if (path.item_id === "foo") return { id: "foo", value: "there goes my hero" };
    return new JSONResponse({ message: "Item not found" }, { status: 404 });
  });
  const client = new TestClient(app.asgi);
  sameAs(await client.get("/items/foo"), "ar003_foo");
  sameAs(await client.get("/items/bar"), "ar003_bar");
  await sameOpenAPIBytes(app, "ar003");
});

function tutorial004(): App {
  // FastAPI's dict keeps 404, 302, 403 in that order: a Map does here (an object would list 302, 403, 404).
  const responses = new Map<number, ResponseSpec>([
    [404, { description: "Item not found" }],
    [302, { description: "The item was moved" }],
    [403, { description: "Not enough privileges" }],
  ]);
  const app = new App();
  const spec = { path, query: imgQuery, response: TItem, responses: new Map([...responses, [200, { content: { "image/png": {} } }]]) };
  app.get("/items/{item_id}", spec, async function read_item({ query }) {
    if (query.img) return new FileResponse(image, { mediaType: "image/png" });
    return { id: "foo", value: "there goes my hero" };
  });
  return app;
}

test("test_path_operation [ar004]", async () => {
  sameAs(await new TestClient(tutorial004().asgi).get("/items/foo"), "ar004_foo");
});

test("test_path_operation_img [ar004]", async () => {
  sameAs(await new TestClient(tutorial004().asgi).get("/items/foo?img=1"), "ar004_img");
});

test("test_openapi_schema [ar004]", async () => {
  const app = tutorial004();
  await sameOpenAPIBytes(app, "ar004");
  const responses = (app.openapi()["paths"] as Record<string, Record<string, Record<string, object>>>)["/items/{item_id}"]?.["get"]?.["responses"];
  expect(Object.keys(responses ?? {})).toEqual(["200", "404", "302", "403", "422"]);
});

test("test_responses_order_with_another_status", async () => {
  // FastAPI lists the route's own status first, then `responses` as given, then its 422: 201 before 200, 5XX before 422.
  const app = new App();
  app.post("/items/", { query: z.object({ q: z.string() }), status: 201, responses: { 200: { description: "Already there" }, "5XX": { model: TMessage } } }, function create_item() {
    return {};
  });
  const text = (await new TestClient(app.asgi).get("/openapi.json")).text;
  expect(text.indexOf('"201"')).toBeLessThan(text.indexOf('"200"'));
  expect(text.indexOf('"200"')).toBeLessThan(text.indexOf('"5XX"'));
  expect(text.indexOf('"5XX"')).toBeLessThan(text.indexOf('"422"'));
  expect(JSON.stringify(app.openapi())).toBe(text);
  await sameOpenAPIBytes(app, "ar_order");
});
