// Ports FastAPI's tests/test_tutorial/test_dependencies (tutorial001 to tutorial012 of docs_src/dependencies) with the
// tutorial apps written with the public API; every answer (status, header list, body bytes, /openapi.json) is compared
// with what FastAPI 0.142.2 answered for the same request (reference/dependencies.py).
import { describe, expect, test } from "vitest";
import { z } from "zod";
import { App, Depends, FastAPIError, HTTPException, TestClient, type ParamsArgs } from "../../src/index.js";
import { DEPENDENCIES } from "./reference/dependencies.js";
import { expectRecorded, type Answer } from "./reference/recorded.js";

const same = (response: Answer, name: string): void => expectRecorded(response, DEPENDENCIES, name);

const commonQuery = z.object({ q: z.string().nullable().default(null), skip: z.int().default(0), limit: z.int().default(100) });

/** tutorial001: `async def common_parameters(q: str | None = None, skip: int = 0, limit: int = 100)`. */
function tutorial001(): App {
  const commons = Depends({ query: commonQuery }, async function commonParameters({ query }) {
    return { q: query.q, skip: query.skip, limit: query.limit };
  });
  const app = new App();
  app.get("/items/", { deps: { commons } }, async function readItems({ deps }) {
    return deps.commons;
  });
  app.get("/users/", { deps: { commons } }, async function readUsers({ deps }) {
    return deps.commons;
  });
  return app;
}

describe("test_tutorial001_tutorial001_02", () => {
  test.each([
    ["/items", "t001_items"],
    ["/items?q=foo", "t001_items_q"],
    ["/items?q=foo&skip=5", "t001_items_q_skip"],
    ["/items?q=foo&skip=5&limit=30", "t001_items_q_skip_limit"],
    ["/users", "t001_users"],
    ["/users?skip=a&limit=b", "t001_users_bad"],
  ])("test_get %s", async (path, name) => {
    same(await new TestClient(tutorial001().asgi).get(path), name);
  });

  test.each(["tutorial001_py310", "tutorial001_02_an_py310"])("test_openapi_schema %s", async (name) => {
    same(await new TestClient(tutorial001().asgi).get("/openapi.json"), `${name}_openapi`);
  });
});

const fakeItemsDb = [{ item_name: "Foo" }, { item_name: "Bar" }, { item_name: "Baz" }];

/** tutorial002-004: `class CommonQueryParams` with `Depends(CommonQueryParams)` or `Depends()`. */
class CommonQueryParams {
  static readonly params = { query: commonQuery };
  readonly q: string | null;
  readonly skip: number;
  readonly limit: number;

  constructor({ query }: ParamsArgs<typeof CommonQueryParams.params>) {
    this.q = query.q;
    this.skip = query.skip;
    this.limit = query.limit;
  }
}

function tutorial002(): App {
  const app = new App();
  app.get("/items/", { deps: { commons: Depends(CommonQueryParams) } }, async function readItems({ deps: { commons } }) {
    const response: Record<string, unknown> = {};
    if (commons.q) response["q"] = commons.q;
    response["items"] = fakeItemsDb.slice(commons.skip, commons.skip + commons.limit);
    return response;
  });
  return app;
}

describe.each(["tutorial002", "tutorial003", "tutorial004"])("test_tutorial002_tutorial003_tutorial004 (%s)", (tutorial) => {
  test.each(["items", "items_q", "items_q_skip", "items_q_skip_limit", "items_skip_limit", "items_limit", "items_bad"])("test_get %s", async (what) => {
    const query: Record<string, string> = {
      items: "",
      items_q: "?q=foo",
      items_q_skip: "?q=foo&skip=1",
      items_q_skip_limit: "?q=bar&limit=2",
      items_skip_limit: "?q=bar&skip=1&limit=1",
      items_limit: "?limit=1&q=bar&skip=1",
      items_bad: "?skip=x&limit=1.5",
    };
    same(await new TestClient(tutorial002().asgi).get(`/items${query[what] ?? ""}`), `${tutorial}_${what}`);
  });

  test("test_openapi_schema", async () => {
    same(await new TestClient(tutorial002().asgi).get("/openapi.json"), `${tutorial}_openapi`);
  });
});

function tutorial005(): App {
  const queryExtractor = Depends({ query: z.object({ q: z.string().nullable().default(null) }) }, function queryExtractor({ query }) {
    return query.q;
  });
  const queryOrCookieExtractor = Depends(
    { deps: { q: queryExtractor }, cookies: z.object({ last_query: z.string().nullable().default(null) }) },
    function queryOrCookieExtractor({ deps, cookies }) {
      return deps.q ? deps.q : cookies.last_query;
    },
  );
  const app = new App();
  app.get("/items/", { deps: { query_or_default: queryOrCookieExtractor } }, async function readQuery({ deps }) {
    return { q_or_cookie: deps.query_or_default };
  });
  return app;
}

