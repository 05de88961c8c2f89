import { expect, test } from "vitest";
import { BackgroundTask, BackgroundTasks } from "../src/background.js";
import { Response, StreamingResponse } from "../src/responses.js";
import type { ASGIApp } from "../src/types.js";
import { TestClient } from "../src/testclient.js";

function responseAppFactory(task: BackgroundTask): ASGIApp {
  return async (scope, receive, send) => {
    const response = new Response(new TextEncoder().encode("task initiated"), {
      mediaType: "text/plain",
      background: task,
    });
    await response.asgi(scope, receive, send);
  };
}

function streamingResponseAppFactory(task: BackgroundTask): ASGIApp {
  return async (scope, receive, send) => {
    async function* stream(): AsyncGenerator<Uint8Array> {
      yield new TextEncoder().encode("task initiated");
    }
    const response = new StreamingResponse(stream(), { mediaType: "text/plain", background: task });
    await response.asgi(scope, receive, send);
  };
}

/** The body text of a GET through the TestClient. */
async function bodyText(app: ASGIApp): Promise<string> {
  return (await new TestClient(app).get("/")).text;
}

test.each([
  ["response_app_factory", responseAppFactory],
  ["streaming_response_app_factory", streamingResponseAppFactory],
])("test_async_task %s", async (_name, appFactory) => {
  let taskComplete = false;
  const task = new BackgroundTask(async () => {
    taskComplete = true;
  });
  expect(await bodyText(appFactory(task))).toBe("task initiated");
  expect(taskComplete).toBe(true);
});

test("test_sync_task", async () => {
  let taskComplete = false;
  const task = new BackgroundTask(() => {
    taskComplete = true;
  });
  const app: ASGIApp = async (scope, receive, send) => {
    await new Response("task initiated", { mediaType: "text/plain", background: task }).asgi(scope, receive, send);
  };
  expect(await bodyText(app)).toBe("task initiated");
  expect(taskComplete).toBe(true);
});

test("test_multiple_tasks", async () => {
  let taskCounter = 0;
  const increment = (amount: number): void => {
    taskCounter += amount;
  };
  const app: ASGIApp = async (scope, receive, send) => {
    const tasks = new BackgroundTasks();
    tasks.addTask(increment, 1);
    tasks.addTask(increment, 2);
    tasks.addTask(increment, 3);
    await new Response("tasks initiated", { mediaType: "text/plain", background: tasks }).asgi(scope, receive, send);
  };
  expect(await bodyText(app)).toBe("tasks initiated");
  expect(taskCounter).toBe(1 + 2 + 3);
});

test("test_multi_tasks_failure_avoids_next_execution", async () => {
  let taskCounter = 0;
  const increment = (): void => {
    taskCounter += 1;
    if (taskCounter === 1) throw new Error("task failed");
  };
  const app: ASGIApp = async (scope, receive, send) => {
    const tasks = new BackgroundTasks();
    tasks.addTask(increment);
    tasks.addTask(increment);
    await new Response("tasks initiated", { mediaType: "text/plain", background: tasks }).asgi(scope, receive, send);
  };
  await expect(new TestClient(app).get("/")).rejects.toThrow(new Error("task failed"));
  expect(taskCounter).toBe(1);
});

test("background task keeps its function and arguments and awaits async work", async () => {
  const seen: string[] = [];
  const record = async (a: string, b: number): Promise<void> => {
    await new Promise((resolve) => setImmediate(resolve));
    seen.push(`${a}${b}`);
  };
  const task = new BackgroundTask(record, "x", 1);
  expect(task.func).toBe(record);
  expect(task.args).toEqual(["x", 1]);
  await task.run();
  expect(seen).toEqual(["x1"]);
  const tasks = new BackgroundTasks([task, new BackgroundTask(record, "y", 2)]);
  expect(tasks).toBeInstanceOf(BackgroundTask);
  expect(tasks.tasks).toHaveLength(2);
  await tasks.run();
  expect(seen).toEqual(["x1", "x1", "y2"]);
  expect(new BackgroundTasks(null).tasks).toEqual([]);
});
