/** @module Mirrors fastapi/openapi/utils.py (`get_openapi`): the OpenAPI 3.1 document of an App's APIRoutes,
 * with the schemas from zod 4's `z.toJSONSchema` and FastAPI's HTTPValidationError/ValidationError components.
 */
import { HTTP_STATUS_PHRASES } from "@mono/asgi";
import { z } from "zod";
import type { BaseRoute } from "../starlette/routing.js";
import { fileKind, type BodyPlan } from "./body.js";
import { flatSpecs, headerName, type ParamsSchema } from "./dependencies.js";
import { APIRoute, isBodyAllowedForStatusCode, type ResponseSpec } from "./routing.js";
import { defOf, isOptional, unwrap } from "./validation.js";

export type JSONSchema = Record<string, unknown>;

/** FastAPI's components for the 422 answer, byte for byte. */
const VALIDATION_ERROR_SCHEMAS: Record<string, JSONSchema> = {
  HTTPValidationError: {
    properties: {
      detail: { items: { $ref: "#/components/schemas/ValidationError" }, type: "array", title: "Detail" },
    },
    type: "object",
    title: "HTTPValidationError",
  },
  ValidationError: {
    properties: {
      loc: { items: { anyOf: [{ type: "string" }, { type: "integer" }] }, type: "array", title: "Location" },
      msg: { type: "string", title: "Message" },
      type: { type: "string", title: "Error Type" },
      input: { title: "Input" },
      ctx: { type: "object", title: "Context" },
    },
    type: "object",
    required: ["loc", "msg", "type"],
    title: "ValidationError",
  },
};

const VALIDATION_ERROR_RESPONSE = {
  description: "Validation Error",
  content: { "application/json": { schema: { $ref: "#/components/schemas/HTTPValidationError" } } },
};

export interface OpenAPIOptions {
  /** `info.title`. @default none (required; the App passes its `title`, "FastAPI" unless set) */
  title: string;
  /** `info.version` (of your API). @default none (required; the App passes its `version`, "0.1.0" unless set) */
  version: string;
  /** The document's `openapi` field. @default "3.1.0" */
  openapiVersion?: string;
  /** `info.summary`. @default none */
  summary?: string | null;
  /** `info.description`. @default none */
  description?: string | null;
  /** The routes; APIRoutes with `includeInSchema` are documented. @default none (required) */
  routes: readonly BaseRoute[];
  /** Top-level `tags` (names, descriptions, external docs). @default none */
  tags?: readonly Record<string, unknown>[] | null;
  /** Top-level `servers`. @default none */
  servers?: readonly Record<string, unknown>[] | null;
  /** `info.termsOfService`. @default none */
  termsOfService?: string | null;
  /** `info.contact`. @default none */
  contact?: Record<string, unknown> | null;
  /** `info.license`. @default none */
  licenseInfo?: Record<string, unknown> | null;
}

/** `item_id` -> "Item Id", `user-agent` -> "User-Agent": Python's `str.title()` as FastAPI titles parameters. */
export function pythonTitle(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replaceAll("_", " ")
    .replace(/[A-Za-z]+/g, (word) => word.charAt(0).toUpperCase() + word.slice(1).toLowerCase());
}

function rewriteRefs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(rewriteRefs);
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [
      key,
      key === "$ref" && typeof item === "string" ? item.replace(/^#\/\$defs\//, "#/components/schemas/") : rewriteRefs(item),
    ]),
  );
}

/** zod writes JS's safe-integer range on every `z.int()`; it says nothing a client needs, so it goes. */
function dropSafeIntegerBounds(schema: JSONSchema): void {
  if (schema["type"] !== "integer") return;
  if (schema["minimum"] === Number.MIN_SAFE_INTEGER) delete schema["minimum"];
  if (schema["maximum"] === Number.MAX_SAFE_INTEGER) delete schema["maximum"];
}

/** Collects named schemas (zod `.meta({ id })`) into `components.schemas` while converting. */
class SchemaCollector {
  readonly schemas: Record<string, JSONSchema> = {};

