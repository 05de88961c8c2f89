// Ports the intent of FastAPI's tests/test_tutorial/test_body (tutorials 001-004): bytes compared with FastAPI's.
import { TestClient } from "@mono/asgi";
import { expect, test } from "vitest";
import { z } from "zod";
import { App } from "../../src/index.js";
import { expectSameAsFastAPI } from "./fastapi_reference.js";

const same = (actual: unknown, expected: unknown): void => expect(actual).toEqual(expected);

const Item = z
  .object({
    name: z.string(),
    description: z.string().nullable().default(null),
    price: z.number(),
    tax: z.number().nullable().default(null),
  })
  .meta({ id: "Item" });

function makeApp(): App {
  const app = new App();
  // The response schema gives pydantic's float output ("51.0"); FastAPI's tutorial returns a dict of floats.
  const ItemWithTax = Item.extend({ price_with_tax: z.number().optional() });
  app.post("/items/", { body: Item, response: ItemWithTax }, ({ body }) => {
    if (body.tax !== null) return { ...body, price_with_tax: body.price + body.tax };
    return body;
  });
  const Updated = z.object({ item_id: z.int(), ...Item.shape, q: z.string().optional() });
  app.put(
    "/items/{item_id}",
    { path: z.object({ item_id: z.int() }), query: z.object({ q: z.string().nullable().default(null) }), body: Item, response: Updated },
    ({ path, body, query }) => ({ item_id: path.item_id, ...body, ...(query.q ? { q: query.q } : {}) }),
  );
  return app;
}

test("test_body", async () => {
  const client = new TestClient(makeApp().asgi);
  expectSameAsFastAPI(await client.post("/items/", { json: { name: "Foo", price: 50.5 } }), "body_ok", same);
  expectSameAsFastAPI(
    await client.post("/items/", { json: { name: "Foo", price: 50.5, tax: 0.5, description: "Some Foo" } }),
    "body_tax",
    same,
  );
});

test("test_body_validation_errors", async () => {
  const client = new TestClient(makeApp().asgi);
  expectSameAsFastAPI(await client.post("/items/", { json: { name: "Foo" } }), "body_missing_price", same);
  expectSameAsFastAPI(await client.post("/items/", { json: { name: "Foo", price: "fifty" } }), "body_bad_price", same);
  expectSameAsFastAPI(await client.post("/items/"), "body_none", same);
  expectSameAsFastAPI(await client.post("/items/", { json: ["a"] }), "body_list", same);
});

test("test_body_not_json", async () => {
  const client = new TestClient(makeApp().asgi);
  const broken = await client.post("/items/", {
    content: '{"name": "Foo", "price": }',
    headers: { "content-type": "application/json" },
  });
  expectSameAsFastAPI(broken, "body_broken", same);
  const text = await client.post("/items/", { content: '{"name":"Foo","price":1}', headers: { "content-type": "text/plain" } });
  expectSameAsFastAPI(text, "body_text", same);
  const notUtf8 = await client.post("/items/", { content: new Uint8Array([0xff, 0xfe]), headers: { "content-type": "application/json" } });
  expect(notUtf8.status).toBe(400);
  expect(notUtf8.text).toBe('{"detail":"There was an error parsing the body"}');
});

test("test_body_path_and_query", async () => {
  const client = new TestClient(makeApp().asgi);
  expectSameAsFastAPI(await client.put("/items/5?q=x", { json: { name: "Foo", price: 2 } }), "body_put", same);
  expectSameAsFastAPI(await client.put("/items/x", { json: { price: "y" } }), "body_put_bad", same);
});

test("test_body_nested_too_deep_is_a_400", async () => {
  // Python's json.loads raises RecursionError past its recursion limit; FastAPI answers its generic 400.
  const response = await new TestClient(makeApp().asgi).post("/items/", {
    content: `${"[".repeat(200_000)}${"]".repeat(200_000)}`,
    headers: { "content-type": "application/json" },
  });
  expect(response.status).toBe(400);
  expect(response.text).toBe('{"detail":"There was an error parsing the body"}');
});
