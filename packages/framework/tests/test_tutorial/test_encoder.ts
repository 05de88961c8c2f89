// Ports FastAPI's tests/test_tutorial/test_encoder (tutorial001: jsonable_encoder of a model with a datetime, kept
// in a dict). Answers recorded from FastAPI 0.142.2 by reference/responses.py.
import { expect, test } from "vitest";
import { z } from "zod";
import { App, jsonableEncoder, py, TestClient } from "../../src/index.js";
import { RESPONSES } from "./reference/responses.js";
import { sameAs, sameOpenAPI } from "./reference/check.js";

const Item = z.object({ title: z.string(), timestamp: py.datetime(), description: z.string().nullable().default(null) }).meta({ id: "Item" });

function makeApp(fakeDb: Record<string, unknown>): App {
  const app = new App();
  app.put("/items/{id}", { path: z.object({ id: z.string() }), body: Item }, function update_item({ path, body }) {
    const jsonCompatibleItemData = jsonableEncoder(body);
    fakeDb[path.id] = jsonCompatibleItemData;
  });
  return app;
}

test("test_put", async () => {
  const fakeDb: Record<string, unknown> = {};
  const client = new TestClient(makeApp(fakeDb).asgi);
  const json = { title: "Foo", timestamp: "2023-01-01T12:00:00", description: "An optional description" };
  sameAs(await client.put("/items/123", { json }), "enc001_put");
  expect(JSON.stringify(fakeDb)).toBe(RESPONSES["enc001_db"]?.body);
});

test("test_put_invalid_data", async () => {
  const fakeDb: Record<string, unknown> = {};
  sameAs(await new TestClient(makeApp(fakeDb).asgi).put("/items/345", { json: { title: "Foo", timestamp: "not a date" } }), "enc001_put_invalid");
  expect(fakeDb).toEqual({});
});

test("test_openapi_schema", async () => {
  await sameOpenAPI(makeApp({}), "enc001");
});
