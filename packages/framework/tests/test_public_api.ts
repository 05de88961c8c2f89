// The package's public names, listed: src/index.ts exports each one by name, so a helper the modules share among
// themselves (schema walkers, asset readers, HTML escaping) cannot leak into the API. The names that no other test
// file uses are exercised here, as FastAPI's and Starlette's users call them.
import { PlainTextResponse, TestClient } from "@mono/asgi";
import { expect, test } from "vitest";
import { z } from "zod";
import * as framework from "../src/index.js";
import { APIRoute, App, BaseRoute, Depends, FastAPIError, getOpenAPI, getRedocHtml, getSwaggerUiHtml, registerUrlConvertor, Route, Starlette } from "../src/index.js";

test("test_runtime_exports_are_the_listed_ones", () => {
  expect(Object.keys(framework).sort()).toEqual(
    [
      "APIRoute",
      "excludeUnset",
      "py",
      "PyDate",
      "PyDatetime",
      "PyDecimal",
      "PyFloat",
      "PyTime",
      "PyTimedelta",
      "APIKeyCookie",
      "APIKeyHeader",
      "APIKeyQuery",
      "getAuthorizationSchemeParam",
      "HTTPBase",
      "HTTPBasic",
      "HTTPBearer",
      "HTTPDigest",
      "OAuth2",
      "OAuth2AuthorizationCodeBearer",
      "OAuth2PasswordBearer",
      "OAuth2PasswordRequestForm",
      "OAuth2PasswordRequestFormStrict",
      "OpenIdConnect",
      "SecurityBase",
      "Security",
      "SecurityScopes",
      "APIRouter",
      "APIWebSocketRoute",
      "App",
      "BaseHTTPMiddleware",
      "BaseRoute",
      "DEFAULT_EXCLUDED_CONTENT_TYPES",
      "Depends",
      "ExceptionMiddleware",
      "FileResponse",
      "GZipMiddleware",
      "GZipResponder",
      "HTMLResponse",
      "HTTPSRedirectMiddleware",
      "IdentityResponder",
      "JSONResponse",
      "Middleware",
      "NotModifiedResponse",
      "PlainTextResponse",
      "RedirectResponse",
      "Response",
      "StaticFiles",
      "StreamingResponse",
      "status",
      "TestClient",
      "TrustedHostMiddleware",
      "_StreamingResponse",
      "DependencyScopeError",
      "FastAPIError",
      "File",
      "HTTPException",
      "Host",
      "MiddlewareOrderWarning",
      "Mount",
      "NoMatchFound",
      "RequestValidationError",
      "ResponseValidationError",
      "Route",
      "Router",
      "ServerErrorMiddleware",
      "SettingsError",
      "Starlette",
      "Upload",
      "WebSocketEndpoint",
      "WebSocketException",
      "WebSocketRequestValidationError",
      "WebSocketRoute",
      "EventSourceResponse",
      "KEEPALIVE_COMMENT",
      "ServerSentEvent",
      "formatSseEvent",
      "compilePath",
      "getOpenAPI",
      "FASTAPI_FAVICON_URL",
      "REDOC_JS_CDN_URL",
      "SWAGGER_CSS_CDN_URL",
      "SWAGGER_JS_CDN_URL",
      "getRedocHtml",
      "getSwaggerUiHtml",
      "getSwaggerUiOauth2RedirectHtml",
      "isDocsUIInstalled",
      "docstring",
      "generateUniqueId",
      "modelJsonSchema",
      "validationErrors",
      "httpExceptionHandler",
      "jsonableEncoder",
      "ORJSONResponse",
      "UJSONResponse",
      "middlewareOrderWarning",
      "registerUrlConvertor",
      "requestValidationExceptionHandler",
      "settings",
      "websocketRequestValidationExceptionHandler",
      "websocketSession",
    ].sort(),
  );
});

test("test_one_import_for_an_app", async () => {
  // fastapi.responses and fastapi.testclient: the response classes and TestClient are Starlette's own, re-exported.
  const asgi = await import("@mono/asgi");
  for (const name of ["FileResponse", "HTMLResponse", "JSONResponse", "PlainTextResponse", "RedirectResponse", "Response", "StreamingResponse", "TestClient", "Middleware"] as const) {
    expect(framework[name]).toBe(asgi[name]);
  }
  const app = new App();
  app.get("/", () => new framework.HTMLResponse("<h1>Hi</h1>"));
  const response = await new framework.TestClient(app.asgi).get("/");
  expect(response.text).toBe("<h1>Hi</h1>");
});

