// Ports FastAPI's tests/test_dependency_yield_scope.py: `Depends(dep, scope="function")` closes its generator when the
// handler returns (before the body streams), the default "request" scope once the response is sent.
import { expect, test } from "vitest";
import {
  APIRouter,
  App,
  Depends,
  DependencyScopeError,
  FastAPIError,
  HTTPException,
  StreamingResponse,
  TestClient,
} from "../src/index.js";

class Session {
  open = true;
}

function* depSession(): Generator<Session> {
  const s = new Session();
  yield s;
  s.open = false;
}

function* raiseAfterYield(): Generator<undefined> {
  yield undefined;
  throw new HTTPException(503, "Exception after yield");
}

const sessionFuncDep = Depends(depSession, { scope: "function" });
const sessionRequestDep = Depends(depSession, { scope: "request" });
const sessionDefaultDep = Depends(depSession);

class NamedSession {
  open = true;
  constructor(readonly name = "default") {}
}

const namedSessionsDep = Depends({ deps: { session: sessionRequestDep, sessionB: sessionDefaultDep } }, function* getNamedSession({ deps }) {
  expect(deps.session).toBe(deps.sessionB);
  const named = new NamedSession("named");
  yield [named, deps.sessionB] as const;
  named.open = false;
});

function* getNamedFuncSession({ deps }: { deps: { session: Session } }): Generator<readonly [NamedSession, Session]> {
  const named = new NamedSession("named");
  yield [named, deps.session] as const;
  named.open = false;
}
const brokenSessionsDep = Depends({ deps: { session: sessionFuncDep } }, getNamedFuncSession);
const namedSessionsFuncDep = Depends({ deps: { session: sessionFuncDep } }, getNamedFuncSession, { scope: "function" });
const regularSessionsDep = Depends({ deps: { session: sessionFuncDep } }, ({ deps }) => [new NamedSession("named"), deps.session] as const);

function stream(value: unknown): StreamingResponse {
  // Read when the body is sent, as the Python test's iter_data generator.
  return new StreamingResponse(
    (function* () {
      yield JSON.stringify(typeof value === "function" ? (value as () => unknown)() : value);
    })(),
  );
}

function makeApp(): App {
  const app = new App();
  const router = new APIRouter();
  router.get("/", function getIndex() {
    return { status: "ok" };
  });
  app.get("/function-scope", { deps: { session: sessionFuncDep } }, ({ deps }) => stream(() => ({ is_open: deps.session.open })));
  app.get("/request-scope", { deps: { session: sessionRequestDep } }, ({ deps }) => stream(() => ({ is_open: deps.session.open })));
  app.get("/two-scopes", { deps: { functionSession: sessionFuncDep, requestSession: sessionRequestDep } }, ({ deps }) =>
    stream(() => ({ func_is_open: deps.functionSession.open, req_is_open: deps.requestSession.open })),
  );
  app.get("/sub", { deps: { sessions: namedSessionsDep } }, ({ deps }) =>
    stream(() => ({ named_session_open: deps.sessions[0].open, session_open: deps.sessions[1].open })),
  );
  app.get("/named-function-scope", { deps: { sessions: namedSessionsFuncDep } }, ({ deps }) =>
    stream(() => ({ named_session_open: deps.sessions[0].open, session_open: deps.sessions[1].open })),
  );
  app.get("/regular-function-scope", { deps: { sessions: regularSessionsDep } }, ({ deps }) =>
    stream(() => ({ named_session_open: deps.sessions[0].open, session_open: deps.sessions[1].open })),
  );
  app.includeRouter(router, { prefix: "/router-scope-function", dependencies: [Depends(raiseAfterYield, { scope: "function" })] });
  app.includeRouter(router, { prefix: "/router-scope-request", dependencies: [Depends(raiseAfterYield, { scope: "request" })] });
  return app;
}

test("test_function_scope", async () => {
  const response = await new TestClient(makeApp().asgi).get("/function-scope");
  expect(response.status).toBe(200);
  expect(response.json()).toEqual({ is_open: false });
});

