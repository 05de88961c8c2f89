// Ports FastAPI's tests/test_tutorial/test_cors/test_tutorial001.py against the demo's backend, phase for phase,
// then checks the ASGI messages byte for byte against what FastAPI 0.142.2 + Starlette 1.7.0 send for the same app
// (recorded with /tmp/pyref: docs_src/cors/tutorial001.py plus the demo's expose_headers=["X-Total-Count"], through
// starlette.testclient).
import { TestClient } from "@mono/asgi";
import { expect, test } from "vitest";
import { createBackend } from "../src/index.js";

test("test_cors", async () => {
  const client = new TestClient(createBackend().asgi);

  // Test pre-flight response
  let response = await client.options("/", {
    headers: {
      Origin: "https://localhost.tiangolo.com",
      "Access-Control-Request-Method": "GET",
      "Access-Control-Request-Headers": "X-Example",
    },
  });
  expect(response.status, response.text).toBe(200);
  expect(response.text).toBe("OK");
  expect(response.headers.get("access-control-allow-origin")).toBe("https://localhost.tiangolo.com");
  expect(response.headers.get("access-control-allow-headers")).toBe("X-Example");

  // Test standard response
  response = await client.get("/", { headers: { Origin: "https://localhost.tiangolo.com" } });
  expect(response.status, response.text).toBe(200);
  expect(response.json()).toEqual({ message: "Hello World" });
  expect(response.headers.get("access-control-allow-origin")).toBe("https://localhost.tiangolo.com");

  // Test non-CORS response
  response = await client.get("/");
  expect(response.status, response.text).toBe(200);
  expect(response.json()).toEqual({ message: "Hello World" });
  expect(response.headers.has("access-control-allow-origin")).toBe(false);
});

const PREFLIGHT_VARY = "Origin, Access-Control-Request-Method, Access-Control-Request-Headers, Access-Control-Request-Private-Network";
const ALL_METHODS = "DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT, QUERY";

test("test_cors_messages_match_fastapi", async () => {
  const client = new TestClient(createBackend().asgi);

  const preflight = await client.options("/", {
    headers: {
      Origin: "https://localhost.tiangolo.com",
      "Access-Control-Request-Method": "GET",
      "Access-Control-Request-Headers": "X-Example",
    },
  });
  expect(preflight.rawHeaders).toEqual([
    ["vary", PREFLIGHT_VARY],
    ["access-control-allow-methods", ALL_METHODS],
    ["access-control-max-age", "600"],
    ["access-control-allow-credentials", "true"],
    ["access-control-allow-origin", "https://localhost.tiangolo.com"],
    ["access-control-allow-headers", "X-Example"],
    ["content-length", "2"],
    ["content-type", "text/plain; charset=utf-8"],
  ]);

  const simple = await client.get("/", { headers: { Origin: "https://localhost.tiangolo.com" } });
  expect(simple.rawHeaders).toEqual([
    ["content-length", "25"],
    ["content-type", "application/json"],
    ["access-control-allow-credentials", "true"],
    ["access-control-expose-headers", "X-Total-Count"],
    ["access-control-allow-origin", "https://localhost.tiangolo.com"],
    ["vary", "Origin"],
  ]);
  expect(simple.text).toBe('{"message":"Hello World"}');

  // Starlette adds `Vary: Origin` even without an Origin: the answer depends on it whenever origins are listed.
  const plain = await client.get("/");
  expect(plain.rawHeaders).toEqual([
    ["content-length", "25"],
    ["content-type", "application/json"],
    ["vary", "Origin"],
  ]);

  // An origin outside the list: the preflight is refused, with Starlette's text.
  const refused = await client.options("/", {
    headers: {
      Origin: "http://127.0.0.1:8080",
      "Access-Control-Request-Method": "PUT",
      "Access-Control-Request-Headers": "content-type,x-token",
    },
  });
  expect(refused.status).toBe(400);
  expect(refused.text).toBe("Disallowed CORS origin");
  expect(refused.rawHeaders).toEqual([
    ["vary", PREFLIGHT_VARY],
    ["access-control-allow-methods", ALL_METHODS],
    ["access-control-max-age", "600"],
    ["access-control-allow-credentials", "true"],
    ["access-control-allow-headers", "content-type,x-token"],
    ["content-length", "22"],
    ["content-type", "text/plain; charset=utf-8"],
  ]);
});
