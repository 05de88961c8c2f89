// Ports FastAPI's tests/test_multi_query_errors.py: a repeated query parameter as a list of ints, each bad item
// reported at its index; compared byte for byte with FastAPI 0.142.2's answers.
import { test } from "vitest";
import { z } from "zod";
import { App } from "../src/index.js";
import { PARAMS_TESTS as REF } from "./test_tutorial/reference/params_tests.js";
import { replay, sameOpenAPI } from "./test_tutorial/reference/replay.js";

function makeApp(): App {
  const app = new App();
  // `list[int] = Query(default=None)`: not nullable, absent by default (documented without anyOf null).
  app.get("/items/", { query: z.object({ q: z.array(z.int()).optional() }) }, function read_items({ query }) {
    return { q: query.q ?? null };
  });
  return app;
}

test("test_multi_query", () => replay(makeApp(), REF, "multi_ok"));
test("test_multi_query_incorrect", () => replay(makeApp(), REF, "multi_bad"));
test("test_multi_query_missing", () => replay(makeApp(), REF, "multi_none"));
test("test_openapi_schema", () => sameOpenAPI(makeApp(), REF, "multi"));
