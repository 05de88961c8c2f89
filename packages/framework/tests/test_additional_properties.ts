// Ports FastAPI's tests/test_additional_properties.py (a dict[str, int] field: additionalProperties) and
// test_additional_properties_bool.py (extra="forbid": additionalProperties false). Answers and /openapi.json bytes
// recorded from FastAPI 0.142.2 by test_tutorial/reference/responses.py.
import { test } from "vitest";
import { z } from "zod";
import { App, TestClient } from "../src/index.js";
import { sameAs, sameOpenAPI } from "./test_tutorial/reference/check.js";

function itemsApp(): App {
  const Items = z.object({ items: z.record(z.string(), z.int()) }).meta({ id: "Items" });
  const app = new App();
  app.post("/foo", { body: Items }, function foo({ body }) {
    return body.items;
  });
  return app;
}

test("test_additional_properties_post", async () => {
  const client = new TestClient(itemsApp().asgi);
  sameAs(await client.post("/foo", { json: { items: { foo: 1, bar: 2 } } }), "addprops_post");
  sameAs(await client.post("/foo", { json: { items: { foo: "one" } } }), "addprops_invalid");
});

test("test_openapi_schema", async () => {
  await sameOpenAPI(itemsApp(), "addprops");
});

function boolApp(): App {
  const Foo = z.strictObject({}).meta({ id: "Foo" });
  const app = new App();
  app.post("/", { body: Foo.nullable().default(null) }, async function post({ body }) {
    return body;
  });
  return app;
}

test("test_call_invalid [bool]", async () => {
  sameAs(await new TestClient(boolApp().asgi).post("/", { json: { foo: { bar: "baz" } } }), "addpropsbool_invalid");
});

test("test_call_valid [bool]", async () => {
  sameAs(await new TestClient(boolApp().asgi).post("/", { json: {} }), "addpropsbool_valid");
});

test("test_openapi_schema [bool]", async () => {
  await sameOpenAPI(boolApp(), "addpropsbool");
});
