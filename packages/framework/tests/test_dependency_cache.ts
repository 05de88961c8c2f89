// Ports FastAPI's tests/test_dependency_cache.py: one value per request for a dependency used twice (by its function,
// as FastAPI's cache key), use_cache=False, and Security scopes as part of the key.
import { expect, test } from "vitest";
import { z } from "zod";
import { App, Depends, Security, TestClient } from "../src/index.js";

function makeApp(): App {
  const counterHolder = { counter: 0 };
  async function depCounter(): Promise<number> {
    counterHolder.counter += 1;
    return counterHolder.counter;
  }
  const superDep = Depends({ deps: { count: Depends(depCounter) } }, async function superDep({ deps }) {
    return deps.count;
  });
  const app = new App();
  app.get("/counter/", { deps: { count: Depends(depCounter) } }, async function getCounter({ deps }) {
    return { counter: deps.count };
  });
  app.get("/sub-counter/", { deps: { subcount: superDep, count: Depends(depCounter) } }, async function getSubCounter({ deps }) {
    return { counter: deps.count, subcounter: deps.subcount };
  });
  app.get(
    "/sub-counter-no-cache/",
    { deps: { subcount: superDep, count: Depends(depCounter, { useCache: false }) } },
    async function getSubCounterNoCache({ deps }) {
      return { counter: deps.count, subcounter: deps.subcount };
    },
  );
  app.get(
    "/scope-counter",
    {
      deps: {
        count: Security(depCounter),
        scope_count_1: Security(depCounter, { scopes: ["scope"] }),
        scope_count_2: Security(depCounter, { scopes: ["scope"] }),
      },
    },
    async function getScopeCounter({ deps }) {
      return { counter: deps.count, scope_counter_1: deps.scope_count_1, scope_counter_2: deps.scope_count_2 };
    },
  );
  return app;
}

test("test_normal_counter", async () => {
  const client = new TestClient(makeApp().asgi);
  expect((await client.get("/counter/")).json()).toEqual({ counter: 1 });
  expect((await client.get("/counter/")).json()).toEqual({ counter: 2 });
});

test("test_sub_counter", async () => {
  const client = new TestClient(makeApp().asgi);
  expect((await client.get("/sub-counter/")).json()).toEqual({ counter: 1, subcounter: 1 });
  expect((await client.get("/sub-counter/")).json()).toEqual({ counter: 2, subcounter: 2 });
});

test("test_sub_counter_no_cache", async () => {
  const client = new TestClient(makeApp().asgi);
  expect((await client.get("/sub-counter-no-cache/")).json()).toEqual({ counter: 2, subcounter: 1 });
  expect((await client.get("/sub-counter-no-cache/")).json()).toEqual({ counter: 4, subcounter: 3 });
});

test("test_security_cache", async () => {
  const client = new TestClient(makeApp().asgi);
  const first = await client.get("/scope-counter/");
  expect([first.status, first.json()]).toEqual([200, { counter: 1, scope_counter_1: 2, scope_counter_2: 2 }]);
  expect((await client.get("/scope-counter/")).json()).toEqual({ counter: 3, scope_counter_1: 4, scope_counter_2: 4 });
});

test("one function given two different specs is two dependencies", async () => {
  // In FastAPI a function's parameters are its spec; here the same function may be given two specs, and each use
  // must get its own value.
  const pick = ({ query }: { query: Record<string, unknown> }): unknown => query;
  const app = new App();
  app.get(
    "/",
    {
      deps: {
        a: Depends({ query: z.object({ a: z.string().default("x") }) }, pick),
        b: Depends({ query: z.object({ b: z.string().default("y") }) }, pick),
      },
    },
    ({ deps }) => [deps.a, deps.b],
  );
  expect((await new TestClient(app.asgi).get("/")).json()).toEqual([{ a: "x" }, { b: "y" }]);
});
