// Ports FastAPI's tests/test_tutorial/test_testing (docs_src/app_testing: tutorial001-004, app_a, app_b),
// test_testing_dependencies (docs_src/dependency_testing: app.dependency_overrides) and test_using_request_directly,
// compared with FastAPI 0.142.2's answers (reference/app_testing.py).
import { expect, test } from "vitest";
import { z } from "zod";
import { App, Depends, HTTPException, TestClient } from "../../src/index.js";
import { APP_TESTING } from "./reference/app_testing.js";
import { expectRecorded, type Answer } from "./reference/recorded.js";

const same = (response: Answer, name: string): void => expectRecorded(response, APP_TESTING, name);

function helloApp(): App {
  const app = new App();
  app.get("/", async function readMain() {
    return { msg: "Hello World" };
  });
  return app;
}

test("test_tutorial001: test_main", async () => {
  const client = new TestClient(helloApp().asgi);
  same(await client.get("/"), "t001_main");
  same(await client.get("/openapi.json"), "t001_openapi");
});

test("test_tutorial002: test_main and test_ws", async () => {
  const app = helloApp();
  app.websocket("/ws", async function websocket({ websocket }) {
    await websocket.accept();
    await websocket.sendJson({ msg: "Hello WebSocket" });
    await websocket.close();
  });
  const client = new TestClient(app.asgi);
  same(await client.get("/"), "t002_main");
  const ws = await client.websocketConnect("/ws");
  expect(await ws.receiveText()).toBe(APP_TESTING["t002_ws"]?.body);
  await ws.exit();
});

test("test_tutorial003: test_main (on_event startup)", async () => {
  const items: Record<string, { name: string }> = {};
  const app = new App();
  app.onEvent("startup", async function startupEvent() {
    items["foo"] = { name: "Fighters" };
    items["bar"] = { name: "Tenders" };
  });
  app.get("/items/{item_id}", { path: z.object({ item_id: z.string() }) }, async function readItems({ path }) {
    return items[path.item_id];
  });
  const client = new TestClient(app.asgi);
  await client.start();
  same(await client.get("/items/foo"), "t003_foo");
  await client.close();
});

test("test_tutorial004: test_main (lifespan)", async () => {
  const items: Record<string, { name: string }> = {};
  const app = new App({
    lifespan: async function* lifespan() {
      items["foo"] = { name: "Fighters" };
      items["bar"] = { name: "Tenders" };
      yield;
      for (const key of Object.keys(items)) delete items[key];
    },
  });
  app.get("/items/{item_id}", { path: z.object({ item_id: z.string() }) }, async function readItems({ path }) {
    return items[path.item_id];
  });
  expect(items).toEqual({});
  const client = new TestClient(app.asgi);
  await client.start();
  expect(items).toEqual({ foo: { name: "Fighters" }, bar: { name: "Tenders" } });
  same(await client.get("/items/foo"), "t004_foo");
  expect(items).toEqual({ foo: { name: "Fighters" }, bar: { name: "Tenders" } });
  await client.close();
  expect(items).toEqual({});
});

test("test_main_a: test_read_main", async () => {
  same(await new TestClient(helloApp().asgi).get("/"), "app_a_main");
});

const Item = z.object({ id: z.string(), title: z.string(), description: z.string().nullable().default(null) }).meta({ id: "Item" });

function appB(): App {
  const fakeSecretToken = "coneofsilence";
  const fakeDb: Record<string, z.input<typeof Item>> = {
    foo: { id: "foo", title: "Foo", description: "There goes my hero" },
    bar: { id: "bar", title: "Bar", description: "The bartenders" },
  };
  const headers = z.object({ x_token: z.string() });
  const app = new App();
  app.get("/items/{item_id}", { path: z.object({ item_id: z.string() }), headers, response: Item }, async function readMain({ path, headers }) {
    if (headers.x_token !== fakeSecretToken) throw new HTTPException(400, "Invalid X-Token header");
    const item = fakeDb[path.item_id];
    if (item === undefined) throw new HTTPException(404, "Item not found");
    return item;
  });
  app.post("/items/", { body: Item, headers, response: Item }, async function createItem({ body, headers }) {
    if (headers.x_token !== fakeSecretToken) throw new HTTPException(400, "Invalid X-Token header");
    if (body.id in fakeDb) throw new HTTPException(409, "Item already exists");
    fakeDb[body.id] = body;
    return body;
  });
  return app;
}

