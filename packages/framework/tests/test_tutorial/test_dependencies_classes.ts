// Ports FastAPI's tests/test_tutorial/test_dependencies/test_tutorial002 (a class as a dependency): the class
// declares its parameters in a static `params` spec and its constructor receives them solved. Bytes and the OpenAPI
// document (key order included) as FastAPI 0.142.2's.
import { TestClient } from "@mono/asgi";
import { expect, test } from "vitest";
import { z } from "zod";
import { App, Depends, type ParamsArgs } from "../../src/index.js";
import { FASTAPI13, OPENAPI13 } from "./fastapi_reference_13.js";

function same(response: { status: number; rawHeaders: [string, string][]; text: string }, name: string): void {
  expect({ status: response.status, headers: response.rawHeaders, body: response.text }).toEqual(FASTAPI13[name]);
}

const fakeItemsDb = [{ item_name: "Foo" }, { item_name: "Bar" }, { item_name: "Baz" }];

/** FastAPI's `class CommonQueryParams: def __init__(self, q: str | None = None, skip: int = 0, limit: int = 100)`. */
class CommonQueryParams {
  static readonly params = {
    query: z.object({ q: z.string().nullable().default(null), skip: z.int().default(0), limit: z.int().default(100) }),
  };

  readonly q: string | null;
  readonly skip: number;
  readonly limit: number;

  constructor({ query }: ParamsArgs<typeof CommonQueryParams.params>) {
    this.q = query.q;
    this.skip = query.skip;
    this.limit = query.limit;
  }
}

function makeApp(): App {
  const app = new App();
  app.get("/items/", { deps: { commons: Depends(CommonQueryParams) } }, function read_items({ deps: { commons } }) {
    const response: Record<string, unknown> = {};
    if (commons.q) response["q"] = commons.q;
    response["items"] = fakeItemsDb.slice(commons.skip, commons.skip + commons.limit);
    return response;
  });
  return app;
}

test("test_get", async () => {
  const client = new TestClient(makeApp().asgi);
  same(await client.get("/items"), "depcls_items");
  same(await client.get("/items?q=foo&skip=1&limit=1"), "depcls_items_q");
  same(await client.get("/items?skip=x"), "depcls_items_bad");
});

test("test_value_is_an_instance", async () => {
  const app = new App();
  app.get("/", { deps: { commons: Depends(CommonQueryParams) } }, ({ deps }) => ({ instance: deps.commons instanceof CommonQueryParams }));
  expect((await new TestClient(app.asgi).get("/")).text).toBe('{"instance":true}');
});

test("test_openapi_schema", () => {
  expect(JSON.stringify(makeApp().openapi())).toBe(JSON.stringify(JSON.parse(OPENAPI13["depcls"] as string)));
});