describe("test_tutorial005", () => {
  test("test_get", async () => {
    const client = new TestClient(tutorial005().asgi);
    same(await client.get("/items"), "t005_items");
    same(await client.get("/items?q=foo"), "t005_items_q");
    same(await client.get("/items/", { cookies: { last_query: "from cookie" } }), "t005_cookie");
    same(await client.get("/items/?q=foo", { cookies: { last_query: "from cookie" } }), "t005_cookie_q");
  });

  test("test_openapi_schema", async () => {
    same(await new TestClient(tutorial005().asgi).get("/openapi.json"), "t005_openapi");
  });
});

const verifyToken = Depends({ headers: z.object({ x_token: z.string() }) }, async function verifyToken({ headers }) {
  if (headers.x_token !== "fake-super-secret-token") throw new HTTPException(400, "X-Token header invalid");
});
const verifyKey = Depends({ headers: z.object({ x_key: z.string() }) }, async function verifyKey({ headers }) {
  if (headers.x_key !== "fake-super-secret-key") throw new HTTPException(400, "X-Key header invalid");
  return headers.x_key;
});

function tutorial006(): App {
  const app = new App();
  app.get("/items/", { dependencies: [verifyToken, verifyKey] }, async function readItems() {
    return [{ item: "Foo" }, { item: "Bar" }];
  });
  return app;
}

/** tutorial012: the same dependencies, for every route of the app. */
function tutorial012(): App {
  const app = new App({ dependencies: [verifyToken, verifyKey] });
  app.get("/items/", async function readItems() {
    return [{ item: "Portal Gun" }, { item: "Plumbus" }];
  });
  app.get("/users/", async function readUsers() {
    return [{ username: "Rick" }, { username: "Morty" }];
  });
  return app;
}

const token = { "X-Token": "fake-super-secret-token" };
const bothHeaders = { ...token, "X-Key": "fake-super-secret-key" };

describe.each([
  ["test_tutorial006", "t006", tutorial006, ["items"]],
  ["test_tutorial012", "t012", tutorial012, ["items", "users"]],
] as const)("%s", (_name, prefix, makeApp, paths) => {
  test.each(paths)("test_get_no_headers %s", async (path) => {
    same(await new TestClient(makeApp().asgi).get(`/${path}/`), `${prefix}_${path}_none`);
  });
  test.each(paths)("test_get_invalid_one_header %s", async (path) => {
    same(await new TestClient(makeApp().asgi).get(`/${path}/`, { headers: { "X-Token": "invalid" } }), `${prefix}_${path}_bad_token`);
  });
  test.each(paths)("test_get_invalid_second_header %s", async (path) => {
    same(await new TestClient(makeApp().asgi).get(`/${path}/`, { headers: { ...token, "X-Key": "invalid" } }), `${prefix}_${path}_bad_key`);
  });
  test.each(paths)("test_get_valid_headers %s", async (path) => {
    same(await new TestClient(makeApp().asgi).get(`/${path}/`, { headers: bothHeaders }), `${prefix}_${path}_ok`);
  });
  test("test_openapi_schema", async () => {
    same(await new TestClient(makeApp().asgi).get("/openapi.json"), `${prefix}_openapi`);
  });
});

const data: Record<string, { description: string; owner: string }> = {
  plumbus: { description: "Freshly pickled plumbus", owner: "Morty" },
  "portal-gun": { description: "Gun to create portals", owner: "Rick" },
};

class OwnerError extends Error {}

/** tutorial008b: the dependency turns the handler's OwnerError into an HTTPException at its `yield`. */
function tutorial008b(): App {
  const getUsername = Depends(function* getUsername() {
    try {
      yield "Rick";
    } catch (error: unknown) {
      if (error instanceof OwnerError) throw new HTTPException(400, `Owner error: ${error.message}`);
      throw error;
    }
  });
  const app = new App();
  app.get("/items/{item_id}", { path: z.object({ item_id: z.string() }), deps: { username: getUsername } }, function getItem({ path, deps }) {
    const item = data[path.item_id];
    if (item === undefined) throw new HTTPException(404, "Item not found");
    if (item.owner !== deps.username) throw new OwnerError(deps.username);
    return item;
  });
  return app;
}

describe("test_tutorial008b", () => {
  test("test_get_no_item", async () => same(await new TestClient(tutorial008b().asgi).get("/items/foo"), "t008b_no_item"));
  test("test_owner_error", async () => same(await new TestClient(tutorial008b().asgi).get("/items/plumbus"), "t008b_owner_error"));
  test("test_get_item", async () => same(await new TestClient(tutorial008b().asgi).get("/items/portal-gun"), "t008b_item"));
  test("test_openapi_schema", async () => same(await new TestClient(tutorial008b().asgi).get("/openapi.json"), "t008b_openapi"));
});

class InternalError extends Error {}

/** tutorial008c (the dependency swallows the error) and 008d (it raises it again). */
function tutorial008cd(raiseAgain: boolean, printed: string[]): App {
  const getUsername = Depends(function* getUsername() {
    try {
      yield "Rick";
    } catch (error: unknown) {
      if (!(error instanceof InternalError)) throw error;
      printed.push(raiseAgain ? "raised again" : "swallowed");
      if (raiseAgain) throw error;
    }
  });
  const app = new App();
  app.get("/items/{item_id}", { path: z.object({ item_id: z.string() }), deps: { username: getUsername } }, function getItem({ path, deps }) {
    if (path.item_id === "portal-gun") throw new InternalError(`The portal gun is too dangerous to be owned by ${deps.username}`);
    if (path.item_id !== "plumbus") throw new HTTPException(404, "Item not found, there's only a plumbus here");
    return path.item_id;
  });
  return app;
}

