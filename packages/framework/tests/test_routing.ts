// Ports the HTTP parts of Starlette's tests/test_routing.py (Starlette 1.7.0 semantics).
import { JSONResponse, Middleware, PlainTextResponse, Response, TestClient, type ASGIApp, type Request } from "@mono/asgi";
import { expect, test } from "vitest";
import { Host, Mount, NoMatchFound, Route, Router, Starlette, compilePath, HTTPException } from "../src/index.js";

const homepage = (_request: Request): Response => new Response("Hello, world", { mediaType: "text/plain" });
const users = (_request: Request): Response => new Response("All users", { mediaType: "text/plain" });
const user = (request: Request): Response => new Response(`User ${String(request.pathParams["username"])}`, { mediaType: "text/plain" });
const userMe = (_request: Request): Response => new Response("User fixed me", { mediaType: "text/plain" });
const disableUser = (request: Request): Response =>
  new Response(`User ${String(request.pathParams["username"])} disabled`, { mediaType: "text/plain" });
const userNoMatch = (_request: Request): Response => new Response("User fixed no match", { mediaType: "text/plain" });
const funcHomepage = (_request: Request): Response => new Response("Hello, world!", { mediaType: "text/plain" });
const contact = (_request: Request): Response => new Response("Hello, POST!", { mediaType: "text/plain" });
const search = (_request: Request): Response => new Response("Hello, QUERY!", { mediaType: "text/plain" });
const echoParam = (key: string) => (request: Request): Response => new JSONResponse({ [key]: request.pathParams["param"] });

const app = new Router({
  routes: [
    new Route("/", homepage, { methods: ["GET"] }),
    new Mount("/users", {
      routes: [
        new Route("/", users),
        new Route("/me", userMe),
        new Route("/{username}", user, { name: "user" }),
        new Route("/{username}:disable", disableUser, { methods: ["PUT"] }),
        new Route("/nomatch", userNoMatch),
      ],
    }),
    new Mount("/static", { app: new Response("xxxxx", { mediaType: "image/png" }) }),
    new Route("/func", funcHomepage, { methods: ["GET"] }),
    new Route("/func", contact, { methods: ["POST"] }),
    new Route("/search", search, { methods: ["QUERY"] }),
    new Route("/int/{param:int}", echoParam("int"), { name: "int-convertor" }),
    new Route("/float/{param:float}", echoParam("float"), { name: "float-convertor" }),
    new Route("/path/{param:path}", echoParam("path"), { name: "path-convertor" }),
    new Route("/uuid/{param:uuid}", echoParam("uuid"), { name: "uuid-convertor" }),
    // A path with characters that are regex syntax.
    new Route("/path-with-parentheses({param:int})", echoParam("int"), { name: "path-with-parentheses" }),
  ],
});

test("test_router", async () => {
  const client = new TestClient(app.asgi);
  let response = await client.get("/");
  expect(response.status).toBe(200);
  expect(response.text).toBe("Hello, world");

  response = await client.post("/");
  expect(response.status).toBe(405);
  expect(response.text).toBe("Method Not Allowed");
  expect(new Set(response.headers.get("allow")?.split(", "))).toEqual(new Set(["HEAD", "GET"]));

  response = await client.get("/foo");
  expect(response.status).toBe(404);
  expect(response.text).toBe("Not Found");

  response = await client.get("/users");
  expect(response.status).toBe(200);
  expect(response.text).toBe("All users");

  response = await client.get("/users/tomchristie");
  expect(response.text).toBe("User tomchristie");

  response = await client.get("/users/me");
  expect(response.text).toBe("User fixed me");

  response = await client.get("/users/tomchristie/");
  expect(response.status).toBe(200);
  expect(String(response.url)).toBe("http://testserver/users/tomchristie");
  expect(response.text).toBe("User tomchristie");

  response = await client.put("/users/tomchristie:disable");
  expect(response.status).toBe(200);
  expect(String(response.url)).toBe("http://testserver/users/tomchristie:disable");
  expect(response.text).toBe("User tomchristie disabled");

  response = await client.get("/users/nomatch");
  expect(response.text).toBe("User nomatch");

  response = await client.get("/static/123");
  expect(response.status).toBe(200);
  expect(response.text).toBe("xxxxx");
});

