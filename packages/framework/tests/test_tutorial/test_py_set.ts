// A `set[int]` body field returned as it is: CPython iterates a set of ints in hash order, which py.set(z.int())
// reproduces; compared byte for byte with FastAPI 0.142.2's answers.
import { test } from "vitest";
import { z } from "zod";
import { App, py } from "../../src/index.js";
import { UNIONS as REF } from "./reference/unions.js";
import { replay } from "./reference/replay.js";

function makeApp(): App {
  const app = new App();
  app.post("/s", { body: { s: py.set(z.int()) } }, function sets({ body }) {
    return { s: body.s };
  });
  return app;
}

test.each(["set_small", "set_mixed", "set_negative", "set_resized"])("test_int_set_in_hash_order %s", (name) => replay(makeApp(), REF, name));
