// FastAPI's tests/test_tutorial/test_static_files/test_tutorial001.py over docs_src/static_files/tutorial001 (the
// directory is a fresh temp dir instead of ./static, so copies of the suite can run side by side).
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, expect, test } from "vitest";
import { App, StaticFiles, TestClient } from "../../src/index.js";

let client: TestClient;

beforeAll(async () => {
  const staticDir = await mkdtemp(join(tmpdir(), "static-"));
  await writeFile(join(staticDir, "sample.txt"), "This is a sample static file.");
  const app = new App();
  app.mount("/static", new StaticFiles({ directory: staticDir }), "static");
  client = new TestClient(app.asgi);
});

test("test_static_files", async () => {
  const response = await client.get("/static/sample.txt");
  expect(response.status).toBe(200);
  expect(response.text).toBe("This is a sample static file.");
});

test("test_static_files_not_found", async () => {
  const response = await client.get("/static/non_existent_file.txt");
  expect(response.status).toBe(404);
  expect(response.json()).toEqual({ detail: "Not Found" });
});

test("test_openapi_schema", async () => {
  const response = await client.get("/openapi.json");
  expect(response.status).toBe(200);
  expect(response.json()).toEqual({ openapi: "3.1.0", info: { title: "FastAPI", version: "0.1.0" }, paths: {} });
});
