// Starlette's tests/middleware/test_cors.py (the list of 1.3.1), test for test, with the values Starlette 1.7.0
// sends: preflights now always carry the long Vary first, every response that passes through gets
// `vary: ... Origin`, ALL_METHODS has QUERY. Expected header lists were read off Starlette 1.7.0 itself.
import { Middleware, PlainTextResponse, TestClient } from "@mono/asgi";
import type { ASGIApp, ASGIMiddlewareClass, SendMessage } from "@mono/asgi";
import { describe, expect, test } from "vitest";

import { ALL_METHODS, CORSMiddleware, PatternError, SAFELISTED_HEADERS } from "../src/index.js";
import type { CORSOptions } from "../src/index.js";
import {
  EVERY_METHOD,
  HOMEPAGE,
  PREFLIGHT_VARY,
  SAFELISTED,
  appWithCORS,
  helloWorld,
  homepage,
  plainText,
  route,
  unreachable,
} from "./cors_apps.js";

describe("tests/middleware/test_cors.py", () => {
  test("test_cors_allow_all", async () => {
    const app = appWithCORS(route(homepage()), {
      allowOrigins: ["*"],
      allowHeaders: ["*"],
      allowMethods: ["*"],
      exposeHeaders: ["X-Status"],
      allowCredentials: true,
    });
    const client = new TestClient(app);

    // Test pre-flight response
    let headers: Record<string, string> = {
      Origin: "https://example.org",
      "Access-Control-Request-Method": "GET",
      "Access-Control-Request-Headers": "X-Example",
    };
    let response = await client.options("/", { headers });
    expect(response.status).toBe(200);
    expect(response.text).toBe("OK");
    expect(response.headers.get("access-control-allow-origin")).toBe("https://example.org");
    expect(response.headers.get("access-control-allow-headers")).toBe("X-Example");
    expect(response.headers.get("access-control-allow-credentials")).toBe("true");
    expect(response.headers.get("vary")).toBe(PREFLIGHT_VARY);
    expect(response.rawHeaders).toEqual([
      ["vary", PREFLIGHT_VARY],
      ["access-control-allow-methods", EVERY_METHOD],
      ["access-control-max-age", "600"],
      ["access-control-allow-credentials", "true"],
      ["access-control-allow-origin", "https://example.org"],
      ["access-control-allow-headers", "X-Example"],
      ...plainText("OK"),
    ]);

    // Test standard response
    headers = { Origin: "https://example.org" };
    response = await client.get("/", { headers });
    expect(response.status).toBe(200);
    expect(response.text).toBe("Homepage");
    expect(response.headers.get("access-control-allow-origin")).toBe("https://example.org");
    expect(response.headers.get("access-control-expose-headers")).toBe("X-Status");
    expect(response.headers.get("access-control-allow-credentials")).toBe("true");
    expect(response.rawHeaders).toEqual([
      ...HOMEPAGE,
      ["access-control-allow-origin", "https://example.org"],
      ["access-control-allow-credentials", "true"],
      ["access-control-expose-headers", "X-Status"],
      ["vary", "Origin"],
    ]);

    // Test standard credentialed response
    headers = { Origin: "https://example.org", Cookie: "star_cookie=sugar" };
    response = await client.get("/", { headers });
    expect(response.status).toBe(200);
    expect(response.text).toBe("Homepage");
    expect(response.headers.get("access-control-allow-origin")).toBe("https://example.org");
    expect(response.headers.get("access-control-expose-headers")).toBe("X-Status");
    expect(response.headers.get("access-control-allow-credentials")).toBe("true");

    // Test non-CORS response
    response = await client.get("/");
    expect(response.status).toBe(200);
    expect(response.text).toBe("Homepage");
    expect(response.headers.has("access-control-allow-origin")).toBe(false);
    expect(response.rawHeaders).toEqual([...HOMEPAGE, ["vary", "Origin"]]);
  });

  test("test_cors_allow_all_except_credentials", async () => {
    const app = appWithCORS(route(homepage()), {
      allowOrigins: ["*"],
      allowHeaders: ["*"],
      allowMethods: ["*"],
      exposeHeaders: ["X-Status"],
    });
    const client = new TestClient(app);

    // Test pre-flight response
    let headers: Record<string, string> = {
      Origin: "https://example.org",
      "Access-Control-Request-Method": "GET",
      "Access-Control-Request-Headers": "X-Example",
    };
    let response = await client.options("/", { headers });
    expect(response.status).toBe(200);
    expect(response.text).toBe("OK");
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    expect(response.headers.get("access-control-allow-headers")).toBe("X-Example");
    expect(response.headers.has("access-control-allow-credentials")).toBe(false);
    // 1.3.1: no vary at all. 1.7.0: every preflight varies on what it was asked.
    expect(response.rawHeaders).toEqual([
      ["vary", PREFLIGHT_VARY],
      ["access-control-allow-origin", "*"],
      ["access-control-allow-methods", EVERY_METHOD],
      ["access-control-max-age", "600"],
      ["access-control-allow-headers", "X-Example"],
      ...plainText("OK"),
    ]);

    // Test standard response
    headers = { Origin: "https://example.org" };
    response = await client.get("/", { headers });
    expect(response.status).toBe(200);
    expect(response.text).toBe("Homepage");
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    expect(response.headers.get("access-control-expose-headers")).toBe("X-Status");
    expect(response.headers.has("access-control-allow-credentials")).toBe(false);
    expect(response.rawHeaders).toEqual([
      ...HOMEPAGE,
      ["access-control-allow-origin", "*"],
      ["access-control-expose-headers", "X-Status"],
      ["vary", "Origin"],
    ]);

    // Test non-CORS response
    response = await client.get("/");
    expect(response.status).toBe(200);
    expect(response.text).toBe("Homepage");
    expect(response.headers.has("access-control-allow-origin")).toBe(false);
    expect(response.rawHeaders).toEqual([...HOMEPAGE, ["vary", "Origin"]]);
  });

  test("test_cors_allow_specific_origin", async () => {
    const app = appWithCORS(route(homepage()), {
      allowOrigins: ["https://example.org"],
      allowHeaders: ["X-Example", "Content-Type"],
    });
    const client = new TestClient(app);

    // Test pre-flight response
    let headers: Record<string, string> = {
      Origin: "https://example.org",
      "Access-Control-Request-Method": "GET",
      "Access-Control-Request-Headers": "X-Example, Content-Type",
    };
    let response = await client.options("/", { headers });
    expect(response.status).toBe(200);
    expect(response.text).toBe("OK");
    expect(response.headers.get("access-control-allow-origin")).toBe("https://example.org");
    expect(response.headers.get("access-control-allow-headers")).toBe(`${SAFELISTED}, X-Example`);
    expect(response.headers.has("access-control-allow-credentials")).toBe(false);
    expect(response.rawHeaders).toEqual([
      ["vary", PREFLIGHT_VARY],
      ["access-control-allow-methods", "GET"],
      ["access-control-max-age", "600"],
      ["access-control-allow-headers", `${SAFELISTED}, X-Example`],
      ["access-control-allow-origin", "https://example.org"],
      ...plainText("OK"),
    ]);

    // Test standard response
    headers = { Origin: "https://example.org" };
    response = await client.get("/", { headers });
    expect(response.status).toBe(200);
    expect(response.text).toBe("Homepage");
    expect(response.headers.get("access-control-allow-origin")).toBe("https://example.org");
    expect(response.headers.has("access-control-allow-credentials")).toBe(false);
    expect(response.rawHeaders).toEqual([
      ...HOMEPAGE,
      ["access-control-allow-origin", "https://example.org"],
      ["vary", "Origin"],
    ]);

    // Test non-CORS response
    response = await client.get("/");
    expect(response.status).toBe(200);
    expect(response.text).toBe("Homepage");
    expect(response.headers.has("access-control-allow-origin")).toBe(false);
    expect(response.rawHeaders).toEqual([...HOMEPAGE, ["vary", "Origin"]]);
  });

  test("test_cors_disallowed_preflight", async () => {
    const app = appWithCORS(route(unreachable), {
      allowOrigins: ["https://example.org"],
      allowHeaders: ["X-Example"],
    });
    const client = new TestClient(app);

    // Test pre-flight response
    let headers: Record<string, string> = {
      Origin: "https://another.org",
      "Access-Control-Request-Method": "POST",
      "Access-Control-Request-Headers": "X-Nope",
    };
    let response = await client.options("/", { headers });
    expect(response.status).toBe(400);
    expect(response.text).toBe("Disallowed CORS origin, method, headers");
    expect(response.headers.has("access-control-allow-origin")).toBe(false);
    expect(response.rawHeaders).toEqual([
      ["vary", PREFLIGHT_VARY],
      ["access-control-allow-methods", "GET"],
      ["access-control-max-age", "600"],
      ["access-control-allow-headers", `${SAFELISTED}, X-Example`],
      ...plainText("Disallowed CORS origin, method, headers"),
    ]);

    // Bug specific test, https://github.com/Kludex/starlette/pull/1199
    // Test preflight response text with multiple disallowed headers
    headers = {
      Origin: "https://example.org",
      "Access-Control-Request-Method": "GET",
      "Access-Control-Request-Headers": "X-Nope-1, X-Nope-2",
    };
    response = await client.options("/", { headers });
    expect(response.text).toBe("Disallowed CORS headers");
    // A 400 still names the allowed origin.
    expect(response.headers.get("access-control-allow-origin")).toBe("https://example.org");
  });

  test("test_preflight_allows_request_origin_if_origins_wildcard_and_credentials_allowed", async () => {
    const app = appWithCORS(route(unreachable), {
      allowOrigins: ["*"],
      allowMethods: ["POST"],
      allowCredentials: true,
    });
    const client = new TestClient(app);

    // Test pre-flight response
    const headers = {
      Origin: "https://example.org",
      "Access-Control-Request-Method": "POST",
    };
    const response = await client.options("/", { headers });
    expect(response.status).toBe(200);
    expect(response.headers.get("access-control-allow-origin")).toBe("https://example.org");
    expect(response.headers.get("access-control-allow-credentials")).toBe("true");
    // 1.3.1: "Origin". 1.7.0: the long preflight Vary.
    expect(response.headers.get("vary")).toBe(PREFLIGHT_VARY);
    expect(response.rawHeaders).toEqual([
      ["vary", PREFLIGHT_VARY],
      ["access-control-allow-methods", "POST"],
      ["access-control-max-age", "600"],
      ["access-control-allow-headers", SAFELISTED],
      ["access-control-allow-credentials", "true"],
      ["access-control-allow-origin", "https://example.org"],
      ...plainText("OK"),
    ]);
  });

  test("test_cors_preflight_allow_all_methods", async () => {
    const app = appWithCORS(route(unreachable), { allowOrigins: ["*"], allowMethods: ["*"] });
    const client = new TestClient(app);

    const headers = {
      Origin: "https://example.org",
      "Access-Control-Request-Method": "POST",
    };

    // 1.7.0's ALL_METHODS: the seven of 1.3.1 and QUERY.
    for (const method of ["DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT", "QUERY"]) {
      const response = await client.options("/", { headers });
      expect(response.status).toBe(200);
      expect(response.headers.get("access-control-allow-methods")?.split(", ")).toContain(method);
    }
  });

  test("test_cors_allow_all_methods", async () => {
    const app = appWithCORS(
      route(homepage(), ["delete", "get", "head", "options", "patch", "post", "put", "query"]),
      { allowOrigins: ["*"], allowMethods: ["*"] },
    );
    const client = new TestClient(app);

    const headers = { Origin: "https://example.org" };

    for (const method of ["patch", "post", "put"] as const) {
      const response = await client[method]("/", { headers, json: {} });
      expect(response.status).toBe(200);
    }
    for (const method of ["delete", "get", "head", "options"] as const) {
      const response = await client[method]("/", { headers });
      expect(response.status).toBe(200);
    }
    // QUERY (in ALL_METHODS since 1.7.0) is a simple request like any other.
    const response = await client.request("QUERY", "/", { headers, json: {} });
    expect(response.status).toBe(200);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
  });

  test("test_cors_allow_origin_regex", async () => {
    const app = appWithCORS(route(homepage()), {
      allowHeaders: ["X-Example", "Content-Type"],
      allowOriginRegex: "https://.*",
      allowCredentials: true,
    });
    const client = new TestClient(app);

    // Test standard response
    let headers: Record<string, string> = { Origin: "https://example.org" };
    let response = await client.get("/", { headers });
    expect(response.status).toBe(200);
    expect(response.text).toBe("Homepage");
    expect(response.headers.get("access-control-allow-origin")).toBe("https://example.org");
    expect(response.headers.get("access-control-allow-credentials")).toBe("true");
    expect(response.rawHeaders).toEqual([
      ...HOMEPAGE,
      ["access-control-allow-credentials", "true"],
      ["access-control-allow-origin", "https://example.org"],
      ["vary", "Origin"],
    ]);

    // Test standard credentialed response
    headers = { Origin: "https://example.org", Cookie: "star_cookie=sugar" };
    response = await client.get("/", { headers });
    expect(response.status).toBe(200);
    expect(response.text).toBe("Homepage");
    expect(response.headers.get("access-control-allow-origin")).toBe("https://example.org");
    expect(response.headers.get("access-control-allow-credentials")).toBe("true");

    // Test disallowed standard response
    // Note that enforcement is a browser concern. The disallowed-ness is reflected
    // in the lack of an "access-control-allow-origin" header in the response.
    headers = { Origin: "http://example.org" };
    response = await client.get("/", { headers });
    expect(response.status).toBe(200);
    expect(response.text).toBe("Homepage");
    expect(response.headers.has("access-control-allow-origin")).toBe(false);
    // ...while allow-credentials is still sent to the disallowed origin.
    expect(response.rawHeaders).toEqual([...HOMEPAGE, ["access-control-allow-credentials", "true"], ["vary", "Origin"]]);

    // Test pre-flight response
    headers = {
      Origin: "https://another.com",
      "Access-Control-Request-Method": "GET",
      "Access-Control-Request-Headers": "X-Example, content-type",
    };
    response = await client.options("/", { headers });
    expect(response.status).toBe(200);
    expect(response.text).toBe("OK");
    expect(response.headers.get("access-control-allow-origin")).toBe("https://another.com");
    expect(response.headers.get("access-control-allow-headers")).toBe(`${SAFELISTED}, X-Example`);
    expect(response.headers.get("access-control-allow-credentials")).toBe("true");

    // Test disallowed pre-flight response
    headers = {
      Origin: "http://another.com",
      "Access-Control-Request-Method": "GET",
      "Access-Control-Request-Headers": "X-Example",
    };
    response = await client.options("/", { headers });
    expect(response.status).toBe(400);
    expect(response.text).toBe("Disallowed CORS origin");
    expect(response.headers.has("access-control-allow-origin")).toBe(false);
    expect(response.rawHeaders).toEqual([
      ["vary", PREFLIGHT_VARY],
      ["access-control-allow-methods", "GET"],
      ["access-control-max-age", "600"],
      ["access-control-allow-headers", `${SAFELISTED}, X-Example`],
      ["access-control-allow-credentials", "true"],
      ...plainText("Disallowed CORS origin"),
    ]);
  });

  test("test_cors_allow_origin_regex_fullmatch", async () => {
    const app = appWithCORS(route(homepage()), {
      allowHeaders: ["X-Example", "Content-Type"],
      allowOriginRegex: "https://.*\\.example.org",
    });
    const client = new TestClient(app);

    // Test standard response
    let headers = { Origin: "https://subdomain.example.org" };
    let response = await client.get("/", { headers });
    expect(response.status).toBe(200);
    expect(response.text).toBe("Homepage");
    expect(response.headers.get("access-control-allow-origin")).toBe("https://subdomain.example.org");
    expect(response.headers.has("access-control-allow-credentials")).toBe(false);

    // Test disallowed standard response
    headers = { Origin: "https://subdomain.example.org.hacker.com" };
    response = await client.get("/", { headers });
    expect(response.status).toBe(200);
    expect(response.text).toBe("Homepage");
    expect(response.headers.has("access-control-allow-origin")).toBe(false);
    expect(response.rawHeaders).toEqual([...HOMEPAGE, ["vary", "Origin"]]);
  });

  test("test_cors_vary_header_defaults_to_origin", async () => {
    const app = appWithCORS(route(homepage()), { allowOrigins: ["https://example.org"] });

    const headers = { Origin: "https://example.org" };

    const client = new TestClient(app);

    const response = await client.get("/", { headers });
    expect(response.status).toBe(200);
    expect(response.headers.get("vary")).toBe("Origin");
  });

  test("test_cors_vary_header_is_not_set_for_non_credentialed_request", async () => {
    const app = appWithCORS(route(homepage({ Vary: "Accept-Encoding" })), { allowOrigins: ["*"] });
    const client = new TestClient(app);

    const response = await client.get("/", { headers: { Origin: "https://someplace.org" } });
    expect(response.status).toBe(200);
    // The name is 1.3.1's; since 1.7.0 Origin is added to Vary here too.
    expect(response.headers.get("vary")).toBe("Accept-Encoding, Origin");
    expect(response.rawHeaders).toEqual([
      ["vary", "Accept-Encoding, Origin"],
      ...HOMEPAGE,
      ["access-control-allow-origin", "*"],
    ]);
  });

  test("test_cors_vary_header_is_properly_set_for_credentialed_request", async () => {
    const app = appWithCORS(route(homepage({ Vary: "Accept-Encoding" })), {
      allowOrigins: ["*"],
      allowCredentials: true,
    });
    const client = new TestClient(app);

    const response = await client.get("/", { headers: { Origin: "https://someplace.org" } });
    expect(response.status).toBe(200);
    expect(response.headers.get("vary")).toBe("Accept-Encoding, Origin");
    expect(response.rawHeaders).toEqual([
      ["vary", "Accept-Encoding, Origin"],
      ...HOMEPAGE,
      ["access-control-allow-origin", "https://someplace.org"],
      ["access-control-allow-credentials", "true"],
    ]);
  });

  test("test_cors_vary_header_is_properly_set_when_allow_origins_is_not_wildcard", async () => {
    const app = appWithCORS(route(homepage({ Vary: "Accept-Encoding" })), {
      allowOrigins: ["https://example.org"],
    });
    const client = new TestClient(app);

    const response = await client.get("/", { headers: { Origin: "https://example.org" } });
    expect(response.status).toBe(200);
    expect(response.headers.get("vary")).toBe("Accept-Encoding, Origin");
  });

  test("test_cors_allowed_origin_does_not_leak_between_requests", async () => {
    const app = appWithCORS(route(homepage()), { allowOrigins: ["https://example.org"] });

    const client = new TestClient(app);

    let response = await client.get("/", { headers: { Origin: "https://example.org" } });
    expect(response.headers.get("access-control-allow-origin")).toBe("https://example.org");

    response = await client.get("/", { headers: { Origin: "https://other.org" } });
    expect(response.headers.has("access-control-allow-origin")).toBe(false);

    response = await client.get("/", { headers: { Origin: "https://example.org" } });
    expect(response.headers.get("access-control-allow-origin")).toBe("https://example.org");
  });

  test("test_cors_private_network_access_allowed", async () => {
    const app = appWithCORS(route(homepage()), {
      allowOrigins: ["*"],
      allowMethods: ["*"],
      allowPrivateNetwork: true,
    });

    const client = new TestClient(app);

    const headersWithoutPna = { Origin: "https://example.org", "Access-Control-Request-Method": "GET" };
    const headersWithPna = { ...headersWithoutPna, "Access-Control-Request-Private-Network": "true" };

    // Test preflight with Private Network Access request
    let response = await client.options("/", { headers: headersWithPna });
    expect(response.status).toBe(200);
    expect(response.text).toBe("OK");
    expect(response.headers.get("access-control-allow-private-network")).toBe("true");
    expect(response.rawHeaders).toEqual([
      ["vary", PREFLIGHT_VARY],
      ["access-control-allow-origin", "*"],
      ["access-control-allow-methods", EVERY_METHOD],
      ["access-control-max-age", "600"],
      ["access-control-allow-headers", SAFELISTED],
      ["access-control-allow-private-network", "true"],
      ...plainText("OK"),
    ]);

    // Test preflight without Private Network Access request
    response = await client.options("/", { headers: headersWithoutPna });
    expect(response.status).toBe(200);
    expect(response.text).toBe("OK");
    expect(response.headers.has("access-control-allow-private-network")).toBe(false);

    // The access-control-allow-private-network header is not set for non-preflight requests
    response = await client.get("/", { headers: headersWithPna });
    expect(response.status).toBe(200);
    expect(response.text).toBe("Homepage");
    expect(response.headers.has("access-control-allow-private-network")).toBe(false);
    expect(response.headers.has("access-control-allow-origin")).toBe(true);
  });

  test("test_cors_private_network_access_disallowed", async () => {
    const app = appWithCORS(route(unreachable), {
      allowOrigins: ["*"],
      allowMethods: ["*"],
      allowPrivateNetwork: false,
    });

    const client = new TestClient(app);

    // Test preflight with Private Network Access request when not allowed
    const headersWithoutPna = { Origin: "https://example.org", "Access-Control-Request-Method": "GET" };
    const headersWithPna = { ...headersWithoutPna, "Access-Control-Request-Private-Network": "true" };

    let response = await client.options("/", { headers: headersWithoutPna });
    expect(response.status).toBe(200);
    expect(response.text).toBe("OK");
    expect(response.headers.has("access-control-allow-private-network")).toBe(false);

    // If the request includes a Private Network Access header, but the middleware is configured to disallow it, the
    // request should be denied with a 400 response.
    response = await client.options("/", { headers: headersWithPna });
    expect(response.status).toBe(400);
    expect(response.text).toBe("Disallowed CORS private-network");
    expect(response.headers.has("access-control-allow-private-network")).toBe(false);
  });
});

