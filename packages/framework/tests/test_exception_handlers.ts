// Ports FastAPI's tests/test_exception_handlers.py: the App's default handlers for HTTPException and
// RequestValidationError replaced through `exceptionHandlers`, and a handler for every Error used for 500s.
import { expect, test } from "vitest";
import { z } from "zod";
import { App, Depends, HTTPException, JSONResponse, RequestValidationError, TestClient } from "../src/index.js";

function raiseValueError(): never {
  throw new RangeError("value error");
}

function makeApp(): App {
  const app = new App({
    exceptionHandlers: [
      [HTTPException, () => new JSONResponse({ exception: "http-exception" })],
      [RequestValidationError, () => new JSONResponse({ exception: "request-validation" })],
      [Error, () => new JSONResponse({ exception: "server-error" }, { status: 500 })],
    ],
  });
  const dependencyWithYield = Depends(function* dependencyWithYield() {
    yield raiseValueError();
  });
  app.get("/dependency-with-yield", { dependencies: [dependencyWithYield] }, function withYield() {
    return null;
  });
  app.get("/http-exception", function routeWithHttpException() {
    throw new HTTPException(400);
  });
  app.get("/request-validation/{param}/", { path: z.object({ param: z.int() }) }, function routeWithRequestValidationException() {
    return null;
  });
  app.get("/server-error", function routeWithServerError() {
    throw new Error("Oops!");
  });
  return app;
}

test("test_override_http_exception", async () => {
  const response = await new TestClient(makeApp().asgi).get("/http-exception");
  expect([response.status, response.json()]).toEqual([200, { exception: "http-exception" }]);
});

test("test_override_request_validation_exception", async () => {
  const response = await new TestClient(makeApp().asgi).get("/request-validation/invalid");
  expect([response.status, response.json()]).toEqual([200, { exception: "request-validation" }]);
});

test("test_override_server_error_exception_raises", async () => {
  await expect(new TestClient(makeApp().asgi).get("/server-error")).rejects.toThrow("Oops!");
});

test("test_override_server_error_exception_response", async () => {
  const response = await new TestClient(makeApp().asgi, { raiseServerExceptions: false }).get("/server-error");
  expect([response.status, response.json()]).toEqual([500, { exception: "server-error" }]);
});

test("test_traceback_for_dependency_with_yield", async () => {
  // The error the client re-raises is the dependency's own, its stack starting where it was thrown.
  const failure = await new TestClient(makeApp().asgi).get("/dependency-with-yield").then(
    () => null,
    (error: unknown) => error,
  );
  expect(failure).toBeInstanceOf(RangeError);
  expect(String((failure as Error).stack).split("\n")[1]).toContain("raiseValueError");
});
