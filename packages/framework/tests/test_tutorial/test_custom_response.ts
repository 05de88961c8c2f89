// Ports FastAPI's tests/test_tutorial/test_custom_response (tutorial006b, 006c): response_class=RedirectResponse
// keeps the class's own 307 unless the route sets a status. Expected values recorded from FastAPI 0.142.2.
import { RedirectResponse, TestClient } from "@mono/asgi";
import { expect, test } from "vitest";
import { App } from "../../src/index.js";

function makeApp(): App {
  const app = new App();
  app.get("/fastapi", { responseClass: RedirectResponse }, function redirect_fastapi() {
    return "https://fastapi.tiangolo.com";
  });
  app.get("/pydantic", { responseClass: RedirectResponse, status: 302 }, function redirect_pydantic() {
    return "https://docs.pydantic.dev/";
  });
  return app;
}

test("test_redirect_response_class", async () => {
  const client = new TestClient(makeApp().asgi, { followRedirects: false });
  const response = await client.get("/fastapi");
  expect([response.status, response.rawHeaders, response.text]).toEqual([
    307,
    [["content-length", "0"], ["location", "https://fastapi.tiangolo.com"]],
    "",
  ]);
});

test("test_redirect_status_code", async () => {
  const client = new TestClient(makeApp().asgi, { followRedirects: false });
  const response = await client.get("/pydantic");
  expect([response.status, response.rawHeaders]).toEqual([302, [["content-length", "0"], ["location", "https://docs.pydantic.dev/"]]]);
});

test("test_openapi_schema", () => {
  expect(makeApp().openapi()["paths"]).toEqual({
    "/fastapi": {
      get: { summary: "Redirect Fastapi", operationId: "redirect_fastapi_fastapi_get", responses: { "307": { description: "Successful Response" } } },
    },
    "/pydantic": {
      get: { summary: "Redirect Pydantic", operationId: "redirect_pydantic_pydantic_get", responses: { "302": { description: "Successful Response" } } },
    },
  });
});
