// Ports FastAPI's tests/test_tutorial/test_body_multiple_params (tutorials 001-005), each app written with our
// public API and compared byte for byte with FastAPI 0.142.2's recorded answers.
import { describe, test } from "vitest";
import { z } from "zod";
import { App } from "../../../src/index.js";
import { BODY_MULTIPLE_PARAMS as REF } from "../reference/body_multiple_params.js";
import { replayAll, sameOpenAPI } from "../reference/replay.js";

const Item = z
  .object({ name: z.string(), description: z.string().nullable().default(null), price: z.number(), tax: z.number().nullable().default(null) })
  .meta({ id: "Item" });
const User = z.object({ username: z.string(), full_name: z.string().nullable().default(null) }).meta({ id: "User" });

function tutorial001(): App {
  const app = new App();
  const spec = {
    path: z.object({ item_id: z.int().min(0).max(1000).meta({ title: "The ID of the item to get" }) }),
    query: z.object({ q: z.string().nullable().default(null) }),
    body: Item.nullable().default(null),
  };
  app.put("/items/{item_id}", spec, async function update_item({ path, query, body }) {
    const results: Record<string, unknown> = { item_id: path.item_id };
    if (query.q) results["q"] = query.q;
    if (body) results["item"] = body;
    return results;
  });
  return app;
}

function tutorial002(): App {
  const app = new App();
  app.put("/items/{item_id}", { path: z.object({ item_id: z.int() }), body: { item: Item, user: User } }, async function update_item({ path, body }) {
    return { item_id: path.item_id, item: body.item, user: body.user };
  });
  return app;
}

function tutorial003(): App {
  const app = new App();
  const spec = { path: z.object({ item_id: z.int() }), body: { item: Item, user: User, importance: z.int() } };
  app.put("/items/{item_id}", spec, async function update_item({ path, body }) {
    return { item_id: path.item_id, item: body.item, user: body.user, importance: body.importance };
  });
  return app;
}

function tutorial004(): App {
  const app = new App();
  const spec = {
    path: z.object({ item_id: z.int() }),
    query: z.object({ q: z.string().nullable().default(null) }),
    body: { item: Item, user: User, importance: z.int().gt(0) },
  };
  app.put("/items/{item_id}", spec, async function update_item({ path, query, body }) {
    const results: Record<string, unknown> = { item_id: path.item_id, item: body.item, user: body.user, importance: body.importance };
    if (query.q) results["q"] = query.q;
    return results;
  });
  return app;
}

function tutorial005(): App {
  const app = new App();
  app.put("/items/{item_id}", { path: z.object({ item_id: z.int() }), body: { item: Item } }, async function update_item({ path, body }) {
    return { item_id: path.item_id, item: body.item };
  });
  return app;
}

describe("test_tutorial001", () => {
  test("test_post_body_q_bar_content", () => replayAll(tutorial001(), REF, "tutorial001", ["q", "full"]));
  test("test_post_no_body_q_bar", () => replayAll(tutorial001(), REF, "tutorial001", ["no_body"]));
  test("test_post_id_foo", () => replayAll(tutorial001(), REF, "tutorial001", ["bad_item", "over", "neg"]));
  test("test_openapi_schema", () => sameOpenAPI(tutorial001(), REF, "tutorial001"));
});

describe("test_tutorial002", () => {
  test("test_post_body_valid", () => replayAll(tutorial002(), REF, "tutorial002", ["valid"]));
  test("test_post_body_no_data", () => replayAll(tutorial002(), REF, "tutorial002", ["no_data", "empty", "only_item"]));
  test("test_post_body_invalid", () => replayAll(tutorial002(), REF, "tutorial002", ["bad", "list"]));
  test("test_openapi_schema", () => sameOpenAPI(tutorial002(), REF, "tutorial002"));
});

describe("test_tutorial003", () => {
  test("test_post_body_valid", () => replayAll(tutorial003(), REF, "tutorial003", ["valid"]));
  test("test_post_body_no_data", () => replayAll(tutorial003(), REF, "tutorial003", ["no_data"]));
  test("test_post_body_empty_list", () => replayAll(tutorial003(), REF, "tutorial003", ["empty_list", "bad_importance"]));
  test("test_openapi_schema", () => sameOpenAPI(tutorial003(), REF, "tutorial003"));
});

describe("test_tutorial004", () => {
  test("test_put_all", () => replayAll(tutorial004(), REF, "tutorial004", ["valid"]));
  test("test_put_missing_required", () => replayAll(tutorial004(), REF, "tutorial004", ["no_data", "zero"]));
  test("test_openapi_schema", () => sameOpenAPI(tutorial004(), REF, "tutorial004"));
});

describe("test_tutorial005", () => {
  test("test_post_all", () => replayAll(tutorial005(), REF, "tutorial005", ["all"]));
  test("test_post_required", () => replayAll(tutorial005(), REF, "tutorial005", ["required"]));
  test("test_post_no_body", () => replayAll(tutorial005(), REF, "tutorial005", ["no_body"]));
  test("test_post_like_not_embeded", () => replayAll(tutorial005(), REF, "tutorial005", ["not_embedded"]));
  test("test_post_missing_required_field_in_item", () => replayAll(tutorial005(), REF, "tutorial005", ["missing"]));
  test("test_openapi_schema", () => sameOpenAPI(tutorial005(), REF, "tutorial005"));
});
