// Ports FastAPI's tests/test_tutorial/test_response_headers (tutorial001: headers of a returned JSONResponse;
// tutorial002: set on the `response` parameter). Answers recorded from FastAPI 0.142.2 by reference/responses.py.
import { test } from "vitest";
import { App, JSONResponse, TestClient } from "../../src/index.js";
import { sameAs, sameOpenAPI } from "./reference/check.js";

function tutorial001(): App {
  const app = new App();
  app.get("/headers/", {}, function get_headers() {
    const content = { message: "Hello World" };
    const headers = { "X-Cat-Dog": "alone in the world", "Content-Language": "en-US" };
    return new JSONResponse(content, { headers });
  });
  return app;
}

function tutorial002(): App {
  const app = new App();
  app.get("/headers-and-object/", {}, function get_headers({ response }) {
    response.headers.set("X-Cat-Dog", "alone in the world");
    return { message: "Hello World" };
  });
  return app;
}

test("test_path_operation [rh001]", async () => {
  sameAs(await new TestClient(tutorial001().asgi).get("/headers/"), "rh001_get");
});

test("test_path_operation [rh002]", async () => {
  sameAs(await new TestClient(tutorial002().asgi).get("/headers-and-object/"), "rh002_get");
});

test("test_openapi_schema", async () => {
  await sameOpenAPI(tutorial001(), "rh001");
  await sameOpenAPI(tutorial002(), "rh002");
});
