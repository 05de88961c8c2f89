// Ports FastAPI's tests/test_default_response_class.py and test_default_response_class_router.py: the response
// class of a route is its own, else its router's default, else the one given to includeRouter, else the
// including router's (the App's `defaultResponseClass` last). Each request's body and content-type are FastAPI's.
import { expect, test } from "vitest";
import { APIRouter, App, HTMLResponse, JSONResponse, PlainTextResponse, TestClient } from "../src/index.js";

/** The test's stand-in for orjson: a JSON class of its own media type. */
class ORJSONResponse extends JSONResponse {
  static override mediaType: string | null = "application/x-orjson";
}

class OverrideResponse extends JSONResponse {
  static override mediaType: string | null = "application/x-override";
}

function makeApp(appDefault: boolean): App {
  const app = new App(appDefault ? { defaultResponseClass: ORJSONResponse } : {});
  const routerA = new APIRouter();
  const routerAA = new APIRouter();
  const routerABOverride = new APIRouter();
  const routerBOverride = new APIRouter();
  const routerBA = new APIRouter();
  const routerBACOverride = new APIRouter();
  app.get("/", {}, function get_root() {
    return { msg: "Hello World" };
  });
  app.get("/override", { responseClass: PlainTextResponse }, function get_path_override() {
    return "Hello World";
  });
  routerA.get("/", {}, () => ({ msg: "Hello A" }));
  routerA.get("/override", { responseClass: PlainTextResponse }, () => "Hello A");
  routerAA.get("/", {}, () => ({ msg: "Hello A A" }));
  routerAA.get("/override", { responseClass: PlainTextResponse }, () => "Hello A A");
  routerABOverride.get("/", {}, () => "Hello A B");
  routerABOverride.get("/override", { responseClass: HTMLResponse }, () => "Hello A B");
  routerBOverride.get("/", {}, () => "Hello B");
  routerBOverride.get("/override", { responseClass: HTMLResponse }, () => "Hello B");
  routerBA.get("/", {}, () => "Hello B A");
  routerBA.get("/override", { responseClass: HTMLResponse }, () => "Hello B A");
  routerBACOverride.get("/", {}, () => "Hello B A C");
  routerBACOverride.get("/override", { responseClass: OverrideResponse }, () => ({ msg: "Hello B A C" }));
  routerBA.includeRouter(routerBACOverride, { prefix: "/c", defaultResponseClass: HTMLResponse });
  routerBOverride.includeRouter(routerBA, { prefix: "/a" });
  routerA.includeRouter(routerAA, { prefix: "/a" });
  routerA.includeRouter(routerABOverride, { prefix: "/b", defaultResponseClass: PlainTextResponse });
  app.includeRouter(routerA, { prefix: "/a" });
  app.includeRouter(routerBOverride, { prefix: "/b", defaultResponseClass: PlainTextResponse });
  return app;
}

const TEXT = "text/plain; charset=utf-8";
const HTML = "text/html; charset=utf-8";
const OVERRIDE = "application/x-override";

// [test name, path, body, content-type]; "json" marks the App's default class (orjson's type, or JSON's).
const cases: [string, string, string, string][] = [
  ["test_app", "/", '{"msg":"Hello World"}', "json"],
  ["test_app_override", "/override", "Hello World", TEXT],
  ["test_router_a", "/a", '{"msg":"Hello A"}', "json"],
  ["test_router_a_override", "/a/override", "Hello A", TEXT],
  ["test_router_a_a", "/a/a", '{"msg":"Hello A A"}', "json"],
  ["test_router_a_a_override", "/a/a/override", "Hello A A", TEXT],
  ["test_router_a_b", "/a/b", "Hello A B", TEXT],
  ["test_router_a_b_override", "/a/b/override", "Hello A B", HTML],
  ["test_router_b", "/b", "Hello B", TEXT],
  ["test_router_b_override", "/b/override", "Hello B", HTML],
  ["test_router_b_a", "/b/a", "Hello B A", TEXT],
  ["test_router_b_a_override", "/b/a/override", "Hello B A", HTML],
  ["test_router_b_a_c", "/b/a/c", "Hello B A C", HTML],
  ["test_router_b_a_c_override", "/b/a/c/override", '{"msg":"Hello B A C"}', OVERRIDE],
];

for (const [variant, appDefault, jsonType] of [
  ["test_default_response_class", true, "application/x-orjson"],
  ["test_default_response_class_router", false, "application/json"],
] as const) {
  const client = new TestClient(makeApp(appDefault).asgi);
  for (const [name, path, body, contentType] of cases) {
    test(`${name} [${variant}]`, async () => {
      const response = await client.get(path);
      expect([response.status, response.text, response.headers.get("content-type")]).toEqual([200, body, contentType === "json" ? jsonType : contentType]);
    });
  }
}
