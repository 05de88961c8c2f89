// FastAPI's tests/test_tutorial/test_sub_applications/test_tutorial001.py, over docs_src/sub_applications/tutorial001.
import { expect, test } from "vitest";
import { App, TestClient } from "../../src/index.js";

const app = new App();
app.get("/app", function read_main() {
  return { message: "Hello World from main app" };
});
const subapi = new App();
subapi.get("/sub", function read_sub() {
  return { message: "Hello World from sub API" };
});
app.mount("/subapi", subapi);

const client = new TestClient(app.asgi);

test("test_main", async () => {
  const response = await client.get("/app");
  expect(response.status).toBe(200);
  expect(response.json()).toEqual({ message: "Hello World from main app" });
});

test("test_sub", async () => {
  const response = await client.get("/subapi/sub");
  expect(response.status).toBe(200);
  expect(response.json()).toEqual({ message: "Hello World from sub API" });
});

const okResponse = {
  "200": { description: "Successful Response", content: { "application/json": { schema: {} } } },
};

test("test_openapi_schema_main", async () => {
  const response = await client.get("/openapi.json");
  expect(response.status).toBe(200);
  expect(response.json()).toEqual({
    openapi: "3.1.0",
    info: { title: "FastAPI", version: "0.1.0" },
    paths: { "/app": { get: { responses: okResponse, summary: "Read Main", operationId: "read_main_app_get" } } },
  });
});

test("test_openapi_schema_sub", async () => {
  const response = await client.get("/subapi/openapi.json");
  expect(response.status).toBe(200);
  expect(response.json()).toEqual({
    openapi: "3.1.0",
    info: { title: "FastAPI", version: "0.1.0" },
    paths: { "/sub": { get: { responses: okResponse, summary: "Read Sub", operationId: "read_sub_sub_get" } } },
    servers: [{ url: "/subapi" }],
  });
});

test("the sub-application's docs point at its own openapi.json", async () => {
  const response = await client.get("/subapi/docs");
  expect(response.status).toBe(200);
  expect(response.text).toContain("url: '/subapi/openapi.json'");
});
