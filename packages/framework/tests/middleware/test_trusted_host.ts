// Starlette's tests/middleware/test_trusted_host.py.
import { Middleware, PlainTextResponse, TestClient } from "@mono/asgi";
import { expect, test } from "vitest";
import { Route, Starlette, TrustedHostMiddleware } from "../../src/index.js";

const homepage = (): PlainTextResponse => new PlainTextResponse("OK", { status: 200 });

test("test_trusted_host_middleware", async () => {
  const app = new Starlette({
    routes: [new Route("/", homepage)],
    middleware: [new Middleware(TrustedHostMiddleware, { allowedHosts: ["testserver", "*.testserver"] })],
  });
  expect((await new TestClient(app.asgi).get("/")).status).toBe(200);
  expect((await new TestClient(app.asgi, { baseUrl: "http://subdomain.testserver" }).get("/")).status).toBe(200);
  const invalid = await new TestClient(app.asgi, { baseUrl: "http://invalidhost" }).get("/");
  expect(invalid.status).toBe(400);
  expect(invalid.text).toBe("Invalid host header");
});

test("test_default_allowed_hosts", () => {
  const app = new Starlette();
  const middleware = new TrustedHostMiddleware(app.asgi);
  expect(middleware.allowedHosts).toEqual(["*"]);
});

test("test_www_redirect", async () => {
  const app = new Starlette({
    routes: [new Route("/", homepage)],
    middleware: [new Middleware(TrustedHostMiddleware, { allowedHosts: ["www.example.com"] })],
  });
  const response = await new TestClient(app.asgi, { baseUrl: "https://example.com" }).get("/");
  expect(response.status).toBe(200);
  expect(response.url).toBe("https://www.example.com/");
});

test("wildcard patterns and options are checked at construction", () => {
  const app = new Starlette();
  expect(() => new TrustedHostMiddleware(app.asgi, { allowedHosts: ["example.*"] })).toThrow(
    "Domain wildcard patterns must be like '*.example.com'.",
  );
  expect(() => new TrustedHostMiddleware(app.asgi, { allowedHosts: ["*example.com"] })).toThrow(/Domain wildcard/);
  expect(() => new TrustedHostMiddleware(app.asgi, { allowed_hosts: ["x"] } as never)).toThrow(/allowed_hosts/);
});
