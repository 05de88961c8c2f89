// Ports FastAPI's tests/test_tutorial/test_response_model (tutorial004: response_model_exclude_unset;
// tutorial005: response_model_include/_exclude) and covers _exclude_defaults/_exclude_none. Bytes as FastAPI 0.142.2's.
import { TestClient } from "@mono/asgi";
import { expect, test } from "vitest";
import { z } from "zod";
import { App } from "../../src/index.js";
import { FASTAPI13, OPENAPI13 } from "./fastapi_reference_13.js";

function same(response: { status: number; rawHeaders: [string, string][]; text: string }, name: string): void {
  expect({ status: response.status, headers: response.rawHeaders, body: response.text }).toEqual(FASTAPI13[name]);
}

const Item4 = z
  .object({
  name: z.string(),
  description: z.string().nullable().default(null),
  price: z.number(),
  tax: z.number().default(10.5),
  tags: z.array(z.string()).default([]),
  })
  .meta({ id: "Item4" });
const items: Record<string, z.input<typeof Item4>> = {
  foo: { name: "Foo", price: 50.2 },
  bar: { name: "Bar", description: "The bartenders", price: 62, tax: 20.2 },
  baz: { name: "Baz", description: null, price: 50.2, tax: 10.5, tags: [] },
};

const Item5 = z.object({ name: z.string(), description: z.string().nullable().default(null), price: z.number(), tax: z.number().default(10.5) });
const items5: Record<string, z.input<typeof Item5>> = {
  foo: { name: "Foo", price: 50.2 },
  bar: { name: "Bar", description: "The Bar fighters", price: 62, tax: 20.2 },
  baz: { name: "Baz", description: "There goes my baz", price: 50.2, tax: 10.5 },
};

const path = z.object({ item_id: z.string() });

test.each(["foo", "bar", "baz"])("test_get %s", async (id) => {
  const app = new App();
  app.get("/items/{item_id}", { path, response: Item4, responseExcludeUnset: true }, ({ path }) => items[path.item_id] as z.input<typeof Item4>);
  same(await new TestClient(app.asgi).get(`/items/${id}`), `rm4_${id}`);
});

function app005(): App {
  const app = new App();
  app.get("/items/{item_id}/name", { path, response: Item5, responseInclude: ["name", "description"] }, ({ path }) => items5[path.item_id] as z.input<typeof Item5>);
  app.get("/items/{item_id}/public", { path, response: Item5, responseExclude: ["tax"] }, ({ path }) => items5[path.item_id] as z.input<typeof Item5>);
  app.get("/items/{item_id}/nodefaults", { path, response: Item5, responseExcludeDefaults: true }, ({ path }) => items5[path.item_id] as z.input<typeof Item5>);
  app.get("/items/{item_id}/nonone", { path, response: Item4, responseExcludeNone: true }, ({ path }) => items[path.item_id] as z.input<typeof Item4>);
  return app;
}

test("test_read_item_name", async () => {
  same(await new TestClient(app005().asgi).get("/items/bar/name"), "rm5_name");
});

test("test_read_item_public_data", async () => {
  same(await new TestClient(app005().asgi).get("/items/bar/public"), "rm5_public");
});

test("test_exclude_defaults", async () => {
  const client = new TestClient(app005().asgi);
  same(await client.get("/items/baz/nodefaults"), "rm5_nodefaults_baz");
  same(await client.get("/items/bar/nodefaults"), "rm5_nodefaults_bar");
});

test("test_exclude_none", async () => {
  same(await new TestClient(app005().asgi).get("/items/baz/nonone"), "rm5_nonone_baz");
});

test("test_exclude_unset_nested", async () => {
  const Outer = z.object({ inner: z.array(z.object({ a: z.int().default(1), b: z.int().default(2) })), c: z.int().default(3) });
  const app = new App();
  app.get("/", { response: Outer, responseExcludeUnset: true }, () => ({ inner: [{ a: 5 }, { b: 7 }] }));
  expect((await new TestClient(app.asgi).get("/")).text).toBe('{"inner":[{"a":5},{"b":7}]}');
});

test("test_openapi_schema", () => {
  const app = new App();
  app.get("/items/{item_id}", { path, response: Item4, responseExcludeUnset: true }, function read_item({ path }) {
    return items[path.item_id] as z.input<typeof Item4>;
  });
  expect(JSON.stringify(app.openapi())).toBe(JSON.stringify(JSON.parse(OPENAPI13["rm4"] as string)));
});
