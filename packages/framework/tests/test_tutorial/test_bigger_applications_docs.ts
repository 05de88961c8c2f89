// Ports FastAPI's tests/test_tutorial/test_bigger_applications/test_main.py with the tutorial's app package
// (dependencies, routers/users, routers/items, internal/admin, main) written with the public API; every answer and the
// OpenAPI document compared with FastAPI 0.142.2's (reference/bigger_applications.py).
import { expect, test } from "vitest";
import { z } from "zod";
import { APIRouter, App, Depends, HTTPException, TestClient } from "../../src/index.js";
import { BIGGER_APPLICATIONS } from "./reference/bigger_applications.js";
import { expectRecorded } from "./reference/recorded.js";

// dependencies.py
const getTokenHeader = Depends({ headers: z.object({ x_token: z.string() }) }, async function getTokenHeader({ headers }) {
  if (headers.x_token !== "fake-super-secret-token") throw new HTTPException(400, "X-Token header invalid");
});
const getQueryToken = Depends({ query: z.object({ token: z.string() }) }, async function getQueryToken({ query }) {
  if (query.token !== "jessica") throw new HTTPException(400, "No Jessica token provided");
});

// routers/users.py
function usersRouter(): APIRouter {
  const router = new APIRouter();
  router.get("/users/", { tags: ["users"] }, async function readUsers() {
    return [{ username: "Rick" }, { username: "Morty" }];
  });
  router.get("/users/me", { tags: ["users"] }, async function readUserMe() {
    return { username: "fakecurrentuser" };
  });
  router.get("/users/{username}", { path: z.object({ username: z.string() }), tags: ["users"] }, async function readUser({ path }) {
    return { username: path.username };
  });
  return router;
}

// routers/items.py
function itemsRouter(): APIRouter {
  const router = new APIRouter({
    prefix: "/items",
    tags: ["items"],
    dependencies: [getTokenHeader],
    responses: { 404: { description: "Not found" } },
  });
  const fakeItemsDb: Record<string, { name: string }> = { plumbus: { name: "Plumbus" }, gun: { name: "Portal Gun" } };
  router.get("/", async function readItems() {
    return fakeItemsDb;
  });
  router.get("/{item_id}", { path: z.object({ item_id: z.string() }) }, async function readItem({ path }) {
    const item = fakeItemsDb[path.item_id];
    if (item === undefined) throw new HTTPException(404, "Item not found");
    return { name: item.name, item_id: path.item_id };
  });
  router.put(
    "/{item_id}",
    { path: z.object({ item_id: z.string() }), tags: ["custom"], responses: { 403: { description: "Operation forbidden" } } },
    async function updateItem({ path }) {
      if (path.item_id !== "plumbus") throw new HTTPException(403, "You can only update the item: plumbus");
      return { item_id: path.item_id, name: "The great Plumbus" };
    },
  );
  return router;
}

// internal/admin.py
function adminRouter(): APIRouter {
  const router = new APIRouter();
  router.post("/", async function updateAdmin() {
    return { message: "Admin getting schwifty" };
  });
  return router;
}

// main.py
function makeApp(): App {
  const app = new App({ dependencies: [getQueryToken] });
  app.includeRouter(usersRouter());
  app.includeRouter(itemsRouter());
  app.includeRouter(adminRouter(), {
    prefix: "/admin",
    tags: ["admin"],
    dependencies: [getTokenHeader],
    responses: { 418: { description: "I'm a teapot" } },
  });
  app.get("/", async function root() {
    return { message: "Hello Bigger Applications!" };
  });
  return app;
}

const h = { "X-Token": "fake-super-secret-token" };
const REQUESTS: [string, "get" | "put" | "post", string, Record<string, string> | undefined][] = [
  ["test_users_token_jessica", "get", "/users?token=jessica", undefined],
  ["test_users_with_no_token", "get", "/users", undefined],
  ["test_users_foo_token_jessica", "get", "/users/foo?token=jessica", undefined],
  ["test_users_foo_with_no_token", "get", "/users/foo", undefined],
  ["test_users_me_token_jessica", "get", "/users/me?token=jessica", undefined],
  ["test_users_me_with_no_token", "get", "/users/me", undefined],
  ["test_users_token_monica_with_no_jessica", "get", "/users?token=monica", undefined],
  ["test_items_token_jessica", "get", "/items?token=jessica", h],
  ["test_items_with_no_token_jessica", "get", "/items", h],
  ["test_items_plumbus_token_jessica", "get", "/items/plumbus?token=jessica", h],
  ["test_items_bar_token_jessica", "get", "/items/bar?token=jessica", h],
  ["test_items_plumbus_with_no_token", "get", "/items/plumbus", h],
  ["test_items_with_invalid_token", "get", "/items?token=jessica", { "X-Token": "invalid" }],
  ["test_items_bar_with_invalid_token", "get", "/items/bar?token=jessica", { "X-Token": "invalid" }],
  ["test_items_with_missing_x_token_header", "get", "/items?token=jessica", undefined],
  ["test_items_plumbus_with_missing_x_token_header", "get", "/items/plumbus?token=jessica", undefined],
  ["test_root_token_jessica", "get", "/?token=jessica", undefined],
  ["test_root_with_no_token", "get", "/", undefined],
  ["test_put_no_header", "put", "/items/foo", undefined],
  ["test_put_invalid_header", "put", "/items/foo", { "X-Token": "invalid" }],
  ["test_put", "put", "/items/plumbus?token=jessica", h],
  ["test_put_forbidden", "put", "/items/bar?token=jessica", h],
  ["test_admin", "post", "/admin/?token=jessica", h],
  ["test_admin_invalid_header", "post", "/admin/", { "X-Token": "invalid" }],
  ["test_openapi_schema", "get", "/openapi.json", undefined],
];

test.each(REQUESTS.filter(([name]) => name !== "test_openapi_schema"))("%s", async (name, method, url, headers) => {
  const client = new TestClient(makeApp().asgi);
  const response = await client[method](url, headers === undefined ? {} : { headers });
  expectRecorded(response, BIGGER_APPLICATIONS, name);
});

test("test_openapi_schema", async () => {
  const response = await new TestClient(makeApp().asgi).get("/openapi.json");
  const recorded = BIGGER_APPLICATIONS["test_openapi_schema"];
  // Same headers and length, same document; only the key order of `responses` differs: a JS object lists the
  // integer-like keys 403, 404 ascending where FastAPI keeps 404 (the router's) before 403 (docs/framework.md, "Key order").
  expect([response.status, response.rawHeaders]).toEqual([recorded?.status, recorded?.headers]);
  expect(response.json()).toEqual(JSON.parse(recorded?.body ?? "null"));
});
