// Starlette's tests/middleware/test_https_redirect.py.
import { Middleware, PlainTextResponse, TestClient } from "@mono/asgi";
import { expect, test } from "vitest";
import { HTTPSRedirectMiddleware, Route, Starlette } from "../../src/index.js";

test("test_https_redirect_middleware", async () => {
  const app = new Starlette({
    routes: [new Route("/", () => new PlainTextResponse("OK", { status: 200 }))],
    middleware: [new Middleware(HTTPSRedirectMiddleware)],
  });
  let client = new TestClient(app.asgi, { baseUrl: "https://testserver" });
  expect((await client.get("/")).status).toBe(200);

  for (const [baseUrl, location] of [
    ["http://testserver", "https://testserver/"],
    ["http://testserver:80", "https://testserver/"],
    ["http://testserver:443", "https://testserver/"],
    ["http://testserver:123", "https://testserver:123/"],
  ] as const) {
    client = new TestClient(app.asgi, { baseUrl });
    const response = await client.get("/", { followRedirects: false });
    expect(response.status).toBe(307);
    expect(response.headers.get("location")).toBe(location);
  }
});