test("test_router_404_405_bytes", async () => {
  // The exact messages a bare Router sends (no application in the scope).
  const client = new TestClient(app.asgi);
  let response = await client.get("/foo");
  expect(response.rawHeaders).toEqual([
    ["content-length", "9"],
    ["content-type", "text/plain; charset=utf-8"],
  ]);
  expect(response.text).toBe("Not Found");
  response = await client.post("/");
  expect(response.rawHeaders).toEqual([
    ["allow", "GET, HEAD"],
    ["content-length", "18"],
    ["content-type", "text/plain; charset=utf-8"],
  ]);
});

test("test_route_converters", async () => {
  const client = new TestClient(app.asgi);
  let response = await client.get("/int/5");
  expect(response.json()).toEqual({ int: 5 });
  expect(String(app.urlPathFor("int-convertor", { param: 5 }))).toBe("/int/5");

  response = await client.get("/path-with-parentheses(7)");
  expect(response.status).toBe(200);
  expect(response.json()).toEqual({ int: 7 });
  expect(String(app.urlPathFor("path-with-parentheses", { param: 7 }))).toBe("/path-with-parentheses(7)");

  response = await client.get("/float/25.5");
  expect(response.json()).toEqual({ float: 25.5 });
  expect(String(app.urlPathFor("float-convertor", { param: 25.5 }))).toBe("/float/25.5");

  response = await client.get("/path/some/example");
  expect(response.json()).toEqual({ path: "some/example" });
  expect(String(app.urlPathFor("path-convertor", { param: "some/example" }))).toBe("/path/some/example");

  response = await client.get("/uuid/ec38df32-ceda-4cfa-9b4a-1aeb94ad551a");
  expect(response.json()).toEqual({ uuid: "ec38df32-ceda-4cfa-9b4a-1aeb94ad551a" });
  expect(String(app.urlPathFor("uuid-convertor", { param: "ec38df32-ceda-4cfa-9b4a-1aeb94ad551a" }))).toBe(
    "/uuid/ec38df32-ceda-4cfa-9b4a-1aeb94ad551a",
  );

  // A value the convertor's regex refuses is no match at all.
  expect((await client.get("/int/abc")).status).toBe(404);
});

test("test_url_path_for", () => {
  expect(String(app.urlPathFor("homepage"))).toBe("/");
  expect(String(app.urlPathFor("user", { username: "tomchristie" }))).toBe("/users/tomchristie");
  expect(() => app.urlPathFor("broken")).toThrow(new NoMatchFound("broken", {}));
  expect(() => app.urlPathFor("broken")).toThrow('No route exists for name "broken" and params "".');
  expect(() => app.urlPathFor("broken", { key: "value", key2: "value2" })).toThrow(
    'No route exists for name "broken" and params "key, key2".',
  );
  expect(() => app.urlPathFor("user", { username: "tom/christie" })).toThrow("May not contain path separators");
  expect(() => app.urlPathFor("user", { username: "" })).toThrow("Must not be empty");
});

test("test_url_for", () => {
  expect(String(app.urlPathFor("homepage").makeAbsoluteURL("https://example.org"))).toBe("https://example.org/");
  expect(String(app.urlPathFor("homepage").makeAbsoluteURL("https://example.org/root_path/"))).toBe(
    "https://example.org/root_path/",
  );
  expect(String(app.urlPathFor("user", { username: "tomchristie" }).makeAbsoluteURL("https://example.org"))).toBe(
    "https://example.org/users/tomchristie",
  );
});

test("test_router_add_route", async () => {
  const response = await new TestClient(app.asgi).get("/func");
  expect(response.status).toBe(200);
  expect(response.text).toBe("Hello, world!");
});

test("test_router_duplicate_path", async () => {
  const response = await new TestClient(app.asgi).post("/func");
  expect(response.status).toBe(200);
  expect(response.text).toBe("Hello, POST!");
});

