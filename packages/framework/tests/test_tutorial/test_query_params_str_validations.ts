// Ports FastAPI's tests/test_tutorial/test_query_params_str_validations (tutorial001 to tutorial015): length and
// pattern checks, a parameter's title, description, alias, deprecation and include_in_schema, list queries and an
// AfterValidator. Answers and OpenAPI documents byte for byte as FastAPI 0.142.2's (reference/params_alias.py).
import { describe, expect, test } from "vitest";
import { z } from "zod";
import { App, TestClient } from "../../src/index.js";
import { PARAMS_ALIAS } from "./reference/params_alias.js";

function same(response: { status: number; rawHeaders: [string, string][]; text: string }, name: string): void {
  expect({ status: response.status, headers: response.rawHeaders, body: response.text }).toEqual(PARAMS_ALIAS[name]);
}

function results(q: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = { items: [{ item_id: "Foo" }, { item_id: "Bar" }] };
  if (q) out["q"] = q;
  return out;
}

/** A tutorial app with one query parameter `q` (whatever its key) read by `read_items`. */
function qApp(query: z.ZodObject): App {
  const app = new App();
  app.get("/items/", { query }, function read_items({ query }) {
    return results(Object.values(query)[0]);
  });
  return app;
}

const DESCRIPTION = "Query string for the items to search in the database that have a good match";

const APPS: Record<string, () => App> = {
  qsv1: () => qApp(z.object({ q: z.string().nullable().default(null) })),
  qsv2: () => qApp(z.object({ q: z.string().max(50).nullable().default(null) })),
  qsv3: () => qApp(z.object({ q: z.string().min(3).max(50).nullable().default(null) })),
  qsv4: () => qApp(z.object({ q: z.string().min(3).max(50).regex(/^fixedquery$/).nullable().default(null) })),
  qsv5: () => qApp(z.object({ q: z.string().min(3).default("fixedquery") })),
  qsv6: () => qApp(z.object({ q: z.string().min(3) })),
  qsv6c: () => qApp(z.object({ q: z.string().min(3).nullable() })),
  qsv7: () => qApp(z.object({ q: z.string().min(3).nullable().default(null).meta({ title: "Query string" }) })),
  qsv8: () => qApp(z.object({ q: z.string().min(3).nullable().default(null).meta({ title: "Query string", description: DESCRIPTION }) })),
  qsv9: () => qApp(z.object({ q: z.string().nullable().default(null).meta({ alias: "item-query" }) })),
  qsv10: () =>
    qApp(
      z.object({
        q: z
          .string()
          .min(3)
          .max(50)
          .regex(/^fixedquery$/)
          .nullable()
          .default(null)
          .meta({ alias: "item-query", title: "Query string", description: DESCRIPTION, deprecated: true }),
      }),
    ),
};

const LONG = "x".repeat(51);

describe.each(Object.keys(APPS))("%s", (name) => {
  const client = (): TestClient => new TestClient((APPS[name] as () => App)().asgi);

  test("test_query_params_str_validations_no_query", async () => {
    same(await client().get("/items/"), `${name}_none`);
  });

  test("test_query_params_str_validations_empty_str", async () => {
    same(await client().get("/items/?q="), `${name}_empty`);
  });

  test("test_query_params_str_validations_q_query", async () => {
    same(await client().get("/items/", { params: { q: "query" } }), `${name}_q`);
  });

  test("test_query_params_str_validations_q_short", async () => {
    same(await client().get("/items/", { params: { q: "fa" } }), `${name}_short`);
  });

  test("test_query_params_str_validations_q_too_long", async () => {
    same(await client().get("/items/", { params: { q: LONG } }), `${name}_long`);
  });

  test("test_query_params_str_validations_q_fixedquery", async () => {
    same(await client().get("/items/", { params: { q: "fixedquery" } }), `${name}_fixed`);
  });

  test("test_query_params_str_validations_item_query_fixedquery", async () => {
    same(await client().get("/items/", { params: { "item-query": "fixedquery" } }), `${name}_alias`);
  });

  test("test_query_params_str_validations_item_query_nonregexquery", async () => {
    same(await client().get("/items/", { params: { "item-query": "nonregexquery" } }), `${name}_alias_bad`);
    same(await client().get("/items/", { params: { "item-query": "fa" } }), `${name}_alias_short`);
  });

  test("test_no_trailing_slash", async () => {
    same(await client().get("/items", { params: { q: "query" } }), `${name}_no_slash`);
  });

  test("test_openapi_schema", async () => {
    same(await client().get("/openapi.json"), `${name}_openapi`);
  });
});

