// Ports FastAPI's tests/test_response_model_default_factory.py: a field's default_factory (zod: a function given
// to .default, marked `.meta({ defaultFactory: true })` so that OpenAPI writes no default, as pydantic) fills what
// the returned value leaves out. Answers recorded from FastAPI 0.142.2 by
// tests/test_tutorial/reference/responses.py.
import { expect, test } from "vitest";
import { z } from "zod";
import { App, TestClient } from "../src/index.js";
import { sameAs, sameOpenAPI } from "./test_tutorial/reference/check.js";

const ResponseModel = z.object({ code: z.int().default(200), message: z.string().default(() => "Successful operation.").meta({ defaultFactory: true }) }).meta({ id: "ResponseModel" });

function makeApp(): App {
  const app = new App();
  app.get("/response_model_has_default_factory_return_dict", { response: ResponseModel }, async function response_model_has_default_factory_return_dict() {
    return { code: 200 };
  });
  app.get("/response_model_has_default_factory_return_model", { response: ResponseModel }, async function response_model_has_default_factory_return_model() {
    return ResponseModel.parse({});
  });
  return app;
}

test("test_response_model_has_default_factory_return_dict", async () => {
  const response = await new TestClient(makeApp().asgi).get("/response_model_has_default_factory_return_dict");
  expect(response.json()).toEqual({ code: 200, message: "Successful operation." });
  sameAs(response, "dfactory_dict");
});

test("test_response_model_has_default_factory_return_model", async () => {
  sameAs(await new TestClient(makeApp().asgi).get("/response_model_has_default_factory_return_model"), "dfactory_model");
});

test("test_openapi_schema", async () => {
  await sameOpenAPI(makeApp(), "dfactory");
});
