// Port of FastAPI 0.142.2 tests/test_ws_router.py, test for test with the same names: websocket routes on the
// App and on APIRouters (plain `websocketRoute` and FastAPI's `websocket`), prefixes, parameters, dependencies,
// overrides, validation (a close with 1008) and errors seen by middleware and exception handlers.
import { Middleware, TestClient, WebSocket, WebSocketDisconnect, WS_1000_NORMAL_CLOSURE, WS_1006_ABNORMAL_CLOSURE, WS_1008_POLICY_VIOLATION, type ASGIApp } from "@mono/asgi";
import { expect, test } from "vitest";
import { z } from "zod";
import { APIRouter, App, Depends, type AppOptions } from "../src/index.js";

const router = new APIRouter();
const prefixRouter = new APIRouter();
const nativePrefixRoute = new APIRouter({ prefix: "/native" });

async function index(websocket: WebSocket): Promise<void> {
  await websocket.accept();
  await websocket.sendText("Hello, world!");
  await websocket.close();
}

router.websocketRoute("/router", async function routerindex(websocket: WebSocket) {
  await websocket.accept();
  await websocket.sendText("Hello, router!");
  await websocket.close();
});

prefixRouter.websocketRoute("/", async function routerprefixindex(websocket: WebSocket) {
  await websocket.accept();
  await websocket.sendText("Hello, router with prefix!");
  await websocket.close();
});

router.websocket("/router2", async function routerindex2({ websocket }) {
  await websocket.accept();
  await websocket.sendText("Hello, router!");
  await websocket.close();
});

router.websocket(
  "/router/{pathparam:path}",
  { path: z.object({ pathparam: z.string() }), query: z.object({ queryparam: z.string() }) },
  async function routerindexparams({ websocket, path, query }) {
    await websocket.accept();
    await websocket.sendText(path.pathparam);
    await websocket.sendText(query.queryparam);
    await websocket.close();
  },
);

const wsDependency = Depends(async function wsDependency() {
  return "Socket Dependency";
});

router.websocket("/router-ws-depends/", { deps: { data: wsDependency } }, async function routerWsDecoratorDepends({ websocket, deps }) {
  await websocket.accept();
  await websocket.sendText(deps.data);
  await websocket.close();
});

nativePrefixRoute.websocket("/", async function routerNativePrefixWs({ websocket }) {
  await websocket.accept();
  await websocket.sendText("Hello, router with native prefix!");
  await websocket.close();
});

class NotImplementedError extends Error {
  override name = "NotImplementedError";
}

const wsDependencyErr = Depends(async function wsDependencyErr(): Promise<string> {
  throw new NotImplementedError();
});

router.websocket("/depends-err/", { deps: { data: wsDependencyErr } }, async function routerWsDependsErr() {
  throw new Error("not reached: the dependency fails first");
});

const wsDependencyValidate = Depends({ headers: z.object({ x_missing: z.string() }) }, function wsDependencyValidate() {
  return null;
});

router.websocket("/depends-validate/", { deps: { data: wsDependencyValidate } }, async function routerWsDependsValidate() {
  throw new Error("not reached: validation fails first");
});

class CustomError extends Error {}

router.websocket("/custom_error/", async function routerWsCustomError() {
  throw new CustomError();
});

function makeApp(options: AppOptions = {}, app: App = new App(options)): App {
  app.includeRouter(router);
  app.includeRouter(prefixRouter, { prefix: "/prefix" });
  app.includeRouter(nativePrefixRoute);
  return app;
}

function appWithIndex(): App {
  const app = new App();
  app.websocketRoute("/", index);
  return makeApp({}, app);
}

async function refused(client: TestClient, url: string): Promise<WebSocketDisconnect> {
  const exc = await client.websocketConnect(url).then(
    () => {
      throw new Error("the handshake succeeded");
    },
    (error: unknown) => error,
  );
  expect(exc).toBeInstanceOf(WebSocketDisconnect);
  return exc as WebSocketDisconnect;
}

test("test_app", async () => {
  await using websocket = await new TestClient(appWithIndex().asgi).websocketConnect("/");
  expect(await websocket.receiveText()).toBe("Hello, world!");
});

test("test_router", async () => {
  await using websocket = await new TestClient(appWithIndex().asgi).websocketConnect("/router");
  expect(await websocket.receiveText()).toBe("Hello, router!");
});

test("test_prefix_router", async () => {
  await using websocket = await new TestClient(appWithIndex().asgi).websocketConnect("/prefix/");
  expect(await websocket.receiveText()).toBe("Hello, router with prefix!");
});

