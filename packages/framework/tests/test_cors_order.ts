// Not in Starlette: the warning given when the middleware stack is built with CORS middleware inside other user
// middleware (docs/framework.md, "Middleware order"). The middleware classes are test-local, shaped like
// @mono/cors's CORSMiddleware (the framework does not depend on @mono/cors), and recognised as that one is: by its
// static `isCORSMiddleware` marker, or by the class name.
import { Middleware, MutableHeaders, PlainTextResponse, TestClient, type ASGIApp, type Send } from "@mono/asgi";
import { afterEach, expect, test, vi } from "vitest";
import { App, MiddlewareOrderWarning, Route, Starlette, middlewareOrderWarning } from "../src/index.js";

/** Answers 401 itself unless the request has an Authorization header: a middleware that answers on its own. */
class AuthMiddleware {
  constructor(private readonly app: ASGIApp) {}

  readonly asgi: ASGIApp = async (scope, receive, send) => {
    if (scope.type === "http" && !scope.headers.some(([name]) => name === "authorization")) {
      await new PlainTextResponse("Unauthorized", { status: 401 }).asgi(scope, receive, send);
      return;
    }
    await this.app(scope, receive, send);
  };
}

/** Adds `name: value` to every HTTP response. */
function stamping(app: ASGIApp, name: string, value: string): ASGIApp {
  return async (scope, receive, send) => {
    if (scope.type !== "http") {
      await app(scope, receive, send);
      return;
    }
    const stamped: Send = async (message) => {
      if (message.type === "http.response.start") new MutableHeaders({ scope: message }).append(name, value);
      await send(message);
    };
    await app(scope, receive, stamped);
  };
}

/** CORS-like (allows every origin), recognised by its marker alone: its name is not CORSMiddleware. */
class OriginHeaders {
  static readonly isCORSMiddleware = true;
  readonly asgi: ASGIApp;

  constructor(app: ASGIApp) {
    this.asgi = stamping(app, "access-control-allow-origin", "*");
  }
}

/** A middleware that is not CORS: stamps `x-stamp`. */
class StampMiddleware {
  readonly asgi: ASGIApp;

  constructor(app: ASGIApp) {
    this.asgi = stamping(app, "x-stamp", "1");
  }
}

function makeApp(middleware: Middleware[], onWarning?: ((warning: Error) => void) | null): Starlette {
  const routes = [new Route("/", () => new PlainTextResponse("Hello"))];
  return new Starlette(onWarning === undefined ? { routes, middleware } : { routes, middleware, onWarning });
}

/** The warnings an app gives over a lifespan and three requests. */
async function warningsOf(middleware: Middleware[]): Promise<Error[]> {
  const warnings: Error[] = [];
  const client = new TestClient(makeApp(middleware, (warning) => warnings.push(warning)).asgi);
  await client.start();
  for (const headers of [{}, { Authorization: "yes" }, { Origin: "https://example.org" }]) await client.get("/", { headers });
  await client.close();
  return warnings;
}

afterEach(() => {
  vi.restoreAllMocks();
});

test("test_cors_inside_auth_warns_once", async () => {
  const warnings: Error[] = [];
  const app = makeApp([new Middleware(AuthMiddleware), new Middleware(OriginHeaders)], (warning) => warnings.push(warning));
  expect(warnings).toEqual([]); // not at construction: addMiddleware may still come
  const client = new TestClient(app.asgi);
  for (let i = 0; i < 3; i++) await client.get("/", { headers: { Origin: "https://example.org" } });
  expect(warnings).toHaveLength(1);
  const warning = warnings[0];
  expect(warning).toBeInstanceOf(MiddlewareOrderWarning);
  expect(warning).toMatchObject({ name: "MiddlewareOrderWarning", code: "MONO_CORS_ORDER", cors: "OriginHeaders", outer: ["AuthMiddleware"] });
  expect(warning?.message).toBe(
    "OriginHeaders is inside AuthMiddleware: an answer that middleware sends on its own (a 401, a 403, a redirect) " +
      "goes out without CORS headers, and the browser reports a CORS error instead. Put OriginHeaders first in " +
      "`middleware: [...]`, or add it last with `app.addMiddleware(OriginHeaders, ...)`. " +
      'See "Middleware order" in docs/framework.md (500s from unhandled errors carry no CORS headers either).',
  );
});

test("test_warning_at_lifespan_startup", async () => {
  // Under a server the stack is built at lifespan startup, so the warning comes before the first request.
  const warnings: Error[] = [];
  const app = makeApp([new Middleware(AuthMiddleware), new Middleware(OriginHeaders)], (warning) => warnings.push(warning));
  const client = new TestClient(app.asgi);
  await client.start();
  expect(warnings).toHaveLength(1);
  await client.get("/");
  await client.close();
  expect(warnings).toHaveLength(1);
});

test("test_cors_outermost_does_not_warn", async () => {
  expect(await warningsOf([new Middleware(OriginHeaders), new Middleware(AuthMiddleware)])).toEqual([]);
});

test("test_cors_alone_does_not_warn", async () => {
  expect(await warningsOf([new Middleware(OriginHeaders)])).toEqual([]);
});

test("test_no_cors_does_not_warn", async () => {
  expect(await warningsOf([new Middleware(AuthMiddleware), new Middleware(StampMiddleware)])).toEqual([]);
});

