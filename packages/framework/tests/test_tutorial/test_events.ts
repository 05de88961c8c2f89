// Ports FastAPI's tests/test_tutorial/test_events (docs_src/events: on_event("startup"), on_event("shutdown") and a
// lifespan), compared with FastAPI 0.142.2's answers (reference/events.py).
import { appendFile, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "vitest";
import { z } from "zod";
import { App, TestClient } from "../../src/index.js";
import { EVENTS } from "./reference/events.js";
import { expectRecorded, type Answer } from "./reference/recorded.js";

const same = (response: Answer, name: string): void => expectRecorded(response, EVENTS, name);

test("test_tutorial001: test_events", async () => {
  const items: Record<string, { name: string }> = {};
  const app = new App();
  app.onEvent("startup", async function startupEvent() {
    items["foo"] = { name: "Fighters" };
    items["bar"] = { name: "Tenders" };
  });
  app.get("/items/{item_id}", { path: z.object({ item_id: z.string() }) }, async function readItems({ path }) {
    return items[path.item_id];
  });
  const client = new TestClient(app.asgi);
  await client.start();
  same(await client.get("/items/foo"), "t001_foo");
  same(await client.get("/openapi.json"), "t001_openapi");
  await client.close();
});

test("test_tutorial002: test_events", async () => {
  const dir = await mkdtemp(join(tmpdir(), "mono-events-"));
  try {
    const log = join(dir, "log.txt");
    const app = new App();
    app.onEvent("shutdown", async function shutdownEvent() {
      await appendFile(log, "Application shutdown");
    });
    app.get("/items/", async function readItems() {
      return [{ name: "Foo" }];
    });
    const client = new TestClient(app.asgi);
    await client.start();
    same(await client.get("/items/"), "t002_items");
    same(await client.get("/openapi.json"), "t002_openapi");
    await client.close();
    expect(await readFile(log, "utf8")).toBe(EVENTS["t002_log"]?.body);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("test_tutorial003: test_events", async () => {
  const fakeAnswerToEverythingMlModel = (x: number): number => x * 42;
  const mlModels = new Map<string, (x: number) => number>();
  const app = new App({
    lifespan: async function* lifespan() {
      mlModels.set("answer_to_everything", fakeAnswerToEverythingMlModel);
      yield;
      mlModels.clear();
    },
  });
  app.get("/predict", { query: z.object({ x: z.number() }) }, async function predict({ query }) {
    const model = mlModels.get("answer_to_everything") as (x: number) => number;
    return { result: model(query.x) };
  });
  const client = new TestClient(app.asgi);
  await client.start();
  expect(mlModels.size).toBe(1);
  // FastAPI writes the float 84.0; without a response schema a JS number has no float type to keep (docs/framework.md,
  // "Floats"), so this one compares as JSON values.
  const predict = await client.get("/predict?x=2");
  expect([predict.status, predict.json()]).toEqual([EVENTS["t003_predict"]?.status, JSON.parse(EVENTS["t003_predict"]?.body ?? "")]);
  same(await client.get("/predict?x=0.1"), "t003_predict_float");
  same(await client.get("/predict?x=two"), "t003_predict_bad");
  same(await client.get("/predict"), "t003_predict_missing");
  same(await client.get("/openapi.json"), "t003_openapi");
  await client.close();
  expect(mlModels.size).toBe(0);
});
