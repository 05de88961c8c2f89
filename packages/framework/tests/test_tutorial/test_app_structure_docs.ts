// The middleware, sub_applications, static_files and advanced_middleware tutorial apps (FastAPI's docs_src), byte
// for byte against FastAPI 0.142.2's recorded answers (reference/app_structure.py). The existing test files of these
// chapters port FastAPI's tests; this one pins the exact status, header list and body.
import { mkdtemp, rm, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "vitest";
import { App, GZipMiddleware, HTTPSRedirectMiddleware, StaticFiles, TestClient, TrustedHostMiddleware } from "../../src/index.js";
import { APP_STRUCTURE } from "./reference/app_structure.js";
import { expectRecorded, type Answer } from "./reference/recorded.js";

const same = (response: Answer, name: string): void => expectRecorded(response, APP_STRUCTURE, name);

test("middleware tutorial001: X-Process-Time on every answer, the 404 included", async () => {
  const app = new App();
  app.middleware("http", async function addProcessTimeHeader(request, callNext) {
    const startTime = performance.now();
    const response = await callNext(request);
    const processTime = (performance.now() - startTime) / 1000;
    response.headers.set("X-Process-Time", String(processTime));
    return response;
  });
  const client = new TestClient(app.asgi);
  for (const [url, name] of [["/", "middleware_missing"], ["/openapi.json", "middleware_openapi"]] as const) {
    const response = await client.get(url);
    // The value is a duration: its form is checked, then it is masked as in the recording.
    expect(response.rawHeaders.find(([k]) => k === "x-process-time")?.[1]).toMatch(/^\d+(\.\d+)?(e-\d+)?$/);
    const masked = response.rawHeaders.map(([k, v]): [string, string] => [k, k === "x-process-time" ? "<seconds>" : v]);
    same({ status: response.status, rawHeaders: masked, text: response.text }, name);
  }
});

function subApplications(): App {
  const app = new App();
  app.get("/app", function readMain() {
    return { message: "Hello World from main app" };
  });
  const subapi = new App();
  subapi.get("/sub", function readSub() {
    return { message: "Hello World from sub API" };
  });
  app.mount("/subapi", subapi);
  return app;
}

test.each([
  ["/app", "sub_main"],
  ["/subapi/sub", "sub_sub"],
  ["/openapi.json", "sub_openapi_main"],
  ["/subapi/openapi.json", "sub_openapi_sub"],
])("sub_applications tutorial001: %s", async (url, name) => {
  same(await new TestClient(subApplications().asgi).get(url), name);
});

test("sub_applications tutorial001: the sub-application's /docs page", async () => {
  const app = new App({ docsAssets: "cdn" });
  const subapi = new App({ docsAssets: "cdn" });
  app.mount("/subapi", subapi);
  same(await new TestClient(app.asgi).get("/subapi/docs"), "sub_docs_sub");
});

test("static_files tutorial001: file, HEAD, 304, not found, traversal, document", async () => {
  const dir = await mkdtemp(join(tmpdir(), "mono-static-"));
  try {
    const sample = join(dir, "sample.txt");
    await writeFile(sample, "This is a sample static file.");
    // The recorded ETag and Last-Modified are those of this mtime.
    await utimes(sample, 1700000000, 1700000000);
    const app = new App();
    app.mount("/static", new StaticFiles({ directory: dir }), "static");
    const client = new TestClient(app.asgi);
    same(await client.get("/static/sample.txt"), "static_sample");
    same(await client.get("/static/non_existent_file.txt"), "static_not_found");
    same(await client.head("/static/sample.txt"), "static_head");
    const etag = (await client.get("/static/sample.txt")).headers.get("etag") ?? "";
    same(await client.get("/static/sample.txt", { headers: { "if-none-match": etag } }), "static_304");
    same(await client.get("/static/../../etc/passwd"), "static_traversal");
    same(await client.get("/openapi.json"), "static_openapi");
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

function hello(app: App): App {
  app.get("/", async function main() {
    return { message: "Hello World" };
  });
  return app;
}

test("advanced_middleware tutorial001: HTTPSRedirectMiddleware", async () => {
  const app = hello(new App());
  app.addMiddleware(HTTPSRedirectMiddleware);
  same(await new TestClient(app.asgi, { followRedirects: false }).get("/"), "https_redirect");
  same(await new TestClient(app.asgi, { baseUrl: "https://testserver" }).get("/"), "https_ok");
});

test("advanced_middleware tutorial002: TrustedHostMiddleware", async () => {
  const app = hello(new App());
  app.addMiddleware(TrustedHostMiddleware, { allowedHosts: ["example.com", "*.example.com"] });
  same(await new TestClient(app.asgi).get("/"), "trusted_bad_host");
  same(await new TestClient(app.asgi, { baseUrl: "https://example.com" }).get("/"), "trusted_ok");
});

test("advanced_middleware tutorial003: GZipMiddleware leaves a small answer alone", async () => {
  const app = new App();
  app.addMiddleware(GZipMiddleware, { minimumSize: 1000, compresslevel: 5 });
  app.get("/", async function main() {
    return "somebigcontent";
  });
  same(await new TestClient(app.asgi).get("/", { headers: { "accept-encoding": "gzip" } }), "gzip_small");
});
