// Ports FastAPI's tests/test_tutorial/test_separate_openapi_schemas (tutorial001, tutorial002: the App's
// separateInputOutputSchemas) and tests/test_openapi_separate_input_output_schemas.py (its computed field aside:
// zod has none). Bytes as FastAPI 0.142.2's (reference/params_alias.py).
import { describe, expect, test } from "vitest";
import { z } from "zod";
import { App, TestClient } from "../../src/index.js";
import { PARAMS_ALIAS } from "./reference/params_alias.js";

function same(response: { status: number; rawHeaders: [string, string][]; text: string }, name: string): void {
  expect({ status: response.status, headers: response.rawHeaders, body: response.text }).toEqual(PARAMS_ALIAS[name]);
}

const Item = z.object({ name: z.string(), description: z.string().nullable().default(null) }).meta({ id: "Item" });

function tutorial(separateInputOutputSchemas: boolean): App {
  const app = new App({ separateInputOutputSchemas });
  app.post("/items/", { body: Item }, function create_item({ body }) {
    return body;
  });
  app.get("/items/", { response: z.array(Item) }, function read_items() {
    return [{ name: "Portal Gun", description: "Device to travel through the multi-rick-verse" }, { name: "Plumbus" }];
  });
  return app;
}

describe.each([
  ["sep1", true],
  ["sep2", false],
] as const)("%s", (name, separate) => {
  const client = (): TestClient => new TestClient(tutorial(separate).asgi);

  test("test_create_item", async () => {
    same(await client().post("/items/", { json: { name: "Foo" } }), `${name}_create`);
  });

  test("test_read_items", async () => {
    same(await client().get("/items/"), `${name}_read`);
  });

  test("test_openapi_schema", async () => {
    same(await client().get("/openapi.json"), `${name}_openapi`);
  });
});

// pydantic's json_schema_serialization_defaults_required: a written Item has every field.
const SubItem = z
  .object({ subname: z.string(), sub_description: z.string().nullable().default(null), tags: z.array(z.string()).default([]) })
  .meta({ id: "SubItem", serializationDefaultsRequired: true });
const FullItem = z
  .object({ name: z.string(), description: z.string().nullable().default(null), sub: SubItem.nullable().default(null) })
  .meta({ id: "Item", serializationDefaultsRequired: true });

function getAppClient(separateInputOutputSchemas = true): TestClient {
  const app = new App({ separateInputOutputSchemas });
  app.post("/items/", { body: FullItem, response: FullItem, responses: { 402: { model: FullItem } } }, function create_item({ body }) {
    return body;
  });
  app.post("/items-list/", { body: z.array(FullItem).meta({ title: "Item" }) }, function create_item_list({ body }) {
    return body;
  });
  app.get("/items/", { response: z.array(FullItem) }, function read_items() {
    return [
      { name: "Portal Gun", description: "Device to travel through the multi-rick-verse", sub: { subname: "subname" } },
      { name: "Plumbus" },
    ];
  });
  return new TestClient(app.asgi);
}

describe.each([
  ["sio", true],
  ["sio_no", false],
] as const)("test_openapi_separate_input_output_schemas %s", (name, separate) => {
  test("test_create_item", async () => {
    same(await getAppClient(separate).post("/items/", { json: { name: "Plumbus" } }), `${name}_create`);
  });

  test("test_create_item_with_sub", async () => {
    const json = { name: "Plumbus", sub: { subname: "SubPlumbus", sub_description: "Sub WTF" } };
    same(await getAppClient(separate).post("/items/", { json }), `${name}_create_sub`);
  });

  test("test_create_item_list", async () => {
    const json = [{ name: "Plumbus" }, { name: "Portal Gun", description: "Device to travel through the multi-rick-verse" }];
    same(await getAppClient(separate).post("/items-list/", { json }), `${name}_create_list`);
  });

  test("test_read_items", async () => {
    same(await getAppClient(separate).get("/items/"), `${name}_read`);
  });

  test(separate ? "test_openapi_schema" : "test_openapi_schema_no_separate", async () => {
    same(await getAppClient(separate).get("/openapi.json"), `${name}_openapi`);
  });
});
