// Ports FastAPI's tests/test_tutorial/test_response_change_status_code (tutorial001: `response.status_code` set
// by the handler). Answers recorded from FastAPI 0.142.2 by reference/responses.py.
import { test } from "vitest";
import { z } from "zod";
import { App, status, TestClient } from "../../src/index.js";
import { sameAs, sameOpenAPI } from "./reference/check.js";

function makeApp(): App {
  const tasks: Record<string, string> = { foo: "Listen to the Bar Fighters" };
  const app = new App();
  app.put("/get-or-create-task/{task_id}", { path: z.object({ task_id: z.string() }), status: 200 }, function get_or_create_task({ path, response }) {
    if (!(path.task_id in tasks)) {
      tasks[path.task_id] = "This didn't exist before";
      response.statusCode = status.HTTP_201_CREATED;
    }
    return tasks[path.task_id];
  });
  return app;
}

test("test_path_operation", async () => {
  const client = new TestClient(makeApp().asgi);
  sameAs(await client.put("/get-or-create-task/foo"), "rcsc001_foo");
  sameAs(await client.put("/get-or-create-task/bar"), "rcsc001_bar");
  sameAs(await client.put("/get-or-create-task/bar"), "rcsc001_bar_again");
});

test("test_openapi_schema", async () => {
  await sameOpenAPI(makeApp(), "rcsc001");
});