describe("fastapi tests/test_tutorial/test_cors/test_tutorial001.py", () => {
  test("test_cors", async () => {
    const app = appWithCORS(route(helloWorld), {
      allowOrigins: ["http://localhost.tiangolo.com", "https://localhost.tiangolo.com", "http://localhost", "http://localhost:8080"],
      allowCredentials: true,
      allowMethods: ["*"],
      allowHeaders: ["*"],
    });
    const client = new TestClient(app);

    // Test pre-flight response
    let headers: Record<string, string> = {
      Origin: "https://localhost.tiangolo.com",
      "Access-Control-Request-Method": "GET",
      "Access-Control-Request-Headers": "X-Example",
    };
    let response = await client.options("/", { headers });
    expect(response.status, response.text).toBe(200);
    expect(response.text).toBe("OK");
    expect(response.headers.get("access-control-allow-origin")).toBe("https://localhost.tiangolo.com");
    expect(response.headers.get("access-control-allow-headers")).toBe("X-Example");

    // Test standard response
    headers = { Origin: "https://localhost.tiangolo.com" };
    response = await client.get("/", { headers });
    expect(response.status, response.text).toBe(200);
    expect(response.json()).toEqual({ message: "Hello World" });
    expect(response.headers.get("access-control-allow-origin")).toBe("https://localhost.tiangolo.com");

    // Test non-CORS response
    response = await client.get("/");
    expect(response.status, response.text).toBe(200);
    expect(response.json()).toEqual({ message: "Hello World" });
    expect(response.headers.has("access-control-allow-origin")).toBe(false);
  });
});

