// Ports FastAPI's tests/test_dependency_contextmanager.py: async and sync generator dependencies, their cleanup after
// the response, errors thrown in at `yield` (seen, re-raised, or passed by), nested generators closed in reverse
// order, and background tasks running before the cleanup.
import { expect, test } from "vitest";
import { App, Depends, TestClient } from "../src/index.js";

class AsyncDependencyError extends Error {}
class SyncDependencyError extends Error {}
class OtherDependencyError extends Error {}

function makeApp() {
  const state: Record<string, string> = {
    "/async": "asyncgen not started",
    "/sync": "generator not started",
    "/async_raise": "asyncgen raise not started",
    "/sync_raise": "generator raise not started",
    context_a: "not started a",
    context_b: "not started b",
    bg: "not set",
    sync_bg: "not set",
  };
  const errors: string[] = [];
  const getState = Depends(async function getState() {
    return state;
  });
  const asyncgenState = Depends({ deps: { state: getState } }, async function* asyncgenState({ deps }) {
    deps.state["/async"] = "asyncgen started";
    yield deps.state["/async"];
    deps.state["/async"] = "asyncgen completed";
  });
  const generatorState = Depends({ deps: { state: getState } }, function* generatorState({ deps }) {
    deps.state["/sync"] = "generator started";
    yield deps.state["/sync"];
    deps.state["/sync"] = "generator completed";
  });
  const asyncgenStateTry = Depends({ deps: { state: getState } }, async function* asyncgenStateTry({ deps }) {
    deps.state["/async_raise"] = "asyncgen raise started";
    try {
      yield deps.state["/async_raise"];
    } catch (error: unknown) {
      if (error instanceof AsyncDependencyError) errors.push("/async_raise");
      throw error;
    } finally {
      deps.state["/async_raise"] = "asyncgen raise finalized";
    }
  });
  const generatorStateTry = Depends({ deps: { state: getState } }, function* generatorStateTry({ deps }) {
    deps.state["/sync_raise"] = "generator raise started";
    try {
      yield deps.state["/sync_raise"];
    } catch (error: unknown) {
      if (error instanceof SyncDependencyError) errors.push("/sync_raise");
      throw error;
    } finally {
      deps.state["/sync_raise"] = "generator raise finalized";
    }
  });
  const contextA = Depends({ deps: { state: getState } }, async function* contextA({ deps }) {
    deps.state["context_a"] = "started a";
    try {
      yield deps.state;
    } finally {
      deps.state["context_a"] = "finished a";
    }
  });
  const contextB = Depends({ deps: { state: contextA } }, async function* contextB({ deps }) {
    deps.state["context_b"] = "started b";
    try {
      yield deps.state;
    } finally {
      deps.state["context_b"] = `finished b with a: ${deps.state["context_a"]}`;
    }
  });

  const app = new App();
  // Each route twice, as the Python test has async and sync path operation functions.
  for (const prefix of ["", "/sync"]) {
    // "/async" and "/sync_async", "/context_b" and "/sync_context_b", ...
    const name = (path: string): string => `${prefix}${prefix === "" ? path : `_${path.slice(1)}`}`;
    app.get(name("/async"), { deps: { state: asyncgenState } }, ({ deps }) => deps.state);
    app.get(name("/sync"), { deps: { state: generatorState } }, ({ deps }) => deps.state);
    app.get(name("/async_raise"), { deps: { state: asyncgenStateTry } }, ({ deps }) => {
      expect(deps.state).toBe("asyncgen raise started");
      throw new AsyncDependencyError();
    });
    app.get(name("/sync_raise"), { deps: { state: generatorStateTry } }, ({ deps }) => {
      expect(deps.state).toBe("generator raise started");
      throw new SyncDependencyError();
    });
    app.get(name("/async_raise_other"), { deps: { state: asyncgenStateTry } }, () => {
      throw new OtherDependencyError();
    });
    app.get(name("/sync_raise_other"), { deps: { state: generatorStateTry } }, () => {
      throw new OtherDependencyError();
    });
    app.get(name("/context_b"), { deps: { state: contextB } }, ({ deps }) => deps.state);
    app.get(name("/context_b_raise"), { deps: { state: contextB } }, ({ deps }) => {
      expect([deps.state["context_b"], deps.state["context_a"]]).toEqual(["started b", "started a"]);
      throw new OtherDependencyError();
    });
    const bgKey = prefix === "" ? "bg" : "sync_bg";
    app.get(name("/context_b_bg"), { deps: { state: contextB } }, ({ deps, background }) => {
      background.addTask(async (s: Record<string, string>) => {
        s[bgKey] = `${bgKey} set - b: ${s["context_b"]} - a: ${s["context_a"]}`;
      }, deps.state);
      // A copy: FastAPI serializes the dict before the cleanup changes it.
      return { ...deps.state };
    });
  }
  app.middleware("http", async (request, callNext) => {
    const response = await callNext(request);
    response.headers.set("x-state", JSON.stringify(state));
    return response;
  });
  return { app, state, errors };
}

