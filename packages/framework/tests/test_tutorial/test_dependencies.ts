// Ports the intent of FastAPI's tests/test_tutorial/test_dependencies (tutorials 001-012): Depends, sub-dependencies,
// dependencies in the path operation, dependencies with yield, caching and overrides.
import { TestClient } from "@mono/asgi";
import { expect, test } from "vitest";
import { z } from "zod";
import { APIRouter, App, Depends, HTTPException } from "../../src/index.js";
import { expectSameAsFastAPI } from "./fastapi_reference.js";

const same = (actual: unknown, expected: unknown): void => expect(actual).toEqual(expected);

const commonParameters = Depends(
  { query: z.object({ q: z.string().nullable().default(null), skip: z.int().default(0), limit: z.int().default(100) }) },
  ({ query }) => ({ q: query.q, skip: query.skip, limit: query.limit }),
);
const queryExtractor = Depends({ query: z.object({ q: z.string().nullable().default(null) }) }, ({ query }) => query.q);
const queryOrCookieExtractor = Depends(
  { deps: { q: queryExtractor }, cookies: z.object({ last_query: z.string().nullable().default(null) }) },
  ({ deps, cookies }) => (deps.q ? deps.q : cookies.last_query),
);
const verifyToken = Depends({ headers: z.object({ x_token: z.string() }) }, ({ headers }) => {
  if (headers.x_token !== "fake-super-secret-token") throw new HTTPException(400, "X-Token header invalid");
});
const verifyKey = Depends({ headers: z.object({ x_key: z.string() }) }, ({ headers }) => {
  if (headers.x_key !== "fake-super-secret-key") throw new HTTPException(400, "X-Key header invalid");
  return headers.x_key;
});

function makeApp(): App {
  const app = new App();
  app.get("/items/", { deps: { commons: commonParameters } }, ({ deps }) => deps.commons);
  app.get("/users/", { deps: { commons: commonParameters } }, ({ deps }) => deps.commons);
  app.get("/sub/", { deps: { queryOrDefault: queryOrCookieExtractor } }, ({ deps }) => ({ q_or_cookie: deps.queryOrDefault }));
  app.get("/guarded/", { dependencies: [verifyToken, verifyKey] }, () => [{ item: "Foo" }, { item: "Bar" }]);
  return app;
}

test("test_dependency_with_query_params", async () => {
  const client = new TestClient(makeApp().asgi);
  expectSameAsFastAPI(await client.get("/items/"), "dep_items", same);
  expectSameAsFastAPI(await client.get("/items/?q=foo&skip=5&limit=30"), "dep_items_q", same);
  expectSameAsFastAPI(await client.get("/users/?skip=a"), "dep_users_bad", same);
});

test("test_sub_dependencies", async () => {
  const client = new TestClient(makeApp().asgi);
  expectSameAsFastAPI(await client.get("/sub/"), "dep_sub", same);
  expectSameAsFastAPI(await client.get("/sub/?q=foo"), "dep_sub_q", same);
  expectSameAsFastAPI(await client.get("/sub/", { cookies: { last_query: "from cookie" } }), "dep_sub_cookie", same);
});

test("test_dependencies_in_path_operation", async () => {
  const client = new TestClient(makeApp().asgi);
  expectSameAsFastAPI(await client.get("/guarded/"), "dep_guard_none", same);
  const headers = { "X-Token": "fake-super-secret-token", "X-Key": "fake-super-secret-key" };
  expectSameAsFastAPI(await client.get("/guarded/", { headers: { ...headers, "X-Token": "invalid" } }), "dep_guard_badtoken", same);
  expectSameAsFastAPI(await client.get("/guarded/", { headers: { ...headers, "X-Key": "invalid" } }), "dep_guard_badkey", same);
  expectSameAsFastAPI(await client.get("/guarded/", { headers }), "dep_guard_ok", same);
});

