// Ports FastAPI's tests/test_tutorial/test_body_updates (tutorial002): a PATCH that applies only the fields the
// request sent (`item.model_dump(exclude_unset=True)` is `excludeUnset(body)`).
import { TestClient } from "@mono/asgi";
import { expect, test } from "vitest";
import { z } from "zod";
import { App, excludeUnset } from "../../src/index.js";

const Item = z.object({
  name: z.string().nullable().default(null),
  description: z.string().nullable().default(null),
  price: z.number().nullable().default(null),
  tax: z.number().default(10.5),
  tags: z.array(z.string()).default([]),
});

function makeApp(): App {
  const items: Record<string, z.input<typeof Item>> = {
    foo: { name: "Foo", price: 50.2 },
    bar: { name: "Bar", description: "The bartenders", price: 62, tax: 20.2 },
    baz: { name: "Baz", description: null, price: 50.2, tax: 10.5, tags: [] },
  };
  const app = new App();
  const path = z.object({ item_id: z.string() });
  app.get("/items/{item_id}", { path, response: Item }, function read_item({ path }) {
    return items[path.item_id] as z.input<typeof Item>;
  });
  app.patch("/items/{item_id}", { path, body: Item, response: Item }, function update_item({ path, body }) {
    const stored = Item.parse(items[path.item_id]);
    const updated = { ...stored, ...excludeUnset(body) };
    items[path.item_id] = updated;
    return updated;
  });
  return app;
}

test("test_get", async () => {
  const response = await new TestClient(makeApp().asgi).get("/items/baz");
  expect([response.status, response.json()]).toEqual([200, { name: "Baz", description: null, price: 50.2, tax: 10.5, tags: [] }]);
});

test("test_patch_all", async () => {
  const client = new TestClient(makeApp().asgi);
  const response = await client.patch("/items/foo", { json: { name: "Fooz", description: "Item description", price: 3, tax: 10.5, tags: ["tag1", "tag2"] } });
  expect(response.json()).toEqual({ name: "Fooz", description: "Item description", price: 3, tax: 10.5, tags: ["tag1", "tag2"] });
});

test("test_patch_name", async () => {
  const client = new TestClient(makeApp().asgi);
  const response = await client.patch("/items/bar", { json: { name: "Barz" } });
  expect(response.text).toBe('{"name":"Barz","description":"The bartenders","price":62.0,"tax":20.2,"tags":[]}');
});
