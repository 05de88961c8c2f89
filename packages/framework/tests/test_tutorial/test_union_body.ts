// After FastAPI's tests/test_union_body.py: union body fields, each failing branch named in `loc` as pydantic
// does ("int", "str", "list[int]", a model's name), compared byte for byte with FastAPI 0.142.2's answers.
import { test } from "vitest";
import { z } from "zod";
import { App } from "../../src/index.js";
import { UNIONS as REF } from "./reference/unions.js";
import { replay } from "./reference/replay.js";

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
