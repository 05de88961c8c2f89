// Aliases as pydantic and FastAPI 0.142.2 use them (tests/test_request_param_model_by_alias.py,
// test_response_by_alias.py and test_request_params' alias cases, in the shape of one app): a body model's
// `alias`, `validation_alias` and `serialization_alias` (`.meta({...})` on a zod field), `response_model_by_alias`
// (`responseByAlias`), and Header/Cookie/Query aliases. Bytes as FastAPI's (test_tutorial/reference/params_alias.py).
import { expect, test } from "vitest";
import { z } from "zod";
import { App, TestClient } from "../src/index.js";
import { PARAMS_ALIAS } from "./test_tutorial/reference/params_alias.js";

function same(response: { status: number; rawHeaders: [string, string][]; text: string }, name: string): void {
  expect({ status: response.status, headers: response.rawHeaders, body: response.text }).toEqual(PARAMS_ALIAS[name]);
}

const AliasItem = z
  .object({
    item_name: z.string().meta({ alias: "itemName" }),
    count: z.int().default(1).meta({ serializationAlias: "Count" }),
    v: z.string().nullable().default(null).meta({ validationAlias: "vIn" }),
  })
  .meta({ id: "AliasItem" });

function app(): App {
  const app = new App();
  app.post("/items/", { body: AliasItem, response: AliasItem }, function create({ body }) {
    return body;
  });
  app.post("/nobyalias/", { body: AliasItem, response: AliasItem, responseByAlias: false }, function create2({ body }) {
    return body;
  });
  const headers = z.object({
    x: z.string().meta({ alias: "X-Thing" }),
    u_a: z.string().nullable().default(null),
  });
  const cookies = z.object({ c: z.string().nullable().default(null).meta({ alias: "my-c" }) });
  const query = z.object({ q: z.array(z.string()).default([]).meta({ alias: "q-list" }) });
  app.get("/h/", { headers, cookies, query }, function h({ headers, cookies, query }) {
    return [headers.x, cookies.c, headers.u_a, query.q];
  });
  return app;
}

test("test_body_read_by_alias", async () => {
  same(await new TestClient(app().asgi).post("/items/", { json: { itemName: "a", count: 2, vIn: "z" } }), "al_ok");
});

test("test_body_field_names_not_read", async () => {
  same(await new TestClient(app().asgi).post("/items/", { json: { item_name: "a", v: "q" } }), "al_by_name");
});

test("test_body_errors_at_alias", async () => {
  same(await new TestClient(app().asgi).post("/items/", { json: { itemName: 3, count: "x" } }), "al_bad");
});

test("test_response_model_by_alias_false", async () => {
  same(await new TestClient(app().asgi).post("/nobyalias/", { json: { itemName: "a", vIn: "v" } }), "al_no_by_alias");
});

test("test_header_cookie_query_aliases_missing", async () => {
  same(await new TestClient(app().asgi).get("/h/"), "al_h_missing");
});

test("test_header_cookie_query_aliases", async () => {
  const client = new TestClient(app().asgi);
  same(await client.get("/h/?q-list=1&q-list=2&q=3", { headers: { "X-Thing": "t", "u-a": "ua" }, cookies: { "my-c": "cc" } }), "al_h_ok");
});

test("test_openapi_schema", async () => {
  const response = await new TestClient(app().asgi).get("/openapi.json");
  expect(response.text).toBe(PARAMS_ALIAS["al_openapi"]?.body);
});

test("test_path_alias", async () => {
  // FastAPI's `item_id: int = Path(alias="id")` on "/items/{id}": matched, read and reported by the alias.
  const app = new App();
  const path = z.object({ item_id: z.int().meta({ alias: "id" }) });
  app.get("/items/{id}", { path }, function read_item({ path }) {
    return { item_id: path.item_id };
  });
  const client = new TestClient(app.asgi);
  expect((await client.get("/items/5")).text).toBe('{"item_id":5}');
  expect((await client.get("/items/x")).json()).toEqual({
    detail: [{ type: "int_parsing", loc: ["path", "id"], msg: "Input should be a valid integer, unable to parse string as an integer", input: "x" }],
  });
  const parameters = (app.openapi()["paths"] as Record<string, Record<string, { parameters: unknown }>>)["/items/{id}"]?.["get"]?.parameters;
  expect(parameters).toEqual([{ name: "id", in: "path", required: true, schema: { type: "integer", title: "Id" } }]);
});

test("responseByAlias false holds inside a union response schema too", async () => {
  // pydantic's by_alias=False reaches every member of a union: fields are written under their own names.
  const Plane = z.object({ plane_name: z.string().meta({ alias: "planeName" }), size: z.number() }).meta({ id: "Plane" });
  const Car = z.object({ car_name: z.string().meta({ alias: "carName" }) }).meta({ id: "Car" });
  const app = new App();
  app.get("/byalias/", { response: z.union([Plane, Car]) }, () => ({ plane_name: "A", size: 2 }));
  app.get("/nobyalias/", { response: z.union([Plane, Car]), responseByAlias: false }, () => ({ plane_name: "A", size: 2 }));
  const client = new TestClient(app.asgi);
  expect((await client.get("/byalias/")).text).toBe('{"planeName":"A","size":2.0}');
  expect((await client.get("/nobyalias/")).text).toBe('{"plane_name":"A","size":2.0}');
});
