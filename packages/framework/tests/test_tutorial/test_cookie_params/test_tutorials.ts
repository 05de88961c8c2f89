// Ports FastAPI's tests/test_tutorial/test_cookie_params (tutorial001), compared byte for byte with FastAPI
// 0.142.2's recorded answers.
import { describe, test } from "vitest";
import { z } from "zod";
import { App } from "../../../src/index.js";
import { COOKIE_PARAMS as REF } from "../reference/cookie_params.js";
import { replayAll, sameOpenAPI } from "../reference/replay.js";

function tutorial001(): App {
  const app = new App();
  app.get("/items/", { cookies: z.object({ ads_id: z.string().nullable().default(null) }) }, async function read_items({ cookies }) {
    return { ads_id: cookies.ads_id };
  });
  return app;
}

describe("test_tutorial001", () => {
  test("test", () => replayAll(tutorial001(), REF, "tutorial001", ["none", "ads", "two", "other"]));
  test("test_openapi_schema", () => sameOpenAPI(tutorial001(), REF, "tutorial001"));
});