  /** The JSON Schema of `schema` (zod's "input" view: what a client sends or reads); named parts become $refs. */
  toSchema(schema: z.core.$ZodType): JSONSchema {
    const json = z.toJSONSchema(schema, {
      target: "draft-2020-12",
      io: "input",
      unrepresentable: "any",
      override: ({ jsonSchema }) => dropSafeIntegerBounds(jsonSchema as JSONSchema),
    }) as JSONSchema;
    delete json["$schema"];
    const defs = (json["$defs"] ?? {}) as Record<string, JSONSchema>;
    delete json["$defs"];
    for (const [id, def] of Object.entries(defs)) this.schemas[id] = rewriteRefs(def) as JSONSchema;
    return rewriteRefs(json) as JSONSchema;
  }
}

const GROUPS = [
  ["path", "path"],
  ["query", "query"],
  ["headers", "header"],
  ["cookies", "cookie"],
] as const;

function parameters(route: APIRoute, collector: SchemaCollector): JSONSchema[] {
  const specs = flatSpecs(route.spec);
  const out: JSONSchema[] = [];
  const seen = new Set<string>();
  for (const [group, location] of GROUPS) {
    for (const spec of specs) {
      const schema: ParamsSchema | undefined = spec[group];
      const shape = schema === undefined ? {} : (defOf(unwrap(schema)).shape ?? {});
      for (const [key, field] of Object.entries(shape)) {
        const name = group === "headers" ? headerName(key) : key;
        if (seen.has(`${location}:${name}`)) continue;
        seen.add(`${location}:${name}`);
        const fieldSchema = collector.toSchema(field);
        fieldSchema["title"] ??= pythonTitle(name);
        const parameter: JSONSchema = { name, in: location, required: location === "path" || !isOptional(field), schema: fieldSchema };
        if (typeof fieldSchema["description"] === "string") parameter["description"] = fieldSchema["description"];
        out.push(parameter);
      }
    }
  }
  return out;
}

function jsonContent(schema: JSONSchema): JSONSchema {
  return { "application/json": { schema } };
}

function responses(route: APIRoute, collector: SchemaCollector, hasInput: boolean): JSONSchema {
  const status = route.statusCode;
  const success: JSONSchema = { description: route.spec.responseDescription ?? "Successful Response" };
  if (isBodyAllowedForStatusCode(status)) {
    // FastAPI: the response class's media type; a schema for JSON, a string for anything else.
    // A class without a media type (RedirectResponse) documents no content.
    const responseClass = route.spec.responseClass;
    const mediaType = responseClass === undefined ? "application/json" : responseClass.mediaType;
    if (mediaType !== null) {
      const json = mediaType === "application/json";
      const schema = json ? (route.spec.response ? collector.toSchema(route.spec.response) : {}) : { type: "string" };
      success["content"] = { [mediaType]: { schema } };
    }
  }
  const out: JSONSchema = { [String(status)]: success };
  for (const [code, extra] of Object.entries<ResponseSpec>(route.spec.responses ?? {})) {
    const entry: JSONSchema = {
      description: extra.description ?? HTTP_STATUS_PHRASES.get(Number(code)) ?? "Additional Response",
    };
    if (extra.model) entry["content"] = jsonContent(collector.toSchema(extra.model));
    out[code] = entry;
  }
  if (hasInput && !("422" in out)) out["422"] = VALIDATION_ERROR_RESPONSE;
  return out;
}

/** A file field's schema: a string of bytes, as FastAPI documents `bytes`/`UploadFile` parameters. */
const FILE_SCHEMA: JSONSchema = { type: "string", contentMediaType: "application/octet-stream" };

function fieldSchema(schema: z.core.$ZodType, collector: SchemaCollector): JSONSchema {
  const kind = fileKind(schema);
  if (kind === undefined) return collector.toSchema(schema);
  return defOf(unwrap(schema)).type === "array" ? { items: { ...FILE_SCHEMA }, type: "array" } : { ...FILE_SCHEMA };
}

