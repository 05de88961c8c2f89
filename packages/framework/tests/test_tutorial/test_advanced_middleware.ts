// FastAPI's tests/test_tutorial/test_advanced_middleware/test_tutorial00{1,2,3}.py over docs_src/advanced_middleware.
import { expect, test } from "vitest";
import { App, GZipMiddleware, HTTPSRedirectMiddleware, PlainTextResponse, TestClient, TrustedHostMiddleware } from "../../src/index.js";

function main(): { message: string } {
  return { message: "Hello World" };
}

test("test_middleware (tutorial001: HTTPSRedirectMiddleware)", async () => {
  const app = new App();
  app.addMiddleware(HTTPSRedirectMiddleware);
  app.get("/", main);
  let client = new TestClient(app.asgi, { baseUrl: "https://testserver" });
  expect((await client.get("/")).status).toBe(200);
  client = new TestClient(app.asgi);
  const response = await client.get("/", { followRedirects: false });
  expect(response.status).toBe(307);
  expect(response.headers.get("location")).toBe("https://testserver/");
});

test("test_middleware (tutorial002: TrustedHostMiddleware)", async () => {
  const app = new App();
  app.addMiddleware(TrustedHostMiddleware, { allowedHosts: ["example.com", "*.example.com"] });
  app.get("/", main);
  expect((await new TestClient(app.asgi, { baseUrl: "http://example.com" }).get("/")).status).toBe(200);
  expect((await new TestClient(app.asgi, { baseUrl: "http://subdomain.example.com" }).get("/")).status).toBe(200);
  expect((await new TestClient(app.asgi, { baseUrl: "http://invalidhost" }).get("/")).status).toBe(400);
});

test("test_middleware (tutorial003: GZipMiddleware)", async () => {
  const app = new App();
  app.addMiddleware(GZipMiddleware, { minimumSize: 1000, compresslevel: 5 });
  app.get("/", () => "somebigcontent");
  app.get("/large", () => new PlainTextResponse("x".repeat(4000), { status: 200 }));
  const client = new TestClient(app.asgi);
  let response = await client.get("/large", { headers: { "accept-encoding": "gzip" } });
  expect(response.status).toBe(200);
  expect(response.text).toBe("x".repeat(4000));
  expect(response.headers.get("Content-Encoding")).toBe("gzip");
  expect(Number(response.headers.get("Content-Length"))).toBeLessThan(4000);
  response = await client.get("/");
  expect(response.status).toBe(200);
  expect(response.json()).toBe("somebigcontent");
});
