// Ports FastAPI's tests/test_tutorial/test_background_tasks (docs_src/background_tasks tutorial001 and 002): the
// answers and the log file the background tasks write, compared with FastAPI 0.142.2's (reference/background_tasks.py).
import { appendFile, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "vitest";
import { z } from "zod";
import { App, Depends, TestClient } from "../../src/index.js";
import { BACKGROUND_TASKS } from "./reference/background_tasks.js";
import { expectRecorded, type Answer } from "./reference/recorded.js";

const same = (response: Answer, name: string): void => expectRecorded(response, BACKGROUND_TASKS, name);

async function inTempDir(body: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), "mono-background-"));
  try {
    await body(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function tutorial001(log: string): App {
  async function writeNotification(email: string, message = ""): Promise<void> {
    await writeFile(log, `notification for ${email}: ${message}`);
  }
  const app = new App();
  app.post("/send-notification/{email}", { path: z.object({ email: z.string() }) }, async function sendNotification({ path, background }) {
    background.addTask(writeNotification, path.email, "some notification");
    return { message: "Notification sent in the background" };
  });
  return app;
}

function tutorial002(log: string): App {
  async function writeLog(message: string): Promise<void> {
    await appendFile(log, message);
  }
  const getQuery = Depends({ query: z.object({ q: z.string().nullable().default(null) }) }, function getQuery({ query, background }) {
    if (query.q) background.addTask(writeLog, `found query: ${query.q}\n`);
    return query.q;
  });
  const app = new App();
  app.post(
    "/send-notification/{email}",
    { path: z.object({ email: z.string() }), deps: { q: getQuery } },
    async function sendNotification({ path, background }) {
      background.addTask(writeLog, `message to ${path.email}\n`);
      return { message: "Message sent" };
    },
  );
  return app;
}

test("test_tutorial001: test", async () => {
  await inTempDir(async (dir) => {
    const log = join(dir, "log.txt");
    const client = new TestClient(tutorial001(log).asgi);
    same(await client.post("/send-notification/foo@example.com"), "t001_send");
    expect(await readFile(log, "utf8")).toBe(BACKGROUND_TASKS["t001_log"]?.body);
    same(await client.get("/openapi.json"), "t001_openapi");
  });
});

test("test_tutorial002: test", async () => {
  await inTempDir(async (dir) => {
    const log = join(dir, "log.txt");
    const client = new TestClient(tutorial002(log).asgi);
    same(await client.post("/send-notification/foo@example.com?q=some-query"), "t002_send_q");
    expect(await readFile(log, "utf8")).toBe(BACKGROUND_TASKS["t002_log_q"]?.body);
    same(await client.post("/send-notification/bar@example.com"), "t002_send");
    expect(await readFile(log, "utf8")).toBe(BACKGROUND_TASKS["t002_log"]?.body);
    same(await client.get("/openapi.json"), "t002_openapi");
  });
});
