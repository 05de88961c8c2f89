// Ports FastAPI's tests/test_tutorial/test_cookie_param_models (tutorials 001-002: a cookie model, then one that
// forbids extra cookies), compared byte for byte with FastAPI 0.142.2's recorded answers.
import { describe, test } from "vitest";
import { z } from "zod";
import { App } from "../../../src/index.js";
import { COOKIE_PARAM_MODELS as REF } from "../reference/cookie_param_models.js";
import { replayAll, sameOpenAPI } from "../reference/replay.js";

const Cookies = z.object({
  session_id: z.string(),
  fatebook_tracker: z.string().nullable().default(null),
  googall_tracker: z.string().nullable().default(null),
});

function makeApp(cookies: typeof Cookies): App {
  const app = new App();
  app.get("/items/", { cookies }, async function read_items({ cookies }) {
    return cookies;
  });
  return app;
}

const apps = { tutorial001: () => makeApp(Cookies.meta({ id: "Cookies" })), tutorial002: () => makeApp(Cookies.strict()) };

for (const [tutorial, app] of Object.entries(apps)) {
  describe(`test_${tutorial}`, () => {
    test("test_cookie_param_model", () => replayAll(app(), REF, tutorial, ["model"]));
    test("test_cookie_param_model_defaults", () => replayAll(app(), REF, tutorial, ["defaults"]));
    test("test_cookie_param_model_invalid", () => replayAll(app(), REF, tutorial, ["invalid"]));
    test("test_cookie_param_model_extra", () => replayAll(app(), REF, tutorial, ["extra"]));
    test("test_openapi_schema", () => sameOpenAPI(app(), REF, tutorial));
  });
}
