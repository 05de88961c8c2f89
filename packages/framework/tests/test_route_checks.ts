// Route mistakes throw when the route is added, naming the route and the parameter (issue 13, item 11).
import { expect, test } from "vitest";
import { z } from "zod";
import { App, APIRouter, Depends, FastAPIError } from "../src/index.js";

test("test_path_parameter_without_schema", () => {
  const app = new App();
  expect(() => app.get("/items/{item_id}", { query: z.object({ q: z.string() }) }, () => null)).toThrow(FastAPIError);
  expect(() => app.get("/items/{item_id}", {}, () => null)).toThrow('GET /items/{item_id}: path parameter "item_id" has no schema');
  expect(() => app.get("/users/{user_id}/items/{item_id}", { path: z.object({ user_id: z.int() }) }, () => null)).toThrow(
    'path parameter "item_id" has no schema',
  );
});

test("test_path_schema_names_a_parameter_the_path_lacks", () => {
  const app = new App();
  expect(() => app.get("/items/{id}", { path: z.object({ id: z.int(), item_id: z.int() }) }, () => null)).toThrow(
    'GET /items/{id}: `path` declares "item_id", which the path does not have',
  );
});

test("test_path_parameter_declared_by_a_dependency", () => {
  const app = new App();
  const item = Depends({ path: z.object({ item_id: z.int() }) }, ({ path }) => path.item_id);
  const route = app.get("/items/{item_id}", { deps: { item } }, ({ deps }) => deps.item);
  expect(route.path).toBe("/items/{item_id}");
});

test("test_group_that_is_not_an_object", () => {
  const app = new App();
  // @ts-expect-error a parameter group is an object schema
  expect(() => app.get("/", { query: z.string() }, () => null)).toThrow('GET /: "query" must be a zod object of parameters');
  // @ts-expect-error a parameter group is an object schema
  expect(() => app.get("/h", { headers: { x_token: z.string() } }, () => null)).toThrow('"headers" must be a zod object');
  // @ts-expect-error a parameter group is an object schema
  expect(() => Depends({ cookies: z.array(z.string()) }, () => null)).toThrow('"cookies" must be a zod object');
});

test("test_unknown_option_key", () => {
  const app = new App();
  // @ts-expect-error no such option
  expect(() => app.post("/items/", { bodyy: z.object({}) }, () => null)).toThrow('POST /items/: unknown option "bodyy"');
  // @ts-expect-error no such option
  expect(() => Depends({ querry: z.object({}) }, () => null)).toThrow('unknown option "querry"');
  const router = new APIRouter({ prefix: "/r" });
  // @ts-expect-error no such option
  expect(() => router.get("/", { response_model: z.object({}) }, () => null)).toThrow('GET /r/: unknown option "response_model"');
});

test("test_body_and_form_together", () => {
  const app = new App();
  expect(() => app.post("/", { body: z.object({}), form: { a: z.string() } }, () => null)).toThrow('"body" (JSON) or "form", not both');
  // @ts-expect-error each body field is a schema
  expect(() => app.post("/b", { body: { item: 3 } }, () => null)).toThrow("body.item must be a zod schema");
});
