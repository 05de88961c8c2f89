// Ports Starlette's tests/test_applications.py (HTTP parts; WebSocket routes are not part of this port).
import { BackgroundTask, JSONResponse, Middleware, PlainTextResponse, StreamingResponse, TestClient, type ASGIApp, type Request, type Response } from "@mono/asgi";
import { expect, test } from "vitest";
import { Host, HTTPException, Mount, Route, Router, Starlette } from "../src/index.js";

const error500 = (): Response => new JSONResponse({ detail: "Server Error" }, { status: 500 });
const methodNotAllowed = (): Response => new JSONResponse({ detail: "Custom message" }, { status: 405 });
const httpException = (_request: Request, exc: HTTPException): Response =>
  new JSONResponse({ detail: exc.detail }, { status: exc.statusCode });

function func_homepage(_request: Request): Response {
  return new PlainTextResponse("Hello, world!");
}
async function async_homepage(_request: Request): Promise<Response> {
  return new PlainTextResponse("Hello, world!");
}
const allUsersPage = (): Response => new PlainTextResponse("Hello, everyone!");
const userPage = (request: Request): Response => new PlainTextResponse(`Hello, ${String(request.pathParams["username"])}!`);
const customSubdomain = (request: Request): Response =>
  new PlainTextResponse(`Subdomain: ${String(request.pathParams["subdomain"])}`);
const runtimeError = (): Response => {
  throw new Error("RuntimeError");
};
const requestState = (request: Request): Response => new JSONResponse({ "state.count": request.state.get("count") }, { status: 200 });

/** Stands in for TrustedHostMiddleware (not part of this port): a 400 for a host it does not know. */
class TrustedHostMiddleware {
  constructor(
    private readonly app: ASGIApp,
    private readonly options: { allowedHosts: string[] },
  ) {}
  readonly asgi: ASGIApp = async (scope, receive, send) => {
    if (scope.type !== "http") {
      await this.app(scope, receive, send);
      return;
    }
    const host = scope.headers.find(([name]) => name === "host")?.[1].split(":")[0] ?? "";
    const allowed = this.options.allowedHosts.some((pattern) => (pattern.startsWith("*.") ? host.endsWith(pattern.slice(1)) : host === pattern));
    if (!allowed) {
      await new PlainTextResponse("Invalid host header", { status: 400 }).asgi(scope, receive, send);
      return;
    }
    await this.app(scope, receive, send);
  };
}

function makeApp(): Starlette {
  return new Starlette({
    routes: [
      new Route("/func", func_homepage),
      new Route("/async", async_homepage),
      new Route("/500", runtimeError),
      new Route("/state", requestState),
      new Mount("/users", { app: new Router({ routes: [new Route("/", allUsersPage), new Route("/{username}", userPage)] }) }),
      new Host("{subdomain}.example.org", { app: new Router({ routes: [new Route("/", customSubdomain)] }) }),
    ],
    exceptionHandlers: [
      [500, error500],
      [405, methodNotAllowed],
      [HTTPException, httpException],
    ],
    middleware: [new Middleware(TrustedHostMiddleware, { allowedHosts: ["testserver", "*.example.org"] })],
    lifespan: async function* () {
      yield { count: 1 };
    },
  });
}

test("test_url_path_for", () => {
  expect(String(makeApp().urlPathFor("func_homepage"))).toBe("/func");
});

test("test_func_route", async () => {
  const client = new TestClient(makeApp().asgi);
  let response = await client.get("/func");
  expect(response.status).toBe(200);
  expect(response.text).toBe("Hello, world!");
  response = await client.head("/func");
  expect(response.status).toBe(200);
  expect(response.text).toBe("");
});

test("test_async_route", async () => {
  const response = await new TestClient(makeApp().asgi).get("/async");
  expect(response.status).toBe(200);
  expect(response.text).toBe("Hello, world!");
});

test("test_mounted_route", async () => {
  const response = await new TestClient(makeApp().asgi).get("/users/");
  expect(response.status).toBe(200);
  expect(response.text).toBe("Hello, everyone!");
});

test("test_mounted_route_path_params", async () => {
  const response = await new TestClient(makeApp().asgi).get("/users/tomchristie");
  expect(response.text).toBe("Hello, tomchristie!");
});

test("test_subdomain_route", async () => {
  const response = await new TestClient(makeApp().asgi, { baseUrl: "https://foo.example.org/" }).get("/");
  expect(response.status).toBe(200);
  expect(response.text).toBe("Subdomain: foo");
});

test("test_400", async () => {
  const response = await new TestClient(makeApp().asgi).get("/404");
  expect(response.status).toBe(404);
  expect(response.json()).toEqual({ detail: "Not Found" });
});

