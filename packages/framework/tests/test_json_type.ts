// Ports FastAPI's tests/test_json_type.py: `Json[list[str]]` form, query, header and cookie parameters as
// py.json(z.array(z.string())); errors and the parameter schema as FastAPI 0.142.2 answers them.
import { TestClient } from "@mono/asgi";
import { expect, test } from "vitest";
import { z } from "zod";
import { App, py } from "../src/index.js";

const Items = py.json(z.array(z.string()));

function makeApp(): App {
  const app = new App();
  app.post("/form-json-list", { form: { items: Items }, response: z.array(z.string()) }, function form_json_list({ form }) {
    return form.items;
  });
  app.get("/query-json-list", { query: z.object({ items: Items }), response: z.array(z.string()) }, function query_json_list({ query }) {
    return query.items;
  });
  app.get("/header-json-list", { headers: z.object({ x_items: Items }), response: z.array(z.string()) }, function header_json_list({ headers }) {
    return headers.x_items;
  });
  app.get("/cookie-json-list", { cookies: z.object({ items: Items }), response: z.array(z.string()) }, function cookie_json_list({ cookies }) {
    return cookies.items;
  });
  return app;
}

const LIST = JSON.stringify(["abc", "def"]);

test("test_form_json_list", async () => {
  const response = await new TestClient(makeApp().asgi).post("/form-json-list", { data: { items: LIST } });
  expect([response.status, response.json()]).toEqual([200, ["abc", "def"]]);
});

test("test_query_json_list", async () => {
  const response = await new TestClient(makeApp().asgi).get("/query-json-list", { params: { items: LIST } });
  expect([response.status, response.json()]).toEqual([200, ["abc", "def"]]);
});

test("test_header_json_list", async () => {
  const response = await new TestClient(makeApp().asgi).get("/header-json-list", { headers: { "x-items": LIST } });
  expect([response.status, response.json()]).toEqual([200, ["abc", "def"]]);
});

test("test_cookie_json_list", async () => {
  const client = new TestClient(makeApp().asgi);
  client.cookies.set("items", LIST);
  const response = await client.get("/cookie-json-list");
  expect([response.status, response.json()]).toEqual([200, ["abc", "def"]]);
});

// Bytes of FastAPI 0.142.2's answers to the same requests.
test("test_json_errors", async () => {
  const client = new TestClient(makeApp().asgi);
  expect((await client.get("/query-json-list", { params: { items: "[1" } })).text).toBe(
    '{"detail":[{"type":"json_invalid","loc":["query","items"],"msg":"Invalid JSON: EOF while parsing a list at line 1 column 2","input":"[1","ctx":{"error":"EOF while parsing a list at line 1 column 2"}}]}',
  );
  expect((await client.get("/query-json-list", { params: { items: "[1]" } })).text).toBe(
    '{"detail":[{"type":"string_type","loc":["query","items",0],"msg":"Input should be a valid string","input":1}]}',
  );
  expect((await client.get("/query-json-list")).text).toBe('{"detail":[{"type":"missing","loc":["query","items"],"msg":"Field required","input":null}]}');
  expect((await client.post("/form-json-list", { data: { items: "{" } })).text).toBe(
    '{"detail":[{"type":"json_invalid","loc":["body","items"],"msg":"Invalid JSON: EOF while parsing an object at line 1 column 1","input":"{","ctx":{"error":"EOF while parsing an object at line 1 column 1"}}]}',
  );
});

test("test_openapi_schema", () => {
  const doc = makeApp().openapi() as { paths: Record<string, { get?: { parameters: unknown[] } }> };
  expect(JSON.stringify(doc.paths["/query-json-list"]?.get?.parameters)).toBe(
    '[{"name":"items","in":"query","required":true,"schema":{"type":"string","contentMediaType":"application/json","contentSchema":{"type":"array","items":{"type":"string"}},"title":"Items"}}]',
  );
});