describe.each([
  ["test_tutorial008c", "t008c", false],
  ["test_tutorial008d", "t008d", true],
] as const)("%s", (_name, prefix, raiseAgain) => {
  test("test_get_no_item", async () => same(await new TestClient(tutorial008cd(raiseAgain, []).asgi).get("/items/foo"), `${prefix}_no_item`));
  test("test_get", async () => same(await new TestClient(tutorial008cd(raiseAgain, []).asgi).get("/items/plumbus"), `${prefix}_item`));
  test(raiseAgain ? "test_internal_error" : "test_fastapi_error", async () => {
    const printed: string[] = [];
    const request = new TestClient(tutorial008cd(raiseAgain, printed).asgi).get("/items/portal-gun");
    if (raiseAgain) await expect(request).rejects.toThrow(new InternalError("The portal gun is too dangerous to be owned by Rick"));
    else await expect(request).rejects.toThrow(FastAPIError);
    expect(printed).toEqual([raiseAgain ? "raised again" : "swallowed"]);
  });
  test("test_internal_server_error", async () => {
    const client = new TestClient(tutorial008cd(raiseAgain, []).asgi, { raiseServerExceptions: false });
    same(await client.get("/items/portal-gun"), `${prefix}_500`);
  });
});

describe("test_tutorial008e", () => {
  test("test_get_users_me", async () => {
    const events: string[] = [];
    const getUsername = Depends(
      function* getUsername() {
        try {
          yield "Rick";
        } finally {
          events.push("cleanup");
        }
      },
      { scope: "function" },
    );
    const app = new App();
    app.get("/users/me", { deps: { username: getUsername } }, function getUserMe({ deps }) {
      return deps.username;
    });
    // "Cleanup up before response is sent": the cleanup comes before http.response.start.
    const client = new TestClient(async (scope, receive, send) => {
      await app.asgi(scope, receive, async (message) => {
        events.push(message.type);
        await send(message);
      });
    });
    same(await client.get("/users/me"), "t008e_me");
    expect(events).toEqual(["cleanup", "http.response.start", "http.response.body"]);
    same(await new TestClient(app.asgi).get("/openapi.json"), "t008e_openapi");
  });
});

/** tutorial011: an instance's `__call__` as the dependency, parametrized at construction. */
class FixedContentQueryChecker {
  static readonly params = { query: z.object({ q: z.string().default("") }) };
  constructor(readonly fixedContent: string) {}

  call({ query }: ParamsArgs<typeof FixedContentQueryChecker.params>): boolean {
    return query.q ? query.q.includes(this.fixedContent) : false;
  }
}

function tutorial011(): App {
  const checker = new FixedContentQueryChecker("bar");
  const app = new App();
  app.get(
    "/query-checker/",
    { deps: { fixed_content_included: Depends(FixedContentQueryChecker.params, (args) => checker.call(args)) } },
    async function readQueryCheck({ deps }) {
      return { fixed_content_in_query: deps.fixed_content_included };
    },
  );
  return app;
}

describe("test_tutorial011", () => {
  test.each([
    ["/query-checker/", "t011_none"],
    ["/query-checker/?q=foo", "t011_foo"],
    ["/query-checker/?q=bar", "t011_bar"],
    ["/query-checker/?q=foobarbaz", "t011_foobarbaz"],
  ])("test_get %s", async (path, name) => {
    same(await new TestClient(tutorial011().asgi).get(path), name);
  });
  test("test_openapi_schema", async () => same(await new TestClient(tutorial011().asgi).get("/openapi.json"), "t011_openapi"));
});

describe("test_tutorial008", () => {
  test("test_get_db: sub-dependencies with yield close in reverse order, each after the one that needs it", async () => {
    const events: string[] = [];
    const dependencyA = Depends(async function* dependencyA() {
      const depA = "a";
      try {
        yield depA;
      } finally {
        events.push("close a");
      }
    });
    const dependencyB = Depends({ deps: { depA: dependencyA } }, async function* dependencyB({ deps }) {
      try {
        yield `b(${deps.depA})`;
      } finally {
        events.push(`close b with ${deps.depA}`);
      }
    });
    const dependencyC = Depends({ deps: { depB: dependencyB } }, async function* dependencyC({ deps }) {
      try {
        yield `c(${deps.depB})`;
      } finally {
        events.push(`close c with ${deps.depB}`);
      }
    });
    const app = new App();
    app.get("/", { deps: { c: dependencyC } }, function readRoot({ deps }) {
      return { c: deps.c };
    });
    const response = await new TestClient(app.asgi).get("/");
    expect([response.status, response.json()]).toEqual([200, { c: "c(b(a))" }]);
    expect(events).toEqual(["close c with b(a)", "close b with a", "close a"]);
  });
});
