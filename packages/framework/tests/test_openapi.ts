// The OpenAPI document: its operations compared with FastAPI 0.142.2's for the same app, validated against the
// OpenAPI 3.1 JSON Schema, and checked for the structure the schema cannot see (refs resolve, path params match).
import { TestClient } from "@mono/asgi";
import { Validator } from "@seriousme/openapi-schema-validator";
import { expect, test } from "vitest";
import { z } from "zod";
import { APIRouter, App, Depends, type JSONSchema } from "../src/index.js";

/** FastAPI's document for tests/openapi_reference.py's app, operations projected (parameter schemas reduced to their title). */
const FASTAPI_OPERATIONS = {"GET /items/{item_id}": {"tags": ["items"], "summary": "Read one item", "description": "Reads an item by id", "operationId": "read_item_items__item_id__get", "responses": {"200": {"description": "Successful Response", "content": {"application/json": {"schema": {}}}}, "404": {"description": "The item was not found", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Message"}}}}, "422": {"description": "Validation Error", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/HTTPValidationError"}}}}}, "parameters": [["item_id", "path", true, "Item Id"], ["q", "query", false, "Q"], ["user-agent", "header", false, "User-Agent"], ["session", "cookie", false, "Session"]]}, "POST /items/": {"tags": ["items"], "summary": "Create Item", "operationId": "create_item_items__post", "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Item"}}}}, "responses": {"201": {"description": "Successful Response", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ItemOut"}}}}, "422": {"description": "Validation Error", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/HTTPValidationError"}}}}}}, "GET /items/": {"tags": ["items"], "summary": "List Items", "operationId": "list_items_items__get", "deprecated": true, "responses": {"200": {"description": "Successful Response", "content": {"application/json": {"schema": {}}}}, "422": {"description": "Validation Error", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/HTTPValidationError"}}}}}, "parameters": [["skip", "query", false, "Skip"], ["limit", "query", false, "Limit"]]}, "GET /users/{user_id}": {"tags": ["users"], "summary": "Read User", "operationId": "read_user_users__user_id__get", "responses": {"200": {"description": "Successful Response", "content": {"application/json": {"schema": {}}}}, "422": {"description": "Validation Error", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/HTTPValidationError"}}}}}, "parameters": [["user_id", "path", true, "User Id"]]}, "DELETE /users/{user_id}": {"tags": ["users"], "summary": "Delete User", "operationId": "delete_user_users__user_id__delete", "responses": {"204": {"description": "Successful Response"}, "422": {"description": "Validation Error", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/HTTPValidationError"}}}}}, "parameters": [["user_id", "path", true, "User Id"]]}, "GET /health": {"summary": "Health", "operationId": "health_health_get", "responses": {"200": {"description": "Successful Response", "content": {"application/json": {"schema": {}}}}}}};

/** FastAPI's validation error components, verbatim. */
const FASTAPI_VALIDATION_SCHEMAS = {"HTTPValidationError": {"properties": {"detail": {"items": {"$ref": "#/components/schemas/ValidationError"}, "type": "array", "title": "Detail"}}, "type": "object", "title": "HTTPValidationError"}, "ValidationError": {"properties": {"loc": {"items": {"anyOf": [{"type": "string"}, {"type": "integer"}]}, "type": "array", "title": "Location"}, "msg": {"type": "string", "title": "Message"}, "type": {"type": "string", "title": "Error Type"}, "input": {"title": "Input"}, "ctx": {"type": "object", "title": "Context"}}, "type": "object", "required": ["loc", "msg", "type"], "title": "ValidationError"}};

const Item = z.object({ name: z.string(), price: z.number(), tags: z.array(z.string()).default([]) }).meta({ id: "Item" });
const ItemOut = z.object({ name: z.string(), price: z.number() }).meta({ id: "ItemOut" });
const Message = z.object({ message: z.string() }).meta({ id: "Message" });

function makeApp(): App {
  const app = new App({ title: "Mono API", version: "1.2.3", description: "Items and users" });
  const pagination = Depends({ query: z.object({ skip: z.int().default(0), limit: z.int().default(100) }) }, ({ query }) => query);
  app.get(
    "/items/{item_id}",
    {
      path: z.object({ item_id: z.int() }),
      query: z.object({ q: z.string().nullable().default(null) }),
      headers: z.object({ user_agent: z.string().nullable().default(null) }),
      cookies: z.object({ session: z.string().nullable().default(null) }),
      tags: ["items"],
      summary: "Read one item",
      description: "Reads an item by id",
      responses: { 404: { model: Message, description: "The item was not found" } },
    },
    function read_item() {
      return null;
    },
  );
  app.post("/items/", { body: Item, response: ItemOut, status: 201, tags: ["items"] }, function create_item({ body }) {
    return body;
  });
  app.get("/items/", { deps: { page: pagination }, tags: ["items"], deprecated: true }, function list_items() {
    return null;
  });
  const router = new APIRouter({ prefix: "/users", tags: ["users"] });
  router.get("/{user_id}", { path: z.object({ user_id: z.string() }) }, function read_user() {
    return null;
  });
  router.delete("/{user_id}", { path: z.object({ user_id: z.string() }), status: 204 }, function delete_user() {
    return null;
  });
  app.includeRouter(router);
  app.get("/health", {}, function health() {
    return null;
  });
  app.get("/hidden", { includeInSchema: false }, function hidden() {
    return null;
  });
  return app;
}

type Operation = Record<string, unknown> & { parameters?: { name: string; in: string; required: boolean; schema: JSONSchema }[] };

function project(doc: JSONSchema): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [path, ops] of Object.entries(doc["paths"] as Record<string, Record<string, Operation>>)) {
    for (const [method, op] of Object.entries(ops)) {
      const { parameters, ...rest } = op;
      const projected: Record<string, unknown> = { ...rest };
      if (parameters) projected["parameters"] = parameters.map((p) => [p.name, p.in, p.required, p.schema["title"]]);
      out[`${method.toUpperCase()} ${path}`] = projected;
    }
  }
  return out;
}

test("test_openapi_operations_match_fastapi", () => {
  const doc = makeApp().openapi();
  expect(doc["openapi"]).toBe("3.1.0");
  expect(doc["info"]).toEqual({ title: "Mono API", description: "Items and users", version: "1.2.3" });
  expect(project(doc)).toEqual(FASTAPI_OPERATIONS);
});

test("test_openapi_components", () => {
  const schemas = (makeApp().openapi()["components"] as { schemas: Record<string, JSONSchema> }).schemas;
  expect(Object.keys(schemas)).toEqual(["HTTPValidationError", "Item", "ItemOut", "Message", "ValidationError"]);
  expect({ HTTPValidationError: schemas["HTTPValidationError"], ValidationError: schemas["ValidationError"] }).toEqual(
    FASTAPI_VALIDATION_SCHEMAS,
  );
  // The models as pydantic writes them (key order included): titles, then a default where one is set.
  expect(JSON.stringify(schemas["Item"])).toBe(
    JSON.stringify({
      properties: {
        name: { type: "string", title: "Name" },
        price: { type: "number", title: "Price" },
        tags: { items: { type: "string" }, type: "array", title: "Tags", default: [] },
      },
      type: "object",
      required: ["name", "price"],
      title: "Item",
    }),
  );
});

test("test_openapi_schema_is_valid_openapi_3_1", async () => {
  const validator = new Validator();
  const result = await validator.validate(makeApp().openapi());
  expect(result.errors).toBeUndefined();
  expect(result.valid).toBe(true);
  expect(validator.version).toBe("3.1");
});

function refsOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(refsOf);
  if (typeof value !== "object" || value === null) return [];
  return Object.entries(value).flatMap(([key, item]) => (key === "$ref" && typeof item === "string" ? [item] : refsOf(item)));
}

