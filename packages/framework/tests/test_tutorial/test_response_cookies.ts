// Ports FastAPI's tests/test_tutorial/test_response_cookies (tutorial001: set_cookie on a returned JSONResponse;
// tutorial002: on the `response` parameter). Answers recorded from FastAPI 0.142.2 by reference/responses.py.
import { test } from "vitest";
import { App, JSONResponse, TestClient } from "../../src/index.js";
import { sameAs, sameOpenAPI } from "./reference/check.js";

function tutorial001(): App {
  const app = new App();
  app.post("/cookie/", {}, function create_cookie() {
    const content = { message: "Come to the dark side, we have cookies" };
    const response = new JSONResponse(content);
    response.setCookie("fakesession", "fake-cookie-session-value");
    return response;
  });
  return app;
}

function tutorial002(): App {
  const app = new App();
  app.post("/cookie-and-object/", {}, function create_cookie({ response }) {
    response.setCookie("fakesession", "fake-cookie-session-value");
    return { message: "Come to the dark side, we have cookies" };
  });
  return app;
}

test("test_path_operation [rc001]", async () => {
  sameAs(await new TestClient(tutorial001().asgi).post("/cookie/"), "rc001_post");
});

test("test_path_operation [rc002]", async () => {
  sameAs(await new TestClient(tutorial002().asgi).post("/cookie-and-object/"), "rc002_post");
});

test("test_openapi_schema", async () => {
  await sameOpenAPI(tutorial001(), "rc001");
  await sameOpenAPI(tutorial002(), "rc002");
});
