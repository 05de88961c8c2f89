// Ports FastAPI's tests/test_response_model_as_return_annotation.py. Python tells a response model
// (`response_model=`) from a return annotation (`-> User`); here both are `response: User`, so each "annotation"
// route is the same as its "response_model" twin, and `response_model=None` is `response: null`. Python's model
// instances are plain objects: an Item returned where a User is expected lacks `surname` as the Item object does.
import { expect, test } from "vitest";
import { z } from "zod";
import { App, FastAPIError, JSONResponse, Response, ResponseValidationError, TestClient, type JSONSchema } from "../src/index.js";

const BaseUser = z.object({ name: z.string() }).meta({ id: "BaseUser" });
const User = BaseUser.extend({ surname: z.string() }).meta({ id: "User" });
const Item = z.object({ name: z.string(), price: z.number() }).meta({ id: "Item" });

const user = (): Record<string, unknown> => ({ name: "John", surname: "Doe" });
const dbUser = (): Record<string, unknown> => ({ name: "John", surname: "Doe", password_hash: "secret" });
const item = (): Record<string, unknown> => ({ name: "Foo", price: 42.0 });
const returns: Record<string, () => unknown> = {
  return_model: user,
  return_dict: user,
  return_same_model: user,
  return_exact_dict: user,
  return_invalid_dict: () => ({ name: "John" }),
  return_invalid_model: item,
  return_dict_with_extra_data: dbUser,
  return_submodel_with_extra_data: dbUser,
};

type Spec = { response?: z.ZodType | null };

function makeApp(): App {
  const app = new App();
  const add = (path: string, spec: Spec, fn: () => unknown): void => {
    const name = path.slice(1).replaceAll("-", "_");
    const handler = { [name]: () => fn() }[name] as () => never;
    app.get(path, spec, handler);
  };
  add("/no_response_model-no_annotation-return_model", {}, user);
  add("/no_response_model-no_annotation-return_dict", {}, user);
  for (const variant of ["return_same_model", "return_exact_dict", "return_invalid_dict", "return_invalid_model", "return_dict_with_extra_data", "return_submodel_with_extra_data"]) {
    const fn = returns[variant] as () => unknown;
    add(`/response_model-no_annotation-${variant}`, { response: User }, fn);
    add(`/no_response_model-annotation-${variant}`, { response: User }, fn);
    add(`/response_model_none-annotation-${variant}`, { response: null }, fn);
    add(`/response_model_model1-annotation_model2-${variant}`, { response: User }, fn);
  }
  add("/response_model_filtering_model-annotation_submodel-return_submodel", { response: User }, dbUser);
  const two = (): unknown[] => [dbUser(), { name: "Jane", surname: "Does", password_hash: "secret2" }];
  add("/response_model_list_of_model-no_annotation", { response: z.array(User) }, two);
  add("/no_response_model-annotation_list_of_model", { response: z.array(User) }, two);
  add("/no_response_model-annotation_forward_ref_list_of_model", { response: z.array(User) }, two);
  add("/response_model_union-no_annotation-return_model1", { response: z.union([User, Item]) }, dbUser);
  add("/response_model_union-no_annotation-return_model2", { response: z.union([User, Item]) }, item);
  add("/no_response_model-annotation_union-return_model1", { response: z.union([User, Item]) }, dbUser);
  add("/no_response_model-annotation_union-return_model2", { response: z.union([User, Item]) }, item);
  add("/no_response_model-annotation_response_class", {}, () => new Response("Foo"));
  add("/no_response_model-annotation_json_response_class", {}, () => new JSONResponse({ foo: "bar" }));
  return app;
}

const client = new TestClient(makeApp().asgi);

async function ok(path: string): Promise<unknown> {
  const response = await client.get(path);
  expect(response.status).toBe(200);
  return response.json();
}

async function invalid(path: string): Promise<void> {
  const error = await client.get(path).then(
    () => undefined,
    (exc: unknown) => exc,
  );
  expect(error).toBeInstanceOf(ResponseValidationError);
  expect(String(error)).toContain("missing");
}

const JOHN = { name: "John", surname: "Doe" };
const BOTH = [JOHN, { name: "Jane", surname: "Does" }];

for (const prefix of ["response_model-no_annotation", "no_response_model-annotation", "response_model_model1-annotation_model2"]) {
  const name = prefix.replaceAll("-", "_");
  test(`test_${name}_return_same_model`, async () => expect(await ok(`/${prefix}-return_same_model`)).toEqual(JOHN));
  test(`test_${name}_return_exact_dict`, async () => expect(await ok(`/${prefix}-return_exact_dict`)).toEqual(JOHN));
  test(`test_${name}_return_invalid_dict`, async () => invalid(`/${prefix}-return_invalid_dict`));
  test(`test_${name}_return_invalid_model`, async () => invalid(`/${prefix}-return_invalid_model`));
  test(`test_${name}_return_dict_with_extra_data`, async () => expect(await ok(`/${prefix}-return_dict_with_extra_data`)).toEqual(JOHN));
  test(`test_${name}_return_submodel_with_extra_data`, async () => expect(await ok(`/${prefix}-return_submodel_with_extra_data`)).toEqual(JOHN));
}

test("test_no_response_model_no_annotation_return_model", async () => {
  expect(await ok("/no_response_model-no_annotation-return_model")).toEqual(JOHN);
});

test("test_no_response_model_no_annotation_return_dict", async () => {
  expect(await ok("/no_response_model-no_annotation-return_dict")).toEqual(JOHN);
});