/**
 * FastAPI's request body: one schema as it is; several fields (or embedded or form ones) as a
 * `Body_<operationId>` component. JSON writes `required` before `content`; forms after, as FastAPI does.
 */
function requestBody(route: APIRoute, plan: BodyPlan, collector: SchemaCollector): JSONSchema {
  let schema: JSONSchema;
  const [first] = plan.fields;
  if (!plan.embed && first !== undefined) {
    schema = collector.toSchema(first[1]);
  } else {
    const name = `Body_${route.operationId}`;
    const properties: Record<string, JSONSchema> = {};
    const required: string[] = [];
    for (const [field, fieldZod] of plan.fields) {
      const property = fieldSchema(fieldZod, collector);
      if (!("$ref" in property)) property["title"] ??= pythonTitle(field);
      properties[field] = property;
      if (!isOptional(fieldZod)) required.push(field);
    }
    const component: JSONSchema = { properties, type: "object" };
    if (required.length > 0) component["required"] = required;
    component["title"] = name;
    collector.schemas[name] = component;
    schema = { $ref: `#/components/schemas/${name}` };
  }
  const files = plan.fields.some(([, field]) => fileKind(field) !== undefined) || (first !== undefined && hasFileField(first[1]));
  const mediaType = plan.kind === "json" ? "application/json" : files ? "multipart/form-data" : "application/x-www-form-urlencoded";
  const content = { [mediaType]: { schema } };
  if (plan.kind === "json") return plan.optional ? { content } : { required: true, content };
  return plan.optional ? { content } : { content, required: true };
}

function hasFileField(schema: z.core.$ZodType): boolean {
  return Object.values(defOf(unwrap(schema)).shape ?? {}).some((field) => fileKind(field) !== undefined);
}

function operation(route: APIRoute, collector: SchemaCollector): [JSONSchema, boolean] {
  const op: JSONSchema = {};
  if (route.tags.length > 0) op["tags"] = route.tags;
  op["summary"] = route.summary;
  if (route.spec.description) op["description"] = route.spec.description;
  op["operationId"] = route.operationId;
  if (route.spec.deprecated) op["deprecated"] = true;
  const params = parameters(route, collector);
  if (params.length > 0) op["parameters"] = params;
  const plan = route.bodyPlan;
  if (plan !== undefined) op["requestBody"] = requestBody(route, plan, collector);
  const hasInput = params.length > 0 || plan !== undefined;
  op["responses"] = responses(route, collector, hasInput);
  return [op, hasInput];
}

/** FastAPI's `get_openapi`. */
export function getOpenAPI(options: OpenAPIOptions): JSONSchema {
  const info: JSONSchema = { title: options.title };
  if (options.summary) info["summary"] = options.summary;
  if (options.description) info["description"] = options.description;
  if (options.termsOfService) info["termsOfService"] = options.termsOfService;
  if (options.contact) info["contact"] = options.contact;
  if (options.licenseInfo) info["license"] = options.licenseInfo;
  info["version"] = options.version;
  const doc: JSONSchema = { openapi: options.openapiVersion ?? "3.1.0", info };
  if (options.servers?.length) doc["servers"] = options.servers;

  const collector = new SchemaCollector();
  const paths: Record<string, JSONSchema> = {};
  let validationErrors = false;
  for (const route of options.routes) {
    if (!(route instanceof APIRoute) || !route.includeInSchema) continue;
    for (const method of route.methods ?? []) {
      const [op, hasInput] = operation(route, collector);
      validationErrors ||= hasInput;
      (paths[route.pathFormat] ??= {})[method.toLowerCase()] = op;
    }
  }
  doc["paths"] = paths;
  const schemas: Record<string, JSONSchema> = { ...collector.schemas, ...(validationErrors ? VALIDATION_ERROR_SCHEMAS : {}) };
  if (Object.keys(schemas).length > 0) {
    doc["components"] = { schemas: Object.fromEntries(Object.entries(schemas).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) };
  }
  if (options.tags?.length) doc["tags"] = options.tags;
  return doc;
}
