// The docs pages: Swagger UI at /docs and ReDoc at /redoc, their scripts and styles served from the installed
// swagger-ui-dist and redoc packages; then a real Chromium renders both with every non-loopback request blocked.
import { TestClient } from "@mono/asgi";
import { chromium, type Browser } from "playwright-core";
import { expect, test } from "vitest";
import { z } from "zod";
import { CHROMIUM_ARGS, ensureChromium } from "../../../scripts/chromium.mjs";
import { App } from "../src/index.js";
import { serve } from "./asgi_http.js";

function makeApp(options: ConstructorParameters<typeof App>[0] = {}): App {
  const app = new App({ title: "Mono API", ...options });
  app.get("/items/{item_id}", { path: z.object({ item_id: z.int() }), tags: ["items"] }, function read_item({ path }) {
    return { item_id: path.item_id };
  });
  return app;
}

test("test_swagger_ui_html", async () => {
  const response = await new TestClient(makeApp().asgi).get("/docs");
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
  const html = response.text;
  expect(html).toContain('<link type="text/css" rel="stylesheet" href="/docs/swagger-ui.css">');
  expect(html).toContain('<script src="/docs/swagger-ui-bundle.js"></script>');
  expect(html).toContain("<title>Mono API - Swagger UI</title>");
  expect(html).toContain("url: '/openapi.json',");
  expect(html).toContain('"dom_id": "#swagger-ui",\n"layout": "BaseLayout",\n"deepLinking": true,');
  expect(html).toContain("oauth2RedirectUrl: window.location.origin + '/docs/oauth2-redirect',");
  // Nothing is loaded from elsewhere: users may be offline.
  expect(html).not.toMatch(/https?:\/\//);
});

test("test_redoc_html", async () => {
  const response = await new TestClient(makeApp().asgi).get("/redoc");
  expect(response.status).toBe(200);
  const html = response.text;
  expect(html).toContain('<redoc spec-url="/openapi.json"></redoc>');
  expect(html).toContain('<script src="/redoc/redoc.standalone.js"> </script>');
  expect(html).toContain("<title>Mono API - ReDoc</title>");
  expect(html).not.toMatch(/https?:\/\//);
});

test("test_docs_assets_served_from_node_modules", async () => {
  const client = new TestClient(makeApp().asgi);
  const cases: [string, string, string][] = [
    ["/docs/swagger-ui-bundle.js", "text/javascript; charset=utf-8", "SwaggerUIBundle"],
    ["/docs/swagger-ui.css", "text/css; charset=utf-8", ".swagger-ui"],
    ["/docs/oauth2-redirect.js", "text/javascript; charset=utf-8", "swaggerUIRedirectOauth2"],
    ["/redoc/redoc.standalone.js", "text/javascript; charset=utf-8", "Redoc"],
  ];
  for (const [url, contentType, marker] of cases) {
    const response = await client.get(url);
    expect(response.status, url).toBe(200);
    expect(response.headers.get("content-type")).toBe(contentType);
    expect(response.text).toContain(marker);
  }
  const favicon = await client.get("/docs/favicon-32x32.png");
  expect(favicon.headers.get("content-type")).toBe("image/png");
  expect([...favicon.content.slice(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
  const redirect = await client.get("/docs/oauth2-redirect");
  expect(redirect.text).toContain('<script src="oauth2-redirect.js"></script>');
  // Only the listed files: no path into node_modules.
  expect((await client.get("/docs/package.json")).status).toBe(404);
  expect((await client.get("/docs/..%2Fpackage.json")).status).toBe(404);
});

test("test_docs_urls_can_be_turned_off_or_moved", async () => {
  let client = new TestClient(makeApp({ docsUrl: null, redocUrl: null }).asgi);
  expect((await client.get("/docs")).status).toBe(404);
  expect((await client.get("/redoc")).status).toBe(404);
  expect((await client.get("/openapi.json")).status).toBe(200);

  client = new TestClient(makeApp({ docsUrl: "/api-docs", openapiUrl: "/spec.json" }).asgi);
  const html = (await client.get("/api-docs")).text;
  expect(html).toContain("url: '/spec.json',");
  expect(html).toContain('href="/api-docs/swagger-ui.css"');
  expect((await client.get("/api-docs/swagger-ui.css")).status).toBe(200);
  expect((await client.get("/docs")).status).toBe(404);
});

/** The globalSetup has installed Chromium when it was missing; asking again is a cheap check that names the fix. */
async function launch(): Promise<Browser> {
  // Playwright gives a launch 30 s by default: too little on a busy machine.
  return chromium.launch({ executablePath: ensureChromium(), args: CHROMIUM_ARGS, headless: true, timeout: 180_000 });
}

test("test_docs_render_offline_in_chromium", async () => {
  const served = await serve(makeApp().asgi);
  const browser = await launch();
  const blocked: string[] = [];
  try {
    const page = await browser.newPage();
    page.setDefaultTimeout(120_000);
    await page.route("**/*", async (route) => {
      const { hostname, protocol } = new URL(route.request().url());
      if ((protocol === "http:" && hostname === "127.0.0.1") || protocol === "data:" || protocol === "blob:") await route.continue();
      else {
        blocked.push(route.request().url());
        await route.abort();
      }
    });

    await page.goto(`${served.url}/docs`);
    await page.waitForSelector(".swagger-ui .info .title");
    expect(await page.textContent(".swagger-ui .info .title")).toContain("Mono API");
    await page.waitForSelector(".opblock-summary-path");
    expect(await page.textContent(".opblock-summary-path")).toContain("/items/{item_id}");

    // Swagger UI asked for nothing outside the app.
    expect(blocked).toEqual([]);

    await page.goto(`${served.url}/redoc`);
    await page.waitForSelector("h1");
    expect(await page.textContent("h1")).toContain("Mono API");
    // The operation's section heading in ReDoc's main column.
    await page.locator("h2", { hasText: "Read Item" }).first().waitFor();
  } finally {
    await browser.close();
    await served.close();
  }
  // ReDoc's sidebar credit always tries its logo from a CDN, and hides the image when that fails; nothing else.
  expect(blocked.filter((url) => url !== "https://cdn.redoc.ly/redoc/logo-mini.svg")).toEqual([]);
});
