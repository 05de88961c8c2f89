// Port of FastAPI 0.142.2 tests/test_ws_dependencies.py and tests/test_dependency_after_yield_websockets.py, test
// for test with the same names: the order in which app, router, include and route dependencies run for a
// websocket route, and a generator dependency that stays open until the handler is done.
import { TestClient } from "@mono/asgi";
import { expect, test } from "vitest";
import { APIRouter, App, Depends, type Dependency } from "../src/index.js";

function makeApp(): App {
  // One list per connection: the dependency is cached within a connection, as FastAPI's.
  const dependencyList = Depends(function dependencyList(): string[] {
    return [];
  });
  const createDependency = (name: string): Dependency<void> =>
    Depends({ deps: { deps: dependencyList } }, function fun({ deps }) {
      deps.deps.push(name);
    });

  const router = new APIRouter({ dependencies: [createDependency("router")] });
  const prefixRouter = new APIRouter({ dependencies: [createDependency("prefix_router")] });
  const app = new App({ dependencies: [createDependency("app")] });

  app.websocket("/", { dependencies: [createDependency("index")], deps: { deps: dependencyList } }, async function index({ websocket, deps }) {
    await websocket.accept();
    await websocket.sendText(JSON.stringify(deps.deps));
    await websocket.close();
  });
  router.websocket("/router", { dependencies: [createDependency("routerindex")], deps: { deps: dependencyList } }, async function routerindex({ websocket, deps }) {
    await websocket.accept();
    await websocket.sendText(JSON.stringify(deps.deps));
    await websocket.close();
  });
  prefixRouter.websocket(
    "/",
    { dependencies: [createDependency("routerprefixindex")], deps: { deps: dependencyList } },
    async function routerprefixindex({ websocket, deps }) {
      await websocket.accept();
      await websocket.sendText(JSON.stringify(deps.deps));
      await websocket.close();
    },
  );
  app.includeRouter(router, { dependencies: [createDependency("router2")] });
  app.includeRouter(prefixRouter, { prefix: "/prefix", dependencies: [createDependency("prefix_router2")] });
  return app;
}

test("test_index", async () => {
  await using websocket = await new TestClient(makeApp().asgi).websocketConnect("/");
  expect(JSON.parse(await websocket.receiveText())).toEqual(["app", "index"]);
});

test("test_routerindex", async () => {
  await using websocket = await new TestClient(makeApp().asgi).websocketConnect("/router");
  expect(JSON.parse(await websocket.receiveText())).toEqual(["app", "router2", "router", "routerindex"]);
});

test("test_routerprefixindex", async () => {
  await using websocket = await new TestClient(makeApp().asgi).websocketConnect("/prefix/");
  expect(JSON.parse(await websocket.receiveText())).toEqual(["app", "prefix_router2", "prefix_router", "routerprefixindex"]);
});

// tests/test_dependency_after_yield_websockets.py

class Session {
  data = ["foo", "bar", "baz"];
  open = true;

  *[Symbol.iterator](): Generator<string> {
    for (const item of this.data) {
      if (!this.open) throw new RangeError("Session closed");
      yield item;
    }
  }
}

const depSession = Depends(function* depSession() {
  const session = new Session();
  try {
    yield session;
  } finally {
    session.open = false;
  }
});

const brokenDepSession = Depends(function* brokenDepSession() {
  const session = new Session();
  try {
    session.open = false;
    yield session;
  } finally {
    session.open = false;
  }
});

function yieldApp(): App {
  const app = new App();
  app.websocket("/ws", { deps: { session: depSession } }, async function websocketEndpoint({ websocket, deps }) {
    await websocket.accept();
    for (const item of deps.session) await websocket.sendText(item);
  });
  app.websocket("/ws-broken", { deps: { session: brokenDepSession } }, async function websocketEndpointBroken({ websocket, deps }) {
    await websocket.accept();
    for (const item of deps.session) await websocket.sendText(item);
  });
  return app;
}

test("test_websocket_dependency_after_yield", async () => {
  await using websocket = await new TestClient(yieldApp().asgi).websocketConnect("/ws");
  expect(await websocket.receiveText()).toBe("foo");
  expect(await websocket.receiveText()).toBe("bar");
  expect(await websocket.receiveText()).toBe("baz");
});

test("test_websocket_dependency_after_yield_broken", async () => {
  // The handler accepts, then iterates a closed session: the error comes out of the session's exit.
  const websocket = await new TestClient(yieldApp().asgi).websocketConnect("/ws-broken");
  await expect(websocket.exit()).rejects.toThrow("Session closed");
});