test("test_router_query_method", async () => {
  const client = new TestClient(app.asgi);
  let response = await client.request("QUERY", "/search");
  expect(response.status).toBe(200);
  expect(response.text).toBe("Hello, QUERY!");
  response = await client.get("/search");
  expect(response.status).toBe(405);
  expect(response.headers.get("allow")).toBe("QUERY");
});

test("test_router_middleware", async () => {
  class CustomMiddleware {
    constructor(_app: ASGIApp) {}
    readonly asgi: ASGIApp = async (scope, receive, send) => {
      await new PlainTextResponse("OK").asgi(scope, receive, send);
    };
  }
  const router = new Router({ routes: [new Route("/", homepage)], middleware: [new Middleware(CustomMiddleware)] });
  const response = await new TestClient(router.asgi).get("/");
  expect(response.status).toBe(200);
  expect(response.text).toBe("OK");
});

const ok = new PlainTextResponse("OK");

test("test_mount_urls", async () => {
  const mounted = new Router({ routes: [new Mount("/users", { app: ok, name: "users" })] });
  const client = new TestClient(mounted.asgi);
  expect((await client.get("/users")).status).toBe(200);
  expect(String((await client.get("/users")).url)).toBe("http://testserver/users/");
  expect((await client.get("/users/")).status).toBe(200);
  expect((await client.get("/users/a")).status).toBe(200);
  expect((await client.get("/usersa")).status).toBe(404);
});

test("test_reverse_mount_urls", () => {
  let mounted = new Router({ routes: [new Mount("/users", { app: ok, name: "users" })] });
  expect(String(mounted.urlPathFor("users", { path: "/a" }))).toBe("/users/a");

  const usersRouter = new Router({ routes: [new Route("/{username}", ok, { name: "user" })] });
  mounted = new Router({ routes: [new Mount("/{subpath}/users", { app: usersRouter, name: "users" })] });
  expect(String(mounted.urlPathFor("users:user", { subpath: "test", username: "tom" }))).toBe("/test/users/tom");
  expect(String(mounted.urlPathFor("users", { subpath: "test", path: "/tom" }))).toBe("/test/users/tom");

  mounted = new Router({ routes: [new Mount("/users", { app: ok, name: "users" })] });
  expect(() => mounted.urlPathFor("users", { path: "/a", foo: "bar" })).toThrow(NoMatchFound);
  expect(() => mounted.urlPathFor("users")).toThrow(NoMatchFound);
});

test("test_mount_at_root", async () => {
  const mounted = new Router({ routes: [new Mount("/", { app: ok, name: "users" })] });
  expect((await new TestClient(mounted.asgi).get("/")).status).toBe(200);
});

const usersApi = (_request: Request): Response => new JSONResponse({ users: [{ username: "tom" }] });

const mixedHostsApp = new Router({
  routes: [
    new Host("www.example.org", {
      app: new Router({ routes: [new Route("/", homepage, { name: "homepage" }), new Route("/users", users, { name: "users" })] }),
    }),
    new Host("api.example.org", { name: "api", app: new Router({ routes: [new Route("/users", usersApi, { name: "users" })] }) }),
    new Host("port.example.org:3600", { name: "port", app: new Router({ routes: [new Route("/", homepage, { name: "homepage" })] }) }),
  ],
});

test("test_host_routing", async () => {
  let client = new TestClient(mixedHostsApp.asgi, { baseUrl: "https://api.example.org/" });
  let response = await client.get("/users");
  expect(response.status).toBe(200);
  expect(response.json()).toEqual({ users: [{ username: "tom" }] });
  expect((await client.get("/")).status).toBe(404);

  client = new TestClient(mixedHostsApp.asgi, { baseUrl: "https://www.example.org/" });
  response = await client.get("/users");
  expect(response.text).toBe("All users");
  expect((await client.get("/")).status).toBe(200);

  client = new TestClient(mixedHostsApp.asgi, { baseUrl: "https://port.example.org:3600/" });
  expect((await client.get("/users")).status).toBe(404);
  expect((await client.get("/")).status).toBe(200);

  // The port in the requested host does not matter.
  client = new TestClient(mixedHostsApp.asgi, { baseUrl: "https://port.example.org/" });
  expect((await client.get("/")).status).toBe(200);
  client = new TestClient(mixedHostsApp.asgi, { baseUrl: "https://port.example.org:5600/" });
  expect((await client.get("/")).status).toBe(200);
});

