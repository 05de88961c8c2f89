// Ports FastAPI's tests/test_router_events.py: on_startup/on_shutdown handlers and lifespans of the app and of
// included routers, merged as FastAPI's include_router merges them.
import { expect, test } from "vitest";
import type { Request } from "@mono/asgi";
import { APIRouter, App, TestClient } from "../src/index.js";

function newState(): Record<string, boolean> {
  return {
    app_startup: false,
    app_shutdown: false,
    router_startup: false,
    router_shutdown: false,
    sub_router_startup: false,
    sub_router_shutdown: false,
  };
}

const NONE = newState();
const STARTED = { ...NONE, app_startup: true, router_startup: true, sub_router_startup: true };
const STOPPED = { ...STARTED, app_shutdown: true, router_shutdown: true, sub_router_shutdown: true };

function addMain(app: App): void {
  app.get("/", function main() {
    return { message: "Hello World" };
  });
}

async function expectHello(client: TestClient): Promise<void> {
  const response = await client.get("/");
  expect(response.status).toBe(200);
  expect(response.json()).toEqual({ message: "Hello World" });
}

test("test_router_events", async () => {
  const state = newState();
  const app = new App();
  addMain(app);
  app.onEvent("startup", () => void (state.app_startup = true));
  app.onEvent("shutdown", () => void (state.app_shutdown = true));
  const router = new APIRouter();
  router.onEvent("startup", () => void (state.router_startup = true));
  router.onEvent("shutdown", () => void (state.router_shutdown = true));
  const subRouter = new APIRouter();
  subRouter.onEvent("startup", () => void (state.sub_router_startup = true));
  subRouter.onEvent("shutdown", () => void (state.sub_router_shutdown = true));
  router.includeRouter(subRouter);
  app.includeRouter(router);

  expect(state).toEqual(NONE);
  const client = new TestClient(app.asgi);
  await client.start();
  expect(state).toEqual(STARTED);
  await expectHello(client);
  await client.close();
  expect(state).toEqual(STOPPED);
});

test("the handlers of included routers run as often as in FastAPI", async () => {
  // FastAPI copies the included router's handlers and also nests its default lifespan, which runs them again.
  const calls: string[] = [];
  const app = new App();
  app.onEvent("startup", () => void calls.push("app"));
  const router = new APIRouter();
  router.onEvent("startup", () => void calls.push("router"));
  router.onEvent("shutdown", () => void calls.push("router-down"));
  const sub = new APIRouter();
  sub.onEvent("startup", () => void calls.push("sub"));
  router.includeRouter(sub);
  app.includeRouter(router);
  app.onEvent("startup", () => void calls.push("app-late"));
  const client = new TestClient(app.asgi);
  await client.start();
  calls.push("--");
  await client.close();
  // What FastAPI 0.142.2 records for the same app.
  expect(calls).toEqual(["app", "router", "sub", "app-late", "router", "sub", "sub", "--", "router-down", "router-down"]);
});

test("test_app_lifespan_state", async () => {
  const state = newState();
  const app = new App({
    lifespan: async function* () {
      state.app_startup = true;
      yield;
      state.app_shutdown = true;
    },
  });
  addMain(app);
  expect([state.app_startup, state.app_shutdown]).toEqual([false, false]);
  const client = new TestClient(app.asgi);
  await client.start();
  expect([state.app_startup, state.app_shutdown]).toEqual([true, false]);
  await expectHello(client);
  await client.close();
  expect([state.app_startup, state.app_shutdown]).toEqual([true, true]);
});

test("test_router_nested_lifespan_state", async () => {
  const state = newState();
  const subRouter = new APIRouter({
    lifespan: async function* () {
      state.sub_router_startup = true;
      yield { sub_router: true };
      state.sub_router_shutdown = true;
    },
  });
  const router = new APIRouter({
    lifespan: async function* () {
      state.router_startup = true;
      yield { router: true };
      state.router_shutdown = true;
    },
  });
  router.includeRouter(subRouter);
  const app = new App({
    lifespan: async function* () {
      state.app_startup = true;
      yield { app: true };
      state.app_shutdown = true;
    },
  });
  app.includeRouter(router);
  const seen: unknown[] = [];
  app.get("/", function main({ request }: { request: Request }) {
    seen.push(request.state["app"], request.state["router"], request.state["sub_router"]);
    return { message: "Hello World" };
  });

  expect(state).toEqual(NONE);
  const client = new TestClient(app.asgi);
  await client.start();
  expect(state).toEqual(STARTED);
  await expectHello(client);
  expect(seen).toEqual([true, true, true]);
  await client.close();
  expect(state).toEqual(STOPPED);
});