test("test_cors_recognised_by_class_name", async () => {
  // Another library's CORS class, without the marker.
  class CORSMiddleware {
    readonly asgi: ASGIApp;

    constructor(app: ASGIApp) {
      this.asgi = stamping(app, "access-control-allow-origin", "*");
    }
  }
  expect("isCORSMiddleware" in CORSMiddleware).toBe(false);
  const warnings = await warningsOf([new Middleware(AuthMiddleware), new Middleware(CORSMiddleware)]);
  expect(warnings).toHaveLength(1);
  expect(warnings[0]).toMatchObject({ cors: "CORSMiddleware", outer: ["AuthMiddleware"] });
  expect(warnings[0]?.message).toMatch(/^CORSMiddleware is inside AuthMiddleware: /);
});

test("test_warning_names_every_outer_middleware", () => {
  const warning = middlewareOrderWarning([
    new Middleware(AuthMiddleware),
    new Middleware(StampMiddleware),
    new Middleware(OriginHeaders),
    new Middleware(AuthMiddleware), // inside CORS: not named
  ]);
  expect(warning).toMatchObject({ cors: "OriginHeaders", outer: ["AuthMiddleware", "StampMiddleware"] });
  expect(warning?.message).toMatch(/^OriginHeaders is inside AuthMiddleware, StampMiddleware: an answer one of them sends /);
});

test("test_add_middleware_last_is_the_fix", async () => {
  // addMiddleware puts the last added outermost: CORS added last wraps the rest.
  const make = (classes: (typeof AuthMiddleware | typeof OriginHeaders)[]): { app: App; warnings: Error[] } => {
    const warnings: Error[] = [];
    const app = new App({ openapiUrl: null, onWarning: (warning) => warnings.push(warning) });
    for (const cls of classes) app.addMiddleware(cls);
    return { app, warnings };
  };
  const wrong = make([OriginHeaders, AuthMiddleware]);
  await new TestClient(wrong.app.asgi).get("/");
  expect(wrong.warnings).toMatchObject([{ cors: "OriginHeaders", outer: ["AuthMiddleware"] }]);

  const fixed = make([AuthMiddleware, OriginHeaders]);
  const response = await new TestClient(fixed.app.asgi).get("/", { headers: { Origin: "https://example.org" } });
  expect(fixed.warnings).toEqual([]);
  // The 401 now passes through CORS on its way out.
  expect(response.status).toBe(401);
  expect(response.headers.get("access-control-allow-origin")).toBe("*");
});

test("test_warning_never_changes_a_response", async () => {
  vi.spyOn(process, "emitWarning").mockImplementation(() => undefined);
  const middleware = [new Middleware(AuthMiddleware), new Middleware(OriginHeaders)];
  const apps = [makeApp(middleware, () => undefined), makeApp(middleware, null), makeApp(middleware)];
  const requests = [{ Origin: "https://example.org" }, { Origin: "https://example.org", Authorization: "yes" }, {}];
  const seen = [];
  for (const app of apps) {
    const client = new TestClient(app.asgi);
    const responses = [];
    for (const headers of requests) {
      const response = await client.get("/", { headers });
      responses.push({ status: response.status, rawHeaders: response.rawHeaders, body: response.text });
    }
    seen.push(responses);
  }
  expect(seen[1]).toEqual(seen[0]);
  expect(seen[2]).toEqual(seen[0]);
  // What the warning is about: Auth's 401 goes out without the CORS header; what gets through has it.
  expect(seen[0]).toEqual([
    {
      status: 401,
      rawHeaders: [
        ["content-length", "12"],
        ["content-type", "text/plain; charset=utf-8"],
      ],
      body: "Unauthorized",
    },
    {
      status: 200,
      rawHeaders: [
        ["content-length", "5"],
        ["content-type", "text/plain; charset=utf-8"],
        ["access-control-allow-origin", "*"],
      ],
      body: "Hello",
    },
    expect.objectContaining({ status: 401 }),
  ]);
});

test("test_default_is_process_emit_warning", async () => {
  const emitWarning = vi.spyOn(process, "emitWarning").mockImplementation(() => undefined);
  const app = makeApp([new Middleware(AuthMiddleware), new Middleware(OriginHeaders)]);
  const client = new TestClient(app.asgi);
  await client.get("/");
  await client.get("/");
  expect(emitWarning).toHaveBeenCalledTimes(1);
  expect(emitWarning.mock.calls[0]?.[0]).toBeInstanceOf(MiddlewareOrderWarning);
});

test("test_on_warning_null_silences", async () => {
  const emitWarning = vi.spyOn(process, "emitWarning").mockImplementation(() => undefined);
  const app = makeApp([new Middleware(AuthMiddleware), new Middleware(OriginHeaders)], null);
  expect((await new TestClient(app.asgi).get("/")).status).toBe(401);
  expect(emitWarning).not.toHaveBeenCalled();
});

test("test_on_warning_that_throws_makes_it_an_error", async () => {
  // Python's `-W error`: the stack is not built, so every request (or the lifespan startup) fails.
  const app = makeApp([new Middleware(AuthMiddleware), new Middleware(OriginHeaders)], (warning) => {
    throw warning;
  });
  const client = new TestClient(app.asgi);
  await expect(client.get("/")).rejects.toThrow(MiddlewareOrderWarning);
  await expect(client.start()).rejects.toThrow(MiddlewareOrderWarning);
});
