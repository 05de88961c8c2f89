// Ports FastAPI's tests/test_tutorial/test_extra_models (tutorial001-005): several models for one entity, a union
// response model, a list and a dict of floats. Answers recorded from FastAPI 0.142.2 by reference/responses.py.
import { expect, test } from "vitest";
import { z } from "zod";
import { App, TestClient } from "../../src/index.js";
import { sameAs, sameOpenAPI } from "./reference/check.js";

const UserIn = z
  .object({ username: z.string(), password: z.string(), email: z.email(), full_name: z.string().nullable().default(null) })
  .meta({ id: "UserIn" });
const UserOut = z.object({ username: z.string(), email: z.email(), full_name: z.string().nullable().default(null) }).meta({ id: "UserOut" });
const UserInDB = z
  .object({ username: z.string(), hashed_password: z.string(), email: z.email(), full_name: z.string().nullable().default(null) })
  .meta({ id: "UserInDB" });

// tutorial002 writes the same models by inheritance (UserBase.extend): the same schemas, field for field.
const UserBase = z.object({ username: z.string(), email: z.email(), full_name: z.string().nullable().default(null) });
const UserIn2 = UserBase.extend({ password: z.string() }).meta({ id: "UserIn" });
const UserOut2 = UserBase.meta({ id: "UserOut" });
const UserInDB2 = UserBase.extend({ hashed_password: z.string() }).meta({ id: "UserInDB" });

function fakePasswordHasher(rawPassword: string): string {
  return "supersecret" + rawPassword;
}

function tutorial001(): App {
  const app = new App();
  app.post("/user/", { body: UserIn, response: UserOut }, async function create_user({ body }) {
    return UserInDB.parse({ ...body, hashed_password: fakePasswordHasher(body.password) });
  });
  return app;
}

function tutorial002(): App {
  const app = new App();
  app.post("/user/", { body: UserIn2, response: UserOut2 }, async function create_user({ body }) {
    return UserInDB2.parse({ ...body, hashed_password: fakePasswordHasher(body.password) });
  });
  return app;
}

const apps = { em001: tutorial001, em002: tutorial002 };

test.each(["em001", "em002"] as const)("test_post [%s]", async (name) => {
  const json = { username: "johndoe", password: "secret", email: "johndoe@example.com", full_name: "John Doe" };
  sameAs(await new TestClient(apps[name]().asgi).post("/user/", { json }), `${name}_post`);
});

test("test_post_invalid [em001]", async () => {
  sameAs(await new TestClient(tutorial001().asgi).post("/user/", { json: { username: "johndoe" } }), "em001_post_missing");
});

test.each(["em001", "em002"] as const)("test_openapi_schema [%s]", async (name) => {
  await sameOpenAPI(apps[name](), name);
});

const BaseItem = z.object({ description: z.string(), type: z.string() });
const CarItem = BaseItem.extend({ type: z.string().default("car") }).meta({ id: "CarItem" });
const PlaneItem = BaseItem.extend({ type: z.string().default("plane"), size: z.int() }).meta({ id: "PlaneItem" });
const items3: Record<string, Record<string, unknown>> = {
  item1: { description: "All my friends drive a low rider", type: "car" },
  item2: { description: "Music is my aeroplane, it's my aeroplane", type: "plane", size: 5 },
};

function tutorial003(): App {
  const app = new App();
  const spec = { path: z.object({ item_id: z.string() }), response: z.union([PlaneItem, CarItem]) };
  app.get("/items/{item_id}", spec, async function read_item({ path }) {
    return items3[path.item_id] as z.input<typeof CarItem>;
  });
  return app;
}

test("test_get_car [em003]", async () => {
  sameAs(await new TestClient(tutorial003().asgi).get("/items/item1"), "em003_car");
});

test("test_get_plane [em003]", async () => {
  sameAs(await new TestClient(tutorial003().asgi).get("/items/item2"), "em003_plane");
});

test("test_openapi_schema [em003]", async () => {
  await sameOpenAPI(tutorial003(), "em003");
});

const Item = z.object({ name: z.string(), description: z.string() }).meta({ id: "Item" });

function tutorial004(): App {
  const app = new App();
  app.get("/items/", { response: z.array(Item) }, async function read_items() {
    return [
      { name: "Foo", description: "There comes my hero" },
      { name: "Red", description: "It's my aeroplane" },
    ];
  });
  return app;
}

test("test_get_items [em004]", async () => {
  sameAs(await new TestClient(tutorial004().asgi).get("/items/"), "em004_items");
});

test("test_openapi_schema [em004]", async () => {
  await sameOpenAPI(tutorial004(), "em004");
});

function tutorial005(): App {
  const app = new App();
  app.get("/keyword-weights/", { response: z.record(z.string(), z.number()) }, async function read_keyword_weights() {
    return { foo: 2.3, bar: 3.4 };
  });
  return app;
}

test("test_get_items [em005]", async () => {
  const response = await new TestClient(tutorial005().asgi).get("/keyword-weights/");
  sameAs(response, "em005_items");
  expect(response.json()).toEqual({ foo: 2.3, bar: 3.4 });
});

test("test_openapi_schema [em005]", async () => {
  await sameOpenAPI(tutorial005(), "em005");
});
