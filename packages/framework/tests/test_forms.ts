// Ports FastAPI's tests/test_forms_single_param.py, test_forms_from_non_typing_sequences.py and the data cases of
// test_forms_single_model.py: one Form() field, lists and sets read from repeated names, a form model with
// defaults, a list field and extra keys.
import { TestClient } from "@mono/asgi";
import { expect, test } from "vitest";
import { z } from "zod";
import { App, py } from "../src/index.js";

test("test_single_form_field", async () => {
  const app = new App();
  app.post("/form/", { form: { username: z.string() } }, function post_form({ form }) {
    return form.username;
  });
  const client = new TestClient(app.asgi);
  const response = await client.post("/form/", { data: { username: "Rick" } });
  expect([response.status, response.json()]).toEqual([200, "Rick"]);
  const schemas = (app.openapi()["components"] as { schemas: Record<string, unknown> }).schemas;
  expect(schemas["Body_post_form_form__post"]).toEqual({
    properties: { username: { type: "string", title: "Username" } },
    type: "object",
    required: ["username"],
    title: "Body_post_form_form__post",
  });
});

function sequencesApp(): App {
  const app = new App();
  app.post("/form/python-list", { form: { items: z.array(z.string()) } }, function post_form_param_list({ form }) {
    return form.items;
  });
  app.post("/form/python-set", { form: { items: py.set(z.string()) } }, function post_form_param_set({ form }) {
    return form.items;
  });
  return app;
}

test("test_python_list_param_as_form", async () => {
  const response = await new TestClient(sequencesApp().asgi).post("/form/python-list", { data: { items: ["first", "second", "third"] } });
  expect([response.status, response.json()]).toEqual([200, ["first", "second", "third"]]);
});

test("test_python_set_param_as_form", async () => {
  const response = await new TestClient(sequencesApp().asgi).post("/form/python-set", { data: { items: ["first", "second", "third"] } });
  expect(response.status).toBe(200);
  expect(new Set(response.json() as string[])).toEqual(new Set(["first", "second", "third"]));
});

const FormModel = z.object({
  username: z.string(),
  lastname: z.string(),
  age: z.int().nullable().default(null),
  tags: z.array(z.string()).default(["foo", "bar"]),
});
const FormModelExtraAllow = z.looseObject({ param: z.string() });

function modelApp(): App {
  const app = new App();
  app.post("/form/", { form: FormModel, response: FormModel }, function post_form({ form }) {
    return form;
  });
  app.post("/form-extra-allow/", { form: FormModelExtraAllow }, function post_form_extra_allow({ form }) {
    return form;
  });
  return app;
}

test("test_send_all_data", async () => {
  const data = { username: "Rick", lastname: "Sanchez", age: "70", tags: ["plumbus", "citadel"] };
  const response = await new TestClient(modelApp().asgi).post("/form/", { data });
  expect([response.status, response.json()]).toEqual([200, { username: "Rick", lastname: "Sanchez", age: 70, tags: ["plumbus", "citadel"] }]);
});

test("test_defaults", async () => {
  const response = await new TestClient(modelApp().asgi).post("/form/", { data: { username: "Rick", lastname: "Sanchez" } });
  expect([response.status, response.json()]).toEqual([200, { username: "Rick", lastname: "Sanchez", age: null, tags: ["foo", "bar"] }]);
});

test("test_invalid_data", async () => {
  const response = await new TestClient(modelApp().asgi).post("/form/", {
    data: { username: "Rick", lastname: "Sanchez", age: "seventy", tags: ["plumbus", "citadel"] },
  });
  expect(response.status).toBe(422);
  expect(response.json()).toEqual({
    detail: [
      { type: "int_parsing", loc: ["body", "age"], msg: "Input should be a valid integer, unable to parse string as an integer", input: "seventy" },
    ],
  });
});

test("test_no_data", async () => {
  const response = await new TestClient(modelApp().asgi).post("/form/");
  expect(response.status).toBe(422);
  expect(response.json()).toEqual({
    detail: [
      { type: "missing", loc: ["body", "username"], msg: "Field required", input: { tags: ["foo", "bar"] } },
      { type: "missing", loc: ["body", "lastname"], msg: "Field required", input: { tags: ["foo", "bar"] } },
    ],
  });
});

test("test_extra_param_single", async () => {
  const response = await new TestClient(modelApp().asgi).post("/form-extra-allow/", { data: { param: "123", extra_param: "456" } });
  expect([response.status, response.json()]).toEqual([200, { param: "123", extra_param: "456" }]);
});

test("test_extra_param_list", async () => {
  const response = await new TestClient(modelApp().asgi).post("/form-extra-allow/", { data: { param: "123", extra_params: ["456", "789"] } });
  expect([response.status, response.json()]).toEqual([200, { param: "123", extra_params: ["456", "789"] }]);
});

test("test_set_field_default_in_form_model", async () => {
  const app = new App();
  app.post("/", { form: z.object({ name: z.string(), tags: py.set(z.string()).default(new Set(["x"])) }) }, ({ form }) => [...form.tags]);
  const response = await new TestClient(app.asgi).post("/", { data: { name: "a" } });
  expect([response.status, response.json()]).toEqual([200, ["x"]]);
});
