// Ports the intent of FastAPI's bigger-applications tutorial: APIRouter with prefix, tags, dependencies and
// responses, included with more of them by app.includeRouter.
import { TestClient } from "@mono/asgi";
import { expect, test } from "vitest";
import { z } from "zod";
import { APIRouter, App, Depends, HTTPException, Mount, Route } from "../../src/index.js";
import { PlainTextResponse } from "@mono/asgi";

const getTokenHeader = Depends({ headers: z.object({ x_token: z.string() }) }, ({ headers }) => {
  if (headers.x_token !== "fake-super-secret-token") throw new HTTPException(400, "X-Token header invalid");
});
const getQueryToken = Depends({ query: z.object({ token: z.string() }) }, ({ query }) => {
  if (query.token !== "jessica") throw new HTTPException(400, "No Jessica token provided");
});

function makeApp(): App {
  const app = new App({ dependencies: [getQueryToken] });
  const users = new APIRouter();
  users.get("/users/", { tags: ["users"] }, () => [{ username: "Rick" }, { username: "Morty" }]);
  users.get("/users/me", { tags: ["users"] }, () => ({ username: "fakecurrentuser" }));
  users.get("/users/{username}", { path: z.object({ username: z.string() }), tags: ["users"] }, ({ path }) => ({ username: path.username }));

  const fakeItemsDb: Record<string, { name: string }> = { plumbus: { name: "Plumbus" }, gun: { name: "Portal Gun" } };
  const items = new APIRouter({
    prefix: "/items",
    tags: ["items"],
    dependencies: [getTokenHeader],
    responses: { 404: { description: "Not found" } },
  });
  items.get("/", {}, () => fakeItemsDb);
  items.get("/{item_id}", { path: z.object({ item_id: z.string() }) }, ({ path }) => {
    const item = fakeItemsDb[path.item_id];
    if (item === undefined) throw new HTTPException(404, "Item not found");
    return { name: item.name, item_id: path.item_id };
  });
  items.put(
    "/{item_id}",
    { path: z.object({ item_id: z.string() }), tags: ["custom"], responses: { 403: { description: "Operation forbidden" } } },
    ({ path }) => {
      if (path.item_id !== "plumbus") throw new HTTPException(403, "You can only update the item: plumbus");
      return { item_id: path.item_id, name: "The great Plumbus" };
    },
  );
  const admin = new APIRouter();
  admin.post("/", {}, () => ({ message: "Admin getting schwifty" }));

  app.includeRouter(users);
  app.includeRouter(items);
  app.includeRouter(admin, { prefix: "/admin", tags: ["admin"], dependencies: [getTokenHeader], responses: { 418: { description: "I'm a teapot" } } });
  app.get("/", {}, () => ({ message: "Hello Bigger Applications!" }));
  return app;
}

const token = { params: { token: "jessica" } };
const header = { "X-Token": "fake-super-secret-token" };

test("test_users", async () => {
  const client = new TestClient(makeApp().asgi);
  expect((await client.get("/users/", token)).json()).toEqual([{ username: "Rick" }, { username: "Morty" }]);
  expect((await client.get("/users/me", token)).json()).toEqual({ username: "fakecurrentuser" });
  expect((await client.get("/users/foo", token)).json()).toEqual({ username: "foo" });
  const noToken = await client.get("/users/");
  expect(noToken.status).toBe(422);
  expect(noToken.json()).toEqual({ detail: [{ type: "missing", loc: ["query", "token"], msg: "Field required", input: null }] });
  expect((await client.get("/users/", { params: { token: "x" } })).json()).toEqual({ detail: "No Jessica token provided" });
});

test("test_items_router_prefix_and_dependencies", async () => {
  const client = new TestClient(makeApp().asgi);
  expect((await client.get("/items/", { ...token, headers: header })).json()).toEqual({ plumbus: { name: "Plumbus" }, gun: { name: "Portal Gun" } });
  expect((await client.get("/items/plumbus", { ...token, headers: header })).json()).toEqual({ name: "Plumbus", item_id: "plumbus" });
  expect((await client.get("/items/bar", { ...token, headers: header })).json()).toEqual({ detail: "Item not found" });
  expect((await client.put("/items/bar", { ...token, headers: header })).status).toBe(403);
  expect((await client.get("/items/plumbus", { ...token, headers: { "X-Token": "invalid" } })).json()).toEqual({ detail: "X-Token header invalid" });
  expect((await client.post("/admin/", { ...token, headers: header })).json()).toEqual({ message: "Admin getting schwifty" });
  expect((await client.post("/admin/", token)).status).toBe(422);
});

test("test_openapi_tags_and_responses_from_routers", () => {
  const paths = makeApp().openapi()["paths"] as Record<string, Record<string, { tags?: string[]; responses: Record<string, unknown> }>>;
  expect(paths["/items/{item_id}"]?.["put"]?.tags).toEqual(["items", "custom"]);
  // FastAPI lists 200, 404, 403, 422: the route's status, the router's responses, the route's, then its 422.
  expect(Object.keys(paths["/items/{item_id}"]?.["put"]?.responses ?? {})).toEqual(["200", "404", "403", "422"]);
  expect(paths["/admin/"]?.["post"]?.tags).toEqual(["admin"]);
  expect(Object.keys(paths["/admin/"]?.["post"]?.responses ?? {})).toEqual(["200", "418", "422"]);
  expect((paths["/admin/"]?.["post"]?.responses["418"] as { description: string }).description).toBe("I'm a teapot");
  expect(paths["/users/{username}"]?.["get"]?.tags).toEqual(["users"]);
});

test("test_include_router_keeps_starlette_routes_and_mounts", async () => {
  const router = new APIRouter({ prefix: "/sub", routes: [new Route("/plain", () => new PlainTextResponse("plain"))] });
  router.routes.push(new Mount("/static", { app: new PlainTextResponse("static") }));
  const app = new App();
  app.includeRouter(router, { prefix: "/v1" });
  const client = new TestClient(app.asgi);
  expect((await client.get("/v1/plain")).text).toBe("plain");
  expect((await client.get("/v1/static/x")).text).toBe("static");
});

test("test_prefix_rules", () => {
  expect(() => new APIRouter({ prefix: "items" })).toThrow("A path prefix must start with '/'");
  expect(() => new APIRouter({ prefix: "/items/" })).toThrow("A path prefix must not end with '/'");
});