test("test_openapi_structure", () => {
  const doc = makeApp().openapi();
  // Every $ref points at a component that exists.
  const schemas = (doc["components"] as { schemas: Record<string, unknown> }).schemas;
  for (const ref of refsOf(doc)) {
    expect(ref).toMatch(/^#\/components\/schemas\//);
    expect(schemas).toHaveProperty([ref.slice("#/components/schemas/".length)]);
  }
  // Path parameters and the path template agree; operation ids are unique.
  const ids = new Set<string>();
  for (const [path, ops] of Object.entries(doc["paths"] as Record<string, Record<string, Operation>>)) {
    const inTemplate = [...path.matchAll(/{([^}]+)}/g)].map((m) => m[1]).sort();
    for (const op of Object.values(ops)) {
      const declared = (op.parameters ?? []).filter((p) => p.in === "path");
      expect(declared.map((p) => p.name).sort()).toEqual(inTemplate);
      expect(declared.every((p) => p.required)).toBe(true);
      const id = op["operationId"] as string;
      expect(ids.has(id)).toBe(false);
      ids.add(id);
      expect(Object.keys(op["responses"] as object).length).toBeGreaterThan(0);
    }
  }
  expect(Object.keys(doc["paths"] as object)).not.toContain("/hidden");
});

test("test_openapi_json_route", async () => {
  const app = makeApp();
  const client = new TestClient(app.asgi);
  const response = await client.get("/openapi.json");
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toBe("application/json");
  expect(response.json()).toEqual(app.openapi());
  // Behind a proxy's root_path, the document names it as the first server.
  const behindProxy = await new TestClient(app.asgi, { rootPath: "/api" }).get("/api/openapi.json");
  expect((behindProxy.json() as JSONSchema)["servers"]).toEqual([{ url: "/api" }]);
});

test("test_openapi_url_none_turns_docs_off", async () => {
  const app = new App({ openapiUrl: null });
  app.get("/", {}, () => ({ ok: true }));
  const client = new TestClient(app.asgi);
  for (const url of ["/openapi.json", "/docs", "/redoc"]) expect((await client.get(url)).status).toBe(404);
  expect((await client.get("/")).status).toBe(200);
});

test("test_openapi_regenerated_after_new_routes", () => {
  const app = new App();
  app.get("/a", {}, () => null);
  expect(Object.keys(app.openapi()["paths"] as object)).toEqual(["/a"]);
  app.get("/b", {}, () => null);
  expect(Object.keys(app.openapi()["paths"] as object)).toEqual(["/a", "/b"]);
});

test("test_anonymous_handlers_get_names_from_method_and_path", () => {
  const app = new App();
  app.get("/items/{item_id}", { path: z.object({ item_id: z.int() }) }, ({ path }) => path);
  const op = (app.openapi()["paths"] as Record<string, Record<string, JSONSchema>>)["/items/{item_id}"]?.["get"];
  expect(op?.["summary"]).toBe("Get Items Item Id");
  expect(op?.["operationId"]).toBe("get_items_item_id_items__item_id__get");
});
