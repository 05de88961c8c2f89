// Ports Starlette's tests/test_exceptions.py (Starlette 1.7.0: any status takes a default detail, "" if unknown).
import { JSONResponse, PlainTextResponse, TestClient, type ASGIApp, type Request, type Response } from "@mono/asgi";
import { expect, test } from "vitest";
import { ExceptionMiddleware, HTTPException, Route, Router, WebSocketException } from "../src/index.js";

const raise = (exc: unknown) => (): Response => {
  throw exc;
};

class BadBodyException extends HTTPException {}

async function readBodyAndRaiseExc(request: Request): Promise<Response> {
  await request.body();
  throw new BadBodyException(422);
}

async function handlerThatReadsBody(request: Request): Promise<Response> {
  const body = await request.body();
  return new JSONResponse({ body: new TextDecoder().decode(body) }, { status: 422 });
}

class HandledExcAfterResponse {
  readonly asgi: ASGIApp = async (scope, receive, send) => {
    await new PlainTextResponse("OK", { status: 200 }).asgi(scope, receive, send);
    throw new HTTPException(406);
  };
}

const router = new Router({
  routes: [
    new Route("/runtime_error", raise(new Error("Yikes"))),
    new Route("/not_acceptable", raise(new HTTPException(406))),
    new Route("/no_content", raise(new HTTPException(204))),
    new Route("/not_modified", raise(new HTTPException(304))),
    new Route("/with_headers", raise(new HTTPException(200, undefined, { "x-potato": "always" }))),
    new Route("/handled_exc_after_response", new HandledExcAfterResponse()),
    new Route("/consume_body_in_endpoint_and_handler", readBodyAndRaiseExc, { methods: ["POST"] }),
  ],
});

const app = new ExceptionMiddleware(router.asgi, { handlers: [[BadBodyException, handlerThatReadsBody]] });

test("test_not_acceptable", async () => {
  const response = await new TestClient(app.asgi).get("/not_acceptable");
  expect(response.status).toBe(406);
  expect(response.text).toBe("Not Acceptable");
});

test("test_no_content", async () => {
  const response = await new TestClient(app.asgi).get("/no_content");
  expect(response.status).toBe(204);
  expect(response.headers.has("content-length")).toBe(false);
});

test("test_not_modified", async () => {
  const response = await new TestClient(app.asgi).get("/not_modified");
  expect(response.status).toBe(304);
  expect(response.text).toBe("");
});

test("test_with_headers", async () => {
  const response = await new TestClient(app.asgi).get("/with_headers");
  expect(response.status).toBe(200);
  expect(response.headers.get("x-potato")).toBe("always");
});

test("test_http_exception_detail", async () => {
  const cases: [number, string | undefined, string][] = [
    [404, undefined, "Not Found"],
    [499, undefined, ""],
    [599, undefined, ""],
    [499, "Client Closed Request", "Client Closed Request"],
    [499, "", ""],
    [404, "", ""],
  ];
  for (const [status, detail, expected] of cases) {
    const endpoint = raise(new HTTPException(status, detail, { "x-potato": "always" }));
    const client = new TestClient(new ExceptionMiddleware(new Router({ routes: [new Route("/", endpoint)] }).asgi).asgi);
    const response = await client.get("/");
    expect(response.status).toBe(status);
    expect(response.text).toBe(expected);
    expect(response.headers.get("x-potato")).toBe("always");
  }
});

test("test_runtime_error_is_not_handled", async () => {
  await expect(new TestClient(app.asgi).get("/runtime_error")).rejects.toThrow("Yikes");
});

test("test_handled_exc_after_response", async () => {
  await expect(new TestClient(app.asgi).get("/handled_exc_after_response")).rejects.toThrow(
    "Caught handled exception, but response already started.",
  );
  const allow200 = new TestClient(app.asgi, { raiseServerExceptions: false });
  const response = await allow200.get("/handled_exc_after_response");
  expect(response.status).toBe(200);
  expect(response.text).toBe("OK");
});

test("test_force_500_response", async () => {
  let called = false;
  const failing: ASGIApp = async () => {
    called = true;
    throw new Error("RuntimeError");
  };
  const response = await new TestClient(failing, { raiseServerExceptions: false }).get("/");
  expect(called).toBe(true);
  expect(response.status).toBe(500);
  expect(response.text).toBe("");
});

test("test_http_str", () => {
  expect(String(new HTTPException(404).message)).toBe("404: Not Found");
  expect(new HTTPException(404, "Not Found: foo").message).toBe("404: Not Found: foo");
  expect(new HTTPException(404, undefined, { key: "value" }).message).toBe("404: Not Found");
});

test("test_http_exception_explicit_detail", () => {
  const exc = new HTTPException(600, "Custom");
  expect(exc.statusCode).toBe(600);
  expect(exc.detail).toBe("Custom");
  expect(new HTTPException(600).detail).toBe("");
});

test("test_websocket_str", () => {
  expect(new WebSocketException(1008).message).toBe("1008: ");
  expect(new WebSocketException(1008, "Policy Violation").message).toBe("1008: Policy Violation");
});

test("test_request_in_app_and_handler_is_the_same_object", async () => {
  const response = await new TestClient(app.asgi).post("/consume_body_in_endpoint_and_handler", { content: "Hello!" });
  expect(response.status).toBe(422);
  expect(response.json()).toEqual({ body: "Hello!" });
});

test("test_status_handler_wins_over_class_handler", async () => {
  const middleware = new ExceptionMiddleware(
    new Router({ routes: [new Route("/", raise(new HTTPException(409)))] }).asgi,
    { handlers: [[409, () => new PlainTextResponse("by status", { status: 409 })]] },
  );
  const response = await new TestClient(middleware.asgi).get("/");
  expect(response.text).toBe("by status");
});
