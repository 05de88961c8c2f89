// Ports FastAPI's tests/test_strict_content_type_app_level.py, _router_level.py and _nested.py: the nearest
// `strictContentType` wins (route, its router, each including router, the app), strict by default.
import { expect, test } from "vitest";
import { z } from "zod";
import { APIRouter, App, TestClient, type APIRouterOptions, type AppOptions } from "../src/index.js";
import { STRICT } from "./test_tutorial/reference/strict_content_type.js";

const data = z.record(z.string(), z.unknown());
const noType = { content: '{"key": "value"}' };
const json = { json: { key: "value" } };

function echo(router: APIRouter | App, path = "/items/"): void {
  router.post(path, { body: data }, ({ body }) => body);
}

function makeApp(options: AppOptions = {}): App {
  const app = new App(options);
  echo(app);
  return app;
}

// test_strict_content_type_app_level.py
const clientDefault = new TestClient(makeApp().asgi);
const clientLax = new TestClient(makeApp({ strictContentType: false }).asgi);

test("test_default_strict_rejects_no_content_type", async () => {
  const response = await clientDefault.post("/items/", noType);
  expect(response.status).toBe(422);
  expect({ status: response.status, headers: response.rawHeaders, body: response.text }).toEqual(STRICT["app_default_no_content_type"]);
});

test("test_default_strict_accepts_json_content_type", async () => {
  const response = await clientDefault.post("/items/", json);
  expect(response.status).toBe(200);
  expect(response.json()).toEqual({ key: "value" });
});

test("test_lax_accepts_no_content_type", async () => {
  const response = await clientLax.post("/items/", noType);
  expect(response.status).toBe(200);
  expect(response.json()).toEqual({ key: "value" });
});

test("test_lax_accepts_json_content_type", async () => {
  const response = await clientLax.post("/items/", json);
  expect(response.status).toBe(200);
  expect(response.json()).toEqual({ key: "value" });
});

// test_strict_content_type_router_level.py
function routerApp(): App {
  const app = new App();
  const routers: [APIRouterOptions][] = [[{ prefix: "/lax", strictContentType: false }], [{ prefix: "/strict", strictContentType: true }], [{ prefix: "/default" }]];
  for (const [options] of routers) {
    const router = new APIRouter(options);
    echo(router);
    app.includeRouter(router);
  }
  return app;
}
const routerClient = new TestClient(routerApp().asgi);

test.each([
  ["test_lax_router_on_strict_app_accepts_no_content_type", "/lax/items/", noType, 200],
  ["test_strict_router_on_strict_app_rejects_no_content_type", "/strict/items/", noType, 422],
  ["test_default_router_inherits_strict_from_app", "/default/items/", noType, 422],
  ["test_lax_router_accepts_json_content_type", "/lax/items/", json, 200],
  ["test_strict_router_accepts_json_content_type", "/strict/items/", json, 200],
  ["test_default_router_accepts_json_content_type", "/default/items/", json, 200],
] as const)("%s", async (_name, path, request, status) => {
  const response = await routerClient.post(path, request);
  expect(response.status).toBe(status);
  if (status === 200) expect(response.json()).toEqual({ key: "value" });
});

// test_strict_content_type_nested.py
function nestedApp(): App {
  const app = new App({ strictContentType: false });
  const outer = new APIRouter({ prefix: "/outer" });
  const innerStrict = new APIRouter({ prefix: "/strict", strictContentType: true });
  const innerDefault = new APIRouter({ prefix: "/default" });
  echo(innerStrict);
  echo(innerDefault);
  outer.includeRouter(innerStrict);
  outer.includeRouter(innerDefault);
  app.includeRouter(outer);
  return app;
}

function mixedApp(): App {
  const app = new App({ strictContentType: true });
  const outer = new APIRouter({ prefix: "/outer", strictContentType: false });
  const inner = new APIRouter({ prefix: "/inner", strictContentType: true });
  echo(outer);
  echo(inner);
  outer.includeRouter(inner);
  app.includeRouter(outer);
  return app;
}

const nestedClient = new TestClient(nestedApp().asgi);
const mixedClient = new TestClient(mixedApp().asgi);

test.each([
  ["test_strict_inner_on_lax_app_rejects_no_content_type", nestedClient, "/outer/strict/items/", noType, 422],
  ["test_default_inner_inherits_lax_from_app", nestedClient, "/outer/default/items/", noType, 200],
  ["test_strict_inner_accepts_json_content_type", nestedClient, "/outer/strict/items/", json, 200],
  ["test_default_inner_accepts_json_content_type", nestedClient, "/outer/default/items/", json, 200],
  ["test_lax_outer_on_strict_app_accepts_no_content_type", mixedClient, "/outer/items/", noType, 200],
  ["test_strict_inner_on_lax_outer_rejects_no_content_type", mixedClient, "/outer/inner/items/", noType, 422],
  ["test_lax_outer_accepts_json_content_type", mixedClient, "/outer/items/", json, 200],
  ["test_strict_inner_on_lax_outer_accepts_json_content_type", mixedClient, "/outer/inner/items/", json, 200],
] as const)("%s", async (_name, client, path, request, status) => {
  const response = await client.post(path, request);
  expect(response.status).toBe(status);
  if (status === 200) expect(response.json()).toEqual({ key: "value" });
});

test("a route's own strictContentType wins over its router's and the app's", async () => {
  const app = new App({ strictContentType: true });
  app.post("/lax", { body: data, strictContentType: false }, ({ body }) => body);
  const router = new APIRouter({ strictContentType: false });
  router.post("/strict", { body: data, strictContentType: true }, ({ body }) => body);
  app.includeRouter(router);
  const client = new TestClient(app.asgi);
  expect((await client.post("/lax", noType)).status).toBe(200);
  expect((await client.post("/strict", noType)).status).toBe(422);
});
