// Small apps and expected header lists shared by tests/test_cors.ts (Starlette's tests build the same with
// Starlette(routes=[Route("/", endpoint=homepage)], middleware=[Middleware(CORSMiddleware, ...)])).
import { JSONResponse, Middleware, PlainTextResponse, buildMiddlewareStack } from "@mono/asgi";
import type { ASGIApp, RawHeaders } from "@mono/asgi";

import { CORSMiddleware } from "../src/index.js";
import type { CORSOptions } from "../src/index.js";

/** `def homepage(request): return PlainTextResponse("Homepage", status_code=200, headers=headers)` */
export function homepage(headers: Record<string, string> | null = null): ASGIApp {
  return async (scope, receive, send) => {
    await new PlainTextResponse("Homepage", { status: 200, headers }).asgi(scope, receive, send);
  };
}

/** An endpoint Starlette's tests mark `# pragma: no cover`: reaching it fails the test. */
export const unreachable: ASGIApp = async () => {
  throw new Error("the app was called, but the middleware should have answered");
};

/**
 * Starlette's `Route("/", endpoint, methods=...)`: the methods uppercased, HEAD added with GET, any other
 * method answered 405 (no routing is needed beyond that for these tests).
 */
export function route(endpoint: ASGIApp, methods: string[] = ["GET"]): ASGIApp {
  const allowed = new Set(methods.map((m) => m.toUpperCase()));
  if (allowed.has("GET")) allowed.add("HEAD");
  return async (scope, receive, send) => {
    if (scope.type === "http" && !allowed.has(scope.method)) {
      const response = new PlainTextResponse("Method Not Allowed", {
        status: 405,
        headers: { Allow: [...allowed].sort().join(", ") },
      });
      await response.asgi(scope, receive, send);
      return;
    }
    await endpoint(scope, receive, send);
  };
}

/** `Starlette(routes=[...], middleware=[Middleware(CORSMiddleware, **options)])` */
export function appWithCORS(endpoint: ASGIApp, options: CORSOptions): ASGIApp {
  return buildMiddlewareStack(endpoint, [new Middleware(CORSMiddleware, options)]);
}

/** FastAPI's docs_src/cors/tutorial001: `@app.get("/") async def main(): return {"message": "Hello World"}`. */
export const helloWorld: ASGIApp = async (scope, receive, send) => {
  await new JSONResponse({ message: "Hello World" }).asgi(scope, receive, send);
};

export const PREFLIGHT_VARY =
  "Origin, Access-Control-Request-Method, Access-Control-Request-Headers, Access-Control-Request-Private-Network";
export const SAFELISTED = "Accept, Accept-Language, Content-Language, Content-Type";
export const EVERY_METHOD = "DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT, QUERY";

/** What PlainTextResponse("Homepage") starts with. */
export const HOMEPAGE: RawHeaders = [
  ["content-length", "8"],
  ["content-type", "text/plain; charset=utf-8"],
];

/** The two headers every PlainTextResponse preflight answer ends with. */
export function plainText(body: string): RawHeaders {
  return [
    ["content-length", String(Buffer.byteLength(body))],
    ["content-type", "text/plain; charset=utf-8"],
  ];
}