test("test_host_routing_rejects_invalid_hosts", async () => {
  const client = new TestClient(mixedHostsApp.asgi, { baseUrl: "https://api.example.org/" });
  for (const host of ["api.example.org:evil", "[:::]"]) {
    expect((await client.get("/users", { headers: { host } })).status).toBe(404);
  }
});

test("test_host_routing_ignores_port", async () => {
  const client = new TestClient(mixedHostsApp.asgi, { baseUrl: "https://api.example.org/" });
  for (const host of ["api.example.org:000080", "api.example.org:65536", "api.example.org:100000"]) {
    expect((await client.get("/users", { headers: { host } })).status).toBe(200);
  }
});

test("test_host_routing_ip_literals", async () => {
  const router = new Router({
    routes: [
      new Host("[::1]", { app: new PlainTextResponse("loopback") }),
      new Host("[2001:db8::1]", { app: new PlainTextResponse("documentation") }),
      new Host("[v1.foo]", { app: new PlainTextResponse("future") }),
    ],
  });
  expect((await new TestClient(router.asgi, { baseUrl: "https://[::1]/" }).get("/")).text).toBe("loopback");
  expect((await new TestClient(router.asgi, { baseUrl: "https://[2001:db8::1]/" }).get("/")).text).toBe("documentation");
  expect((await new TestClient(router.asgi).get("/", { headers: { host: "[v1.foo]" } })).text).toBe("future");
});

test("test_host_reverse_urls", () => {
  expect(String(mixedHostsApp.urlPathFor("homepage").makeAbsoluteURL("https://whatever"))).toBe("https://www.example.org/");
  expect(String(mixedHostsApp.urlPathFor("users").makeAbsoluteURL("https://whatever"))).toBe("https://www.example.org/users");
  expect(String(mixedHostsApp.urlPathFor("api:users").makeAbsoluteURL("https://whatever"))).toBe("https://api.example.org/users");
  expect(String(mixedHostsApp.urlPathFor("port:homepage").makeAbsoluteURL("https://whatever"))).toBe(
    "https://port.example.org:3600/",
  );
  expect(() => mixedHostsApp.urlPathFor("api", { path: "whatever", foo: "bar" })).toThrow(NoMatchFound);
});

const subdomainApp: ASGIApp = async (scope, receive, send) => {
  const params = scope["path_params"] as Record<string, unknown>;
  await new JSONResponse({ subdomain: params["subdomain"] }).asgi(scope, receive, send);
};
const subdomainRouter = new Router({ routes: [new Host("{subdomain}.example.org", { app: subdomainApp, name: "subdomains" })] });

test("test_subdomain_routing", async () => {
  const response = await new TestClient(subdomainRouter.asgi, { baseUrl: "https://foo.example.org/" }).get("/");
  expect(response.status).toBe(200);
  expect(response.json()).toEqual({ subdomain: "foo" });
});

test("test_subdomain_reverse_urls", () => {
  const url = subdomainRouter.urlPathFor("subdomains", { subdomain: "foo", path: "/homepage" });
  expect(String(url.makeAbsoluteURL("https://whatever"))).toBe("https://foo.example.org/homepage");
});

test("test_url_for_with_double_mount", () => {
  const stub: ASGIApp = async () => undefined;
  const doubled = new Starlette({ routes: [new Mount("/mount", { name: "mount", routes: [new Mount("/static", { app: stub, name: "static" })] })] });
  expect(String(doubled.urlPathFor("mount:static", { path: "123" }))).toBe("/mount/static/123");
});

test("test_standalone_route_matches", async () => {
  const route = new Route("/", new PlainTextResponse("Hello, World!"));
  const response = await new TestClient(route.asgi).get("/");
  expect(response.status).toBe(200);
  expect(response.text).toBe("Hello, World!");
});

test("test_standalone_route_does_not_match", async () => {
  const route = new Route("/", new PlainTextResponse("Hello, World!"));
  const response = await new TestClient(route.asgi).get("/invalid");
  expect(response.status).toBe(404);
  expect(response.text).toBe("Not Found");
});

