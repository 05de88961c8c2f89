// Ports FastAPI's tests/test_tutorial/test_metadata (tutorial001, 001_1, 002, 003, 004), test_conditional_openapi,
// test_extending_openapi, test_first_steps and test_debugging: the document's info (title, summary, description,
// version, terms of service, contact, license with url or identifier), tags metadata, a moved or removed document
// and docs pages, a replaced `app.openapi`; each answer as FastAPI 0.142.2's bytes (docs pages in CDN mode).
import { expect, test } from "vitest";
import { z } from "zod";
import { App, getOpenAPI, settings, TestClient, type AppOptions } from "../../src/index.js";
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

const DESCRIPTION = `
ChimichangApp API helps you do awesome stuff. 🚀

## Items

You can **read items**.

## Users

You will be able to:

* **Create users** (_not implemented_).
* **Read users** (_not implemented_).
`;

function app001(licenseInfo: Record<string, string>): App {
  const app = new App({
    docsAssets: "cdn",
    title: "ChimichangApp",
    description: DESCRIPTION,
    summary: "Deadpool's favorite app. Nuff said.",
    version: "0.0.1",
    termsOfService: "http://example.com/terms/",
    contact: { name: "Deadpoolio the Amazing", url: "http://x-force.example.com/contact/", email: "dp@x-force.example.com" },
    licenseInfo,
  });
  app.get("/items/", function read_items() {
    return [{ name: "Katana" }];
  });
  return app;
}

test("test_items 001", async () => {
  const app = app001({ name: "Apache 2.0", url: "https://www.apache.org/licenses/LICENSE-2.0.html" });
  same(await new TestClient(app.asgi).get("/items/"), "meta_001_items");
  await sameDocs(app, "meta_001");
});

test("test_items 001_1 (license identifier)", async () => {
  const app = app001({ name: "Apache 2.0", identifier: "Apache-2.0" });
  same(await new TestClient(app.asgi).get("/items/"), "meta_001_1_items");
  await sameDocs(app, "meta_001_1");
});

test("test_items 002 (openapiUrl)", async () => {
  const app = new App({ docsAssets: "cdn", openapiUrl: "/api/v1/openapi.json" });
  app.get("/items/", function read_items() {
    return [{ name: "Foo" }];
  });
  const client = new TestClient(app.asgi);
  same(await client.get("/items/"), "meta_002_items");
  same(await client.get("/api/v1/openapi.json"), "meta_002_openapi");
  same(await client.get("/openapi.json"), "meta_002_default_openapi");
  same(await client.get("/docs"), "meta_002_docs");
  same(await client.get("/redoc"), "meta_002_redoc");
});

test("test_items 003 (docsUrl, redocUrl)", async () => {
  const app = new App({ docsAssets: "cdn", docsUrl: "/documentation", redocUrl: null });
  app.get("/items/", function read_items() {
    return [{ name: "Foo" }];
  });
  const client = new TestClient(app.asgi);
  same(await client.get("/items/"), "meta_003_items");
  same(await client.get("/documentation"), "meta_003_documentation");
  same(await client.get("/docs"), "meta_003_docs");
  same(await client.get("/redoc"), "meta_003_redoc");
  same(await client.get("/openapi.json"), "meta_003_openapi");
});

test("test_path_operations 004 (openapiTags)", async () => {
  const openapiTags = [
    { name: "users", description: "Operations with users. The **login** logic is also here." },
    {
      name: "items",
      description: "Manage items. So _fancy_ they have their own docs.",
      externalDocs: { description: "Items external docs", url: "https://fastapi.tiangolo.com/" },
    },
  ];
  const app = new App({ docsAssets: "cdn", openapiTags });
  app.get("/users/", { tags: ["users"] }, function get_users() {
    return [{ name: "Harry" }, { name: "Ron" }];
  });
  app.get("/items/", { tags: ["items"] }, function get_items() {
    return [{ name: "wand" }, { name: "flying broom" }];
  });
  same(await new TestClient(app.asgi).get("/items/"), "meta_004_items");
  same(await new TestClient(app.asgi).get("/users/"), "meta_004_users");
  await sameDocs(app, "meta_004");
});