test("test_native_prefix_router", async () => {
  await using websocket = await new TestClient(appWithIndex().asgi).websocketConnect("/native/");
  expect(await websocket.receiveText()).toBe("Hello, router with native prefix!");
});

test("test_router2", async () => {
  await using websocket = await new TestClient(appWithIndex().asgi).websocketConnect("/router2");
  expect(await websocket.receiveText()).toBe("Hello, router!");
});

test("test_router_ws_depends", async () => {
  await using websocket = await new TestClient(appWithIndex().asgi).websocketConnect("/router-ws-depends/");
  expect(await websocket.receiveText()).toBe("Socket Dependency");
});

test("test_router_ws_depends_with_override", async () => {
  const app = appWithIndex();
  app.dependencyOverrides.set(wsDependency, Depends(() => "Override"));
  await using websocket = await new TestClient(app.asgi).websocketConnect("/router-ws-depends/");
  expect(await websocket.receiveText()).toBe("Override");
});

test("test_router_with_params", async () => {
  await using websocket = await new TestClient(appWithIndex().asgi).websocketConnect("/router/path/to/file?queryparam=a_query_param");
  expect(await websocket.receiveText()).toBe("path/to/file");
  expect(await websocket.receiveText()).toBe("a_query_param");
});

test("test_wrong_uri", async () => {
  // A websocket to a path with no route is closed (1000), as Starlette's router does.
  const exc = await refused(new TestClient(appWithIndex().asgi), "/no-router/");
  expect(exc.code).toBe(WS_1000_NORMAL_CLOSURE);
});

/** A pure websocket middleware class around `middlewareFunc(websocket, callNext)`, as the Python helper builds. */
function websocketMiddleware(middlewareFunc: (websocket: WebSocket, callNext: () => Promise<void>) => Promise<void>) {
  return class {
    constructor(readonly app: ASGIApp) {}

    readonly asgi: ASGIApp = async (scope, receive, send) => {
      if (scope.type !== "websocket") throw new Error("not reached: websocket scopes only");
      const websocket = new WebSocket(scope, receive, send);
      await middlewareFunc(websocket, () => this.app(scope, receive, send));
    };
  };
}

test("test_depend_validation", async () => {
  const caught: unknown[] = [];
  const catcher = websocketMiddleware(async (_websocket, callNext) => {
    try {
      await callNext();
    } catch (exc: unknown) {
      caught.push(exc);
      throw exc;
    }
  });
  const myapp = makeApp({ middleware: [new Middleware(catcher)] });
  const exc = await refused(new TestClient(myapp.asgi), "/depends-validate/");
  // The validation error does produce a close message, and no error is leaked.
  expect(exc.code).toBe(WS_1008_POLICY_VIOLATION);
  expect(caught).toEqual([]);
  // FastAPI puts the error list in the reason; here as its JSON text.
  expect(JSON.parse(exc.reason)).toEqual([{ type: "missing", loc: ["header", "x-missing"], msg: "Field required", input: null }]);
});

test("test_depend_err_middleware", async () => {
  const errorhandler = websocketMiddleware(async (websocket, callNext) => {
    try {
      await callNext();
    } catch (exc: unknown) {
      await websocket.close(WS_1006_ABNORMAL_CLOSURE, `${(exc as Error).name}()`);
    }
  });
  const myapp = makeApp({ middleware: [new Middleware(errorhandler)] });
  const exc = await refused(new TestClient(myapp.asgi), "/depends-err/");
  expect(exc.code).toBe(WS_1006_ABNORMAL_CLOSURE);
  expect(exc.reason).toContain("NotImplementedError");
});

test("test_depend_err_handler", async () => {
  const customHandler = async (websocket: WebSocket, _exc: CustomError): Promise<void> => {
    await websocket.close(1002, "foo");
  };
  const myapp = makeApp({ exceptionHandlers: [[CustomError, customHandler]] });
  const exc = await refused(new TestClient(myapp.asgi), "/custom_error/");
  expect(exc.code).toBe(1002);
  expect(exc.reason).toContain("foo");
});

test("test_add_api_websocket_route", async () => {
  // Not in FastAPI's file: app.add_api_websocket_route, and urlPathFor finding the route by its name.
  const app = new App();
  const route = app.addApiWebsocketRoute("/rooms/{room}", { path: z.object({ room: z.string() }), name: "room" }, async ({ websocket, path }) => {
    await websocket.accept();
    await websocket.sendText(`room ${path.room}`);
    await websocket.close();
  });
  expect(route.name).toBe("room");
  expect(String(app.urlPathFor("room", { room: "a" }))).toBe("/rooms/a");
  await using websocket = await new TestClient(app.asgi).websocketConnect("/rooms/b");
  expect(await websocket.receiveText()).toBe("room b");
});
