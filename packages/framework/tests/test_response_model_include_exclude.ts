// Ports FastAPI's tests/test_response_model_include_exclude.py: nested response_model_include/_exclude.
// (Python's model instances and dicts are both plain objects here, so each "_dict" case is the same route.)
import { TestClient } from "@mono/asgi";
import { expect, test } from "vitest";
import { z } from "zod";
import { App } from "../src/index.js";

const Model1 = z.object({ foo: z.string(), bar: z.string() });
const Model2 = z.object({ ref: Model1, baz: z.string() });
const Model3 = z.object({ name: z.string(), age: z.int(), ref2: Model2 });

function makeApp(): App {
  const app = new App();
  app.get("/simple_include", { response: Model2, responseInclude: { baz: true, ref: ["foo"] } }, function simple_include() {
    return { ref: { foo: "simple_include model foo", bar: "simple_include model bar" }, baz: "simple_include model2 baz" };
  });
  app.get("/simple_exclude", { response: Model2, responseExclude: { ref: ["bar"] } }, function simple_exclude() {
    return { ref: { foo: "simple_exclude model foo", bar: "simple_exclude model bar" }, baz: "simple_exclude model2 baz" };
  });
  app.get("/mixed", { response: Model3, responseInclude: ["ref2", "name"], responseExclude: { ref2: ["baz"] } }, function mixed() {
    return { name: "mixed model3 name", age: 3, ref2: { ref: { foo: "mixed model foo", bar: "mixed model bar" }, baz: "mixed model2 baz" } };
  });
  return app;
}

test("test_nested_include_simple", async () => {
  const response = await new TestClient(makeApp().asgi).get("/simple_include");
  expect([response.status, response.json()]).toEqual([200, { baz: "simple_include model2 baz", ref: { foo: "simple_include model foo" } }]);
});

test("test_nested_exclude_simple", async () => {
  const response = await new TestClient(makeApp().asgi).get("/simple_exclude");
  expect([response.status, response.json()]).toEqual([200, { baz: "simple_exclude model2 baz", ref: { foo: "simple_exclude model foo" } }]);
});

test("test_nested_include_mixed", async () => {
  const response = await new TestClient(makeApp().asgi).get("/mixed");
  expect([response.status, response.json()]).toEqual([
    200,
    { name: "mixed model3 name", ref2: { ref: { foo: "mixed model foo", bar: "mixed model bar" } } },
  ]);
});
