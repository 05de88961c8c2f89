// Ports FastAPI's tests/test_tutorial/test_header_param_models (tutorials 001-003: a header model, one that forbids
// extra headers, one without underscore conversion), compared byte for byte with FastAPI 0.142.2's answers. A
// group is one model when named (`.meta({ id })`) or strict.
import { describe, test } from "vitest";
import { z } from "zod";
import { App } from "../../../src/index.js";
import { HEADER_PARAM_MODELS as REF } from "../reference/header_param_models.js";
import { replayAll, sameOpenAPI } from "../reference/replay.js";

const CommonHeaders = z.object({
  host: z.string(),
  save_data: z.boolean(),
  if_modified_since: z.string().nullable().default(null),
  traceparent: z.string().nullable().default(null),
  x_tag: z.array(z.string()).default([]),
});
const model = { id: "CommonHeaders" };

function makeApp(headers: typeof CommonHeaders): App {
  const app = new App();
  app.get("/items/", { headers }, async function read_items({ headers }) {
    return headers;
  });
  return app;
}

const apps = {
  tutorial001: () => makeApp(CommonHeaders.meta(model)),
  tutorial002: () => makeApp(CommonHeaders.strict()),
  tutorial003: () => makeApp(CommonHeaders.meta({ ...model, convertUnderscores: false })),
};

for (const [tutorial, app] of Object.entries(apps)) {
  describe(`test_${tutorial}`, () => {
    test("test_header_param_model", () => replayAll(app(), REF, tutorial, ["model"]));
    test("test_header_param_model_defaults", () => replayAll(app(), REF, tutorial, ["defaults"]));
    test("test_header_param_model_invalid", () => replayAll(app(), REF, tutorial, ["invalid", "bad_bool"]));
    test("test_header_param_model_extra", () => replayAll(app(), REF, tutorial, ["extra"]));
    test("test_openapi_schema", () => sameOpenAPI(app(), REF, tutorial));
  });
}

describe("test_tutorial003", () => {
  test("test_header_param_model_no_underscore", () =>
    replayAll(apps.tutorial003(), REF, "tutorial003", ["underscored", "underscored_defaults", "underscored_extra"]));
});
