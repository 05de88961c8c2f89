// The docs pages: Swagger UI at /docs and ReDoc at /redoc. In this workspace swagger-ui-dist and redoc are installed
// (devDependencies), so by default their files are served by the App and a real Chromium renders both pages with every
// non-loopback request blocked; without them (or with docsAssets "cdn") the pages are FastAPI's, CDN URLs and all.
import { TestClient } from "@mono/asgi";
import { chromium, type Browser } from "playwright-core";
import { expect, test } from "vitest";
import { z } from "zod";
import { CHROMIUM_ARGS, ensureChromium } from "../../../scripts/chromium.mjs";
import { App, getSwaggerUiOauth2RedirectHtml, isDocsUIInstalled } from "../src/index.js";
import { servesInstalled, type DocsUIPackage } from "../src/fastapi/docs.js";
import { serve } from "./asgi_http.js";

function makeApp(options: ConstructorParameters<typeof App>[0] = {}): App {
  const app = new App({ title: "Mono API", ...options });
  app.get("/items/{item_id}", { path: z.object({ item_id: z.int() }), tags: ["items"] }, function read_item({ path }) {
    return { item_id: path.item_id };
  });
  return app;
}

// FastAPI 0.142.2's pages for `FastAPI(title="Mono API")`, recorded from its TestClient.
const FASTAPI_SWAGGER_UI_HTML =
  '\n    <!DOCTYPE html>\n    <html>\n    <head>\n    <meta name="viewport" content="width=device-width, initial-scale=1.0">\n' +
  '    <link type="text/css" rel="stylesheet" href="https://cdn.jsdelivr.net/npm/swagger-ui-dist@5/swagger-ui.css">\n' +
  '    <link rel="shortcut icon" href="https://fastapi.tiangolo.com/img/favicon.png">\n    <title>Mono API - Swagger UI</title>\n' +
  '    </head>\n    <body>\n    <div id="swagger-ui">\n    </div>\n' +
  '    <script src="https://cdn.jsdelivr.net/npm/swagger-ui-dist@5/swagger-ui-bundle.js"></script>\n' +
  "    <!-- `SwaggerUIBundle` is now available on the page -->\n    <script>\n    const ui = SwaggerUIBundle({\n" +
  "        url: '/openapi.json',\n    \"dom_id\": \"#swagger-ui\",\n\"layout\": \"BaseLayout\",\n\"deepLinking\": true,\n" +
  '"showExtensions": true,\n"showCommonExtensions": true,\noauth2RedirectUrl: window.location.origin + \'/docs/oauth2-redirect\',\n' +
  "    presets: [\n        SwaggerUIBundle.presets.apis,\n        SwaggerUIBundle.SwaggerUIStandalonePreset\n        ],\n" +
  "    })\n    </script>\n    </body>\n    </html>\n    ";
const FASTAPI_REDOC_HTML =
  "\n    <!DOCTYPE html>\n    <html>\n    <head>\n    <title>Mono API - ReDoc</title>\n    <!-- needed for adaptive design -->\n" +
  '    <meta charset="utf-8"/>\n    <meta name="viewport" content="width=device-width, initial-scale=1">\n    \n' +
  '    <link href="https://fonts.googleapis.com/css?family=Montserrat:300,400,700|Roboto:300,400,700" rel="stylesheet">\n    \n' +
  '    <link rel="shortcut icon" href="https://fastapi.tiangolo.com/img/favicon.png">\n    <!--\n' +
  "    ReDoc doesn't change outer page styles\n    -->\n    <style>\n      body {\n        margin: 0;\n        padding: 0;\n" +
  "      }\n    </style>\n    </head>\n    <body>\n    <noscript>\n" +
  "        ReDoc requires Javascript to function. Please enable it to browse the documentation.\n    </noscript>\n" +
  '    <redoc spec-url="/openapi.json"></redoc>\n' +
  '    <script src="https://cdn.jsdelivr.net/npm/redoc@2/bundles/redoc.standalone.js"> </script>\n    </body>\n    </html>\n    ';

test("test_docs_ui_packages_are_installed_in_the_workspace", () => {
  // The tests below that expect pages without any URL elsewhere run the offline path only while this holds.
  expect(isDocsUIInstalled("swagger-ui-dist")).toBe(true);
  expect(isDocsUIInstalled("redoc")).toBe(true);
});

test("test_docs_cdn_pages_are_fastapis", async () => {
  const client = new TestClient(makeApp({ docsAssets: "cdn" }).asgi);
  const swagger = await client.get("/docs");
  expect(swagger.headers.get("content-type")).toBe("text/html; charset=utf-8");
  expect(swagger.text).toBe(FASTAPI_SWAGGER_UI_HTML);
  expect((await client.get("/redoc")).text).toBe(FASTAPI_REDOC_HTML);
  // Nothing is served from node_modules on the CDN path.
  for (const url of ["/docs/swagger-ui.css", "/docs/swagger-ui-bundle.js", "/redoc/redoc.standalone.js", "/docs/oauth2-redirect.js"]) {
    expect((await client.get(url)).status, url).toBe(404);
  }
  const redirect = await client.get("/docs/oauth2-redirect");
  expect(redirect.status).toBe(200);
  // FastAPI's page, Swagger UI's redirect script inline.
  expect(redirect.text).toBe(new TextDecoder().decode(getSwaggerUiOauth2RedirectHtml().body));
  expect(redirect.text).toContain("window.opener.swaggerUIRedirectOauth2");
  expect(redirect.text).not.toContain("<script src=");
});

test("test_docs_cdn_pages_keep_root_path_and_parameters", async () => {
  const app = makeApp({ docsAssets: "cdn", rootPath: "/api", swaggerUiParameters: { deepLinking: false } });
  const html = (await new TestClient(app.asgi).get("/api/docs")).text;
  expect(html).toContain("url: '/api/openapi.json',");
  expect(html).toContain('"deepLinking": false,');
  expect(html).toContain("oauth2RedirectUrl: window.location.origin + '/api/docs/oauth2-redirect',");
  expect(html).toContain('<script src="https://cdn.jsdelivr.net/npm/swagger-ui-dist@5/swagger-ui-bundle.js"></script>');
});

test("test_docs_assets_option", async () => {
  // "installed" serves the packages' files, as "auto" does when they are there.
  const client = new TestClient(makeApp({ docsAssets: "installed" }).asgi);
  expect((await client.get("/docs")).text).toContain('<script src="/docs/swagger-ui-bundle.js"></script>');
  expect((await client.get("/docs/swagger-ui.css")).status).toBe(200);
  expect(() => makeApp({ docsAssets: "offline" as "cdn" })).toThrow(/'docsAssets' must be "auto", "installed" or "cdn", got "offline"/);
  // A missing package: "auto" falls back to the CDN, "installed" names what to install.
  const missing = "no-such-docs-ui" as DocsUIPackage;
  expect(servesInstalled(missing, "auto")).toBe(false);
  expect(() => servesInstalled(missing, "installed")).toThrow("run `npm install no-such-docs-ui`");
});

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