test("test_router_nested_lifespan_state_overriding_by_parent", async () => {
  const router = new APIRouter({
    lifespan: async function* () {
      yield { router_specific: true, overridden: "router" };
    },
  });
  const app = new App({
    lifespan: async function* () {
      yield { app_specific: true, overridden: "app" };
    },
  });
  app.includeRouter(router);
  const client = new TestClient(app.asgi);
  await client.start();
  expect(client.appState).toEqual({ app_specific: true, router_specific: true, overridden: "app" });
  await client.close();
});

test("test_merged_no_return_lifespans_return_none", async () => {
  const router = new APIRouter({
    lifespan: async function* () {
      yield;
    },
  });
  const app = new App({
    lifespan: async function* () {
      yield;
    },
  });
  app.includeRouter(router);
  const client = new TestClient(app.asgi);
  await client.start();
  expect(client.appState).toEqual({});
  await client.close();
});

test("test_merged_mixed_state_lifespans", async () => {
  const subRouter = new APIRouter({
    lifespan: async function* () {
      yield;
    },
  });
  const router = new APIRouter({
    lifespan: async function* () {
      yield { router: true };
    },
  });
  const app = new App({
    lifespan: async function* () {
      yield;
    },
  });
  router.includeRouter(subRouter);
  app.includeRouter(router);
  const client = new TestClient(app.asgi);
  await client.start();
  expect(client.appState).toEqual({ router: true });
  await client.close();
});

test("test_router_async_shutdown_handler", async () => {
  const state = newState();
  const app = new App();
  addMain(app);
  app.onEvent("shutdown", async () => {
    await Promise.resolve();
    state.app_shutdown = true;
  });
  const client = new TestClient(app.asgi);
  await client.start();
  expect(state.app_shutdown).toBe(false);
  await expectHello(client);
  await client.close();
  expect(state.app_shutdown).toBe(true);
});

test("test_router_sync_generator_lifespan", async () => {
  const state = newState();
  const app = new App({
    lifespan: function* () {
      state.app_startup = true;
      yield;
      state.app_shutdown = true;
    },
  });
  addMain(app);
  const client = new TestClient(app.asgi);
  await client.start();
  expect([state.app_startup, state.app_shutdown]).toEqual([true, false]);
  await expectHello(client);
  await client.close();
  expect([state.app_startup, state.app_shutdown]).toEqual([true, true]);
});

test("test_router_async_generator_lifespan", async () => {
  const state = newState();
  const app = new App({
    lifespan: async function* () {
      state.app_startup = true;
      yield;
      state.app_shutdown = true;
    },
  });
  addMain(app);
  const client = new TestClient(app.asgi);
  await client.start();
  expect([state.app_startup, state.app_shutdown]).toEqual([true, false]);
  await expectHello(client);
  await client.close();
  expect([state.app_startup, state.app_shutdown]).toEqual([true, true]);
});

test("test_startup_shutdown_handlers_as_parameters", async () => {
  const state = newState();
  const app = new App({ onStartup: [() => void (state.app_startup = true)], onShutdown: [() => void (state.app_shutdown = true)] });
  addMain(app);
  const router = new APIRouter({
    onStartup: [() => void (state.router_startup = true)],
    onShutdown: [() => void (state.router_shutdown = true)],
  });
  const subRouter = new APIRouter({
    onStartup: [() => void (state.sub_router_startup = true)],
    onShutdown: [() => void (state.sub_router_shutdown = true)],
  });
  router.includeRouter(subRouter);
  app.includeRouter(router);
  expect(state).toEqual(NONE);
  const client = new TestClient(app.asgi);
  await client.start();
  expect(state).toEqual(STARTED);
  await expectHello(client);
  await client.close();
  expect(state).toEqual(STOPPED);
});

test("an event type other than startup or shutdown is refused", () => {
  const router = new APIRouter();
  expect(() => router.addEventHandler("later" as "startup", () => undefined)).toThrow('"startup" or "shutdown"');
});
