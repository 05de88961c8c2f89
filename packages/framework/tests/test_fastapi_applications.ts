// The App as a whole: lifespan and state, HEAD and 405 as FastAPI answers them, root_path, types of handlers.
import { TestClient, type Request } from "@mono/asgi";
import { expect, expectTypeOf, test } from "vitest";
import { z } from "zod";
import { App, Depends, type HandlerArgs } from "../src/index.js";

test("test_lifespan_and_state", async () => {
  const events: string[] = [];
  const app: App = new App({
    lifespan: async function* (application) {
      events.push(`startup:${(application as App).title}`);
      yield { db: "connected" };
      events.push("shutdown");
    },
  });
  app.get("/", {}, ({ request }) => ({ db: request.state.get("db") }));
  const client = new TestClient(app.asgi);
  await client.start();
  expect((await client.get("/")).json()).toEqual({ db: "connected" });
  await client.close();
  expect(events).toEqual(["startup:FastAPI", "shutdown"]);
});

test("test_get_route_does_not_answer_head", async () => {
  // FastAPI's APIRoute answers only its own methods (Starlette's Route adds HEAD to GET).
  const app = new App();
  app.get("/", {}, () => ({ ok: true }));
  app.head("/both", {}, () => null);
  const client = new TestClient(app.asgi);
  const response = await client.head("/");
  expect(response.status).toBe(405);
  expect(response.headers.get("allow")).toBe("GET");
  expect((await client.head("/both")).status).toBe(200);
});

test("test_root_path", async () => {
  const app = new App({ rootPath: "/api" });
  app.get("/items", {}, ({ request }) => ({ root_path: request.scope.root_path, path: request.scope.path }));
  const response = await new TestClient(app.asgi).get("/api/items");
  expect(response.json()).toEqual({ root_path: "/api", path: "/api/items" });
});

test("test_handler_types_are_inferred", () => {
  const app = new App();
  const auth = Depends({ headers: z.object({ authorization: z.string() }) }, ({ headers }) => ({ token: headers.authorization }));
  app.post(
    "/items/{item_id}",
    {
      path: z.object({ item_id: z.int() }),
      query: z.object({ q: z.string().optional() }),
      body: z.object({ name: z.string() }),
      deps: { auth },
      response: z.object({ id: z.int(), name: z.string() }),
    },
    (args) => {
      expectTypeOf(args.path).toEqualTypeOf<{ item_id: number }>();
      expectTypeOf(args.query.q).toEqualTypeOf<string | undefined>();
      expectTypeOf(args.body).toEqualTypeOf<{ name: string }>();
      expectTypeOf(args.deps.auth).toEqualTypeOf<{ token: string }>();
      expectTypeOf(args.request).toEqualTypeOf<Request>();
      return { id: args.path.item_id, name: args.body.name };
    },
  );
  app.get("/bad", { response: z.object({ id: z.int() }) }, () =>
    // @ts-expect-error the return value must fit the response schema
    ({ id: "not a number" }),
  );
  expectTypeOf<HandlerArgs<{ body: z.ZodString }>["body"]>().toEqualTypeOf<string>();
  expectTypeOf<HandlerArgs<Record<never, never>>["body"]>().toEqualTypeOf<undefined>();
});

test("test_async_generator_dependency_values_are_typed", () => {
  const db = Depends(async function* () {
    yield { query: (sql: string) => sql.length };
  });
  const app = new App();
  app.get("/", { deps: { db } }, ({ deps }) => {
    expectTypeOf(deps.db.query).toEqualTypeOf<(sql: string) => number>();
    return null;
  });
});

test("test_route_without_spec", async () => {
  const app = new App();
  app.get("/", ({ request }) => ({ method: request.method }));
  app.post("/echo", async ({ request }) => ({ length: (await request.body()).length }));
  const client = new TestClient(app.asgi);
  expect((await client.get("/")).json()).toEqual({ method: "GET" });
  expect((await client.post("/echo", { content: "abc" })).json()).toEqual({ length: 3 });
});
