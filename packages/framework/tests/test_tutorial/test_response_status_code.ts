// Ports FastAPI's tests/test_tutorial/test_response_status_code (tutorial001, 002: status_code=201 and
// status.HTTP_201_CREATED). Answers recorded from FastAPI 0.142.2 by reference/responses.py.
import { status } from "@mono/asgi";
import { test } from "vitest";
import { z } from "zod";
import { App, TestClient } from "../../src/index.js";
import { sameAs, sameOpenAPI } from "./reference/check.js";

function makeApp(code: number): App {
  const app = new App();
  app.post("/items/", { query: z.object({ name: z.string() }), status: code }, async function create_item({ query }) {
    return { name: query.name };
  });
  return app;
}

const apps = [201, status.HTTP_201_CREATED];

test.each(apps)("test_create_item [%s]", async (code) => {
  const client = new TestClient(makeApp(code).asgi);
  sameAs(await client.post("/items/", { params: { name: "Test Item" } }), "rsc001_create");
  sameAs(await client.post("/items/"), "rsc001_missing");
});

test.each(apps)("test_openapi_schema [%s]", async (code) => {
  await sameOpenAPI(makeApp(code), "rsc001");
});
