// Ports FastAPI's tests/test_tutorial/test_custom_request_and_route (tutorial001: a Request subclass that gunzips
// the body, given by an APIRoute subclass; tutorial002: a route class that turns validation errors into a 422
// with the body; tutorial003: a route class that times its routes, set on one APIRouter). A route class here
// overrides `run(request)`, FastAPI's `get_route_handler()` wrapper. Bytes as FastAPI 0.142.2's
// (reference/custom_request_and_route.py).
import { gunzipSync, gzipSync } from "node:zlib";
import { Request, type Response } from "@mono/asgi";
import { expect, test } from "vitest";
import { z } from "zod";
import { APIRoute, APIRouter, App, HTTPException, RequestValidationError, TestClient } from "../../src/index.js";
import { CUSTOM, CUSTOM_OPENAPI } from "./reference/custom_request_and_route.js";

function same(response: { status: number; rawHeaders: readonly (readonly [string, string])[]; text: string }, name: string): void {
  expect({ status: response.status, headers: response.rawHeaders, body: response.text }).toEqual(CUSTOM[name]);
}

class GzipRequest extends Request {
  #gunzipped: Uint8Array | undefined;

  override async body(): Promise<Uint8Array> {
    if (this.#gunzipped === undefined) {
      let body = await super.body();
      if (this.headers.getlist("Content-Encoding").includes("gzip")) body = new Uint8Array(gunzipSync(body));
      this.#gunzipped = body;
    }
    return this.#gunzipped;
  }
}

class GzipRoute extends APIRoute {
  override async run(request: Request): Promise<Response> {
    return super.run(new GzipRequest(request.scope, request.receive));
  }
}

function app001(): App {
  const app = new App();
  app.router.routeClass = GzipRoute;
  app.post("/sum", { body: z.array(z.int()) }, function sum_numbers({ body }) {
    return { sum: body.reduce((a, b) => a + b, 0) };
  });
  app.get("/check-class", function check_gzip_request({ request }) {
    return { request_class: request.constructor.name };
  });
  return app;
}

const data = new TextEncoder().encode(JSON.stringify(Array.from({ length: 1000 }, () => 1)));

test.each([true, false])("test_gzip_request compress=%s", async (compress) => {
  const headers: Record<string, string> = { "Content-Type": "application/json" };
  if (compress) headers["Content-Encoding"] = "gzip";
  const response = await new TestClient(app001().asgi).post("/sum", { content: compress ? new Uint8Array(gzipSync(data)) : data, headers });
  expect(response.json()).toEqual({ sum: 1000 });
  same(response, compress ? "c1_gzip" : "c1_plain");
});

test("test_request_class", async () => {
  same(await new TestClient(app001().asgi).get("/check-class"), "c1_check_class");
});

test("a gunzipped body is validated as any other", async () => {
  const content = new Uint8Array(gzipSync(new TextEncoder().encode('["a"]')));
  same(await new TestClient(app001().asgi).post("/sum", { content, headers: { "Content-Encoding": "gzip", "Content-Type": "application/json" } }), "c1_bad");
});

test("test_openapi_schema (tutorial001)", () => {
  // FastAPI's recorded document has the test's /check-class route too. FastAPI titles a body that is not a model
  // after the handler's parameter (`numbers`), which a `body` spec does not name.
  // Ours is "Body" unless the schema has a `.meta({ title })`.
  const expected = JSON.stringify(JSON.parse(CUSTOM_OPENAPI["c1"] as string)).replace(',"title":"Numbers"}', ',"title":"Body"}');
  expect(JSON.stringify(app001().openapi())).toBe(expected);
});

class ValidationErrorLoggingRoute extends APIRoute {
  override async run(request: Request): Promise<Response> {
    try {
      return await super.run(request);
    } catch (error: unknown) {
      if (!(error instanceof RequestValidationError)) throw error;
      const body = await request.body();
      const detail = { errors: error.errors(), body: new TextDecoder().decode(body) };
      throw new HTTPException(422, detail);
    }
  }
}

function app002(): App {
  const app = new App();
  app.router.routeClass = ValidationErrorLoggingRoute;
  app.post("/", { body: z.array(z.int()) }, function sum_numbers({ body }) {
    return body.reduce((a, b) => a + b, 0);
  });
  return app;
}

test("test_endpoint_works", async () => {
  same(await new TestClient(app002().asgi).post("/", { json: [1, 2, 3] }), "c2_works");
});

test("test_exception_handler_body_access", async () => {
  same(await new TestClient(app002().asgi).post("/", { json: { numbers: [1, 2, 3] } }), "c2_error");
});

class TimedRoute extends APIRoute {
  override async run(request: Request): Promise<Response> {
    const before = performance.now();
    const response = await super.run(request);
    const duration = (performance.now() - before) / 1000;
    response.headers.set("X-Response-Time", String(duration));
    return response;
  }
}

function app003(): App {
  const app = new App();
  const router = new APIRouter({ routeClass: TimedRoute });
  app.get("/", function not_timed() {
    return { message: "Not timed" };
  });
  router.get("/timed", function timed() {
    return { message: "It's the time of my life" };
  });
  app.includeRouter(router);
  return app;
}

test("test_get", async () => {
  const response = await new TestClient(app003().asgi).get("/");
  expect(response.headers.get("x-response-time")).toBeUndefined();
  same(response, "c3_not_timed");
});

test("test_get_timed", async () => {
  const response = await new TestClient(app003().asgi).get("/timed");
  expect(Number(response.headers.get("x-response-time"))).toBeGreaterThanOrEqual(0);
  const rest = { ...response, rawHeaders: response.rawHeaders.filter(([name]) => name !== "x-response-time"), text: response.text };
  same(rest, "c3_timed");
});

test("test_openapi_schema (tutorial003)", () => {
  expect(JSON.stringify(app003().openapi())).toBe(JSON.stringify(JSON.parse(CUSTOM_OPENAPI["c3"] as string)));
});
