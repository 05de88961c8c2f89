// Ports FastAPI's tests/test_dependency_yield_except_httpexception.py: the handler's HTTPException is thrown in at
// the dependency's `yield`, which sees it (except) and cleans up (finally) before the 400 is answered.
import { expect, test } from "vitest";
import { z } from "zod";
import { App, Depends, HTTPException, TestClient } from "../src/index.js";

function makeApp(): { app: App; fakeDatabase: Record<string, string>; state: { except: boolean; finally: boolean } } {
  const fakeDatabase: Record<string, string> = { rick: "Rick Sanchez" };
  const state = { except: false, finally: false };
  const getDatabase = Depends(async function* getDatabase() {
    const tempDatabase = { ...fakeDatabase };
    try {
      yield tempDatabase;
      Object.assign(fakeDatabase, tempDatabase);
    } catch (error: unknown) {
      if (error instanceof HTTPException) state.except = true;
      throw error;
    } finally {
      state.finally = true;
    }
  });
  const app = new App();
  const spec = { path: z.object({ user_id: z.string() }), body: z.string(), deps: { db: getDatabase } };
  app.put("/invalid-user/{user_id}", spec, function putInvalidUser({ path, body, deps }) {
    deps.db[path.user_id] = body;
    throw new HTTPException(400, "Invalid user");
  });
  app.put("/user/{user_id}", spec, function putUser({ path, body, deps }) {
    deps.db[path.user_id] = body;
    return { message: "OK" };
  });
  return { app, fakeDatabase, state };
}

test("test_dependency_gets_exception", async () => {
  const { app, fakeDatabase, state } = makeApp();
  expect(state).toEqual({ except: false, finally: false });
  const response = await new TestClient(app.asgi).put("/invalid-user/rick", { json: "Morty" });
  expect([response.status, response.json()]).toEqual([400, { detail: "Invalid user" }]);
  expect(state).toEqual({ except: true, finally: true });
  expect(fakeDatabase["rick"]).toBe("Rick Sanchez");
});

test("test_dependency_no_exception", async () => {
  const { app, fakeDatabase, state } = makeApp();
  const response = await new TestClient(app.asgi).put("/user/rick", { json: "Morty" });
  expect([response.status, response.json()]).toEqual([200, { message: "OK" }]);
  expect(state).toEqual({ except: false, finally: true });
  expect(fakeDatabase["rick"]).toBe("Morty");
});
