// Ports FastAPI's tests/test_param_in_path_and_dependency.py: a path parameter declared by the route and by a
// dependency is one parameter; compared byte for byte with FastAPI 0.142.2's answers.
import { test } from "vitest";
import { z } from "zod";
import { App, Depends } from "../src/index.js";
import { PARAMS_TESTS as REF } from "./test_tutorial/reference/params_tests.js";
import { replay, sameOpenAPI } from "./test_tutorial/reference/replay.js";

function makeApp(): App {
  const path = z.object({ user_id: z.int() });
  const userExists = Depends({ path }, async function user_exists() {
    return true;
  });
  const app = new App();
  app.get("/users/{user_id}", { path, dependencies: [userExists] }, async function read_users() {
    return undefined;
  });
  return app;
}

test("test_read_users", () => replay(makeApp(), REF, "in_path_ok"));
test("test_read_users_invalid", () => replay(makeApp(), REF, "in_path_bad"));
test("test_openapi_schema", () => sameOpenAPI(makeApp(), REF, "in_path"));
