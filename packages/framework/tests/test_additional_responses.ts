// Ports FastAPI's tests/test_additional_responses_{bad,default_validationerror,custom_validationerror,router,
// union_duplicate_anyof}.py and test_additional_response_extra.py: how `responses` entries are merged into the
// OpenAPI document. Answers and /openapi.json bytes recorded from FastAPI 0.142.2 by
// test_tutorial/reference/responses.py. (test_additional_responses_custom_model_in_callback.py needs OpenAPI
// callbacks, which the framework does not offer.)
import { expect, test } from "vitest";
import { z } from "zod";
import { APIRouter, App, JSONResponse, TestClient } from "../src/index.js";
import { sameAs, sameOpenAPI } from "./test_tutorial/reference/check.js";

class JsonApiResponse extends JSONResponse {
  static override mediaType: string | null = "application/vnd.api+json";
}

const ErrorModel = z.object({ status: z.string(), title: z.string() }).meta({ id: "Error" });
const JsonApiError = z.object({ errors: z.array(ErrorModel) }).meta({ id: "JsonApiError" });

test("test_openapi_schema [bad]", async () => {
  // FastAPI raises a ValueError when it writes the document: "hello" is no status code.
  const app = new App();
  app.get("/a", { responses: { hello: { description: "Not a valid additional response" } } }, async function a() {});
  await expect(new TestClient(app.asgi).get("/openapi.json")).rejects.toThrow(/"hello"/);
});

test("test_openapi_schema [default_validationerror]", async () => {
  const app = new App();
  app.get("/a/{id}", { path: z.object({ id: z.any() }) }, async function a() {});
  await sameOpenAPI(app, "ardefault422");
});

test("test_openapi_schema [custom_validationerror]", async () => {
  const app = new App();
  const spec = { path: z.object({ id: z.any() }), responseClass: JsonApiResponse, responses: { 422: { description: "Error", model: JsonApiError } } };
  app.get("/a/{id}", spec, async function a() {
    return null as never;
  });
  await sameOpenAPI(app, "arcustom422");
});

function routerApp(): App {
  const ResponseModel = z.object({ message: z.string() }).meta({ id: "ResponseModel" });
  const app = new App();
  const router = new APIRouter();
  router.get("/a", { responses: { 501: { description: "Error 1" } } }, async function a() {
    return "a";
  });
  router.get("/b", { responses: { 502: { description: "Error 2" }, "4XX": { description: "Error with range, upper" } } }, async function b() {
    return "b";
  });
  const responsesC = { "400": { description: "Error with str" }, "5xx": { description: "Error with range, lower" }, default: { description: "A default response" } };
  router.get("/c", { responses: responsesC }, async function c() {
    return "c";
  });
  router.get("/d", { responses: { "400": { description: "Error with str" }, "5XX": { model: ResponseModel }, default: { model: ResponseModel } } }, async function d() {
    return "d";
  });
  app.includeRouter(router);
  return app;
}

test.each(["a", "b", "c", "d"])("test_%s [router]", async (path) => {
  sameAs(await new TestClient(routerApp().asgi).get(`/${path}`), `arrouter_${path}`);
});

test("test_openapi_schema [router]", async () => {
  await sameOpenAPI(routerApp(), "arrouter");
});

function extraApp(): App {
  const router = new APIRouter();
  const subRouter = new APIRouter();
  const app = new App();
  subRouter.get("/", {}, function read_item() {
    return { id: "foo" };
  });
  router.includeRouter(subRouter, { prefix: "/items" });
  app.includeRouter(router);
  return app;
}

test("test_path_operation [extra]", async () => {
  sameAs(await new TestClient(extraApp().asgi).get("/items/"), "arextra_items");
});

test("test_openapi_schema [extra]", async () => {
  await sameOpenAPI(extraApp(), "arextra");
});

test("test_openapi_schema [union_duplicate_anyof]", async () => {
  const ModelA = z.object({ a: z.string() }).meta({ id: "ModelA" });
  const ModelB = z.object({ b: z.string() }).meta({ id: "ModelB" });
  const app = new App({
    responses: { 500: { model: z.union([ModelA, ModelB]), content: { "application/json": { examples: { "Case A": { value: "a" } } } } } },
  });
  app.get("/route1", {}, async function route1() {});
  app.get("/route2", {}, async function route2() {});
  await sameOpenAPI(app, "aranyof");
});
