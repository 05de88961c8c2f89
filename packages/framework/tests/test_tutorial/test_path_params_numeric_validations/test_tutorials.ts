// Ports FastAPI's tests/test_tutorial/test_path_params_numeric_validations (tutorials 001-006), each app written
// with our public API and compared byte for byte with FastAPI 0.142.2's recorded answers.
import { describe, test } from "vitest";
import { z } from "zod";
import { App } from "../../../src/index.js";
import { PATH_PARAMS_NUMERIC_VALIDATIONS as REF } from "../reference/path_params_numeric_validations.js";
import { replayAll, sameOpenAPI } from "../reference/replay.js";

const title = { title: "The ID of the item to get" };

function tutorial001(): App {
  const app = new App();
  const spec = { path: z.object({ item_id: z.int().meta(title) }), query: z.object({ "item-query": z.string().nullable().default(null) }) };
  app.get("/items/{item_id}", spec, async function read_items({ path, query }) {
    const results: Record<string, unknown> = { item_id: path.item_id };
    if (query["item-query"]) results["q"] = query["item-query"];
    return results;
  });
  return app;
}

/** Tutorials 002 to 005 differ only in the checks on item_id. */
function withItemId(itemId: z.ZodType<number>): App {
  const app = new App();
  app.get("/items/{item_id}", { path: z.object({ item_id: itemId }), query: z.object({ q: z.string() }) }, async function read_items({ path, query }) {
    const results: Record<string, unknown> = { item_id: path.item_id };
    if (query.q) results["q"] = query.q;
    return results;
  });
  return app;
}

function tutorial006(): App {
  const app = new App();
  const spec = {
    path: z.object({ item_id: z.int().min(0).max(1000).meta(title) }),
    query: z.object({ q: z.string(), size: z.number().gt(0).lt(10.5) }),
  };
  app.get("/items/{item_id}", spec, async function read_items({ path, query }) {
    const results: Record<string, unknown> = { item_id: path.item_id };
    if (query.q) results["q"] = query.q;
    if (query.size) results["size"] = query.size;
    return results;
  });
  return app;
}

const tutorial002 = (): App => withItemId(z.int().meta(title));
const tutorial004 = (): App => withItemId(z.int().min(1).meta(title));
const tutorial005 = (): App => withItemId(z.int().gt(0).max(1000).meta(title));

describe("test_tutorial001", () => {
  test("test_read_items", () => replayAll(tutorial001(), REF, "tutorial001", ["42", "q", "q_name"]));
  test("test_path_param_bad_type", () => replayAll(tutorial001(), REF, "tutorial001", ["bad"]));
  test("test_openapi_schema", () => sameOpenAPI(tutorial001(), REF, "tutorial001"));
});

for (const [tutorial, makeApp] of [["tutorial002", tutorial002], ["tutorial003", tutorial002]] as const) {
  describe(`test_${tutorial}`, () => {
    test("test_read_items", () => replayAll(makeApp(), REF, tutorial, ["empty_q", "q"]));
    test("test_read_items_invalid_item_id", () => replayAll(makeApp(), REF, tutorial, ["bad"]));
    test("test_read_items_missing_q", () => replayAll(makeApp(), REF, tutorial, ["no_q"]));
    test("test_openapi_schema", () => sameOpenAPI(makeApp(), REF, tutorial));
  });
}

describe("test_tutorial004", () => {
  test("test_read_items", () => replayAll(tutorial004(), REF, "tutorial004", ["empty_q", "q"]));
  test("test_read_items_non_int_item_id", () => replayAll(tutorial004(), REF, "tutorial004", ["bad"]));
  test("test_read_items_item_id_less_than_one", () => replayAll(tutorial004(), REF, "tutorial004", ["zero"]));
  test("test_read_items_missing_q", () => replayAll(tutorial004(), REF, "tutorial004", ["no_q"]));
  test("test_openapi_schema", () => sameOpenAPI(tutorial004(), REF, "tutorial004"));
});

describe("test_tutorial005", () => {
  test("test_read_items", () => replayAll(tutorial005(), REF, "tutorial005", ["one", "max"]));
  test("test_read_items_non_int_item_id", () => replayAll(tutorial005(), REF, "tutorial005", ["bad"]));
  test("test_read_items_item_id_less_than_one", () => replayAll(tutorial005(), REF, "tutorial005", ["zero"]));
  test("test_read_items_item_id_greater_than_thousand", () => replayAll(tutorial005(), REF, "tutorial005", ["over"]));
  test("test_read_items_missing_q", () => replayAll(tutorial005(), REF, "tutorial005", ["no_q"]));
  test("test_openapi_schema", () => sameOpenAPI(tutorial005(), REF, "tutorial005"));
});

describe("test_tutorial006", () => {
  test("test_read_items", () => replayAll(tutorial006(), REF, "tutorial006", ["min", "max", "size_int"]));
  test("test_read_items_item_id_less_than_zero", () => replayAll(tutorial006(), REF, "tutorial006", ["neg"]));
  test("test_read_items_item_id_greater_than_one_thousand", () => replayAll(tutorial006(), REF, "tutorial006", ["over"]));
  test("test_read_items_size_too_small", () => replayAll(tutorial006(), REF, "tutorial006", ["size0"]));
  test("test_read_items_size_too_large", () => replayAll(tutorial006(), REF, "tutorial006", ["size_big", "size_bad", "none"]));
  test("test_openapi_schema", () => sameOpenAPI(tutorial006(), REF, "tutorial006"));
});
