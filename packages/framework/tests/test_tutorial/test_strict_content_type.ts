// Ports FastAPI's tests/test_tutorial/test_strict_content_type (tutorial001): `strictContentType: false` reads a
// JSON body sent without a content type; the default (strict) does not. Bytes as FastAPI 0.142.2's
// (reference/strict_content_type.py).
import { expect, test } from "vitest";
import { z } from "zod";
import { App, TestClient } from "../../src/index.js";
import { STRICT, STRICT_OPENAPI } from "./reference/strict_content_type.js";

function same(response: { status: number; rawHeaders: readonly (readonly [string, string])[]; text: string }, name: string): void {
  expect({ status: response.status, headers: response.rawHeaders, body: response.text }).toEqual(STRICT[name]);
}

const Item = z.object({ name: z.string(), price: z.number() }).meta({ id: "Item" });

function makeApp(strictContentType?: boolean): App {
  const app = strictContentType === undefined ? new App() : new App({ strictContentType });
  app.post("/items/", { body: Item }, function create_item({ body }) {
    return body;
  });
  return app;
}

const body = '{"name": "Foo", "price": 50.5}';

test("test_lax_post_without_content_type_is_parsed_as_json", async () => {
  const response = await new TestClient(makeApp(false).asgi).post("/items/", { content: body });
  expect(response.status).toBe(200);
  expect(response.json()).toEqual({ name: "Foo", price: 50.5 });
  same(response, "sct1_no_content_type");
});

test("test_lax_post_with_json_content_type", async () => {
  same(await new TestClient(makeApp(false).asgi).post("/items/", { json: { name: "Foo", price: 50.5 } }), "sct1_json");
});

test("test_lax_post_with_text_plain_is_still_rejected", async () => {
  const response = await new TestClient(makeApp(false).asgi).post("/items/", { content: body, headers: { "Content-Type": "text/plain" } });
  expect(response.status).toBe(422);
  same(response, "sct1_text_plain");
});

test("lax: an empty content type, invalid JSON and a missing field, as FastAPI", async () => {
  const client = new TestClient(makeApp(false).asgi);
  same(await client.post("/items/", { content: body, headers: { "Content-Type": "" } }), "sct1_empty_content_type");
  same(await client.post("/items/", { content: '{"name": "Foo",' }), "sct1_no_content_type_invalid");
  same(await client.post("/items/", { content: '{"name": "Foo"}' }), "sct1_no_content_type_missing");
});

test("strict (the default): no or an empty content type is a 422, JSON types are read", async () => {
  const client = new TestClient(makeApp().asgi);
  same(await client.post("/items/", { content: body }), "strict_no_content_type");
  same(await client.post("/items/", { content: body, headers: { "Content-Type": "" } }), "strict_empty_content_type");
  same(await client.post("/items/", { json: { name: "Foo", price: 50.5 } }), "strict_json");
  same(await client.post("/items/", { content: body, headers: { "Content-Type": "application/vnd.api+json" } }), "strict_vnd_json");
});

test("test_openapi_schema", () => {
  expect(JSON.stringify(makeApp(false).openapi())).toBe(JSON.stringify(JSON.parse(STRICT_OPENAPI["sct1"] as string)));
});
