// Ports FastAPI's OpenAPI-configuration tests, test for test: test_openapi_cache_root_path,
// test_openapi_model_description_trim_on_formfeed, test_openapi_query_parameter_extension, test_openapi_route_extensions,
// test_openapi_servers, test_webhooks_security, test_infer_param_optionality, test_swagger_ui_init_oauth, test_swagger_ui_escape,
// test_custom_swagger_ui_redirect, test_additional_properties and test_additional_properties_bool; every answer
// compared with FastAPI 0.142.2's, recorded by test_tutorial/reference/openapi_tests.py (pages in CDN mode).
import { expect, test } from "vitest";
import { z } from "zod";
import { APIRouter, App, docstring, getSwaggerUiHtml, HTTPBearer, py, Security, TestClient, type AppOptions } from "../src/index.js";
import { OAPI_TESTS } from "./test_tutorial/reference/openapi_tests.js";

function same(response: { status: number; rawHeaders: [string, string][]; text: string }, key: string): void {
  expect({ status: response.status, headers: response.rawHeaders, body: response.text }).toEqual(OAPI_TESTS[key]);
}

function rootApp(options: AppOptions = {}): App {
  const app = new App(options);
  app.get("/", function read_root() {
    return { ok: true };
  });
  return app;
}

// test_openapi_cache_root_path
const CACHE = "test_openapi_cache_root_path";

test("test_root_path_does_not_persist_across_requests", async () => {
  const app = rootApp();
  same(await new TestClient(app.asgi, { rootPath: "/evil-api" }).get("/openapi.json"), `${CACHE}.test_root_path_does_not_persist_across_requests.0`);
  same(await new TestClient(app.asgi).get("/openapi.json"), `${CACHE}.test_root_path_does_not_persist_across_requests.1`);
});

test("test_multiple_different_root_paths_do_not_accumulate", async () => {
  const app = rootApp();
  const name = `${CACHE}.test_multiple_different_root_paths_do_not_accumulate`;
  for (const [i, prefix] of ["/path-a", "/path-b", "/path-c"].entries()) {
    same(await new TestClient(app.asgi, { rootPath: prefix }).get("/openapi.json"), `${name}.${i}`);
  }
  same(await new TestClient(app.asgi).get("/openapi.json"), `${name}.3`);
});

test("test_legitimate_root_path_still_appears", async () => {
  same(await new TestClient(rootApp().asgi, { rootPath: "/api/v1" }).get("/openapi.json"), `${CACHE}.test_legitimate_root_path_still_appears.0`);
});

test("test_configured_servers_not_mutated", async () => {
  const configuredServers = [{ url: "https://prod.example.com" }];
  const app = rootApp({ servers: configuredServers });
  same(await new TestClient(app.asgi, { rootPath: "/evil" }).get("/openapi.json"), `${CACHE}.test_configured_servers_not_mutated.0`);
  expect(configuredServers).toEqual([{ url: "https://prod.example.com" }]);
});

test("test_openapi model_description_trim_on_formfeed", async () => {
  const MyModel = z.object({}).meta({
    id: "MyModel",
    description: docstring(`
    A model with a form feed character in the title.
    \f
    Text after form feed character.
    `),
  });
  const app = new App();
  app.get("/foo", { body: MyModel }, function foo() {
    return null;
  });
  same(await new TestClient(app.asgi).get("/openapi.json"), "test_openapi_model_description_trim_on_formfeed.test_openapi.0");
});

function queryExtensionApp(): App {
  const app = new App();
  const openapiExtra = {
    parameters: [
      { required: false, schema: { title: "Extra Param 1" }, name: "extra_param_1", in: "query" },
      { required: true, schema: { title: "Extra Param 2" }, name: "extra_param_2", in: "query" },
    ],
  };
  const query = z.object({ standard_query_param: z.int().nullable().default(50) });
  app.get("/", { query, openapiExtra }, function route_with_extra_query_parameters() {
    return {};
  });
  return app;
}

test("test_get_route query_parameter_extension", async () => {
  same(await new TestClient(queryExtensionApp().asgi).get("/"), "test_openapi_query_parameter_extension.test_get_route.0");
});

test("test_openapi query_parameter_extension", async () => {
  same(await new TestClient(queryExtensionApp().asgi).get("/openapi.json"), "test_openapi_query_parameter_extension.test_openapi.0");
});

function routeExtensionsApp(): App {
  const app = new App();
  app.get("/", { openapiExtra: { "x-custom-extension": "value" } }, function route_with_extras() {
    return {};
  });
  return app;
}