describe("the port's own surface", () => {
  test("ALL_METHODS and SAFELISTED_HEADERS are Starlette 1.7.0's", () => {
    expect(ALL_METHODS).toEqual(["DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT", "QUERY"]);
    expect(Object.isFrozen(ALL_METHODS)).toBe(true);
    expect([...SAFELISTED_HEADERS].sort()).toEqual(["Accept", "Accept-Language", "Content-Language", "Content-Type"]);
  });

  test("a RegExp allowOriginRegex must match the whole origin, keeps its flags, and may not be g or y", async () => {
    const app = appWithCORS(route(homepage()), { allowOriginRegex: /https:\/\/[a-z]+\.example\.org/i });
    const client = new TestClient(app);
    let response = await client.get("/", { headers: { Origin: "https://SUB.example.org" } });
    expect(response.headers.get("access-control-allow-origin")).toBe("https://SUB.example.org");
    response = await client.get("/", { headers: { Origin: "https://sub.example.org.hacker.com" } });
    expect(response.headers.has("access-control-allow-origin")).toBe(false);

    const multiline = new CORSMiddleware(unreachable, { allowOriginRegex: /https:\/\/a\.org$/m });
    expect(multiline.isAllowedOrigin("https://a.org")).toBe(true);
    expect(multiline.isAllowedOrigin("https://a.org\nx")).toBe(false);

    expect(() => new CORSMiddleware(unreachable, { allowOriginRegex: /x/g })).toThrow(PatternError);
    expect(() => new CORSMiddleware(unreachable, { allowOriginRegex: /x/y })).toThrow(/allowOriginRegex \/x\/y/);
  });

  test("a Python pattern that re.compile refuses is refused when the middleware is built", () => {
    expect(() => new CORSMiddleware(unreachable, { allowOriginRegex: "https://(example.org" })).toThrow(
      'CORSMiddleware: allowOriginRegex "https://(example.org": missing ), unterminated subpattern at position 8',
    );
    expect(() => new CORSMiddleware(unreachable, { allowOriginRegex: "https://(example.org" })).toThrow(PatternError);
  });

  test("a wrong option type is refused at construction, naming the option", () => {
    const build = (options: object) => () => new CORSMiddleware(unreachable, options);
    expect(build({ allowOrigins: "https://example.org" })).toThrow(
      'CORSMiddleware: allowOrigins: expected an array of strings (origins such as "https://example.org", or "*"), received the string "https://example.org"',
    );
    expect(build({ maxAge: "600" })).toThrow('CORSMiddleware: maxAge: expected an integer number of seconds, received the string "600"');
    expect(build({ allowCredentials: 1 })).toThrow("CORSMiddleware: allowCredentials: expected a boolean, received number 1");
    expect(build({ allowMethods: ["GET", "ＧＥＴ"] })).toThrow(/^CORSMiddleware: allowMethods\[1\]: expected latin-1 text/);
  });

  test("usable as new Middleware(CORSMiddleware, options) and directly through .asgi", async () => {
    // The shape Starlette's Middleware(cls, **options) and the framework's addMiddleware(cls, options) take.
    const cls: ASGIMiddlewareClass<CORSOptions> = CORSMiddleware;
    expect(new cls(route(homepage()), {}).asgi).toBeTypeOf("function");
    const direct = new CORSMiddleware(route(homepage()), { allowOrigins: ["https://example.org"] });
    const response = await new TestClient(direct.asgi).get("/", { headers: { Origin: "https://example.org" } });
    expect(response.headers.get("access-control-allow-origin")).toBe("https://example.org");
  });

  test("a Response reused across requests does not collect CORS headers", async () => {
    const shared = new PlainTextResponse("shared", { headers: { Vary: "Accept-Encoding" } });
    const app = appWithCORS(async (scope, receive, send) => shared.asgi(scope, receive, send), { allowOrigins: ["*"] });
    const client = new TestClient(app);
    for (let i = 0; i < 3; i++) {
      const response = await client.get("/", { headers: { Origin: "https://example.org" } });
      expect(response.headers.get("vary")).toBe("Accept-Encoding, Origin");
    }
    expect(shared.rawHeaders).toEqual([["vary", "Accept-Encoding"], ...plainText("shared")]);
  });

  test("onDecision (an extension, off by default) hears of refused preflights after the answer, changing no byte", async () => {
    const heard: string[] = [];
    const options: CORSOptions = { allowOrigins: ["https://example.org"] };
    const quiet = new TestClient(appWithCORS(route(homepage()), options));
    const told = new TestClient(
      appWithCORS(route(homepage()), { ...options, onDecision: (rejection) => void heard.push(rejection.failures.join(",")) }),
    );
    const refused = { Origin: "https://another.org", "Access-Control-Request-Method": "PUT" };
    const allowed = { Origin: "https://example.org", "Access-Control-Request-Method": "GET" };
    for (const headers of [refused, allowed]) {
      const [a, b] = [await quiet.options("/", { headers }), await told.options("/", { headers })];
      expect([b.status, b.rawHeaders, b.text]).toEqual([a.status, a.rawHeaders, a.text]);
    }
    expect((await told.get("/", { headers: { Origin: "https://another.org" } })).text).toBe("Homepage");
    expect(heard).toEqual(["origin,method"]);
    expect(new CORSMiddleware(unreachable).onDecision).toBeNull();
  });

  test("a start message without headers gets them; other messages pass through as they are", async () => {
    const body: SendMessage = { type: "http.response.body", body: new Uint8Array([104, 105]) };
    const app: ASGIApp = async (_scope, _receive, send) => {
      await send({ type: "http.response.start", status: 204 });
      await send(body);
    };
    const sent: SendMessage[] = [];
    await new CORSMiddleware(app, { allowOrigins: ["*"], allowCredentials: true }).asgi(
      {
        type: "http",
        asgi: { version: "3.0" },
        http_version: "1.1",
        method: "GET",
        scheme: "http",
        path: "/",
        query_string: "",
        root_path: "",
        headers: [["origin", "null"]],
      },
      async () => ({ type: "http.disconnect" }),
      async (message) => {
        sent.push(message);
      },
    );
    expect(sent[0]).toEqual({
      type: "http.response.start",
      status: 204,
      headers: [
        ["access-control-allow-origin", "null"],
        ["access-control-allow-credentials", "true"],
        ["vary", "Origin"],
      ],
    });
    expect(sent[1]).toBe(body);
  });
});

test("a typo in JavaScript (allowOrigin) throws when the app is assembled, with the nearest option named", () => {
  const message = 'CORSMiddleware: unknown option "allowOrigin" (did you mean allowOrigins?)';
  expect(() => new CORSMiddleware(async () => {}, { allowOrigin: ["*"] } as CORSOptions)).toThrow(message);
  // Starlette's Middleware(cls, options) builds nothing; ours asks CORSMiddleware.validateOptions at once.
  expect(() => new Middleware(CORSMiddleware, { allowOrigin: ["*"] } as CORSOptions)).toThrow(message);
  expect(() => new Middleware(CORSMiddleware, { maxage: 60 } as CORSOptions)).toThrow('unknown option "maxage" (did you mean maxAge?)');
  expect(() => new Middleware(CORSMiddleware, { zzz: 1 } as CORSOptions)).toThrow(/unknown option "zzz"$/);
  expect(String(new Middleware(CORSMiddleware, { allowOrigins: ["*"] }))).toBe('Middleware(CORSMiddleware, {"allowOrigins":["*"]})');
});
