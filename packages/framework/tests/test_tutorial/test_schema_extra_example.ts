// Ports FastAPI's tests/test_tutorial/test_schema_extra_example (tutorial001 to tutorial005): examples on a model
// (json_schema_extra), on its fields (Field(examples=...)), on a body (Body(examples=...)) and OpenAPI examples
// (Body(openapi_examples=...)); and test_body_fields (tutorial001). Bytes as FastAPI 0.142.2's
// (reference/params_alias.py).
import { describe, expect, test } from "vitest";
import { z } from "zod";
import { App, TestClient } from "../../src/index.js";
import { PARAMS_ALIAS } from "./reference/params_alias.js";

function same(response: { status: number; rawHeaders: [string, string][]; text: string }, name: string): void {
  expect({ status: response.status, headers: response.rawHeaders, body: response.text }).toEqual(PARAMS_ALIAS[name]);
}

const FOO = { name: "Foo", description: "A very nice Item", price: 35.4, tax: 3.2 };

const fields = {
  name: z.string(),
  description: z.string().nullable().default(null),
  price: z.number(),
  tax: z.number().nullable().default(null),
};

const Item = z.object(fields).meta({ id: "Item" });

function putApp(body: z.ZodType<z.output<typeof Item>>): App {
  const app = new App();
  app.put("/items/{item_id}", { path: z.object({ item_id: z.int() }), body }, function update_item({ path, body }) {
    return { item_id: path.item_id, item: body };
  });
  return app;
}

const APPS: Record<string, () => App> = {
  // tutorial001: model_config = {"json_schema_extra": {"examples": [...]}}
  sx1: () => putApp(z.object(fields).meta({ id: "Item", examples: [FOO] })),
  // tutorial002: Field(examples=[...]) on each field
  sx2: () =>
    putApp(
      z
        .object({
          name: z.string().meta({ examples: ["Foo"] }),
          description: z.string().nullable().default(null).meta({ examples: ["A very nice Item"] }),
          price: z.number().meta({ examples: [35.4] }),
          tax: z.number().nullable().default(null).meta({ examples: [3.2] }),
        })
        .meta({ id: "Item2", title: "Item" }),
    ),
  // tutorial003: Body(examples=[...]): metadata on the body schema, beside its $ref
  sx3: () => putApp(Item.meta({ examples: [FOO] })),
  // tutorial004: several examples
  sx4: () =>
    putApp(
      Item.meta({
        examples: [FOO, { name: "Bar", price: "35.4" }, { name: "Baz", price: "thirty five point four" }],
      }),
    ),
  // tutorial005: Body(openapi_examples={...}): the media type's `examples`
  sx5: () =>
    putApp(
      Item.meta({
        openapiExamples: {
          normal: { summary: "A normal example", description: "A **normal** item works correctly.", value: FOO },
          converted: {
            summary: "An example with converted data",
            description: "FastAPI can convert price `strings` to actual `numbers` automatically",
            value: { name: "Bar", price: "35.4" },
          },
          invalid: { summary: "Invalid data is rejected with an error", value: { name: "Baz", price: "thirty five point four" } },
        },
      }),
    ),
};

describe.each(Object.keys(APPS))("%s", (name) => {
  const client = (): TestClient => new TestClient((APPS[name] as () => App)().asgi);

  test("test_post_body_example", async () => {
    same(await client().put("/items/5", { json: FOO }), `${name}_put`);
    same(await client().put("/items/5", { json: { name: "Bar", price: "35.4" } }), `${name}_converted`);
    same(await client().put("/items/5", { json: { name: "Baz", price: "thirty five point four" } }), `${name}_invalid`);
  });

  test("test_openapi_schema", async () => {
    same(await client().get("/openapi.json"), `${name}_openapi`);
  });
});

describe("body_fields tutorial001", () => {
  const BFItem = z
    .object({
      name: z.string(),
      description: z.string().max(300).nullable().default(null).meta({ title: "The description of the item" }),
      price: z.number().gt(0).meta({ description: "The price must be greater than zero" }),
      tax: z.number().nullable().default(null),
    })
    .meta({ id: "Item" });

  function app(): App {
    const app = new App();
    app.put("/items/{item_id}", { path: z.object({ item_id: z.int() }), body: { item: BFItem } }, function update_item({ path, body }) {
      return { item_id: path.item_id, item: body.item };
    });
    return app;
  }

  /** The same status and JSON value: FastAPI writes these floats as 3.0 and `{"gt":0.0}`, which a JS number prints as 3 and 0. */
  function sameJSON(response: { status: number; text: string }, name: string): void {
    const recorded = PARAMS_ALIAS[name];
    expect([response.status, JSON.parse(response.text)]).toEqual([recorded?.status, JSON.parse(recorded?.body ?? "null")]);
  }

  test("test_items_5", async () => {
    sameJSON(await new TestClient(app().asgi).put("/items/5", { json: { item: { name: "Foo", price: 3.0 } } }), "bf_5");
  });

  test("test_items_6", async () => {
    const json = { item: { name: "Bar", price: 0.2, description: "Some bar", tax: "5.4" } };
    same(await new TestClient(app().asgi).put("/items/6", { json }), "bf_6");
  });

  test("test_invalid_price", async () => {
    sameJSON(await new TestClient(app().asgi).put("/items/5", { json: { item: { name: "Foo", price: -3.0 } } }), "bf_invalid_price");
  });

  test("test_long_description", async () => {
    same(await new TestClient(app().asgi).put("/items/5", { json: { item: { name: "Foo", price: 3, description: "d".repeat(301) } } }), "bf_long_description");
  });

  test("test_not_embedded", async () => {
    same(await new TestClient(app().asgi).put("/items/5", { json: { name: "Foo", price: 3 } }), "bf_not_embedded");
  });

  test("test_openapi_schema", async () => {
    const response = await new TestClient(app().asgi).get("/openapi.json");
    // FastAPI writes `exclusiveMinimum: 0.0`; the document is otherwise byte for byte.
    expect(response.text.replace('"exclusiveMinimum":0,', '"exclusiveMinimum":0.0,')).toBe(PARAMS_ALIAS["bf_openapi"]?.body);
  });
});
