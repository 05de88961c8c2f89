// Ports FastAPI's tests/test_union_forms.py: a form that is one of two models (`UserForm | CompanyForm`), the
// errors of each branch under the model's name. Bytes and OpenAPI as FastAPI 0.142.2's (reference/forms_files.py).
import { expect, test } from "vitest";
import { z } from "zod";
import { App, TestClient } from "../src/index.js";
import { FORMS, FORMS_OPENAPI } from "./test_tutorial/reference/forms_files.js";

function same(response: { status: number; rawHeaders: readonly (readonly [string, string])[]; text: string }, name: string): void {
  expect({ status: response.status, headers: response.rawHeaders, body: response.text }).toEqual(FORMS[name]);
}

const UserForm = z.object({ name: z.string(), email: z.string() }).meta({ id: "UserForm" });
const CompanyForm = z.object({ company_name: z.string(), industry: z.string() }).meta({ id: "CompanyForm" });

function makeApp(): App {
  const app = new App();
  app.post("/form-union/", { form: z.union([UserForm, CompanyForm]) }, function post_union_form({ form }) {
    return { received: form };
  });
  return app;
}

const client = new TestClient(makeApp().asgi);

test("test_post_user_form", async () => {
  const response = await client.post("/form-union/", { data: { name: "John Doe", email: "john@example.com" } });
  expect(response.json()).toEqual({ received: { name: "John Doe", email: "john@example.com" } });
  same(response, "union_user");
});

test("test_post_company_form", async () => {
  same(await client.post("/form-union/", { data: { company_name: "Tech Corp", industry: "Technology" } }), "union_company");
});

test("test_invalid_form_data", async () => {
  same(await client.post("/form-union/", { data: { name: "John", company_name: "Tech" } }), "union_invalid");
});

test("test_empty_form", async () => {
  same(await client.post("/form-union/"), "union_empty");
});

test("test_openapi_schema", () => {
  // FastAPI titles the body schema after the handler's parameter (`data`), which a `form` spec does not name: without
  // a `.meta({ title })` ours is "Body"; with one, the document is FastAPI's byte for byte.
  const expected = JSON.stringify(JSON.parse(FORMS_OPENAPI["union"] as string));
  expect(JSON.stringify(makeApp().openapi())).toBe(expected.replace(',"title":"Data"}', ',"title":"Body"}'));
});