test("test_lifespan_state_unsupported", async () => {
  const router = new Router({
    lifespan: async function* () {
      yield { foo: "bar" };
    },
    routes: [new Mount("/", { app: new PlainTextResponse("hello, world") })],
  });
  const noStateWrapper: ASGIApp = async (scope, receive, send) => {
    delete scope.state;
    await router.asgi(scope, receive, send);
  };
  const client = new TestClient(noStateWrapper);
  await expect(client.start()).rejects.toThrow('The server does not support "state" in the lifespan scope');
});

test("test_lifespan_state_async_cm", async () => {
  let startupComplete = false;
  let shutdownComplete = false;
  const state = { count: 0, items: [] as number[] };
  const helloWorld = (request: Request): Response => {
    // Changes to the state do not leak across requests...
    expect(request.state.get("count")).toBe(0);
    request.state.set("count", 1);
    // ...unless they mutate a shared object.
    (request.state.get("items") as number[]).push(1);
    return new PlainTextResponse("hello, world");
  };
  const router = new Router({
    lifespan: async function* () {
      startupComplete = true;
      yield state;
      shutdownComplete = true;
      expect(state.count).toBe(0);
      expect(state.items).toEqual([1, 1]);
    },
    routes: [new Route("/", helloWorld)],
  });
  expect(startupComplete).toBe(false);
  const client = new TestClient(router.asgi);
  await client.start();
  expect(startupComplete).toBe(true);
  expect(shutdownComplete).toBe(false);
  expect((await client.get("/")).status).toBe(200);
  expect((await client.get("/")).status).toBe(200);
  await client.close();
  expect(shutdownComplete).toBe(true);
});

test("test_raise_on_startup", async () => {
  let startupFailed = false;
  const router = new Router({
    // eslint-disable-next-line require-yield
    lifespan: async function* () {
      throw new Error("startup boom");
    },
  });
  const app: ASGIApp = async (scope, receive, send) => {
    await router.asgi(scope, receive, async (message) => {
      if (message.type === "lifespan.startup.failed") startupFailed = true;
      await send(message);
    });
  };
  await expect(new TestClient(app).start()).rejects.toThrow();
  expect(startupFailed).toBe(true);
});

test("test_raise_on_shutdown", async () => {
  const router = new Router({
    lifespan: async function* () {
      yield;
      throw new Error("Shutdown failed");
    },
  });
  const client = new TestClient(router.asgi);
  await client.start();
  await expect(client.close()).rejects.toThrow("Shutdown failed");
});

test("test_duplicated_param_names", () => {
  expect(() => new Route("/{id}/{id}", user)).toThrow("Duplicated param name id at path /{id}/{id}");
  expect(() => new Route("/{id}/{name}/{id}/{name}", user)).toThrow(
    "Duplicated param names id, name at path /{id}/{name}/{id}/{name}",
  );
});

test("test_route_name", () => {
  function func_homepage(_request: Request): Response {
    return ok;
  }
  class Endpoint {
    readonly asgi: ASGIApp = async () => undefined;
  }
  expect(new Route("/", func_homepage).name).toBe("func_homepage");
  expect(new Route("/", new Endpoint()).name).toBe("Endpoint");
  expect(new Route("/", (_request: Request) => ok).name).toBe("");
});

class AddHeadersMiddleware {
  constructor(private readonly app: ASGIApp) {}
  readonly asgi: ASGIApp = async (scope, receive, send) => {
    scope["add_headers_middleware"] = true;
    await this.app(scope, receive, async (message) => {
      if (message.type === "http.response.start") message.headers?.push(["X-Test", "Set by middleware"]);
      await send(message);
    });
  };
}

const assertMiddlewareHeaderRoute = (request: Request): Response => {
  expect(request.scope["add_headers_middleware"]).toBe(true);
  return new Response();
};

