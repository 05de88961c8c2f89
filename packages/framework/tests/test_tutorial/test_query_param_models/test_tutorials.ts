// Ports FastAPI's tests/test_tutorial/test_query_param_models (tutorials 001-002: a query model, then one that
// forbids extra parameters), compared byte for byte with FastAPI 0.142.2's recorded answers.
import { describe, test } from "vitest";
import { z } from "zod";
import { App } from "../../../src/index.js";
import { QUERY_PARAM_MODELS as REF } from "../reference/query_param_models.js";
import { replayAll, sameOpenAPI } from "../reference/replay.js";

const FilterParams = z.object({
  limit: z.int().gt(0).max(100).default(100),
  offset: z.int().min(0).default(0),
  order_by: z.literal(["created_at", "updated_at"]).default("created_at"),
  tags: z.array(z.string()).default([]),
});

function makeApp(query: typeof FilterParams): App {
  const app = new App();
  app.get("/items/", { query }, async function read_items({ query }) {
    return query;
  });
  return app;
}

const apps = { tutorial001: () => makeApp(FilterParams.meta({ id: "FilterParams" })), tutorial002: () => makeApp(FilterParams.strict()) };

for (const [tutorial, app] of Object.entries(apps)) {
  describe(`test_${tutorial}`, () => {
    test("test_query_param_model", () => replayAll(app(), REF, tutorial, ["model"]));
    test("test_query_param_model_defaults", () => replayAll(app(), REF, tutorial, ["defaults"]));
    test("test_query_param_model_invalid", () => replayAll(app(), REF, tutorial, ["invalid", "zero"]));
    test("test_query_param_model_extra", () => replayAll(app(), REF, tutorial, ["extra"]));
    test("test_openapi_schema", () => sameOpenAPI(app(), REF, tutorial));
  });
}
