/** @module Mirrors fastapi/openapi/utils.py (`get_openapi`): the OpenAPI 3.1 document of an App's APIRoutes,
 * with the schemas from zod 4's `z.toJSONSchema` and FastAPI's HTTPValidationError/ValidationError components.
 */
import { HTTP_STATUS_PHRASES } from "@mono/asgi";
import { z } from "zod";
import type { BaseRoute } from "../starlette/routing.js";
import { fileKind, type BodyPlan } from "./body.js";
import { flatSpecs, isParamModel, mergeScopes, paramName, type Dependency, type ParamsSchema, type ParamsSpec } from "./dependencies.js";
import { SecurityBase } from "./security.js";
import { APIRoute, isBodyAllowedForStatusCode, type ResponseSpec } from "./routing.js";
import { fieldTitle, JSONSchemaGenerator, type JSONSchema } from "./json_schema.js";
import { defOf, isOptional, unwrap } from "./validation.js";

export type { JSONSchema };

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

/** Converts zod schemas as pydantic writes them, collecting named ones into `components.schemas`. */
class SchemaCollector {
  readonly generator = new JSONSchemaGenerator();
  readonly schemas: Record<string, JSONSchema> = this.generator.components;
  readonly securitySchemes: Record<string, JSONSchema> = {};

  /** The JSON Schema of a whole value (a body, a response); named parts become $refs. */
  toSchema(schema: z.core.$ZodType): JSONSchema {
    return this.generator.value(schema);
  }

  /** The JSON Schema of a field or parameter, with pydantic's title, description and default. */
  toFieldSchema(schema: z.core.$ZodType, name: string, parameter = false): JSONSchema {
    return this.generator.field(schema, name, parameter);
  }
}

const GROUPS = [
  ["path", "path"],
  ["query", "query"],
  ["headers", "header"],
  ["cookies", "cookie"],
] as const;

/**
 * A parameter's schema as FastAPI writes it: an array's `type` before its `items` (pydantic writes a model
 * field's `items` first), at every level.
 */
function typeFirst(schema: JSONSchema): JSONSchema {
  const out: JSONSchema = {};
  if ("items" in schema && "type" in schema) out["type"] = schema["type"];
  for (const [key, value] of Object.entries(schema)) {
    if (key in out) continue;
    if (key === "default" || key === "examples" || key === "enum" || key === "const") out[key] = value;
    else if (Array.isArray(value)) out[key] = value.map((item: unknown) => (isSchemaObject(item) ? typeFirst(item) : item));
    else out[key] = isSchemaObject(value) ? typeFirst(value) : value;
  }
  return out;
}

