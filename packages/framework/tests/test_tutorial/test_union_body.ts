// After FastAPI's tests/test_union_body.py: union body fields, each failing branch named in `loc` as pydantic
// does ("int", "str", "list[int]", a model's name), compared byte for byte with FastAPI 0.142.2's answers.
import { test } from "vitest";
import { z } from "zod";
import { App } from "../../src/index.js";
import { UNIONS as REF } from "./reference/unions.js";
import { replay, sameOpenAPI } from "./reference/replay.js";

function makeApp(): App {
  const Item = z.object({ name: z.string() }).meta({ id: "Item" });
  const User = z.object({ username: z.string() }).meta({ id: "User" });
  const app = new App();
  const body = {
    x: z.union([z.int(), z.string()]),
    y: z.union([z.array(z.int()), z.boolean(), z.number()]),
    m: z.union([Item, User]),
    n: z.int().nullable().default(null),
  };
  app.post("/a", { body }, function a({ body }) {
    return { x: body.x };
  });
  return app;
}

test("test_union_errors_name_the_branch", () => replay(makeApp(), REF, "bad"));
test("test_union_valid", () => replay(makeApp(), REF, "ok"));

// FastAPI's tests/test_union_body.py and test_union_inherited_body.py: a body that is one of two models.
function unionBody(): App {
  // Named Item2 in the recording script, beside the Item of the first app.
  const Item = z.object({ name: z.string().nullable().default(null) }).meta({ id: "Item2" });
  const OtherItem = z.object({ price: z.int() }).meta({ id: "OtherItem" });
  const app = new App();
  app.post("/items/", { body: z.union([OtherItem, Item]).meta({ title: "Item" }) }, function save_union_body({ body }) {
    return { item: body };
  });
  return app;
}

function inheritedBody(): App {
  const Item = z.object({ name: z.string().nullable().default(null) }).meta({ id: "Item2" });
  const ExtendedItem = Item.extend({ age: z.int() }).meta({ id: "ExtendedItem" });
  const app = new App();
  app.post("/items/", { body: z.union([ExtendedItem, Item]).meta({ title: "Item" }) }, function save_union_different_body({ body }) {
    return { item: body };
  });
  return app;
}

test("test_post_other_item", () => replay(unionBody(), REF, "union_body_other_item"));
test("test_post_item", () => replay(unionBody(), REF, "union_body_item"));
test("test_post_invalid_union_body", async () => {
  await replay(unionBody(), REF, "union_body_bad");
  await replay(unionBody(), REF, "union_body_list");
});
test("test_openapi_schema", () => sameOpenAPI(unionBody(), REF, "union_body"));
test("test_post_extended_item", () => replay(inheritedBody(), REF, "inherited_extended"));
test("test_post_inherited_item", () => replay(inheritedBody(), REF, "inherited_item"));
test("test_post_invalid_inherited_item", () => replay(inheritedBody(), REF, "inherited_bad"));
test("test_inherited_openapi_schema", () => sameOpenAPI(inheritedBody(), REF, "inherited"));