test("test_get_route route_extensions", async () => {
  same(await new TestClient(routeExtensionsApp().asgi).get("/"), "test_openapi_route_extensions.test_get_route.0");
});

test("test_openapi_schema route_extensions", async () => {
  same(await new TestClient(routeExtensionsApp().asgi).get("/openapi.json"), "test_openapi_route_extensions.test_openapi_schema.0");
});

function serversApp(): App {
  const app = new App({
    servers: [
      { url: "/", description: "Default, relative server" },
      { url: "http://staging.localhost.tiangolo.com:8000", description: "Staging but actually localhost still" },
      { url: "https://prod.example.com" },
    ],
  });
  app.get("/foo", function foo() {
    return { message: "Hello World" };
  });
  return app;
}

test("test_app servers", async () => {
  same(await new TestClient(serversApp().asgi).get("/foo"), "test_openapi_servers.test_app.0");
});

test("test_openapi_schema servers", async () => {
  same(await new TestClient(serversApp().asgi).get("/openapi.json"), "test_openapi_servers.test_openapi_schema.0");
});

test("test_openapi_schema webhooks_security", async () => {
  const app = new App();
  const bearerScheme = new HTTPBearer();
  const Subscription = z.object({ username: z.string(), monthly_fee: z.number(), start_date: py.datetime() }).meta({ id: "Subscription" });
  const description = docstring(`
    When a new user subscribes to your service we'll send you a POST request with this
    data to the URL that you register for the event \`new-subscription\` in the dashboard.
    `);
  app.webhooks.post("new-subscription", { body: Subscription, deps: { token: Security(bearerScheme) }, description }, function new_subscription() {
    return null;
  });
  same(await new TestClient(app.asgi).get("/openapi.json"), "test_webhooks_security.test_openapi_schema.0");
});

function optionalityApp(): App {
  const app = new App();
  const userRouter = new APIRouter();
  const itemRouter = new APIRouter();
  userRouter.get("/", function get_users() {
    return [{ user_id: "u1" }, { user_id: "u2" }];
  });
  userRouter.get("/{user_id}", { path: z.object({ user_id: z.string() }) }, function get_user({ path }) {
    return { user_id: path.user_id };
  });
  // FastAPI infers `user_id` as a query parameter here and as a path parameter under /users/{user_id}/items.
  itemRouter.get("/", { query: z.object({ user_id: z.string().nullable().default(null) }) }, function get_items({ query }) {
    if (query.user_id === null) return [{ item_id: "i1", user_id: "u1" }, { item_id: "i2", user_id: "u2" }];
    return [{ item_id: "i2", user_id: query.user_id }];
  });
  itemRouter.get(
    "/{item_id}",
    { path: z.object({ item_id: z.string() }), query: z.object({ user_id: z.string().nullable().default(null) }) },
    function get_item({ path, query }) {
      return query.user_id === null ? { item_id: path.item_id } : { item_id: path.item_id, user_id: query.user_id };
    },
  );
  app.includeRouter(userRouter, { prefix: "/users" });
  app.includeRouter(itemRouter, { prefix: "/items" });
  return app;
}

test.each([
  ["test_get_users", "/users"],
  ["test_get_user", "/users/abc123"],
  ["test_get_items_1", "/items"],
  ["test_get_items_2", "/items?user_id=abc123"],
  ["test_get_item_1", "/items/item01"],
  ["test_get_item_2", "/items/item01?user_id=abc123"],
])("%s", async (name, url) => {
  const client = new TestClient(optionalityApp().asgi);
  same(await client.get(url), `test_infer_param_optionality.${name}.0`);
});

function initOauthApp(): App {
  const app = new App({ docsAssets: "cdn", swaggerUiInitOauth: { clientId: "the-foo-clients", appName: "The Predendapp" } });
  app.get("/items/", async function read_items() {
    return { id: "foo" };
  });
  return app;
}

test("test_swagger_ui init_oauth", async () => {
  same(await new TestClient(initOauthApp().asgi).get("/docs"), "test_swagger_ui_init_oauth.test_swagger_ui.0");
});

test("test_response init_oauth", async () => {
  same(await new TestClient(initOauthApp().asgi).get("/items/"), "test_swagger_ui_init_oauth.test_response.0");
});

function redirectApp(): App {
  const app = new App({ docsAssets: "cdn", swaggerUiOauth2RedirectUrl: "/docs/redirect" });
  app.get("/items/", async function read_items() {
    return { id: "foo" };
  });
  return app;
}

