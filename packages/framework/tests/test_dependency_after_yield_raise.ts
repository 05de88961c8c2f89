// Ports FastAPI's tests/test_dependency_after_yield_raise.py: an error raised after a dependency's `yield` comes
// once the response is sent; one raised in at the `yield` may be turned into an HTTPException.
import { expect, test } from "vitest";
import { App, Depends, HTTPException, TestClient } from "../src/index.js";

class CustomError extends Error {}

function makeApp(): App {
  const catchingDep = Depends(function* catchingDep() {
    try {
      yield "s";
    } catch (error: unknown) {
      if (error instanceof CustomError) throw new HTTPException(418, "Session error");
      throw error;
    }
  });
  const brokenDep = Depends(function* brokenDep() {
    yield "s";
    throw new Error("Broken after yield");
  });
  const app = new App();
  app.get("/catching", { deps: { d: catchingDep } }, function catching() {
    throw new CustomError("Simulated error during streaming");
  });
  app.get("/broken", { deps: { d: brokenDep } }, function broken() {
    return { message: "all good?" };
  });
  return app;
}

test("test_catching", async () => {
  const response = await new TestClient(makeApp().asgi).get("/catching");
  expect([response.status, response.json()]).toEqual([418, { detail: "Session error" }]);
});

test("test_broken_raise", async () => {
  await expect(new TestClient(makeApp().asgi).get("/broken")).rejects.toThrow("Broken after yield");
});

test("test_broken_no_raise", async () => {
  const client = new TestClient(makeApp().asgi, { raiseServerExceptions: false });
  await client.start();
  const response = await client.get("/broken");
  await client.close();
  expect([response.status, response.json()]).toEqual([200, { message: "all good?" }]);
});

test("test_broken_return_finishes", async () => {
  const response = await new TestClient(makeApp().asgi, { raiseServerExceptions: false }).get("/broken");
  expect([response.status, response.json()]).toEqual([200, { message: "all good?" }]);
});
