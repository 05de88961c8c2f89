// Ports FastAPI's tests/test_tutorial/test_configure_swagger_ui (tutorial001 to 003), test_custom_docs_ui (tutorial001
// and 002: the pages and the OAuth2 redirect page served by the app's own routes, from another CDN or from static
// files) and test_behind_a_proxy (tutorial001 to 004: root_path from the server or the app, servers); every page,
// document and answer as FastAPI 0.142.2's bytes.
import { mkdtemp, mkdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "vitest";
import { z } from "zod";
import { App, getRedocHtml, getSwaggerUiHtml, getSwaggerUiOauth2RedirectHtml, StaticFiles, TestClient, type AppOptions } from "../../src/index.js";
import { OAPI } from "./reference/openapi_config.js";

function same(response: { status: number; rawHeaders: [string, string][]; text: string }, name: string): void {
  expect({ status: response.status, headers: response.rawHeaders, body: response.text }).toEqual(OAPI[name]);
}

async function sameDocs(app: App, prefix: string): Promise<void> {
  const client = new TestClient(app.asgi);
  same(await client.get("/openapi.json"), `${prefix}_openapi`);
  same(await client.get("/docs"), `${prefix}_docs`);
  same(await client.get("/redoc"), `${prefix}_redoc`);
}

function userApp(options: AppOptions): App {
  const app = new App({ docsAssets: "cdn", ...options });
  app.get("/users/{username}", { path: z.object({ username: z.string() }) }, function read_user({ path }) {
    return { message: `Hello ${path.username}` };
  });
  return app;
}

const SWAGGER: [string, Record<string, unknown>][] = [
  ["001", { syntaxHighlight: false }],
  ["002", { syntaxHighlight: { theme: "obsidian" } }],
  ["003", { deepLinking: false }],
];

test.each(SWAGGER)("test_swagger_ui %s", async (tutorial, swaggerUiParameters) => {
  const app = userApp({ swaggerUiParameters });
  same(await new TestClient(app.asgi).get("/users/foo"), `swag_${tutorial}_user`);
  await sameDocs(app, `swag_${tutorial}`);
});

function customDocsApp(assets: "unpkg" | "static", staticDir?: string): App {
  const app = userApp({ docsUrl: null, redocUrl: null });
  const base = assets === "unpkg" ? "https://unpkg.com" : "/static";
  if (staticDir !== undefined) app.mount("/static", new StaticFiles({ directory: staticDir }), "static");
  const redirectUrl = app.swaggerUiOauth2RedirectUrl as string;
  app.get("/docs", { includeInSchema: false }, function custom_swagger_ui_html() {
    return getSwaggerUiHtml({
      openapiUrl: app.openapiUrl as string,
      title: `${app.title} - Swagger UI`,
      oauth2RedirectUrl: redirectUrl,
      swaggerJsUrl: assets === "unpkg" ? `${base}/swagger-ui-dist@5/swagger-ui-bundle.js` : `${base}/swagger-ui-bundle.js`,
      swaggerCssUrl: assets === "unpkg" ? `${base}/swagger-ui-dist@5/swagger-ui.css` : `${base}/swagger-ui.css`,
    });
  });
  app.get(redirectUrl, { includeInSchema: false }, function swagger_ui_redirect() {
    return getSwaggerUiOauth2RedirectHtml();
  });
  app.get("/redoc", { includeInSchema: false }, function redoc_html() {
    return getRedocHtml({
      openapiUrl: app.openapiUrl as string,
      title: `${app.title} - ReDoc`,
      redocJsUrl: assets === "unpkg" ? `${base}/redoc@2/bundles/redoc.standalone.js` : `${base}/redoc.standalone.js`,
    });
  });
  return app;
}

async function checkCustomDocs(app: App, prefix: string): Promise<void> {
  const client = new TestClient(app.asgi);
  same(await client.get("/users/john"), `${prefix}_user`);
  same(await client.get("/docs/oauth2-redirect"), `${prefix}_redirect`);
  await sameDocs(app, prefix);
}

test("test_swagger_ui_html 001 (another CDN)", async () => {
  await checkCustomDocs(customDocsApp("unpkg"), "cdu_001");
});

test("test_swagger_ui_html 002 (self-hosted)", async () => {
  const dir = await mkdtemp(join(tmpdir(), "custom-docs-ui-"));
  try {
    await mkdir(join(dir, "static"));
    await checkCustomDocs(customDocsApp("static", join(dir, "static")), "cdu_002");
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

function proxyApp(options: AppOptions): App {
  const app = new App({ docsAssets: "cdn", ...options });
  app.get("/app", function read_main({ request }) {
    return { message: "Hello World", root_path: request.scope.root_path ?? null };
  });
  return app;
}

test("test_main 001 (root_path from the server)", async () => {
  const client = new TestClient(proxyApp({}).asgi, { rootPath: "/api/v1" });
  same(await client.get("/app"), "bap_001_app");
  same(await client.get("/openapi.json"), "bap_001_openapi");
  same(await client.get("/docs"), "bap_001_docs");
});

test("test_main 001_01 (a redirect keeps the proxy's scheme and host)", async () => {
  const app = new App();
  app.get("/items/", function read_items() {
    return ["plumbus", "portal gun"];
  });
  const client = new TestClient(app.asgi, { baseUrl: "https://example.com", followRedirects: false });
  same(await client.get("/items/"), "bap_001_01_items");
  same(await client.get("/items"), "bap_001_01_redirect");
});

const SERVERS = [
  { url: "https://stag.example.com", description: "Staging environment" },
  { url: "https://prod.example.com", description: "Production environment" },
];

const PROXY: [string, AppOptions][] = [
  ["002", { rootPath: "/api/v1" }],
  ["003", { servers: SERVERS, rootPath: "/api/v1" }],
  ["004", { servers: SERVERS, rootPath: "/api/v1", rootPathInServers: false }],
];

test.each(PROXY)("test_main %s", async (tutorial, options) => {
  const app = proxyApp(options);
  same(await new TestClient(app.asgi).get("/app"), `bap_${tutorial}_app`);
  await sameDocs(app, `bap_${tutorial}`);
});
