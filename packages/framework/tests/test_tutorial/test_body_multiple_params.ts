// Ports FastAPI's tests/test_tutorial/test_body_multiple_params (tutorial003, tutorial005): several body
// parameters, each validated under its own name, and one embedded with Body(embed=True). Bytes as FastAPI's.
import { TestClient } from "@mono/asgi";
import { expect, test } from "vitest";
import { z } from "zod";
import { App } from "../../src/index.js";
import { FASTAPI13, OPENAPI13 } from "./fastapi_reference_13.js";

function same(response: { status: number; rawHeaders: [string, string][]; text: string }, name: string): void {
  expect({ status: response.status, headers: response.rawHeaders, body: response.text }).toEqual(FASTAPI13[name]);
}

const Item = z
  .object({
    name: z.string(),
    description: z.string().nullable().default(null),
    price: z.number(),
    tax: z.number().nullable().default(null),
  })
  .meta({ id: "Item" });
const User = z.object({ username: z.string(), full_name: z.string().nullable().default(null) }).meta({ id: "User" });

function app003(): App {
  const app = new App();
  app.put(
    "/items/{item_id}",
    { path: z.object({ item_id: z.int() }), body: { item: Item, user: User, importance: z.int() } },
    function update_item({ path, body: { item, user, importance } }) {
      return { item_id: path.item_id, item, user, importance };
    },
  );
  return app;
}

function app005(): App {
  const app = new App();
  // FastAPI's `item: Annotated[Item, Body(embed=True)]`: one body parameter under its own name.
  app.put("/items/{item_id}", { path: z.object({ item_id: z.int() }), body: { item: Item } }, function update_item({ path, body }) {
    return { item_id: path.item_id, item: body.item };
  });
  return app;
}

test("test_post_body_valid", async () => {
  const client = new TestClient(app003().asgi);
  same(await client.put("/items/5", { json: { importance: 2, item: { name: "Foo", price: 50.5 }, user: { username: "Dave" } } }), "bmp3_valid");
});

test("test_post_body_no_data", async () => {
  same(await new TestClient(app003().asgi).put("/items/5", { json: null }), "bmp3_no_data");
});

test("test_post_body_empty_list", async () => {
  same(await new TestClient(app003().asgi).put("/items/5", { json: [] }), "bmp3_empty_list");
});

test("test_post_body_errors_of_each_parameter", async () => {
  const client = new TestClient(app003().asgi);
  same(await client.put("/items/x", { json: { item: { name: "Foo" }, user: null, importance: "high" } }), "bmp3_bad");
});

test("test_post_all", async () => {
  const client = new TestClient(app005().asgi);
  same(await client.put("/items/5", { json: { item: { name: "Foo", price: 50.5, description: "Some Foo", tax: 0.1 } } }), "bmp5_all");
  same(await client.put("/items/5", { json: { item: { name: "Foo", price: 50.5 } } }), "bmp5_required");
});

test("test_post_no_body", async () => {
  same(await new TestClient(app005().asgi).put("/items/5", { json: null }), "bmp5_no_body");
});

test("test_post_like_not_embedded", async () => {
  same(await new TestClient(app005().asgi).put("/items/5", { json: { name: "Foo", price: 50.5 } }), "bmp5_like_not_embedded");
});

test("test_post_missing_required_field_in_item", async () => {
  const client = new TestClient(app005().asgi);
  same(await client.put("/items/5", { json: { item: { name: "Foo" }, user: { username: "johndoe" } } }), "bmp5_missing_in_item");
});

test("test_openapi_schema", () => {
  // Compared as text: the key order is FastAPI's too.
  expect(JSON.stringify(app003().openapi())).toBe(JSON.stringify(JSON.parse(OPENAPI13["bmp3"] as string)));
  expect(JSON.stringify(app005().openapi())).toBe(JSON.stringify(JSON.parse(OPENAPI13["bmp5"] as string)));
});