test("test_dependency_with_yield_cleans_up_after_the_response", async () => {
  const events: string[] = [];
  const getDb = Depends(async function* () {
    events.push("open");
    try {
      yield "db";
    } finally {
      events.push("close");
    }
  });
  const app = new App();
  app.get("/", { deps: { db: getDb } }, ({ deps, background }) => {
    events.push(`handler:${deps.db}`);
    background.addTask(() => void events.push("background"));
    return { db: deps.db };
  });
  const observed = new TestClient(async (scope, receive, send) => {
    await app.asgi(scope, receive, async (message) => {
      events.push(message.type);
      await send(message);
    });
  });
  const response = await observed.get("/");
  expect(response.text).toBe('{"db":"db"}');
  expect(events).toEqual(["open", "handler:db", "http.response.start", "http.response.body", "background", "close"]);
});

test("test_dependency_with_yield_sees_the_error", async () => {
  const events: string[] = [];
  class OwnerError extends Error {}
  const getUsername = Depends(async function* () {
    try {
      yield "Rick";
    } catch (error) {
      events.push(`caught:${(error as Error).message}`);
      if (error instanceof OwnerError) throw new HTTPException(400, `Owner error: ${error.message}`);
      throw error;
    }
  });
  const app = new App();
  app.get("/items/{item_id}", { path: z.object({ item_id: z.string() }), deps: { user: getUsername } }, ({ path }) => {
    if (path.item_id === "portal-gun") throw new OwnerError("Rick");
    if (path.item_id === "plumbus") throw new HTTPException(404, "Item not found");
    return { item_id: path.item_id };
  });
  const client = new TestClient(app.asgi);
  let response = await client.get("/items/portal-gun");
  expect(response.status).toBe(400);
  expect(response.json()).toEqual({ detail: "Owner error: Rick" });
  response = await client.get("/items/plumbus");
  expect(response.status).toBe(404);
  expect(response.json()).toEqual({ detail: "Item not found" });
  expect(events).toEqual(["caught:Rick", "caught:404: Item not found"]);
});

test("test_dependencies_are_cached_per_request", async () => {
  let calls = 0;
  const counter = Depends(() => ++calls);
  const uncached = Depends(() => ++calls, { useCache: false });
  const both = Depends({ deps: { a: counter, b: counter } }, ({ deps }) => deps.a + deps.b);
  const app = new App();
  app.get("/cached", { deps: { sum: both, again: counter } }, ({ deps }) => deps);
  app.get("/uncached", { deps: { a: uncached, b: uncached } }, ({ deps }) => deps);
  const client = new TestClient(app.asgi);
  expect((await client.get("/cached")).json()).toEqual({ sum: 2, again: 1 });
  expect((await client.get("/cached")).json()).toEqual({ sum: 4, again: 2 });
  calls = 0;
  expect((await client.get("/uncached")).json()).toEqual({ a: 1, b: 2 });
});

test("test_dependency_overrides", async () => {
  const app = makeApp();
  app.dependencyOverrides.set(
    commonParameters,
    Depends(() => ({ q: "override", skip: 1, limit: 2 })),
  );
  const response = await new TestClient(app.asgi).get("/items/?skip=a");
  expect(response.json()).toEqual({ q: "override", skip: 1, limit: 2 });
});

test("test_global_and_router_dependencies", async () => {
  const app = new App({ dependencies: [verifyToken] });
  const router = new APIRouter({ prefix: "/items", tags: ["items"], dependencies: [verifyKey] });
  router.get("/", {}, () => [{ item: "Portal Gun" }]);
  app.includeRouter(router);
  app.get("/users/", {}, () => [{ username: "Rick" }]);
  const client = new TestClient(app.asgi);
  const headers = { "X-Token": "fake-super-secret-token", "X-Key": "fake-super-secret-key" };
  expect((await client.get("/items/", { headers })).json()).toEqual([{ item: "Portal Gun" }]);
  expect((await client.get("/users/", { headers: { "X-Token": "fake-super-secret-token" } })).json()).toEqual([{ username: "Rick" }]);
  const missing = await client.get("/items/", { headers: { "X-Token": "fake-super-secret-token" } });
  expect(missing.status).toBe(422);
  expect(missing.json()).toEqual({ detail: [{ type: "missing", loc: ["header", "x-key"], msg: "Field required", input: null }] });
  expect((await client.get("/users/")).status).toBe(422);
});
