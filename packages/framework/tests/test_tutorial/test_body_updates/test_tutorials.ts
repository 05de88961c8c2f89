// Ports FastAPI's tests/test_tutorial/test_body_updates (tutorials 001-002: a PUT storing jsonable_encoder(item),
// a PATCH applying only the fields sent), compared byte for byte with FastAPI 0.142.2's recorded answers.
import { describe, test } from "vitest";
import { z } from "zod";
import { App, excludeUnset, jsonableEncoder } from "../../../src/index.js";
import { BODY_UPDATES as REF } from "../reference/body_updates.js";
import { replayAll, sameOpenAPI } from "../reference/replay.js";

const Item = z
  .object({
    name: z.string().nullable().default(null),
    description: z.string().nullable().default(null),
    price: z.number().nullable().default(null),
    tax: z.number().default(10.5),
    tags: z.array(z.string()).default([]),
  })
  .meta({ id: "Item" });

function fakeDb(): Record<string, z.input<typeof Item>> {
  return {
    foo: { name: "Foo", price: 50.2 },
    bar: { name: "Bar", description: "The bartenders", price: 62, tax: 20.2 },
    baz: { name: "Baz", description: null, price: 50.2, tax: 10.5, tags: [] },
  };
}

function tutorial001(): App {
  const items = fakeDb();
  const app = new App();
  const path = z.object({ item_id: z.string() });
  app.get("/items/{item_id}", { path, response: Item }, async function read_item({ path }) {
    return items[path.item_id] as z.input<typeof Item>;
  });
  app.put("/items/{item_id}", { path, body: Item, response: Item }, async function update_item({ path, body }) {
    const encoded = jsonableEncoder(body) as z.input<typeof Item>;
    items[path.item_id] = encoded;
    return encoded;
  });
  return app;
}

function tutorial002(): App {
  const items = fakeDb();
  const app = new App();
  const path = z.object({ item_id: z.string() });
  app.get("/items/{item_id}", { path, response: Item }, async function read_item({ path }) {
    return items[path.item_id] as z.input<typeof Item>;
  });
  app.patch("/items/{item_id}", { path, body: Item, response: Item }, async function update_item({ path, body }) {
    const stored = Item.parse(items[path.item_id]);
    const updated = { ...stored, ...excludeUnset(body) };
    items[path.item_id] = jsonableEncoder(updated) as z.input<typeof Item>;
    return updated;
  });
  return app;
}

describe("test_tutorial001", () => {
  test("test_get_and_put", () => replayAll(tutorial001(), REF, "tutorial001", ["foo", "bar", "baz", "bad"]));
  test("test_openapi_schema", () => sameOpenAPI(tutorial001(), REF, "tutorial001"));
});

describe("test_tutorial002", () => {
  test("test_get_and_patch", () => replayAll(tutorial002(), REF, "tutorial002", ["foo", "patch", "patch_tags", "bad"]));
  test("test_openapi_schema", () => sameOpenAPI(tutorial002(), REF, "tutorial002"));
});