test("test_request_scope", async () => {
  const response = await new TestClient(makeApp().asgi).get("/request-scope");
  expect(response.status).toBe(200);
  expect(response.json()).toEqual({ is_open: true });
});

test("test_two_scopes", async () => {
  const response = await new TestClient(makeApp().asgi).get("/two-scopes");
  expect(response.status).toBe(200);
  expect(response.json()).toEqual({ func_is_open: false, req_is_open: true });
});

test("test_sub", async () => {
  const response = await new TestClient(makeApp().asgi).get("/sub");
  expect(response.status).toBe(200);
  expect(response.json()).toEqual({ named_session_open: true, session_open: true });
});

test("test_broken_scope", () => {
  const app = makeApp();
  const add = (): unknown => app.get("/broken-scope", { deps: { sessions: brokenSessionsDep } }, () => null);
  expect(add).toThrow(DependencyScopeError);
  expect(add).toThrow(FastAPIError);
  expect(add).toThrow('The dependency "getNamedFuncSession" has a scope of "request", it cannot depend on dependencies with scope "function"');
});

test("test_named_function_scope", async () => {
  const response = await new TestClient(makeApp().asgi).get("/named-function-scope");
  expect(response.status).toBe(200);
  expect(response.json()).toEqual({ named_session_open: false, session_open: false });
});

test("test_regular_function_scope", async () => {
  const response = await new TestClient(makeApp().asgi).get("/regular-function-scope");
  expect(response.status).toBe(200);
  expect(response.json()).toEqual({ named_session_open: true, session_open: false });
});

test("test_router_level_dep_scope_function", async () => {
  const response = await new TestClient(makeApp().asgi).get("/router-scope-function/");
  expect(response.status).toBe(503);
  expect(response.json()).toEqual({ detail: "Exception after yield" });
});

test("test_router_level_dep_scope_request", async () => {
  const client = new TestClient(makeApp().asgi, { raiseServerExceptions: false });
  const response = await client.get("/router-scope-request/");
  expect(response.status).toBe(200);
  expect(response.json()).toEqual({ status: "ok" });
});

test("test_app_level_dep_scope_function", async () => {
  const app = new App({ dependencies: [Depends(raiseAfterYield, { scope: "function" })] });
  app.get("/app-scope-function", function getAppScopeFunction() {
    return { status: "ok" };
  });
  const client = new TestClient(app.asgi);
  await client.start();
  const response = await client.get("/app-scope-function");
  await client.close();
  expect(response.status).toBe(503);
  expect(response.json()).toEqual({ detail: "Exception after yield" });
});

test("test_app_level_dep_scope_request", async () => {
  const app = new App({ dependencies: [Depends(raiseAfterYield, { scope: "request" })] });
  app.get("/app-scope-request", function getAppScopeRequest() {
    return { status: "ok" };
  });
  const client = new TestClient(app.asgi, { raiseServerExceptions: false });
  await client.start();
  const response = await client.get("/app-scope-request");
  await client.close();
  expect(response.status).toBe(200);
  expect(response.json()).toEqual({ status: "ok" });
});

test("websockets: function-scope dependencies close first, then the request's (test_dependency_yield_scope_websockets)", async () => {
  const closed: string[] = [];
  const track = (name: string, scope: "function" | "request") =>
    Depends(
      { deps: {} },
      async function* tracked() {
        yield name;
        closed.push(name);
      },
      { scope, useCache: false },
    );
  const app = new App();
  // Entered function first: one shared stack would close the request one first; the function stack closes before it.
  app.websocket("/ws", { deps: { func: track("function", "function"), req: track("request", "request") } }, async ({ websocket, deps }) => {
    await websocket.accept();
    await websocket.sendJson({ func: deps.func, req: deps.req });
    await websocket.close();
  });
  const websocket = await new TestClient(app.asgi).websocketConnect("/ws");
  expect(await websocket.receiveJson()).toEqual({ func: "function", req: "request" });
  await websocket.exit();
  await expect.poll(() => closed.length).toBe(2);
  expect(closed).toEqual(["function", "request"]);
});
