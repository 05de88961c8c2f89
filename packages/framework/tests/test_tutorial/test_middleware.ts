// Ports the intent of FastAPI's middleware tutorial and add_middleware: a test-local middleware class
// (the framework does not depend on @mono/cors), its options inferred from the class's constructor.
import { MutableHeaders, TestClient, type ASGIApp, type Send } from "@mono/asgi";
import { expect, expectTypeOf, test } from "vitest";
import { z } from "zod";
import { App } from "../../src/index.js";

interface StampOptions {
  /** Header to add to every response. */
  header: string;
  /** Its value. */
  value?: string;
}

/** Adds one header to every HTTP response: the shape of CORSMiddleware (`new (app, options)` with `asgi`). */
class StampMiddleware {
  constructor(
    private readonly app: ASGIApp,
    private readonly options: StampOptions,
  ) {}

  readonly asgi: ASGIApp = async (scope, receive, send) => {
    if (scope.type !== "http") {
      await this.app(scope, receive, send);
      return;
    }
    const stamped: Send = async (message) => {
      if (message.type === "http.response.start") {
        new MutableHeaders({ scope: message }).append(this.options.header, this.options.value ?? "1");
      }
      await send(message);
    };
    await this.app(scope, receive, stamped);
  };
}

function makeApp(): App {
  const app = new App();
  app.get("/", {}, () => ({ ok: true }));
  app.get("/boom", {}, () => {
    throw new Error("boom");
  });
  app.get("/items/{id}", { path: z.object({ id: z.int() }) }, ({ path }) => path);
  return app;
}

test("test_add_middleware", async () => {
  const app = makeApp();
  app.addMiddleware(StampMiddleware, { header: "x-stamp", value: "yes" });
  const client = new TestClient(app.asgi);
  const response = await client.get("/");
  expect(response.rawHeaders).toEqual([
    ["content-length", "11"],
    ["content-type", "application/json"],
    ["x-stamp", "yes"],
  ]);
  // Handled errors (404, 422) are answered inside the user middleware.
  expect((await client.get("/nope")).headers.get("x-stamp")).toBe("yes");
  expect((await client.get("/items/x")).headers.get("x-stamp")).toBe("yes");
});

test("test_add_middleware_options_are_typed", () => {
  const app = makeApp();
  expectTypeOf(app.addMiddleware<typeof StampMiddleware>).parameter(1).toEqualTypeOf<StampOptions>();
  // @ts-expect-error a missing required option does not compile
  app.addMiddleware(StampMiddleware, {});
  // @ts-expect-error an unknown option does not compile
  app.addMiddleware(StampMiddleware, { header: "x", allowOrigins: ["*"] });
});

test("test_last_added_is_outermost", async () => {
  const app = makeApp();
  app.addMiddleware(StampMiddleware, { header: "x-order", value: "inner" });
  app.addMiddleware(StampMiddleware, { header: "x-order", value: "outer" });
  const response = await new TestClient(app.asgi).get("/");
  expect(response.headers.getList("x-order")).toEqual(["inner", "outer"]);
});

test("test_500_does_not_carry_user_middleware_headers", async () => {
  // Starlette's order (Kludex/starlette #1116): ServerErrorMiddleware answers 500 outside the user middleware.
  const app = makeApp();
  app.addMiddleware(StampMiddleware, { header: "x-stamp" });
  const response = await new TestClient(app.asgi, { raiseServerExceptions: false }).get("/boom");
  expect(response.status).toBe(500);
  expect(response.headers.has("x-stamp")).toBe(false);
});

test("test_wrapping_the_whole_app_puts_headers_on_500", async () => {
  // The pattern for headers on every answer, 500 included (docs/framework.md, with CORSMiddleware): wrap the
  // whole app, so its ServerErrorMiddleware answers inside the wrapper.
  const app = makeApp();
  const root = new StampMiddleware(app.asgi, { header: "x-stamp" });
  const response = await new TestClient(root.asgi, { raiseServerExceptions: false }).get("/boom");
  expect(response.status).toBe(500);
  expect(response.rawHeaders).toEqual([
    ["content-length", "21"],
    ["content-type", "text/plain; charset=utf-8"],
    ["x-stamp", "1"],
  ]);
  expect(response.text).toBe("Internal Server Error");
  await expect(new TestClient(root.asgi).get("/boom")).rejects.toThrow("boom");
});

// FastAPI's tests/test_tutorial/test_middleware/test_tutorial001.py over docs_src/middleware/tutorial001: the
// X-Process-Time function middleware, written as the tutorial writes it.
function processTimeApp(): App {
  const app = new App();
  app.middleware("http", async (request, callNext) => {
    const startTime = performance.now();
    const response = await callNext(request);
    const processTime = (performance.now() - startTime) / 1000;
    response.headers.set("X-Process-Time", String(processTime));
    return response;
  });
  return app;
}

test("test_response_headers", async () => {
  const response = await new TestClient(processTimeApp().asgi).get("/openapi.json");
  expect(response.status).toBe(200);
  expect(response.headers.has("X-Process-Time")).toBe(true);
});

test("test_openapi_schema", async () => {
  const response = await new TestClient(processTimeApp().asgi).get("/openapi.json");
  expect(response.status).toBe(200);
  expect(response.json()).toEqual({ openapi: "3.1.0", info: { title: "FastAPI", version: "0.1.0" }, paths: {} });
});
