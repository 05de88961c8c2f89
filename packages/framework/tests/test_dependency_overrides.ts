// Ports FastAPI's tests/test_dependency_overrides.py: `app.dependencyOverrides` keyed by the dependency's function
// replaces every `Depends` of it (in handlers, in `dependencies`, in included routers); the replacement's own
// parameters are the ones validated.
import { expect, test } from "vitest";
import { z } from "zod";
import { APIRouter, App, Depends, TestClient, type ParamsArgs } from "../src/index.js";

const commonSpec = { query: z.object({ q: z.string(), skip: z.int().default(0), limit: z.int().default(100) }) };
async function commonParameters({ query }: ParamsArgs<typeof commonSpec>): Promise<Record<string, unknown>> {
  return { q: query.q, skip: query.skip, limit: query.limit };
}

function makeApp(): App {
  const app = new App();
  const router = new APIRouter();
  app.get("/main-depends/", { deps: { commons: Depends(commonSpec, commonParameters) } }, async function mainDepends({ deps }) {
    return { in: "main-depends", params: deps.commons };
  });
  app.get("/decorator-depends/", { dependencies: [Depends(commonSpec, commonParameters)] }, async function decoratorDepends() {
    return { in: "decorator-depends" };
  });
  router.get("/router-depends/", { deps: { commons: Depends(commonSpec, commonParameters) } }, async function routerDepends({ deps }) {
    return { in: "router-depends", params: deps.commons };
  });
  router.get("/router-decorator-depends/", { dependencies: [Depends(commonSpec, commonParameters)] }, async function routerDecoratorDepends() {
    return { in: "router-decorator-depends" };
  });
  app.includeRouter(router);
  return app;
}

const overriderDependencySimple = Depends(
  { query: z.object({ q: z.string().nullable().default(null) }) },
  async function overriderDependencySimple({ query }) {
    return { q: query.q, skip: 5, limit: 10 } as Record<string, unknown>;
  },
);
const overriderSubDependency = Depends({ query: z.object({ k: z.string() }) }, async function overriderSubDependency({ query }) {
  return { k: query.k };
});
const overriderDependencyWithSub = Depends({ deps: { msg: overriderSubDependency } }, async function overriderDependencyWithSub({ deps }) {
  return deps.msg as Record<string, unknown>;
});

const missing = (name: string): unknown => ({ detail: [{ type: "missing", loc: ["query", name], msg: "Field required", input: null }] });

test.each([
  ["/main-depends/", 422, missing("q")],
  ["/main-depends/?q=foo", 200, { in: "main-depends", params: { q: "foo", skip: 0, limit: 100 } }],
  ["/main-depends/?q=foo&skip=100&limit=200", 200, { in: "main-depends", params: { q: "foo", skip: 100, limit: 200 } }],
  ["/decorator-depends/", 422, missing("q")],
  ["/decorator-depends/?q=foo", 200, { in: "decorator-depends" }],
  ["/decorator-depends/?q=foo&skip=100&limit=200", 200, { in: "decorator-depends" }],
  ["/router-depends/", 422, missing("q")],
  ["/router-depends/?q=foo", 200, { in: "router-depends", params: { q: "foo", skip: 0, limit: 100 } }],
  ["/router-depends/?q=foo&skip=100&limit=200", 200, { in: "router-depends", params: { q: "foo", skip: 100, limit: 200 } }],
  ["/router-decorator-depends/", 422, missing("q")],
  ["/router-decorator-depends/?q=foo", 200, { in: "router-decorator-depends" }],
  ["/router-decorator-depends/?q=foo&skip=100&limit=200", 200, { in: "router-decorator-depends" }],
])("test_main_depends and friends, no override: %s", async (url, status, expected) => {
  const response = await new TestClient(makeApp().asgi).get(url);
  expect([response.status, response.json()]).toEqual([status, expected]);
});

test.each([
  ["/main-depends/", 200, { in: "main-depends", params: { q: null, skip: 5, limit: 10 } }],
  ["/main-depends/?q=foo", 200, { in: "main-depends", params: { q: "foo", skip: 5, limit: 10 } }],
  ["/main-depends/?q=foo&skip=100&limit=200", 200, { in: "main-depends", params: { q: "foo", skip: 5, limit: 10 } }],
  ["/decorator-depends/", 200, { in: "decorator-depends" }],
  ["/router-depends/", 200, { in: "router-depends", params: { q: null, skip: 5, limit: 10 } }],
  ["/router-depends/?q=foo", 200, { in: "router-depends", params: { q: "foo", skip: 5, limit: 10 } }],
  ["/router-depends/?q=foo&skip=100&limit=200", 200, { in: "router-depends", params: { q: "foo", skip: 5, limit: 10 } }],
  ["/router-decorator-depends/", 200, { in: "router-decorator-depends" }],
])("test_override_simple %s", async (url, status, expected) => {
  const app = makeApp();
  app.dependencyOverrides.set(commonParameters, overriderDependencySimple);
  const response = await new TestClient(app.asgi).get(url);
  expect([response.status, response.json()]).toEqual([status, expected]);
  app.dependencyOverrides.clear();
  expect((await new TestClient(app.asgi).get(url)).status).toBe(url.includes("q=") ? 200 : 422);
});

test.each([
  ["test_override_with_sub_main_depends", "/main-depends/", 422, missing("k")],
  ["test_override_with_sub__main_depends_q_foo", "/main-depends/?q=foo", 422, missing("k")],
  ["test_override_with_sub_main_depends_k_bar", "/main-depends/?k=bar", 200, { in: "main-depends", params: { k: "bar" } }],
  ["test_override_with_sub_decorator_depends", "/decorator-depends/", 422, missing("k")],
  ["test_override_with_sub_decorator_depends_q_foo", "/decorator-depends/?q=foo", 422, missing("k")],
  ["test_override_with_sub_decorator_depends_k_bar", "/decorator-depends/?k=bar", 200, { in: "decorator-depends" }],
  ["test_override_with_sub_router_depends", "/router-depends/", 422, missing("k")],
  ["test_override_with_sub_router_depends_q_foo", "/router-depends/?q=foo", 422, missing("k")],
  ["test_override_with_sub_router_depends_k_bar", "/router-depends/?k=bar", 200, { in: "router-depends", params: { k: "bar" } }],
  ["test_override_with_sub_router_decorator_depends", "/router-decorator-depends/", 422, missing("k")],
  ["test_override_with_sub_router_decorator_depends_q_foo", "/router-decorator-depends/?q=foo", 422, missing("k")],
  ["test_override_with_sub_router_decorator_depends_k_bar", "/router-decorator-depends/?k=bar", 200, { in: "router-decorator-depends" }],
])("%s", async (_name, url, status, expected) => {
  const app = makeApp();
  app.dependencyOverrides.set(commonParameters, overriderDependencyWithSub);
  const response = await new TestClient(app.asgi).get(url);
  expect([response.status, response.json()]).toEqual([status, expected]);
});

test("an override keyed by one Depends replaces the other Depends of the same function", async () => {
  const app = makeApp();
  app.dependencyOverrides.set(Depends(commonSpec, commonParameters), overriderDependencySimple);
  const response = await new TestClient(app.asgi).get("/router-depends/");
  expect([response.status, response.json()]).toEqual([200, { in: "router-depends", params: { q: null, skip: 5, limit: 10 } }]);
});
