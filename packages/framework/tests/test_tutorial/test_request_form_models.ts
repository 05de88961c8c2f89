// Ports FastAPI's tests/test_tutorial/test_request_form_models (tutorial001, tutorial002): a form model, its
// errors at ["body", field] with the fields sent as `input`, and extra fields forbidden. Bytes and OpenAPI
// (key order included) as FastAPI 0.142.2's.
import { TestClient } from "@mono/asgi";
import { expect, test } from "vitest";
import { z } from "zod";
import { App } from "../../src/index.js";
import { FASTAPI13, OPENAPI13 } from "./fastapi_reference_13.js";

function same(response: { status: number; rawHeaders: [string, string][]; text: string }, name: string): void {
  expect({ status: response.status, headers: response.rawHeaders, body: response.text }).toEqual(FASTAPI13[name]);
}

const FormData = z.object({ username: z.string(), password: z.string() }).meta({ id: "FormData" });
const StrictFormData = z.strictObject({ username: z.string(), password: z.string() }).meta({ id: "StrictFormData" });

function makeApp(): App {
  const app = new App();
  app.post("/login/", { form: FormData }, function login({ form }) {
    return form;
  });
  app.post("/strict/", { form: StrictFormData }, function strict({ form }) {
    return form;
  });
  return app;
}

test("test_post_body_form", async () => {
  same(await new TestClient(makeApp().asgi).post("/login/", { data: { username: "Foo", password: "secret" } }), "fm_ok");
});

test("test_post_body_form_missing", async () => {
  const client = new TestClient(makeApp().asgi);
  same(await client.post("/login/", { data: { username: "Foo" } }), "fm_missing");
  same(await client.post("/login/"), "fm_none");
});

test("test_send_extra_data", async () => {
  same(await new TestClient(makeApp().asgi).post("/strict/", { data: { username: "Foo", password: "secret", extra: "extra" } }), "fm_extra");
});

test("test_openapi_schema", () => {
  expect(JSON.stringify(makeApp().openapi())).toBe(JSON.stringify(JSON.parse(OPENAPI13["fm"] as string)));
});