const LIST_APPS: Record<string, () => App> = {
  qsv11: () => listApp(z.array(z.string()).nullable().default(null)),
  qsv12: () => listApp(z.array(z.string()).default(["foo", "bar"])),
  qsv13: () => listApp(z.array(z.unknown()).default([])),
};

function listApp(q: z.ZodType): App {
  const app = new App();
  app.get("/items/", { query: z.object({ q }) }, function read_items({ query }) {
    return { q: query.q };
  });
  return app;
}

describe.each(Object.keys(LIST_APPS))("%s", (name) => {
  const client = (): TestClient => new TestClient((LIST_APPS[name] as () => App)().asgi);

  test("test_multi_query_values", async () => {
    same(await client().get("/items/?q=foo&q=bar"), `${name}_multi`);
    same(await client().get("/items/?q=baz"), `${name}_one`);
  });

  test("test_query_no_values", async () => {
    same(await client().get("/items/"), `${name}_none`);
    same(await client().get("/items/?q="), `${name}_empty`);
  });

  test("test_openapi_schema", async () => {
    same(await client().get("/openapi.json"), `${name}_openapi`);
  });
});

describe("tutorial014", () => {
  function app(): App {
    const app = new App();
    const query = z.object({ hidden_query: z.string().nullable().default(null).meta({ includeInSchema: false }) });
    app.get("/items/", { query }, function read_items({ query }) {
      return { hidden_query: query.hidden_query ? query.hidden_query : "Not found" };
    });
    return app;
  }

  test("test_hidden_query", async () => {
    same(await new TestClient(app().asgi).get("/items?hidden_query=somevalue"), "qsv14_hidden");
  });

  test("test_no_hidden_query", async () => {
    same(await new TestClient(app().asgi).get("/items"), "qsv14_none");
  });

  test("test_openapi_schema", async () => {
    same(await new TestClient(app().asgi).get("/openapi.json"), "qsv14_openapi");
  });
});

describe("tutorial015", () => {
  const data: Record<string, string> = {
    "isbn-9781529046137": "The Hitchhiker's Guide to the Galaxy",
    "imdb-tt0371724": "The Hitchhiker's Guide to the Galaxy",
    "isbn-9781439512982": "Isaac Asimov: The Complete Stories, Vol. 2",
  };
  // pydantic's AfterValidator raising ValueError: a zod refinement whose message FastAPI reports as "Value error, ...".
  const checkValidId = (id: string): boolean => id.startsWith("isbn-") || id.startsWith("imdb-");

  function app(): App {
    const app = new App();
    const id = z.string().refine(checkValidId, 'Invalid ID format, it must start with "isbn-" or "imdb-"').nullable().default(null);
    app.get("/items/", { query: z.object({ id }) }, function read_items({ query }) {
      if (query.id) return { id: query.id, name: data[query.id] ?? null };
      const [first, item] = Object.entries(data)[0] as [string, string];
      return { id: first, name: item };
    });
    return app;
  }

  test("test_get_random_item", async () => {
    const response = await new TestClient(app().asgi).get("/items");
    expect(response.status).toBe(200);
    expect(Object.keys(response.json() as object)).toEqual(["id", "name"]);
  });

  test("test_get_item", async () => {
    same(await new TestClient(app().asgi).get("/items?id=isbn-9781529046137"), "qsv15_item");
  });

  test("test_get_item_does_not_exist", async () => {
    same(await new TestClient(app().asgi).get("/items?id=isbn-nope"), "qsv15_nope");
  });

  test("test_get_invalid_item", async () => {
    same(await new TestClient(app().asgi).get("/items?id=wtf-yes"), "qsv15_invalid");
  });

  test("test_openapi_schema", async () => {
    same(await new TestClient(app().asgi).get("/openapi.json"), "qsv15_openapi");
  });
});
