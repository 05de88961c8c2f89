// Ports FastAPI's tests/test_response_model_sub_types.py: `responses` models that are a scalar, a list of scalars,
// a model and a list of models, documented as FastAPI does. Answers recorded from FastAPI 0.142.2 by
// tests/test_tutorial/reference/responses.py.
import { test } from "vitest";
import { z } from "zod";
import { App, TestClient } from "../src/index.js";
import { sameAs, sameOpenAPI } from "./test_tutorial/reference/check.js";

const Model = z.object({ name: z.string() }).meta({ id: "Model" });

function makeApp(): App {
  const app = new App();
  app.get("/valid1", { responses: { 500: { model: z.int() } } }, function valid1() {});
  app.get("/valid2", { responses: { 500: { model: z.array(z.int()) } } }, function valid2() {});
  app.get("/valid3", { responses: { 500: { model: Model } } }, function valid3() {});
  app.get("/valid4", { responses: { 500: { model: z.array(Model) } } }, function valid4() {});
  return app;
}

test("test_path_operations", async () => {
  const client = new TestClient(makeApp().asgi);
  for (const n of [1, 2, 3, 4]) sameAs(await client.get(`/valid${n}`), `subtypes_valid${n}`);
});

test("test_openapi_schema", async () => {
  await sameOpenAPI(makeApp(), "subtypes");
});