test("test_get_openapi_of_routes", () => {
  // FastAPI's `get_openapi(title=..., version=..., routes=app.routes)`, as its "extending OpenAPI" tutorial uses it.
  const app = new App();
  app.get("/items/{item_id}", { path: z.object({ item_id: z.int() }) }, function readItem({ path }) {
    return { item_id: path.item_id };
  });
  const document = getOpenAPI({ title: "Custom title", version: "2.5.0", summary: "Custom summary", routes: app.routes });
  expect(document["openapi"]).toBe("3.1.0");
  expect(document["info"]).toEqual({ title: "Custom title", summary: "Custom summary", version: "2.5.0" });
  expect(Object.keys(document["paths"] as object)).toEqual(["/items/{item_id}"]);
  expect(app.routes.some((route) => route instanceof APIRoute)).toBe(true);
  expect(app.routes.every((route) => route instanceof BaseRoute)).toBe(true);
});

test("test_status", async () => {
  // `from fastapi import status`: starlette.status's constants in one namespace.
  const asgi = await import("@mono/asgi");
  expect(framework.status.HTTP_201_CREATED).toBe(201);
  expect(framework.status.WS_1008_POLICY_VIOLATION).toBe(1008);
  // The same namespace as @mono/asgi's (as fastapi.status is starlette.status): every constant is in it.
  expect(framework.status).toBe(asgi.status);
  for (const name of Object.keys(asgi).filter((key) => /^(HTTP|WS)_\d/.test(key))) expect(framework.status).toHaveProperty(name);
});

test("test_generate_unique_id", () => {
  // FastAPI's default generate_unique_id, the base of a generateUniqueIdFunction of one's own.
  const app = new App({ generateUniqueIdFunction: (route) => `v1-${framework.generateUniqueId(route)}` });
  const route = app.get("/items/{item_id}", { path: z.object({ item_id: z.int() }) }, function readItem({ path }) {
    return { item_id: path.item_id };
  });
  expect(framework.generateUniqueId(route as unknown as APIRoute)).toBe("read_item_items__item_id__get");
  expect(route.operationId).toBe("v1-read_item_items__item_id__get");
});

test("test_custom_docs_pages", async () => {
  // FastAPI's "custom docs UI assets" tutorial: the docs pages turned off, then served by routes of one's own.
  const app = new App({ docsUrl: null, redocUrl: null });
  app.get("/docs", { includeInSchema: false }, () =>
    getSwaggerUiHtml({ openapiUrl: "/openapi.json", title: "Custom - Swagger UI", swaggerJsUrl: "/static/swagger-ui-bundle.js" }),
  );
  app.get("/redoc", { includeInSchema: false }, () =>
    getRedocHtml({ openapiUrl: "/openapi.json", title: "Custom - ReDoc", redocJsUrl: "/static/redoc.standalone.js" }),
  );
  const client = new TestClient(app.asgi);
  const swagger = await client.get("/docs");
  expect(swagger.headers.get("content-type")).toBe("text/html; charset=utf-8");
  expect(swagger.text).toContain('<script src="/static/swagger-ui-bundle.js"></script>');
  expect(swagger.text).toContain("<title>Custom - Swagger UI</title>");
  const redoc = await client.get("/redoc");
  expect(redoc.text).toContain('<script src="/static/redoc.standalone.js"> </script>');
  expect(redoc.text).toContain("<title>Custom - ReDoc</title>");
});

test("test_register_url_convertor", async () => {
  // Starlette's register_url_convertor: a `{name:type}` of one's own, both ways.
  registerUrlConvertor("public_api_hex", {
    regex: "[0-9a-f]+",
    convert: (value) => Number.parseInt(value, 16),
    toString: (value: number) => value.toString(16),
  });
  const app = new Starlette({
    routes: [new Route("/color/{value:public_api_hex}", (request) => new PlainTextResponse(String(request.pathParams["value"])), { name: "color" })],
  });
  const client = new TestClient(app.asgi);
  expect((await client.get("/color/ff")).text).toBe("255");
  expect((await client.get("/color/zz")).status).toBe(404);
  expect(app.urlPathFor("color", { value: 255 }).path).toBe("/color/ff");
});

test("test_dependency_generator_that_does_not_yield_is_a_fastapi_error", async () => {
  const app = new App();
  const broken = Depends(function* noValue() {
    return;
  });
  app.get("/", { deps: { value: broken } }, ({ deps }) => ({ value: deps.value }));
  await expect(new TestClient(app.asgi).get("/")).rejects.toThrow(FastAPIError);
  await expect(new TestClient(app.asgi).get("/")).rejects.toThrow("A dependency generator must yield its value once");
});
