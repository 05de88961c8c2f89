// Ports the intent of FastAPI's tests/test_tutorial/test_query_params (tutorials 001-006): bytes compared with FastAPI's.
import { TestClient } from "@mono/asgi";
import { expect, test } from "vitest";
import { z } from "zod";
import { App } from "../../src/index.js";
import { expectSameAsFastAPI } from "./fastapi_reference.js";

const same = (actual: unknown, expected: unknown): void => expect(actual).toEqual(expected);
const fakeItemsDb = [{ item_name: "Foo" }, { item_name: "Bar" }, { item_name: "Baz" }];

function makeApp(): App {
  const app = new App();
  app.get("/items/", { query: z.object({ skip: z.int().default(0), limit: z.int().default(10) }) }, ({ query }) =>
    fakeItemsDb.slice(query.skip, query.skip + query.limit),
  );
  app.get(
    "/items/{item_id}",
    {
      path: z.object({ item_id: z.string() }),
      query: z.object({ q: z.string().nullable().default(null), short: z.boolean().default(false) }),
    },
    ({ path, query }) => {
      const item: Record<string, string> = { item_id: path.item_id };
      if (query.q) item["q"] = query.q;
      if (!query.short) item["description"] = "This is an amazing item that has a long description";
      return item;
    },
  );
  app.get(
    "/needy/{item_id}",
    {
      path: z.object({ item_id: z.string() }),
      query: z.object({ needy: z.string(), skip: z.int().default(0), limit: z.int().nullable().default(null) }),
    },
    ({ path, query }) => ({ item_id: path.item_id, needy: query.needy, skip: query.skip, limit: query.limit }),
  );
  return app;
}

test("test_query_params_defaults", async () => {
  const client = new TestClient(makeApp().asgi);
  expectSameAsFastAPI(await client.get("/items/"), "query_items", same);
  expectSameAsFastAPI(await client.get("/items/?skip=1"), "query_items_skip", same);
  expectSameAsFastAPI(await client.get("/items/?skip=1&limit=1"), "query_items_skip_limit", same);
  expectSameAsFastAPI(await client.get("/items/?skip=x&limit=y"), "query_items_bad", same);
});

test("test_optional_and_bool_query_params", async () => {
  const client = new TestClient(makeApp().asgi);
  expectSameAsFastAPI(await client.get("/items/foo"), "query_item", same);
  expectSameAsFastAPI(await client.get("/items/foo?q=bar"), "query_item_q", same);
  expectSameAsFastAPI(await client.get("/items/foo?short=1"), "query_item_short_1", same);
  expectSameAsFastAPI(await client.get("/items/foo?q=x&short=yes"), "query_item_short_yes", same);
  expectSameAsFastAPI(await client.get("/items/foo?short=maybe"), "query_item_short_bad", same);
});

test("test_required_query_params", async () => {
  const client = new TestClient(makeApp().asgi);
  expectSameAsFastAPI(await client.get("/needy/foo"), "query_needy_missing", same);
  expectSameAsFastAPI(await client.get("/needy/foo?needy=sooooneedy"), "query_needy", same);
  expectSameAsFastAPI(await client.get("/needy/foo?needy=x&skip=a&limit=b"), "query_needy_all", same);
});

test("test_list_query_params", async () => {
  const app = new App();
  app.get("/tags", { query: z.object({ tag: z.array(z.string()).default([]), n: z.array(z.int()).default([]) }) }, ({ query }) => query);
  const client = new TestClient(app.asgi);
  let response = await client.get("/tags?tag=a&tag=b&n=1&n=2");
  expect(response.text).toBe('{"tag":["a","b"],"n":[1,2]}');
  response = await client.get("/tags");
  expect(response.text).toBe('{"tag":[],"n":[]}');
  response = await client.get("/tags?n=1&n=x");
  expect(response.status).toBe(422);
  expect(response.json()).toEqual({
    detail: [
      {
        type: "int_parsing",
        loc: ["query", "n", 1],
        msg: "Input should be a valid integer, unable to parse string as an integer",
        input: "x",
      },
    ],
  });
});
