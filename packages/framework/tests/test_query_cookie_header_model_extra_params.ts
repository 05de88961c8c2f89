// Ports FastAPI's tests/test_query_cookie_header_model_extra_params.py: parameter models that allow extra values
// (`.loose()`, pydantic's extra="allow") keep them, a repeated one as a list; a header model reads hyphenated names.
import { TestClient } from "@mono/asgi";
import { expect, test } from "vitest";
import { z } from "zod";
import { App } from "../src/index.js";

function makeApp(): App {
  const Model = z.object({ param: z.string() }).loose();
  const AuthHeaders = z.object({ x_user_id: z.string() }).meta({ id: "AuthHeaders" });
  const app = new App();
  app.get("/query", { query: Model }, async function query_model_with_extra({ query }) {
    return query;
  });
  app.get("/header", { headers: Model }, async function header_model_with_extra({ headers }) {
    return headers;
  });
  app.get("/cookie", { cookies: Model }, async function cookies_model_with_extra({ cookies }) {
    return cookies;
  });
  app.get("/header-requires-hyphen", { headers: AuthHeaders }, async function header_model_requires_hyphen({ headers }) {
    return headers;
  });
  return app;
}

test("test_query_pass_extra_list", async () => {
  const response = await new TestClient(makeApp().asgi).get("/query", { params: { param: "123", param2: ["456", "789"] } });
  expect([response.status, response.json()]).toEqual([200, { param: "123", param2: ["456", "789"] }]);
});

test("test_query_pass_extra_single", async () => {
  const response = await new TestClient(makeApp().asgi).get("/query", { params: { param: "123", param2: "456" } });
  expect([response.status, response.json()]).toEqual([200, { param: "123", param2: "456" }]);
});

test("test_header_pass_extra_list", async () => {
  const headers: [string, string][] = [["param", "123"], ["param2", "456"], ["param2", "789"]];
  const response = await new TestClient(makeApp().asgi).get("/header", { headers });
  expect(response.status).toBe(200);
  expect((response.json() as Record<string, unknown>)["param2"]).toEqual(["456", "789"]);
});

test("test_header_pass_extra_single", async () => {
  const headers: [string, string][] = [["param", "123"], ["param2", "456"]];
  const response = await new TestClient(makeApp().asgi).get("/header", { headers });
  expect(response.status).toBe(200);
  expect((response.json() as Record<string, unknown>)["param2"]).toBe("456");
});

test("test_header_model_prefers_hyphenated_header_with_convert_underscores", async () => {
  const headers: [string, string][] = [["x-user-id", "hyphenated-value"], ["x_user_id", "underscore-value"]];
  const response = await new TestClient(makeApp().asgi).get("/header-requires-hyphen", { headers });
  expect([response.status, response.json()]).toEqual([200, { x_user_id: "hyphenated-value" }]);
});

test("test_header_model_rejects_underscore_header_with_convert_underscores", async () => {
  const response = await new TestClient(makeApp().asgi).get("/header-requires-hyphen", { headers: { x_user_id: "underscore-value" } });
  expect(response.status).toBe(422);
  expect((response.json() as { detail: { loc: unknown }[] }).detail[0]?.loc).toEqual(["header", "x_user_id"]);
});

test("test_cookie_pass_extra_list", async () => {
  const client = new TestClient(makeApp().asgi, { headers: { cookie: "param=123; param2=456; param2=789" } });
  const response = await client.get("/cookie");
  expect(response.status).toBe(200);
  // Cookies keep only the last value of a name.
  expect((response.json() as Record<string, unknown>)["param2"]).toBe("789");
});
