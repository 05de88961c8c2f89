// Ports FastAPI's tests/test_tutorial/test_request_forms (tutorial001): Form() parameters read from an
// urlencoded body, each validated at ["body", name]. Bytes and OpenAPI as FastAPI 0.142.2's.
import { TestClient } from "@mono/asgi";
import { expect, test } from "vitest";
import { z } from "zod";
import { App } from "../../src/index.js";
import { FASTAPI13, OPENAPI13 } from "./fastapi_reference_13.js";

function same(response: { status: number; rawHeaders: [string, string][]; text: string }, name: string): void {
  expect({ status: response.status, headers: response.rawHeaders, body: response.text }).toEqual(FASTAPI13[name]);
}

function makeApp(): App {
  const app = new App();
  app.post("/login/", { form: { username: z.string(), password: z.string() } }, function login({ form }) {
    return { username: form.username };
  });
  return app;
}

test("test_post_body_form", async () => {
  same(await new TestClient(makeApp().asgi).post("/login/", { data: { username: "Foo", password: "secret" } }), "form_ok");
});

test("test_post_body_form_no_password", async () => {
  same(await new TestClient(makeApp().asgi).post("/login/", { data: { username: "Foo" } }), "form_no_password");
});

test("test_post_body_form_no_username", async () => {
  same(await new TestClient(makeApp().asgi).post("/login/", { data: { password: "secret" } }), "form_no_username");
});

test("test_post_body_form_no_data", async () => {
  same(await new TestClient(makeApp().asgi).post("/login/"), "form_empty");
});

test("test_post_body_json", async () => {
  same(await new TestClient(makeApp().asgi).post("/login/", { json: { username: "Foo", password: "secret" } }), "form_json");
});

test("test_post_body_form_empty_value_is_missing", async () => {
  same(await new TestClient(makeApp().asgi).post("/login/", { data: { username: "", password: "secret" } }), "form_empty_value");
});

test("test_openapi_schema", () => {
  // Compared as text: the key order is FastAPI's too.
  expect(JSON.stringify(makeApp().openapi())).toBe(JSON.stringify(JSON.parse(OPENAPI13["form"] as string)));
});