test("test_main_b: the app_b tests, in their order", async () => {
  const client = new TestClient(appB().asgi);
  const ok = { "X-Token": "coneofsilence" };
  same(await client.get("/items/foo", { headers: ok }), "app_b_read");
  same(await client.get("/items/foo", { headers: { "X-Token": "hailhydra" } }), "app_b_read_bad_token");
  same(await client.get("/items/baz", { headers: ok }), "app_b_read_missing");
  same(await client.get("/items/foo"), "app_b_read_no_token");
  same(await client.post("/items/", { headers: ok, json: { id: "foobar", title: "Foo Bar", description: "The Foo Barters" } }), "app_b_create");
  same(
    await client.post("/items/", { headers: { "X-Token": "hailhydra" }, json: { id: "bazz", title: "Bazz", description: "Drop the bazz" } }),
    "app_b_create_bad_token",
  );
  same(
    await client.post("/items/", { headers: ok, json: { id: "foo", title: "The Foo ID Stealers", description: "There goes my stealer" } }),
    "app_b_create_existing",
  );
  same(await client.post("/items/", { headers: ok, json: { title: 3 } }), "app_b_create_invalid");
  same(await client.get("/openapi.json"), "app_b_openapi");
});

const commonQuery = z.object({ q: z.string().nullable().default(null), skip: z.int().default(0), limit: z.int().default(100) });

function dependencyTesting(): { app: App; commonParameters: ReturnType<typeof makeCommons> } {
  const commonParameters = makeCommons();
  const app = new App();
  app.get("/items/", { deps: { commons: commonParameters } }, async function readItems({ deps }) {
    return { message: "Hello Items!", params: deps.commons };
  });
  app.get("/users/", { deps: { commons: commonParameters } }, async function readUsers({ deps }) {
    return { message: "Hello Users!", params: deps.commons };
  });
  const overrideDependency = Depends({ query: z.object({ q: z.string().nullable().default(null) }) }, async function overrideDependency({ query }) {
    return { q: query.q, skip: 5, limit: 10 };
  });
  app.dependencyOverrides.set(commonParameters, overrideDependency);
  return { app, commonParameters };
}

function makeCommons() {
  return Depends({ query: commonQuery }, async function commonParameters({ query }) {
    return { q: query.q, skip: query.skip, limit: query.limit };
  });
}

test.each([
  ["test_override_in_items_run", "/items/", "dt_items"],
  ["test_override_in_items_with_q_run", "/items/?q=foo", "dt_items_q"],
  ["test_override_in_items_with_params_run", "/items/?q=foo&skip=100&limit=200", "dt_items_params"],
  ["test_override_in_users", "/users/", "dt_users"],
  ["test_override_in_users_with_q", "/users/?q=foo", "dt_users_q"],
  ["test_override_in_users_with_params", "/users/?q=foo&skip=100&limit=200", "dt_users_params"],
])("test_testing_dependencies: %s", async (_name, path, recorded) => {
  same(await new TestClient(dependencyTesting().app.asgi).get(path), recorded);
});

test("test_testing_dependencies: test_normal_app", async () => {
  const { app } = dependencyTesting();
  app.dependencyOverrides.clear();
  const client = new TestClient(app.asgi);
  same(await client.get("/items/?q=foo&skip=100&limit=200"), "dt_items_normal");
  // The overrides change what runs, never the document.
  same(await client.get("/openapi.json"), "dt_openapi");
});

test("test_using_request_directly: test_path_operation and test_openapi", async () => {
  const app = new App();
  app.get("/items/{item_id}", { path: z.object({ item_id: z.string() }) }, function readRoot({ path, request }) {
    return { client_host: request.client?.host ?? null, item_id: path.item_id };
  });
  const client = new TestClient(app.asgi);
  same(await client.get("/items/foo"), "urd_item");
  same(await client.get("/openapi.json"), "urd_openapi");
});