// conditional_openapi: the document's URL from a setting (the OPENAPI_URL environment variable), "" turning it off.
function conditionalApp(env: Record<string, string>): App {
  const config = settings(z.object({ openapi_url: z.string().default("/openapi.json") }), { env });
  const app = new App({ docsAssets: "cdn", openapiUrl: config.openapi_url || null });
  app.get("/", function root() {
    return { message: "Hello World" };
  });
  return app;
}

test("test_disable_openapi", async () => {
  const client = new TestClient(conditionalApp({ OPENAPI_URL: "" }).asgi);
  same(await client.get("/openapi.json"), "cond_off_openapi");
  same(await client.get("/docs"), "cond_off_docs");
  same(await client.get("/redoc"), "cond_off_redoc");
  same(await client.get("/"), "cond_off_root");
});

test("test_root", async () => {
  same(await new TestClient(conditionalApp({}).asgi).get("/"), "cond_root");
});

test("test_default_openapi", async () => {
  await sameDocs(conditionalApp({}), "cond");
});

// extending_openapi: `app.openapi` replaced by a function that builds the document once, with getOpenAPI.
function extendedApp(): App {
  const app = new App({ docsAssets: "cdn" });
  app.get("/items/", function read_items() {
    return [{ name: "Foo" }];
  });
  app.openapi = () => {
    if (app.openapiSchema) return app.openapiSchema;
    const schema = getOpenAPI({
      title: "Custom title",
      version: "2.5.0",
      summary: "This is a very custom OpenAPI schema",
      description: "Here's a longer description of the custom **OpenAPI** schema",
      routes: app.routes,
    });
    (schema["info"] as Record<string, unknown>)["x-logo"] = { url: "https://fastapi.tiangolo.com/img/logo-margin/logo-teal.png" };
    app.openapiSchema = schema;
    return app.openapiSchema;
  };
  return app;
}

test("test_extending_openapi", async () => {
  const client = new TestClient(extendedApp().asgi);
  same(await client.get("/items/"), "ext_items");
  same(await client.get("/openapi.json"), "ext_openapi");
  same(await client.get("/openapi.json"), "ext_openapi_again");
  same(await client.get("/docs"), "ext_docs");
});

// first_steps (async and sync handlers) and debugging: the smallest apps, their 404 and 405 and their documents.
const FIRST: [string, (options: AppOptions) => App][] = [
  [
    "first_steps_001",
    (options) => {
      const app = new App(options);
      app.get("/", async function root() {
        return { message: "Hello World" };
      });
      return app;
    },
  ],
  [
    "first_steps_003",
    (options) => {
      const app = new App(options);
      app.get("/", function root() {
        return { message: "Hello World" };
      });
      return app;
    },
  ],
  [
    "debugging_001",
    (options) => {
      const app = new App(options);
      app.get("/", function root() {
        const a = "a";
        const b = "b" + a;
        return { "hello world": b };
      });
      return app;
    },
  ],
];

test.each(FIRST)("test_get_path %s", async (prefix, makeApp) => {
  const app = makeApp({ docsAssets: "cdn" });
  const client = new TestClient(app.asgi);
  same(await client.get("/"), `${prefix}_root`);
  same(await client.get("/nope"), `${prefix}_missing`);
  same(await client.post("/"), `${prefix}_post`);
  await sameDocs(app, prefix);
});

test("test_openapi_external_docs", async () => {
  // Not a tutorial app: top-level externalDocs after tags, an app-wide generateUniqueIdFunction, and three methods of
  // one path in FastAPI's PathItem order (get, put, delete) whatever the order they were added in.
  const app = new App({
    openapiExternalDocs: { description: "More docs", url: "https://example.com/docs" },
    openapiTags: [{ name: "items", description: "Items" }],
    generateUniqueIdFunction: (route) => `${route.tags[0]}-${route.name}`,
  });
  app.delete("/items/", { tags: ["items"], status: 204 }, function delete_items() {
    return null;
  });
  app.put("/items/", { tags: ["items"], deprecated: true }, function put_items() {
    return { ok: true };
  });
  app.get("/items/", { tags: ["items"], responseDescription: "The items" }, function get_items() {
    return [];
  });
  const client = new TestClient(app.asgi);
  same(await client.get("/openapi.json"), "xdocs_openapi");
  same(await client.delete("/items/"), "xdocs_delete");
});