test("test_base_route_middleware", async () => {
  const routeWithMiddleware = new Starlette({
    routes: [
      new Route("/http", assertMiddlewareHeaderRoute, { methods: ["GET"], middleware: [new Middleware(AddHeadersMiddleware)] }),
      new Route("/home", homepage),
    ],
  });
  const mountedRoutesWithMiddleware = new Starlette({
    routes: [
      new Mount("/http", {
        routes: [new Route("/", assertMiddlewareHeaderRoute, { methods: ["GET"], name: "route" })],
        middleware: [new Middleware(AddHeadersMiddleware)],
      }),
      new Route("/home", homepage),
    ],
  });
  const mountedAppWithMiddleware = new Starlette({
    routes: [
      new Mount("/http", {
        app: new Route("/", assertMiddlewareHeaderRoute, { methods: ["GET"], name: "route" }),
        middleware: [new Middleware(AddHeadersMiddleware)],
      }),
      new Route("/home", homepage),
    ],
  });
  for (const starlette of [mountedRoutesWithMiddleware, mountedAppWithMiddleware, routeWithMiddleware]) {
    const client = new TestClient(starlette.asgi);
    let response = await client.get("/home");
    expect(response.status).toBe(200);
    expect(response.headers.has("X-Test")).toBe(false);
    response = await client.get("/http");
    expect(response.status).toBe(200);
    expect(response.headers.get("X-Test")).toBe("Set by middleware");
  }
  expect(String(mountedRoutesWithMiddleware.urlPathFor("route"))).toBe("/http/");
  // A mounted ASGI app is opaque to urlPathFor, middleware or not.
  expect(() => mountedAppWithMiddleware.urlPathFor("route")).toThrow(NoMatchFound);
});

test("test_add_route_to_app_after_mount", async () => {
  const inner = new Router();
  const mount = new Mount("/http", { app: inner });
  inner.addRoute("/inner", homepage, { methods: ["GET"] });
  expect((await new TestClient(mount.asgi).get("/http/inner")).status).toBe(200);
});

test("test_exception_on_mounted_apps", async () => {
  const exc = (): Response => {
    throw new Error("Exc");
  };
  const subApp = new Starlette({ routes: [new Route("/", exc)] });
  const starlette = new Starlette({ routes: [new Mount("/sub", { app: subApp })] });
  await expect(new TestClient(starlette.asgi).get("/sub/")).rejects.toThrow("Exc");
});

test("test_mounted_middleware_does_not_catch_exception", async () => {
  const exc = (): Response => {
    throw new HTTPException(403, "auth");
  };
  class NamedMiddleware {
    constructor(
      private readonly app: ASGIApp,
      private readonly options: { name: string },
    ) {}
    readonly asgi: ASGIApp = async (scope, receive, send) => {
      await this.app(scope, receive, async (message) => {
        if (message.type === "http.response.start") message.headers?.push([`X-${this.options.name}`, "true"]);
        await send(message);
      });
    };
  }
  const starlette = new Starlette({
    routes: [
      new Mount("/mount", {
        routes: [new Route("/err", exc), new Route("/home", homepage)],
        middleware: [new Middleware(NamedMiddleware, { name: "Mounted" })],
      }),
      new Route("/err", exc),
      new Route("/home", homepage),
    ],
    middleware: [new Middleware(NamedMiddleware, { name: "Outer" })],
  });
  const client = new TestClient(starlette.asgi);
  let response = await client.get("/home");
  expect(response.status).toBe(200);
  expect(response.headers.has("X-Outer")).toBe(true);
  response = await client.get("/err");
  expect(response.status).toBe(403);
  expect(response.headers.has("X-Outer")).toBe(true);
  response = await client.get("/mount/home");
  expect(response.headers.has("X-Mounted")).toBe(true);
  response = await client.get("/mount/err");
  expect(response.status).toBe(403);
  expect(response.headers.has("X-Mounted")).toBe(true);
});

test("test_route_repr", () => {
  expect(String(new Route("/welcome", homepage, { name: "homepage" }))).toBe(
    "Route(path='/welcome', name='homepage', methods=['GET', 'HEAD'])",
  );
  expect(String(new Route("/welcome", { asgi: ok.asgi }, { name: "Endpoint" }))).toBe(
    "Route(path='/welcome', name='Endpoint', methods=[])",
  );
});

