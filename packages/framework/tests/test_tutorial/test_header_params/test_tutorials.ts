// Ports FastAPI's tests/test_tutorial/test_header_params (tutorials 001-003), compared byte for byte with FastAPI
// 0.142.2's recorded answers.
import { describe, test } from "vitest";
import { z } from "zod";
import { App } from "../../../src/index.js";
import { HEADER_PARAMS as REF } from "../reference/header_params.js";
import { replayAll, sameOpenAPI } from "../reference/replay.js";

function tutorial001(): App {
  const app = new App();
  app.get("/items/", { headers: z.object({ user_agent: z.string().nullable().default(null) }) }, async function read_items({ headers }) {
    return { "User-Agent": headers.user_agent };
  });
  return app;
}

function tutorial002(): App {
  const app = new App();
  const headers = z.object({ strange_header: z.string().nullable().default(null).meta({ convertUnderscores: false }) });
  app.get("/items/", { headers }, async function read_items({ headers }) {
    return { strange_header: headers.strange_header };
  });
  return app;
}

function tutorial003(): App {
  const app = new App();
  app.get("/items/", { headers: z.object({ x_token: z.array(z.string()).nullable().default(null) }) }, async function read_items({ headers }) {
    return { "X-Token values": headers.x_token };
  });
  return app;
}

describe("test_tutorial001", () => {
  test("test", () => replayAll(tutorial001(), REF, "tutorial001", ["none", "other", "ua"]));
  test("test_openapi_schema", () => sameOpenAPI(tutorial001(), REF, "tutorial001"));
});

describe("test_tutorial002", () => {
  test("test", () => replayAll(tutorial002(), REF, "tutorial002", ["none", "other", "underscore", "dash"]));
  test("test_openapi_schema", () => sameOpenAPI(tutorial002(), REF, "tutorial002"));
});

describe("test_tutorial003", () => {
  test("test", () => replayAll(tutorial003(), REF, "tutorial003", ["none", "one", "two"]));
  test("test_openapi_schema", () => sameOpenAPI(tutorial003(), REF, "tutorial003"));
});