function isSchemaObject(value: unknown): value is JSONSchema {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function parameters(route: APIRoute, collector: SchemaCollector): JSONSchema[] {
  const specs = flatSpecs(route.spec);
  const out: JSONSchema[] = [];
  const seen = new Set<string>();
  for (const [group, location] of GROUPS) {
    for (const spec of specs) {
      const schema: ParamsSchema | undefined = spec[group];
      const shape = schema === undefined ? {} : (defOf(unwrap(schema)).shape ?? {});
      const model = schema !== undefined && isParamModel(schema);
      for (const [key, field] of Object.entries(shape)) {
        const name = schema === undefined ? key : paramName(group, key, field, schema);
        if (seen.has(`${location}:${name}`)) continue;
        seen.add(`${location}:${name}`);
        // A model's field is titled by its own name (pydantic's), a lone parameter by the name it is read under.
        const fieldSchema = typeFirst(collector.toFieldSchema(field, model ? key : name, true));
        const parameter: JSONSchema = { name, in: location, required: location === "path" || !isOptional(field), schema: fieldSchema };
        if (typeof fieldSchema["description"] === "string") parameter["description"] = fieldSchema["description"];
        out.push(parameter);
      }
    }
  }
  return out;
}


/** FastAPI's descriptions of status ranges ("4XX") in `responses`. */
const STATUS_RANGES: Record<string, string> = {
  "1XX": "Information",
  "2XX": "Success",
  "3XX": "Redirection",
  "4XX": "Client Error",
  "5XX": "Server Error",
  default: "Default Response",
};

/** FastAPI's `deep_dict_update`: objects merged key by key (new keys after), lists joined, anything else replaced. */
function deepUpdate(main: JSONSchema, update: JSONSchema): JSONSchema {
  for (const [key, value] of Object.entries(update)) {
    const current = main[key];
    const isObject = (item: unknown): item is JSONSchema => typeof item === "object" && item !== null && !Array.isArray(item);
    if (isObject(current) && isObject(value)) deepUpdate(current, value);
    else if (Array.isArray(current) && Array.isArray(value)) main[key] = [...(current as unknown[]), ...(value as unknown[])];
    else main[key] = value;
  }
  return main;
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
  const routeMediaType = route.spec.responseClass?.mediaType ?? "application/json";
  for (const [code, extra] of Object.entries<ResponseSpec>(route.spec.responses ?? {})) {
    const key = code.toUpperCase() === "DEFAULT" ? "default" : code.toUpperCase();
    // FastAPI's merge, key order included: the spec's keys as written (model aside), the model's schema under the
    // route's media type, deep-merged into what the status already has, the description set last.
    const processed: JSONSchema = {};
    for (const [name, value] of Object.entries(extra)) if (name !== "model") processed[name] = structuredClone(value);
    if (extra.model) {
      const content = (processed["content"] ??= {}) as Record<string, JSONSchema>;
      const media = (content[routeMediaType] ??= {});
      media["schema"] = deepUpdate((media["schema"] ?? {}) as JSONSchema, collector.toSchema(extra.model));
    }
    const entry = (out[key] ?? {}) as JSONSchema;
    const description =
      extra.description ?? (entry["description"] as string | undefined) ?? STATUS_RANGES[key] ?? HTTP_STATUS_PHRASES.get(Number(code)) ?? "Additional Response";
    deepUpdate(entry, processed);
    entry["description"] = description;
    out[key] = entry;
  }
  // FastAPI adds its 422 unless a 422, a 4XX or a default response is declared.
  if (hasInput && !("422" in out || "4XX" in out || "default" in out)) out["422"] = VALIDATION_ERROR_RESPONSE;
  return out;
}

/** A file field's schema: a string of bytes, as FastAPI documents `bytes`/`UploadFile` parameters. */
const FILE_SCHEMA: JSONSchema = { type: "string", contentMediaType: "application/octet-stream" };

function fieldSchema(schema: z.core.$ZodType, name: string, collector: SchemaCollector): JSONSchema {
  const kind = fileKind(schema);
  if (kind === undefined) return collector.toFieldSchema(schema, name);
  const file = defOf(unwrap(schema)).type === "array" ? { items: { ...FILE_SCHEMA }, type: "array" } : { ...FILE_SCHEMA };
  return { ...file, title: fieldTitle(name) };
}

/**
 * FastAPI's request body: one schema as it is; several fields (or embedded or form ones) as a
 * `Body_<operationId>` component. JSON writes `required` before `content`; forms after, as FastAPI does.
 */
function bodyTitle(schema: z.core.$ZodType): string | undefined {
  const own = z.globalRegistry.get(schema) as { title?: unknown } | undefined;
  if (typeof own?.title === "string") return own.title;
  const inner = z.globalRegistry.get(unwrap(schema)) as { id?: unknown; title?: unknown } | undefined;
  if (typeof inner?.id === "string") return typeof inner.title === "string" ? inner.title : inner.id;
  return undefined;
}

function requestBody(route: APIRoute, plan: BodyPlan, collector: SchemaCollector): JSONSchema {
  let schema: JSONSchema;
  const [first] = plan.fields;
  if (!plan.embed && first !== undefined) {
    schema = collector.toSchema(first[1]);
    // FastAPI titles a body that is not a bare $ref after its parameter (`item: Item | None` -> "Item"); here the
    // schema's own title, else the name of the model inside it.
    const title = "$ref" in schema || "title" in schema ? undefined : bodyTitle(first[1]);
    if (title !== undefined) schema = { ...schema, title };
  } else {
    const name = `Body_${route.operationId}`;
    const properties: Record<string, JSONSchema> = {};
    const required: string[] = [];
    for (const [field, fieldZod] of plan.fields) {
      properties[field] = fieldSchema(fieldZod, field, collector);
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
  return plan.optional ? { content } : { required: true, content };
}

function hasFileField(schema: z.core.$ZodType): boolean {
  return Object.values(defOf(unwrap(schema)).shape ?? {}).some((field) => fileKind(field) !== undefined);
}

/**
 * FastAPI's `_get_openapi_dependency_data` + `_get_openapi_security_definitions`: every security scheme among the
 * route's dependencies (depth first, in declaration order), with the scopes asked for above it, merged by name.
 */
function security(spec: ParamsSpec, schemes: Record<string, JSONSchema>): Record<string, string[]>[] {
  const byName = new Map<string, string[]>();
  const visited = new Set<string>();
  const ids = new Map<Dependency<unknown>, number>();
  const visit = (current: ParamsSpec, parentScopes: readonly string[]): void => {
    for (const dependency of [...(current.dependencies ?? []), ...Object.values(current.deps ?? {})]) {
      const scopes = mergeScopes(parentScopes, dependency.scopes);
      const id = ids.get(dependency.original) ?? ids.size;
      ids.set(dependency.original, id);
      const key = `${id} ${[...new Set(scopes)].sort().join(" ")}`;
      if (visited.has(key)) continue;
      visited.add(key);
      if (dependency instanceof SecurityBase) {
        schemes[dependency.schemeName] = dependency.model;
        const merged = byName.get(dependency.schemeName) ?? [];
        for (const scope of scopes) if (!merged.includes(scope)) merged.push(scope);
        byName.set(dependency.schemeName, merged);
      }
      visit(dependency.spec, scopes);
    }
  };
  visit(spec, []);
  return [...byName].map(([name, scopes]) => ({ [name]: scopes }));
}

function operation(route: APIRoute, collector: SchemaCollector): [JSONSchema, boolean] {
  const op: JSONSchema = {};
  if (route.tags.length > 0) op["tags"] = route.tags;
  op["summary"] = route.summary;
  if (route.spec.description) op["description"] = route.spec.description;
  op["operationId"] = route.operationId;
  // FastAPI's building order; `modelOrder` rewrites it where FastAPI's final pass does.
  if (route.spec.deprecated) op["deprecated"] = true;
  const requirements = security(route.spec, collector.securitySchemes);
  if (requirements.length > 0) op["security"] = requirements;
  const params = parameters(route, collector);
  if (params.length > 0) op["parameters"] = params;
  const plan = route.bodyPlan;
  if (plan !== undefined) op["requestBody"] = requestBody(route, plan, collector);
  const hasInput = params.length > 0 || plan !== undefined;
  op["responses"] = responses(route, collector, hasInput);
  // The validation error components come with the 422 FastAPI adds, not with one the route declares.
  return [op, (op["responses"] as JSONSchema)["422"] === VALIDATION_ERROR_RESPONSE];
}

const OPERATION_KEYS = ["tags", "summary", "description", "externalDocs", "operationId", "parameters", "requestBody", "responses", "callbacks", "deprecated", "security", "servers"];
const RESPONSE_KEYS = ["description", "headers", "content", "links"];
const MEDIA_KEYS = ["schema", "example", "examples", "encoding"];

/** `value`'s keys in the order of `keys` (pydantic's model field order), any others after. */
function ordered(value: JSONSchema, keys: readonly string[]): JSONSchema {
  const out: JSONSchema = {};
  for (const key of keys) if (key in value) out[key] = value[key];
  for (const [key, item] of Object.entries(value)) if (!(key in out)) out[key] = item;
  return out;
}

function orderContent(content: unknown): unknown {
  if (typeof content !== "object" || content === null) return content;
  return Object.fromEntries(Object.entries(content).map(([type, media]) => [type, ordered(media as JSONSchema, MEDIA_KEYS)]));
}

/** An operation as FastAPI's OpenAPI models write it: Operation, RequestBody, Response and MediaType field order. */
function modelOrder(op: JSONSchema): JSONSchema {
  const out = ordered(op, OPERATION_KEYS);
  const body = out["requestBody"] as JSONSchema | undefined;
  if (body !== undefined) out["requestBody"] = { ...ordered(body, ["description", "content", "required"]), content: orderContent(body["content"]) };
  const responses = out["responses"] as Record<string, JSONSchema>;
  out["responses"] = Object.fromEntries(
    Object.entries(responses).map(([code, response]) => {
      const entry = ordered(response, RESPONSE_KEYS);
      if ("content" in entry) entry["content"] = orderContent(entry["content"]);
      return [code, entry];
    }),
  );
  return out;
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
  for (const item of Object.values(paths)) {
    // FastAPI's document goes through its OpenAPI models, which reorder an operation's keys; a path item whose
    // operations have parameters comes out as built (observed with FastAPI 0.142.2 and pydantic 2).
    if (Object.values(item).some((op) => "parameters" in (op as JSONSchema))) continue;
    for (const [method, op] of Object.entries(item)) item[method] = modelOrder(op as JSONSchema);
  }
  doc["paths"] = paths;
  const schemas: Record<string, JSONSchema> = { ...collector.schemas, ...(validationErrors ? VALIDATION_ERROR_SCHEMAS : {}) };
  const components: JSONSchema = {};
  if (Object.keys(schemas).length > 0) {
    components["schemas"] = Object.fromEntries(Object.entries(schemas).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  }
  if (Object.keys(collector.securitySchemes).length > 0) components["securitySchemes"] = collector.securitySchemes;
  if (Object.keys(components).length > 0) doc["components"] = components;
  if (options.tags?.length) doc["tags"] = options.tags;
  return doc;
}
