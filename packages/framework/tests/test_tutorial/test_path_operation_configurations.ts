// Ports FastAPI's tests/test_tutorial/test_path_operation_configurations (tutorial001 to 006): status, tags (as
// strings or an enum's values), summary, description (given, or the handler's doc comment as FastAPI takes the
// docstring), response_description and deprecated, each answer and document as FastAPI 0.142.2's bytes.
import { expect, test } from "vitest";
import { z } from "zod";
import { App, docstring, py, status, TestClient } from "../../src/index.js";
import { OAPI } from "./reference/openapi_config.js";

function same(response: { status: number; rawHeaders: [string, string][]; text: string }, name: string): void {
  expect({ status: response.status, headers: response.rawHeaders, body: response.text }).toEqual(OAPI[name]);
}

const Item = z
  .object({
    name: z.string(),
    description: z.string().nullable().default(null),
    price: z.number(),
    tax: z.number().nullable().default(null),
    tags: py.set(z.string()).default(new Set()),
  })
  .meta({ id: "Item" });

const DOC = docstring(`
    Create an item with all the information:

    - **name**: each item must have a name
    - **description**: a long description
    - **price**: required
    - **tax**: if the item doesn't have tax, you can omit this
    - **tags**: a set of unique tag strings for this item
    `);

function app001(): App {
  const app = new App();
  app.post("/items/", { body: Item, response: Item, status: status.HTTP_201_CREATED }, function create_item({ body }) {
    return body;
  });
  return app;
}

function app002(): App {
  const app = new App();
  app.post("/items/", { body: Item, response: Item, tags: ["items"] }, function create_item({ body }) {
    return body;
  });
  app.get("/items/", { tags: ["items"] }, function read_items() {
    return [{ name: "Foo", price: 42 }];
  });
  app.get("/users/", { tags: ["users"] }, function read_users() {
    return [{ username: "johndoe" }];
  });
  return app;
}

function app003(): App {
  const app = new App();
  const description = "Create an item with all the information, name, description, price, tax and a set of unique tags";
  app.post("/items/", { body: Item, response: Item, summary: "Create an item", description }, function create_item({ body }) {
    return body;
  });
  return app;
}

function app004(): App {
  const app = new App();
  app.post("/items/", { body: Item, response: Item, summary: "Create an item", description: DOC }, function create_item({ body }) {
    return body;
  });
  return app;
}

function app005(): App {
  const app = new App();
  const spec = { body: Item, response: Item, summary: "Create an item", description: DOC, responseDescription: "The created item" };
  app.post("/items/", spec, function create_item({ body }) {
    return body;
  });
  return app;
}

const APPS: [string, () => App][] = [
  ["001", app001],
  ["002", app002],
  ["003", app003],
  ["004", app004],
  ["005", app005],
];

test.each(APPS)("test_post_items %s", async (tutorial, makeApp) => {
  const client = new TestClient(makeApp().asgi);
  same(await client.post("/items/", { json: { name: "Foo", price: 42 } }), `poc_${tutorial}_post`);
  same(await client.post("/items/", { json: { name: "Foo", price: 42, tags: ["a", "b", "a"] } }), `poc_${tutorial}_post_tags`);
  same(await client.post("/items/", { json: { name: "Foo", price: "x", tags: "nope" } }), `poc_${tutorial}_post_invalid`);
});

test.each(APPS)("test_openapi_schema %s", async (tutorial, makeApp) => {
  same(await new TestClient(makeApp().asgi).get("/openapi.json"), `poc_${tutorial}_openapi`);
});

test("test_get_items", async () => {
  const client = new TestClient(app002().asgi);
  same(await client.get("/items/"), "poc_002_get_items");
  same(await client.get("/users/"), "poc_002_get_users");
});

function app002b(): App {
  // FastAPI's tutorial uses an Enum of tags; a TypeScript enum's values are the tags' strings.
  enum Tags {
    items = "items",
    users = "users",
  }
  const app = new App();
  app.get("/items/", { tags: [Tags.items] }, function get_items() {
    return ["Portal gun", "Plumbus"];
  });
  app.get("/users/", { tags: [Tags.users] }, function read_users() {
    return ["Rick", "Morty"];
  });
  return app;
}

test("test_get_items_tags_enum", async () => {
  const client = new TestClient(app002b().asgi);
  same(await client.get("/items/"), "poc_002b_items");
  same(await client.get("/users/"), "poc_002b_users");
  same(await client.get("/openapi.json"), "poc_002b_openapi");
});

function app006(): App {
  const app = new App();
  app.get("/items/", { tags: ["items"] }, function read_items() {
    return [{ name: "Foo", price: 42 }];
  });
  app.get("/users/", { tags: ["users"] }, function read_users() {
    return [{ username: "johndoe" }];
  });
  app.get("/elements/", { tags: ["items"], deprecated: true }, function read_elements() {
    return [{ item_id: "Foo" }];
  });
  return app;
}

test.each(["items", "users", "elements"])("test_query_params_str_validations %s", async (path) => {
  same(await new TestClient(app006().asgi).get(`/${path}/`), `poc_006_${path}`);
});

test("test_openapi_schema_deprecated", async () => {
  same(await new TestClient(app006().asgi).get("/openapi.json"), "poc_006_openapi");
});