test("test_response_model_none_annotation_return_same_model", async () => {
  expect(await ok("/response_model_none-annotation-return_same_model")).toEqual(JOHN);
});

test("test_response_model_none_annotation_return_exact_dict", async () => {
  expect(await ok("/response_model_none-annotation-return_exact_dict")).toEqual(JOHN);
});

test("test_response_model_none_annotation_return_invalid_dict", async () => {
  expect(await ok("/response_model_none-annotation-return_invalid_dict")).toEqual({ name: "John" });
});

test("test_response_model_none_annotation_return_invalid_model", async () => {
  expect(await ok("/response_model_none-annotation-return_invalid_model")).toEqual({ name: "Foo", price: 42.0 });
});

test("test_response_model_none_annotation_return_dict_with_extra_data", async () => {
  expect(await ok("/response_model_none-annotation-return_dict_with_extra_data")).toEqual({ ...JOHN, password_hash: "secret" });
});

test("test_response_model_none_annotation_return_submodel_with_extra_data", async () => {
  expect(await ok("/response_model_none-annotation-return_submodel_with_extra_data")).toEqual({ ...JOHN, password_hash: "secret" });
});

test("test_response_model_filtering_model_annotation_submodel_return_submodel", async () => {
  expect(await ok("/response_model_filtering_model-annotation_submodel-return_submodel")).toEqual(JOHN);
});

test("test_response_model_list_of_model_no_annotation", async () => {
  expect(await ok("/response_model_list_of_model-no_annotation")).toEqual(BOTH);
});

test("test_no_response_model_annotation_list_of_model", async () => {
  expect(await ok("/no_response_model-annotation_list_of_model")).toEqual(BOTH);
});

test("test_no_response_model_annotation_forward_ref_list_of_model", async () => {
  expect(await ok("/no_response_model-annotation_forward_ref_list_of_model")).toEqual(BOTH);
});

test("test_response_model_union_no_annotation_return_model1", async () => {
  expect(await ok("/response_model_union-no_annotation-return_model1")).toEqual(JOHN);
});

test("test_response_model_union_no_annotation_return_model2", async () => {
  const response = await client.get("/response_model_union-no_annotation-return_model2");
  // pydantic writes the float field as 42.0.
  expect(response.text).toBe('{"name":"Foo","price":42.0}');
});

test("test_no_response_model_annotation_union_return_model1", async () => {
  expect(await ok("/no_response_model-annotation_union-return_model1")).toEqual(JOHN);
});

test("test_no_response_model_annotation_union_return_model2", async () => {
  expect(await ok("/no_response_model-annotation_union-return_model2")).toEqual({ name: "Foo", price: 42.0 });
});

test("test_no_response_model_annotation_return_class", async () => {
  const response = await client.get("/no_response_model-annotation_response_class");
  expect([response.text, response.rawHeaders]).toEqual(["Foo", [["content-length", "3"]]]);
});

test("test_no_response_model_annotation_json_response_class", async () => {
  expect(await ok("/no_response_model-annotation_json_response_class")).toEqual({ foo: "bar" });
});

test("test_invalid_response_model_field", () => {
  const app = new App();
  let error: unknown;
  try {
    app.get("/", { response: Response as unknown as z.ZodType }, function read_root() {
      return new Response("Foo");
    });
  } catch (exc: unknown) {
    error = exc;
  }
  expect(error).toBeInstanceOf(FastAPIError);
  expect(String(error)).toContain("valid Pydantic field type");
  expect(String(error)).toContain("parameter response_model=None");
});

test("test_openapi_schema", () => {
  // The parts of FastAPI's snapshot that differ from route to route: a model's $ref, `{}` without a model, and a
  // titled schema (Response_<operationId>) for a list or a union.
  const paths = makeApp().openapi()["paths"] as Record<string, { get: { operationId: string; responses: Record<string, JSONSchema> } }>;
  const schemaOf = (path: string): unknown => (paths[path]?.get.responses["200"]?.["content"] as Record<string, JSONSchema>)["application/json"]?.["schema"];
  expect(schemaOf("/response_model-no_annotation-return_same_model")).toEqual({ $ref: "#/components/schemas/User" });
  expect(schemaOf("/response_model_none-annotation-return_same_model")).toEqual({});
  expect(schemaOf("/no_response_model-annotation_response_class")).toEqual({});
  expect(JSON.stringify(schemaOf("/response_model_list_of_model-no_annotation"))).toBe(
    JSON.stringify({
      items: { $ref: "#/components/schemas/User" },
      type: "array",
      title: "Response Response Model List Of Model No Annotation Response Model List Of Model No Annotation Get",
    }),
  );
  expect(JSON.stringify(schemaOf("/response_model_union-no_annotation-return_model1"))).toBe(
    JSON.stringify({
      anyOf: [{ $ref: "#/components/schemas/User" }, { $ref: "#/components/schemas/Item" }],
      title: "Response Response Model Union No Annotation Return Model1 Response Model Union No Annotation Return Model1 Get",
    }),
  );
  expect(paths["/response_model_union-no_annotation-return_model1"]?.get.operationId).toBe(
    "response_model_union_no_annotation_return_model1_response_model_union_no_annotation_return_model1_get",
  );
  const schemas = (makeApp().openapi()["components"] as { schemas: Record<string, JSONSchema> }).schemas;
  expect(Object.keys(schemas)).toEqual(["Item", "User"]);
});
