// Ports FastAPI's tests/test_request_body_parameters_media_type.py: `Body(media_type=...)` documents the request
// body under that media type (`bodyMediaType`). Document and answers as FastAPI 0.142.2's (reference/body_media_type.py).
import { expect, test } from "vitest";
import { z } from "zod";
import { App, TestClient } from "../src/index.js";
import { MEDIA, MEDIA_OPENAPI } from "./test_tutorial/reference/body_media_type.js";

const mediaType = "application/vnd.api+json";
const Product = z.object({ name: z.string(), price: z.number() }).meta({ id: "Product" });
const Shop = z.object({ name: z.string() }).meta({ id: "Shop" });

function makeApp(): App {
  const app = new App();
  app.post("/products", { body: { data: Product }, bodyMediaType: mediaType }, function create_product({ body }) {
    return body.data;
  });
  app.post("/shops", { body: { data: Shop, included: z.array(Product).default([]) }, bodyMediaType: mediaType }, function create_shop({ body }) {
    return { data: body.data, included: body.included };
  });
  return app;
}

function same(response: { status: number; rawHeaders: readonly (readonly [string, string])[]; text: string }, name: string): void {
  expect({ status: response.status, headers: response.rawHeaders, body: response.text }).toEqual(MEDIA[name]);
}

test("test_openapi_schema", () => {
  expect(JSON.stringify(makeApp().openapi())).toBe(JSON.stringify(JSON.parse(MEDIA_OPENAPI)));
});

test("the bodies are read as JSON, under either media type", async () => {
  const client = new TestClient(makeApp().asgi);
  same(await client.post("/products", { content: JSON.stringify({ data: { name: "Foo", price: 1.5 } }), headers: { "content-type": mediaType } }), "product");
  same(await client.post("/shops", { json: { data: { name: "Bar" } } }), "shop");
  same(await client.post("/shops", { json: {} }), "shop_missing");
});
