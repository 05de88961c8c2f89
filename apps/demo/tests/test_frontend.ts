// The frontend app: the page, its module script and style, and the configuration it reads first.
import { TestClient } from "@mono/asgi";
import { expect, test } from "vitest";
import { createFrontend, type FrontendConfig } from "../src/index.js";

const CONFIG: FrontendConfig = {
  backendPort: 8000,
  backendUrl: "",
  allowOrigins: ["http://localhost:8080"],
  allowCredentials: true,
  exposeHeaders: ["X-Total-Count"],
  checkWebSocketOrigin: false,
};

test("test_page", async () => {
  const client = new TestClient(createFrontend(CONFIG).asgi);
  const page = await client.get("/");
  expect(page.status).toBe(200);
  expect(page.headers.get("content-type")).toBe("text/html; charset=utf-8");
  expect(page.headers.get("cache-control")).toBe("no-store");
  expect(page.text).toContain('<script type="module" src="/scenarios.js"></script>');
  expect(page.text).toContain('<link rel="stylesheet" href="/style.css" />');
});

test("test_module_script_and_style", async () => {
  const client = new TestClient(createFrontend(CONFIG).asgi);
  const script = await client.get("/scenarios.js");
  expect(script.status).toBe(200);
  // A module script is refused by the browser unless served with a JavaScript MIME type.
  expect(script.headers.get("content-type")).toMatch(/^(text|application)\/javascript/);
  expect(script.text).toContain('await fetch("/config.json")');
  const style = await client.get("/style.css");
  expect(style.status).toBe(200);
  expect(style.headers.get("content-type")).toBe("text/css; charset=utf-8");
});

test("test_config", async () => {
  const client = new TestClient(createFrontend({ ...CONFIG, backendPort: 9123, backendUrl: "http://api.localhost:9123" }).asgi);
  const response = await client.get("/config.json");
  expect(response.status).toBe(200);
  expect(response.json()).toEqual({
    backendPort: 9123,
    backendUrl: "http://api.localhost:9123",
    allowOrigins: ["http://localhost:8080"],
    allowCredentials: true,
    exposeHeaders: ["X-Total-Count"],
    checkWebSocketOrigin: false,
  });
});

test("test_nothing_else_is_served", async () => {
  const client = new TestClient(createFrontend(CONFIG).asgi);
  expect((await client.get("/index.html")).status).toBe(404);
  expect((await client.get("/../src/frontend.ts")).status).toBe(404);
  expect((await client.post("/")).status).toBe(405);
});