test("test_405", async () => {
  const response = await new TestClient(makeApp().asgi).post("/func");
  expect(response.status).toBe(405);
  expect(response.json()).toEqual({ detail: "Custom message" });
});

test("test_500", async () => {
  const response = await new TestClient(makeApp().asgi, { raiseServerExceptions: false }).get("/500");
  expect(response.status).toBe(500);
  expect(response.json()).toEqual({ detail: "Server Error" });
});

test("test_request_state", async () => {
  const client = new TestClient(makeApp().asgi);
  await client.start();
  try {
    const response = await client.get("/state");
    expect(response.status).toBe(200);
    expect(response.json()).toEqual({ "state.count": 1 });
  } finally {
    await client.close();
  }
});

test("test_middleware", async () => {
  const response = await new TestClient(makeApp().asgi, { baseUrl: "http://incorrecthost" }).get("/func");
  expect(response.status).toBe(400);
  expect(response.text).toBe("Invalid host header");
});

test("test_routes", () => {
  const routes = makeApp().routes;
  expect(routes.map(String).slice(0, 4)).toEqual([
    "Route(path='/func', name='func_homepage', methods=['GET', 'HEAD'])",
    "Route(path='/async', name='async_homepage', methods=['GET', 'HEAD'])",
    "Route(path='/500', name='runtimeError', methods=['GET', 'HEAD'])",
    "Route(path='/state', name='requestState', methods=['GET', 'HEAD'])",
  ]);
  expect(routes[4]).toBeInstanceOf(Mount);
  expect(routes[5]).toBeInstanceOf(Host);
});

test("test_app_debug", async () => {
  const homepage = (): Response => {
    throw new TypeError("RuntimeError in homepage");
  };
  const app = new Starlette({ routes: [new Route("/", homepage)] });
  app.debug = true;
  const response = await new TestClient(app.asgi, { raiseServerExceptions: false }).get("/");
  expect(response.status).toBe(500);
  expect(response.text).toContain("TypeError: RuntimeError in homepage");
  expect(app.debug).toBe(true);
});

test("test_app_plain_500_bytes", async () => {
  const app = new Starlette({ routes: [new Route("/", runtimeError)] });
  const response = await new TestClient(app.asgi, { raiseServerExceptions: false }).get("/");
  expect(response.status).toBe(500);
  expect(response.rawHeaders).toEqual([
    ["content-length", "21"],
    ["content-type", "text/plain; charset=utf-8"],
  ]);
  expect(response.text).toBe("Internal Server Error");
  // And the error reaches the test client (the server) all the same.
  await expect(new TestClient(app.asgi).get("/")).rejects.toThrow("RuntimeError");
});

test("test_app_add_route", async () => {
  const app = new Starlette();
  app.addRoute("/", async () => new PlainTextResponse("Hello, World!"));
  const response = await new TestClient(app.asgi).get("/");
  expect(response.status).toBe(200);
  expect(response.text).toBe("Hello, World!");
});

test("test_app_async_cm_lifespan", async () => {
  let startupComplete = false;
  let cleanupComplete = false;
  const app = new Starlette({
    lifespan: async function* () {
      startupComplete = true;
      yield;
      cleanupComplete = true;
    },
  });
  expect(startupComplete).toBe(false);
  const client = new TestClient(app.asgi);
  await client.start();
  expect(startupComplete).toBe(true);
  expect(cleanupComplete).toBe(false);
  await client.close();
  expect(cleanupComplete).toBe(true);
});

test("test_lifespan_receives_the_app", async () => {
  let seen: unknown = null;
  const app: Starlette = new Starlette({
    lifespan: async function* (application) {
      seen = application;
      yield;
    },
  });
  const client = new TestClient(app.asgi);
  await client.start();
  await client.close();
  expect(seen).toBe(app);
});

test("test_middleware_stack_order", async () => {
  // ServerErrorMiddleware outermost, user middleware (last added outermost), ExceptionMiddleware innermost.
  const order: string[] = [];
  class Tag {
    constructor(
      private readonly app: ASGIApp,
      private readonly options: { name: string },
    ) {}
    readonly asgi: ASGIApp = async (scope, receive, send) => {
      order.push(`in:${this.options.name}`);
      await this.app(scope, receive, async (message) => {
        if (message.type === "http.response.start") message.headers?.push(["x-seen-by", this.options.name]);
        await send(message);
      });
      order.push(`out:${this.options.name}`);
    };
  }
  const app = new Starlette({
    routes: [
      new Route("/", func_homepage),
      new Route("/missing", () => {
        throw new HTTPException(404);
      }),
      new Route("/boom", runtimeError),
    ],
  });
  app.addMiddleware(Tag, { name: "first" });
  app.addMiddleware(Tag, { name: "second" });
  const client = new TestClient(app.asgi, { raiseServerExceptions: false });
  await client.get("/");
  expect(order).toEqual(["in:second", "in:first", "out:first", "out:second"]);
  expect(app.userMiddleware.map((m) => m.options[0])).toEqual([{ name: "second" }, { name: "first" }]);

  // A handled exception is answered inside the user middleware: their headers are on it.
  const missing = await client.get("/missing");
  expect(missing.status).toBe(404);
  expect(missing.headers.getList("x-seen-by")).toEqual(["first", "second"]);

  // An unhandled one is answered by ServerErrorMiddleware, outside them: no headers of theirs (#1116).
  const boom = await client.get("/boom");
  expect(boom.status).toBe(500);
  expect(boom.headers.has("x-seen-by")).toBe(false);
});

