// Ports FastAPI's tests/test_response_class_no_mediatype.py (a `responses` model of a route whose class has no
// media type goes under application/json) and test_additional_responses_response_class.py (under the class's own
// media type). /openapi.json bytes recorded from FastAPI 0.142.2 by test_tutorial/reference/responses.py.
import { test } from "vitest";
import { z } from "zod";
import { App, JSONResponse, Response, type ResponseClass } from "../src/index.js";
import { sameOpenAPI } from "./test_tutorial/reference/check.js";

class JsonApiResponse extends JSONResponse {
  static override mediaType: string | null = "application/vnd.api+json";
}

const ErrorModel = z.object({ status: z.string(), title: z.string() }).meta({ id: "Error" });
const JsonApiError = z.object({ errors: z.array(ErrorModel) }).meta({ id: "JsonApiError" });

function makeApp(responseClass: ResponseClass): App {
  const app = new App();
  app.get("/a", { responseClass, responses: { 500: { description: "Error", model: JsonApiError } } }, async function a() {
    return null as never;
  });
  app.get("/b", { responses: { 500: { description: "Error", model: ErrorModel } } }, async function b() {});
  return app;
}

test("test_openapi_schema", async () => {
  await sameOpenAPI(makeApp(Response), "nomediatype");
});

test("test_openapi_schema [test_additional_responses_response_class]", async () => {
  await sameOpenAPI(makeApp(JsonApiResponse), "arclass");
});
