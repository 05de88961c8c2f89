// Ports FastAPI's tests/test_openapi_examples.py: `examples` (in the schema) and `openapi_examples` (the
// parameter's or media type's `examples`) on Body, Path, Query, Header and Cookie, as `.meta({ examples,
// openapiExamples })`. Bytes as FastAPI 0.142.2's (test_tutorial/reference/params_alias.py).
import { expect, test } from "vitest";
import { z } from "zod";
import { App, TestClient } from "../src/index.js";
import { PARAMS_ALIAS } from "./test_tutorial/reference/params_alias.js";

function same(response: { status: number; rawHeaders: [string, string][]; text: string }, name: string): void {
  expect({ status: response.status, headers: response.rawHeaders, body: response.text }).toEqual(PARAMS_ALIAS[name]);
}

const Item = z.object({ data: z.string() }).meta({ id: "ExItem", title: "Item" });

/** A parameter's examples as the test writes them for each location ("Query One", "query1"...). */
function examples(kind: string, lower: string): Record<string, unknown> {
  return {
    [`${kind} One`]: { summary: `${kind} One Summary`, description: `${kind} One Description`, value: `${lower}1` },
    [`${kind} Two`]: { value: `${lower}2` },
  };
}

function optional(kind: string, lower: string): z.ZodType<string | null> {
  return z
    .string()
    .nullable()
    .default(null)
    .meta({ examples: [`json_schema_${lower}1`, `json_schema_${lower}2`], openapiExamples: examples(kind, lower) });
}

function app(): App {
  const app = new App();
  const body = Item.meta({
    examples: [{ data: "Data in Body examples, example1" }],
    openapiExamples: {
      "Example One": { summary: "Example One Summary", description: "Example One Description", value: { data: "Data in Body examples, example1" } },
      "Example Two": { value: { data: "Data in Body examples, example2" } },
    },
  });
  app.post("/examples/", { body }, function examples({ body }) {
    return body;
  });
  const itemId = z.string().meta({
    examples: ["json_schema_item_1", "json_schema_item_2"],
    openapiExamples: { "Path One": { summary: "Path One Summary", description: "Path One Description", value: "item_1" }, "Path Two": { value: "item_2" } },
  });
  app.get("/path_examples/{item_id}", { path: z.object({ item_id: itemId }) }, function path_examples({ path }) {
    return path.item_id;
  });
  app.get("/query_examples/", { query: z.object({ data: optional("Query", "query") }) }, function query_examples({ query }) {
    return query.data;
  });
  app.get("/header_examples/", { headers: z.object({ data: optional("Header", "header") }) }, function header_examples({ headers }) {
    return headers.data;
  });
  app.get("/cookie_examples/", { cookies: z.object({ data: optional("Cookie", "cookie") }) }, function cookie_examples({ cookies }) {
    return cookies.data;
  });
  return app;
}

test("test_call_api", async () => {
  const client = new TestClient(app().asgi);
  same(await client.post("/examples/", { json: { data: "example1" } }), "ex_body");
  same(await client.get("/path_examples/foo"), "ex_path");
  same(await client.get("/query_examples/"), "ex_query");
  same(await client.get("/header_examples/"), "ex_header");
  same(await client.get("/cookie_examples/"), "ex_cookie");
});

test("test_openapi_schema", async () => {
  same(await new TestClient(app().asgi).get("/openapi.json"), "ex_openapi");
});