test("test_add_middleware_after_start", async () => {
  const app = new Starlette({ routes: [new Route("/", func_homepage)] });
  await new TestClient(app.asgi).get("/");
  class Noop {
    constructor(private readonly app: ASGIApp) {}
    readonly asgi: ASGIApp = (scope, receive, send) => this.app(scope, receive, send);
  }
  expect(() => app.addMiddleware(Noop)).toThrow("Cannot add middleware after an application has started");
});

test("test_exception_handler_by_class", async () => {
  class TeapotError extends Error {}
  class SmallTeapotError extends TeapotError {}
  const app = new Starlette({
    routes: [
      new Route("/", () => {
        throw new SmallTeapotError("short and stout");
      }),
    ],
  });
  app.addExceptionHandler(TeapotError, (_request, exc) => new PlainTextResponse(`teapot: ${exc.message}`, { status: 418 }));
  const response = await new TestClient(app.asgi).get("/");
  expect(response.status).toBe(418);
  expect(response.text).toBe("teapot: short and stout");
});

test("test_exception_handler_for_error_goes_to_server_error_middleware", async () => {
  const app = new Starlette({ routes: [new Route("/", runtimeError)], exceptionHandlers: [[Error, error500]] });
  const response = await new TestClient(app.asgi, { raiseServerExceptions: false }).get("/");
  expect(response.status).toBe(500);
  expect(response.json()).toEqual({ detail: "Server Error" });
});

test("test_app_state", async () => {
  const app = new Starlette({ routes: [new Route("/", (request) => new PlainTextResponse(String((request.app as Starlette).state.get("name"))))] });
  app.state.set("name", "mono");
  expect((await new TestClient(app.asgi).get("/")).text).toBe("mono");
});

test("test_background_tasks_run_after_response", async () => {
  const events: string[] = [];
  const app = new Starlette({
    routes: [
      new Route("/", () => {
        events.push("endpoint");
        return new PlainTextResponse("done", { background: new BackgroundTask(() => void events.push("task")) });
      }),
    ],
  });
  const observed: ASGIApp = (scope, receive, send) =>
    app.asgi(scope, receive, async (message) => {
      events.push(message.type);
      await send(message);
    });
  const response = await new TestClient(observed).get("/");
  expect(response.text).toBe("done");
  expect(events).toEqual(["endpoint", "http.response.start", "http.response.body", "task"]);
});

// Not in Starlette's file: the three layers that watch for a started response (ServerErrorMiddleware,
// ExceptionMiddleware, the route) share one watcher in a Starlette app; each must still see the response the
// endpoint started before failing, and answer with a handler (or a 500) when nothing was sent yet.
test("test_errors_after_the_response_started_through_the_whole_stack", async () => {
  async function* partThenRaise(exc: Error): AsyncGenerator<string> {
    yield "partial";
    throw exc;
  }
  const app = new Starlette({
    routes: [
      new Route("/handled", () => new StreamingResponse(partThenRaise(new HTTPException(406)))),
      new Route("/unhandled", () => new StreamingResponse(partThenRaise(new Error("Boom")))),
      new Route("/handled_before", () => {
        throw new HTTPException(406);
      }),
      new Route("/unhandled_before", runtimeError),
    ],
  });
  const client = new TestClient(app.asgi);
  await expect(client.get("/handled")).rejects.toThrow("Caught handled exception, but response already started.");
  await expect(client.get("/unhandled")).rejects.toThrow("Boom");
  const lenient = new TestClient(app.asgi, { raiseServerExceptions: false });
  for (const path of ["/handled", "/unhandled"]) {
    const response = await lenient.get(path);
    expect(response.status).toBe(200);
    expect(response.text).toBe("partial");
  }
  const handled = await lenient.get("/handled_before");
  expect([handled.status, handled.text]).toEqual([406, "Not Acceptable"]);
  const unhandled = await lenient.get("/unhandled_before");
  expect([unhandled.status, unhandled.text]).toEqual([500, "Internal Server Error"]);
});
