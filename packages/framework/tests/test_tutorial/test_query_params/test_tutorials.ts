// Ports FastAPI's tests/test_tutorial/test_query_params (docs_src/query_params tutorials 001-006), each app written
// with our public API and compared byte for byte with FastAPI 0.142.2's recorded answers.
import { describe, test } from "vitest";
import { z } from "zod";
import { App } from "../../../src/index.js";
import { QUERY_PARAMS as REF } from "../reference/query_params.js";
import { replayAll, sameOpenAPI } from "../reference/replay.js";

const fakeItemsDb = [{ item_name: "Foo" }, { item_name: "Bar" }, { item_name: "Baz" }];

function tutorial001(): App {
  const app = new App();
  app.get("/items/", { query: z.object({ skip: z.int().default(0), limit: z.int().default(10) }) }, async function read_item({ query }) {
    return fakeItemsDb.slice(query.skip, query.skip + query.limit);
  });
  return app;
}

function tutorial002(): App {
  const app = new App();
  const spec = { path: z.object({ item_id: z.string() }), query: z.object({ q: z.string().nullable().default(null) }) };
  app.get("/items/{item_id}", spec, async function read_item({ path, query }) {
    if (query.q) return { item_id: path.item_id, q: query.q };
    return { item_id: path.item_id };
  });
  return app;
}

function tutorial003(): App {
  const app = new App();
  const spec = { path: z.object({ item_id: z.string() }), query: z.object({ q: z.string().nullable().default(null), short: z.boolean().default(false) }) };
  app.get("/items/{item_id}", spec, async function read_item({ path, query }) {
    const item: Record<string, string> = { item_id: path.item_id };
    if (query.q) item["q"] = query.q;
    if (!query.short) item["description"] = "This is an amazing item that has a long description";
    return item;
  });
  return app;
}

function tutorial004(): App {
  const app = new App();
  const spec = {
    path: z.object({ user_id: z.int(), item_id: z.string() }),
    query: z.object({ q: z.string().nullable().default(null), short: z.boolean().default(false) }),
  };
  app.get("/users/{user_id}/items/{item_id}", spec, async function read_user_item({ path, query }) {
    const item: Record<string, string | number> = { item_id: path.item_id, owner_id: path.user_id };
    if (query.q) item["q"] = query.q;
    if (!query.short) item["description"] = "This is an amazing item that has a long description";
    return item;
  });
  return app;
}

function tutorial005(): App {
  const app = new App();
  app.get("/items/{item_id}", { path: z.object({ item_id: z.string() }), query: z.object({ needy: z.string() }) }, async function read_user_item({ path, query }) {
    return { item_id: path.item_id, needy: query.needy };
  });
  return app;
}

function tutorial006(): App {
  const app = new App();
  const spec = {
    path: z.object({ item_id: z.string() }),
    query: z.object({ needy: z.string(), skip: z.int().default(0), limit: z.int().nullable().default(null) }),
  };
  app.get("/items/{item_id}", spec, async function read_user_item({ path, query }) {
    return { item_id: path.item_id, needy: query.needy, skip: query.skip, limit: query.limit };
  });
  return app;
}

describe("test_tutorial001", () => {
  test("test_read_user_item", () => replayAll(tutorial001(), REF, "tutorial001", ["items", "skip", "skip_limit", "bad"]));
  test("test_openapi_schema", () => sameOpenAPI(tutorial001(), REF, "tutorial001"));
});

describe("test_tutorial002", () => {
  test("test_read_user_item", () => replayAll(tutorial002(), REF, "tutorial002", ["foo", "q", "empty_q"]));
  test("test_openapi_schema", () => sameOpenAPI(tutorial002(), REF, "tutorial002"));
});

describe("test_tutorial003", () => {
  test("test_read_user_item", () => replayAll(tutorial003(), REF, "tutorial003", ["foo", "q", "short", "short_yes", "short_on", "short_bad"]));
  test("test_openapi_schema", () => sameOpenAPI(tutorial003(), REF, "tutorial003"));
});

describe("test_tutorial004", () => {
  test("test_read_user_item", () => replayAll(tutorial004(), REF, "tutorial004", ["foo", "q", "short", "bad_user"]));
  test("test_openapi_schema", () => sameOpenAPI(tutorial004(), REF, "tutorial004"));
});

describe("test_tutorial005", () => {
  test("test_foo_needy_very", () => replayAll(tutorial005(), REF, "tutorial005", ["needy"]));
  test("test_foo_no_needy", () => replayAll(tutorial005(), REF, "tutorial005", ["no_needy"]));
  test("test_openapi_schema", () => sameOpenAPI(tutorial005(), REF, "tutorial005"));
});

describe("test_tutorial006", () => {
  test("test_foo_needy_very", () => replayAll(tutorial006(), REF, "tutorial006", ["needy", "limit"]));
  test("test_foo_no_needy", () => replayAll(tutorial006(), REF, "tutorial006", ["bad"]));
  test("test_openapi_schema", () => sameOpenAPI(tutorial006(), REF, "tutorial006"));
});
