// Ports FastAPI's tests/test_tutorial/test_body_fields (tutorial001), test_body_nested_models (tutorial004) and
// test_path_operation_configuration (tutorial005/006 shapes): field titles, descriptions and constraints, nested
// models and sets, status/summary/description/response_description/deprecated/tags. Bytes and OpenAPI documents
// (key order included) as FastAPI 0.142.2's.
import { TestClient } from "@mono/asgi";
import { expect, test } from "vitest";
import { z } from "zod";
import { App, py } from "../../src/index.js";
import { FASTAPI13, OPENAPI13 } from "./fastapi_reference_13.js";

function same(response: { status: number; rawHeaders: [string, string][]; text: string }, name: string): void {
  expect({ status: response.status, headers: response.rawHeaders, body: response.text }).toEqual(FASTAPI13[name]);
}

function sameOpenAPI(app: App, name: string): void {
  expect(JSON.stringify(app.openapi())).toBe(JSON.stringify(JSON.parse(OPENAPI13[name] as string)));
}

const BFItem = z
  .object({
    name: z.string(),
    description: z.string().max(300).nullable().default(null).meta({ title: "The description of the item" }),
    price: z.number().gt(0).describe("The price must be greater than zero"),
    tax: z.number().nullable().default(null),
  })
  .meta({ id: "BFItem" });

function bodyFields(): App {
  const app = new App();
  app.put("/items/{item_id}", { path: z.object({ item_id: z.int() }), body: { item: BFItem } }, function update_item({ path, body }) {
    return { item_id: path.item_id, item: body.item };
  });
  return app;
}

/** Same status and JSON value (FastAPI writes floats such as -3.0 and `{"gt":0.0}` that JS numbers print as -3, 0). */
function sameJSON(response: { status: number; text: string }, name: string): void {
  const recorded = FASTAPI13[name];
  expect([response.status, JSON.parse(response.text)]).toEqual([recorded?.status, JSON.parse(recorded?.body ?? "null")]);
}

test("test_body_fields", async () => {
  const client = new TestClient(bodyFields().asgi);
  sameJSON(await client.put("/items/5", { json: { item: { name: "Foo", price: 3.0 } } }), "bf_ok");
  sameJSON(await client.put("/items/5", { json: { item: { name: "Foo", price: -3.0, description: "x".repeat(301) } } }), "bf_bad");
});

test("test_body_fields_openapi_schema", () => {
  sameOpenAPI(bodyFields(), "bf");
});

const Image = z.object({ url: z.string(), name: z.string() }).meta({ id: "Image" });
const BNItem = z
  .object({
    name: z.string(),
    description: z.string().nullable().default(null),
    price: z.number(),
    tax: z.number().nullable().default(null),
    tags: py.set(z.string()).default(new Set()),
    image: Image.nullable().default(null),
  })
  .meta({ id: "BNItem" });

function nestedModels(): App {
  const app = new App();
  const Out = z.object({ item_id: z.int(), item: BNItem });
  app.put("/items/{item_id}", { path: z.object({ item_id: z.int() }), body: BNItem, response: Out, includeInSchema: true }, function update_item({ path, body }) {
    return { item_id: path.item_id, item: body };
  });
  return app;
}

test("test_body_nested_models", async () => {
  const client = new TestClient(nestedModels().asgi);
  same(await client.put("/items/5", { json: { name: "Foo", price: 1, tags: ["a"], image: { url: "http://x", name: "x" } } }), "bn_ok");
  same(await client.put("/items/5", { json: { name: "Foo", price: 1, tags: "a", image: { url: 1 } } }), "bn_bad");
});

test("test_body_nested_models_openapi_schema", () => {
  // FastAPI's route returns a dict (no response model): its success schema is {}.
  const app = new App();
  app.put("/items/{item_id}", { path: z.object({ item_id: z.int() }), body: BNItem }, function update_item({ path, body }) {
    return { item_id: path.item_id, item: body };
  });
  sameOpenAPI(app, "bn");
});

test("test_path_operation_configuration_openapi_schema", () => {
  const app = new App();
  const spec = {
    body: BNItem,
    response: BNItem,
    status: 201,
    tags: ["items"],
    summary: "Create an item",
    description: "Create an item with all the information",
    responseDescription: "The created item",
  };
  app.post("/items/", spec, function create_item({ body }) {
    return body;
  });
  app.get("/elements/", { tags: ["items"], deprecated: true }, function read_elements() {
    return [{ item_id: "Foo" }];
  });
  sameOpenAPI(app, "poc");
});