test("test_mount_repr", () => {
  expect(String(new Mount("/app", { routes: [new Route("/", homepage)] }))).toMatch(/^Mount\(path='\/app', name='', app=/);
  expect(String(new Mount("/app", { name: "app", routes: [new Route("/", homepage)] }))).toMatch(
    /^Mount\(path='\/app', name='app', app=/,
  );
});

test("test_host_repr", () => {
  expect(String(new Host("example.com", { app: new Router({ routes: [new Route("/", homepage)] }) }))).toMatch(
    /^Host\(host='example.com', name='', app=/,
  );
});

const echoPaths = (name: string) => (request: Request): Response =>
  new JSONResponse({ name, path: request.scope.path, root_path: request.scope.root_path });

test("test_paths_with_root_path", async () => {
  const pureAsgiEchoPaths: ASGIApp = async (scope, receive, send) => {
    const http = scope as { path: string; root_path: string };
    await new JSONResponse({ name: "asgipath", path: http.path, root_path: http.root_path }).asgi(scope, receive, send);
  };
  const starlette = new Starlette({
    routes: [
      new Route("/path", echoPaths("path"), { name: "path", methods: ["GET"] }),
      new Route("/root-queue/path", echoPaths("queue_path"), { name: "queue_path", methods: ["POST"] }),
      new Mount("/asgipath", { app: pureAsgiEchoPaths }),
      new Mount("/sub", { name: "mount", routes: [new Route("/path", echoPaths("subpath"), { name: "subpath", methods: ["GET"] })] }),
    ],
  });
  const client = new TestClient(starlette.asgi, { baseUrl: "https://www.example.org/", rootPath: "/root" });
  let response = await client.get("/root/path");
  expect(response.status).toBe(200);
  expect(response.json()).toEqual({ name: "path", path: "/root/path", root_path: "/root" });
  response = await client.get("/root/asgipath/");
  expect(response.json()).toEqual({ name: "asgipath", path: "/root/asgipath/", root_path: "/root/asgipath" });
  response = await client.get("/root/sub/path");
  expect(response.json()).toEqual({ name: "subpath", path: "/root/sub/path", root_path: "/root/sub" });
  response = await client.post("/root/root-queue/path");
  expect(response.json()).toEqual({ name: "queue_path", path: "/root/root-queue/path", root_path: "/root" });
});

test("test_head_goes_to_the_get_route", async () => {
  // Starlette 1.7.0: a GET route takes HEAD too, so it answers before a later HEAD-only route.
  const calls: string[] = [];
  const starlette = new Starlette({
    routes: [
      new Route("/", () => {
        calls.push("GET");
        return new PlainTextResponse("GET");
      }),
      new Route(
        "/",
        () => {
          calls.push("HEAD");
          return new PlainTextResponse("");
        },
        { methods: ["HEAD"] },
      ),
    ],
  });
  const client = new TestClient(starlette.asgi);
  expect((await client.head("/")).status).toBe(200);
  expect(calls).toEqual(["GET"]);
});

test("test_redirect_slashes", async () => {
  const router = new Router({ routes: [new Route("/items", homepage), new Route("/folder/", users)] });
  const client = new TestClient(router.asgi, { followRedirects: false });
  let response = await client.get("/items/?a=1");
  expect(response.status).toBe(307);
  expect(response.headers.get("location")).toBe("http://testserver/items?a=1");
  response = await client.get("/folder");
  expect(response.status).toBe(307);
  expect(response.headers.get("location")).toBe("http://testserver/folder/");

  const noRedirect = new Router({ routes: [new Route("/items", homepage)], redirectSlashes: false });
  expect((await new TestClient(noRedirect.asgi, { followRedirects: false }).get("/items/")).status).toBe(404);
});

test("test_compile_path", () => {
  const { regex, format, convertors } = compilePath("/{username:str}/{id:int}");
  expect(regex.source).toBe("^\\/(?<username>[^/]+)\\/(?<id>[0-9]+)$");
  expect(format).toBe("/{username}/{id}");
  expect([...convertors.keys()]).toEqual(["username", "id"]);
  expect(() => compilePath("/{x:nope}")).toThrow("Unknown path convertor 'nope'");
});