test.each([
  ["test_async_state", "/async", "/async", "asyncgen"],
  ["test_sync_state", "/sync", "/sync", "generator"],
  ["test_sync_async_state", "/sync_async", "/async", "asyncgen"],
  ["test_sync_sync_state", "/sync_sync", "/sync", "generator"],
])("%s", async (_name, url, key, kind) => {
  const { app, state } = makeApp();
  const response = await new TestClient(app.asgi).get(url);
  expect([response.status, response.json()]).toEqual([200, `${kind} started`]);
  expect(state[key]).toBe(`${kind} completed`);
});

test.each([
  ["test_async_raise_other", "/async_raise_other", "/async_raise", "asyncgen"],
  ["test_sync_raise_other", "/sync_raise_other", "/sync_raise", "generator"],
  ["test_sync_async_raise_other", "/sync_async_raise_other", "/async_raise", "asyncgen"],
  ["test_sync_sync_raise_other", "/sync_sync_raise_other", "/sync_raise", "generator"],
])("%s", async (_name, url, key, kind) => {
  const { app, state, errors } = makeApp();
  expect(state[key]).toBe(`${kind} raise not started`);
  await expect(new TestClient(app.asgi).get(url)).rejects.toThrow(OtherDependencyError);
  expect(state[key]).toBe(`${kind} raise finalized`);
  expect(errors).not.toContain(key);
});

test.each([
  ["test_async_raise_raises", "/async_raise", "/async_raise", "asyncgen", AsyncDependencyError],
  ["test_sync_raise_raises", "/sync_raise", "/sync_raise", "generator", SyncDependencyError],
  ["test_sync_async_raise_raises", "/sync_async_raise", "/async_raise", "asyncgen", AsyncDependencyError],
  ["test_sync_sync_raise_raises", "/sync_sync_raise", "/sync_raise", "generator", SyncDependencyError],
])("%s", async (_name, url, key, kind, errorClass) => {
  const { app, state, errors } = makeApp();
  await expect(new TestClient(app.asgi).get(url)).rejects.toThrow(errorClass);
  expect(state[key]).toBe(`${kind} raise finalized`);
  expect(errors).toEqual([key]);
});

test.each([
  ["test_async_raise_server_error", "/async_raise", "/async_raise", "asyncgen"],
  ["test_sync_raise_server_error", "/sync_raise", "/sync_raise", "generator"],
  ["test_sync_async_raise_server_error", "/sync_async_raise", "/async_raise", "asyncgen"],
  ["test_sync_sync_raise_server_error", "/sync_sync_raise", "/sync_raise", "generator"],
])("%s", async (_name, url, key, kind) => {
  const { app, state, errors } = makeApp();
  const response = await new TestClient(app.asgi, { raiseServerExceptions: false }).get(url);
  expect(response.status).toBe(500);
  expect(state[key]).toBe(`${kind} raise finalized`);
  expect(errors).toEqual([key]);
});

test.each(["/context_b", "/sync_context_b"])("test_context_b %s", async (url) => {
  const { app, state } = makeApp();
  const data = (await new TestClient(app.asgi).get(url)).json() as Record<string, string>;
  expect([data["context_b"], data["context_a"]]).toEqual(["started b", "started a"]);
  expect([state["context_b"], state["context_a"]]).toEqual(["finished b with a: started a", "finished a"]);
});

test.each(["/context_b_raise", "/sync_context_b_raise"])("test_context_b_raise %s", async (url) => {
  const { app, state } = makeApp();
  await expect(new TestClient(app.asgi).get(url)).rejects.toThrow(OtherDependencyError);
  expect([state["context_b"], state["context_a"]]).toEqual(["finished b with a: started a", "finished a"]);
});

test.each([
  ["test_background_tasks", "/context_b_bg", "bg"],
  ["test_sync_background_tasks", "/sync_context_b_bg", "sync_bg"],
])("%s", async (_name, url, bgKey) => {
  const { app, state } = makeApp();
  const response = await new TestClient(app.asgi).get(url);
  const data = response.json() as Record<string, string>;
  expect([data["context_b"], data["context_a"], data[bgKey]]).toEqual(["started b", "started a", "not set"]);
  const middlewareState = JSON.parse(response.headers.get("x-state") ?? "{}") as Record<string, string>;
  expect([middlewareState["context_b"], middlewareState["context_a"], middlewareState[bgKey]]).toEqual(["started b", "started a", "not set"]);
  expect([state["context_b"], state["context_a"]]).toEqual(["finished b with a: started a", "finished a"]);
  expect(state[bgKey]).toBe(`${bgKey} set - b: started b - a: started a`);
});