test("test_swagger_ui custom_swagger_ui_redirect", async () => {
  same(await new TestClient(redirectApp().asgi).get("/docs"), "test_custom_swagger_ui_redirect.test_swagger_ui.0");
});

test("test_swagger_ui_oauth2_redirect", async () => {
  same(await new TestClient(redirectApp().asgi).get("/docs/redirect"), "test_custom_swagger_ui_redirect.test_swagger_ui_oauth2_redirect.0");
});

test("test_response custom_swagger_ui_redirect", async () => {
  same(await new TestClient(redirectApp().asgi).get("/items/"), "test_custom_swagger_ui_redirect.test_response.0");
});

function additionalPropertiesApp(): App {
  const Items = z.object({ items: z.record(z.string(), z.int()) }).meta({ id: "Items" });
  const app = new App();
  app.post("/foo", { body: Items }, function foo({ body }) {
    return body.items;
  });
  return app;
}

test("test_additional_properties_post", async () => {
  const response = await new TestClient(additionalPropertiesApp().asgi).post("/foo", { json: { items: { foo: 1, bar: 2 } } });
  same(response, "test_additional_properties.test_additional_properties_post.0");
});

test("test_openapi_schema additional_properties", async () => {
  same(await new TestClient(additionalPropertiesApp().asgi).get("/openapi.json"), "test_additional_properties.test_openapi_schema.0");
});

function additionalPropertiesBoolApp(): App {
  const Foo = z.strictObject({}).meta({ id: "Foo" });
  const app = new App();
  // A single body parameter (`foo: Foo | None = None`) is the whole body; FastAPI documents it with its name as title.
  app.post("/", { body: Foo.nullable().default(null).meta({ title: "Foo" }) }, async function post({ body }) {
    return body;
  });
  return app;
}

test("test_call_invalid", async () => {
  same(await new TestClient(additionalPropertiesBoolApp().asgi).post("/", { json: { foo: { bar: "baz" } } }), "test_additional_properties_bool.test_call_invalid.0");
});

test("test_call_valid", async () => {
  same(await new TestClient(additionalPropertiesBoolApp().asgi).post("/", { json: {} }), "test_additional_properties_bool.test_call_valid.0");
});

test("test_openapi_schema additional_properties_bool", async () => {
  same(await new TestClient(additionalPropertiesBoolApp().asgi).get("/openapi.json"), "test_additional_properties_bool.test_openapi_schema.0");
});

// test_swagger_ui_escape: what the page embeds as JSON cannot close its <script>.
function swaggerPage(options: Partial<Parameters<typeof getSwaggerUiHtml>[0]>): string {
  return new TextDecoder().decode(getSwaggerUiHtml({ openapiUrl: "/openapi.json", title: "Test", ...options }).body);
}

test("test_init_oauth_html_chars_are_escaped", () => {
  const body = swaggerPage({ initOAuth: { appName: "Evil</script><script>alert(1)</script>" } });
  expect(body).not.toContain("</script><script>");
  expect(body).toContain("\\u003c/script\\u003e\\u003cscript\\u003e");
});

test("test_swagger_ui_parameters_html_chars_are_escaped", () => {
  const body = swaggerPage({ swaggerUiParameters: { customKey: "<img src=x onerror=alert(1)>" } });
  expect(body).not.toContain("<img src=x onerror=alert(1)>");
  expect(body).toContain("\\u003cimg");
});

test("test_normal_init_oauth_still_works", () => {
  const body = swaggerPage({ initOAuth: { clientId: "my-client", appName: "My App" } });
  expect(body).toContain('"clientId": "my-client"');
  expect(body).toContain('"appName": "My App"');
  expect(body).toContain("ui.initOAuth");
});

test("test_served_paths_start_with_a_slash_webhooks_and_callbacks_need_not", () => {
  // Not in FastAPI (it accepts `@app.get("items")`, a route that can never match): an App's route path must start
  // with "/", while a webhook's is an event name and a callback's an OpenAPI expression.
  const app = new App();
  expect(() => app.get("items", () => null)).toThrow(`"items": routed paths must start with '/'`);
  const router = new APIRouter();
  router.get("items", () => null);
  expect(() => app.includeRouter(router)).toThrow(`"items": routed paths must start with '/'`);
  app.includeRouter(router, { prefix: "/v1" });
  expect(app.webhooks.post("new-subscription", () => null).path).toBe("new-subscription");
  const callbacks = new APIRouter();
  expect(callbacks.post("{$callback_url}/invoices/{$request.body.id}", () => null).pathFormat).toBe("{$callback_url}/invoices/{$request.body.id}");
});
