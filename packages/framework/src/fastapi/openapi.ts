/** @module Mirrors fastapi/openapi/utils.py (`get_openapi`): the OpenAPI 3.1 document of an App's APIRoutes,
 * with the schemas from zod 4's `z.toJSONSchema` and FastAPI's HTTPValidationError/ValidationError components.
 */
import { HTTP_STATUS_PHRASES, JSONResponse } from "@mono/asgi";
import { z } from "zod";
import type { BaseRoute } from "../starlette/routing.js";
import { fileKind, type BodyPlan } from "./body.js";
import { fieldInfo, validationName } from "./fields.js";
import { flatSpecs, isParamModel, mergeScopes, paramName, type Dependency, type ParamsSchema, type ParamsSpec } from "./dependencies.js";
import { SecurityBase } from "./security.js";
import { sseEventSchema } from "./sse.js";
import { APIRoute, isBodyAllowedForStatusCode, responseEntries, snakeCase, type ResponseSpec } from "./routing.js";
import { fieldTitle, inOrder, JSONSchemaGenerator, renameRefs, resolveModes, type JSONSchema } from "./json_schema.js";
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
  /**
   * FastAPI's `separate_input_output_schemas`: a model whose written form differs from the one read (a
   * serialization alias, `serializationDefaultsRequired`) is documented twice, as `Item-Input` and `Item-Output`.
   * False documents responses with the schemas read. @default true
   */
  separateInputOutputSchemas?: boolean;
  /** `info.termsOfService`. @default none */
  termsOfService?: string | null;
  /** `info.contact`. @default none */
  contact?: Record<string, unknown> | null;
  /** `info.license`. @default none */
  licenseInfo?: Record<string, unknown> | null;
  /** The routes documented under `webhooks` (an App's `app.webhooks.routes`). @default none */
  webhooks?: readonly BaseRoute[] | null;
  /** Top-level `externalDocs`. @default none */
  externalDocs?: Record<string, unknown> | null;
}

/** Converts zod schemas as pydantic writes them, collecting named ones into `components.schemas`. */
class SchemaCollector {
  readonly generator = new JSONSchemaGenerator();
  readonly schemas: Record<string, JSONSchema> = this.generator.components;
  readonly securitySchemes: Record<string, JSONSchema> = {};
  /** The operationIds so far, for FastAPI's "Duplicate Operation ID" warning. */
  readonly operationIds = new Set<string>();

  /** Whether a response's schema is generated in serialization mode (FastAPI's `separate_input_output_schemas`). */
  constructor(readonly separateInputOutputSchemas = true) {}

  /** The JSON Schema of a whole value (a body, a response); named parts become $refs. */
  toSchema(schema: z.core.$ZodType): JSONSchema {
    return this.generator.value(schema);
  }

  /**
   * The JSON Schema of a response's value, in serialization mode unless input and output schemas are one. FastAPI
   * makes it a field named `name` ("Response_<operationId>"): a schema that is not a bare $ref gets its title.
   */
  toOutputSchema(schema: z.core.$ZodType, name: string): JSONSchema {
    if (this.separateInputOutputSchemas) this.generator.mode = "serialization";
    try {
      return this.generator.field(schema, name);
    } finally {
      this.generator.mode = "validation";
    }
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
        const info = fieldInfo(field);
        if (info.includeInSchema === false) continue;
        // A model's field is titled by its own name (pydantic's), a lone parameter by the name it is read under.
        const fieldSchema = nativeOrder(typeFirst(collector.toFieldSchema(field, model ? key : name, true)));
        const parameter: JSONSchema = { name, in: location, required: location === "path" || !isOptional(field), schema: fieldSchema };
        if (typeof fieldSchema["description"] === "string") parameter["description"] = fieldSchema["description"];
        if (info.deprecated === true) parameter["deprecated"] = true;
        const examples = (z.globalRegistry.get(field) as { openapiExamples?: unknown } | undefined)?.openapiExamples;
        if (examples !== undefined) parameter["examples"] = examples;
        out.push(parameter);
      }
    }
  }
  return out;
}


const EMPTY = z.object({});

/** The keys of a type's schema in the order pydantic writes them (before FastAPI's models would reorder them). */
const NATIVE_KEYS = ["type", "items", "format", "minLength", "maxLength", "pattern", "minItems", "maxItems", "uniqueItems", "additionalProperties"];

/**
 * A parameter's schema in pydantic's own key order (`type` before `items`, `minLength` before `maxLength`): FastAPI
 * writes an operation with parameters as built, not through its OpenAPI models' field order.
 */
function nativeOrder(schema: JSONSchema): JSONSchema {
  // A literal's schema is pydantic's own already: its values, then their type.
  if ("enum" in schema || "const" in schema) return schema;
  const out: JSONSchema = {};
  for (const key of NATIVE_KEYS) if (key in schema) out[key] = key === "items" ? nativeOrder(schema[key] as JSONSchema) : schema[key];
  for (const [key, value] of Object.entries(schema)) {
    if (key in out) continue;
    out[key] = key === "anyOf" && Array.isArray(value) ? value.map((item) => nativeOrder(item as JSONSchema)) : value;
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
    if (isSchemaObject(current) && isSchemaObject(value)) deepUpdate(current, value);
    else if (Array.isArray(current) && Array.isArray(value)) main[key] = [...(current as unknown[]), ...(value as unknown[])];
    else main[key] = value;
  }
  return main;
}

function responses(route: APIRoute, collector: SchemaCollector, hasInput: boolean): JSONSchema {
  const status = route.statusCode;
  const success: JSONSchema = { description: route.spec.responseDescription ?? "Successful Response" };
  const streamed = route.streamKind === "jsonl" || route.streamKind === "sse";
  if (streamed && isBodyAllowedForStatusCode(status)) {
    success["content"] = streamContent(route, collector);
  } else if (isBodyAllowedForStatusCode(status)) {
    // FastAPI: the response class's media type; a schema for JSON, a string for anything else.
    // A class without a media type (RedirectResponse) documents no content.
    const responseClass = route.spec.responseClass;
    const mediaType = responseClass === undefined ? "application/json" : responseClass.mediaType;
    if (mediaType !== null) {
      // FastAPI documents the response model for JSONResponse and its subclasses only, any other class as a string.
      const json = responseClass === undefined || responseClass === JSONResponse || responseClass.prototype instanceof JSONResponse;
      // FastAPI's response field is named Response_<operationId>: a schema that is not a $ref gets its title.
      const schema = json ? (route.spec.response ? collector.toOutputSchema(route.spec.response, `Response_${route.operationId}`) : {}) : { type: "string" };
      success["content"] = { [mediaType]: { schema } };
    }
  }
  const out: JSONSchema = { [String(status)]: success };
  const order = [String(status)];
  const routeMediaType = route.spec.responseClass?.mediaType ?? "application/json";
  for (const [code, extra] of responseEntries(route.spec.responses)) {
    const key = code.toUpperCase() === "DEFAULT" ? "default" : code.toUpperCase();
    // FastAPI fails writing the document (int(code) raises a ValueError) on a key that is not a status.
    if (!(key in STATUS_RANGES) && !/^\s*[+-]?\d+\s*$/.test(code)) {
      throw new Error(`${route.methods ? [...route.methods].join(",") : ""} ${route.path}: responses key "${code}" is not a status code, a range ("4XX") or "default"`);
    }
    // FastAPI's merge, key order included: the spec's keys as written (model aside), the model's schema under the
    // route's media type, deep-merged into what the status already has, the description set last.
    const processed: JSONSchema = {};
    for (const [name, value] of Object.entries(extra)) if (name !== "model") processed[name] = structuredClone(value);
    if (extra.model) {
      const content = (processed["content"] ??= {}) as Record<string, JSONSchema>;
      const media = (content[routeMediaType] ??= {});
      media["schema"] = deepUpdate((media["schema"] ?? {}) as JSONSchema, collector.toOutputSchema(extra.model, `Response_${code}_${route.operationId}`));
    }
    const entry = (out[key] ?? {}) as JSONSchema;
    const description =
      extra.description ?? (entry["description"] as string | undefined) ?? STATUS_RANGES[key] ?? HTTP_STATUS_PHRASES.get(Number(code)) ?? "Additional Response";
    deepUpdate(entry, processed);
    entry["description"] = description;
    if (!(key in out)) order.push(key);
    out[key] = entry;
  }
  // FastAPI adds its 422 unless a 422, a 4XX or a default response is declared.
  if (hasInput && !("422" in out || "4XX" in out || "default" in out)) {
    out["422"] = VALIDATION_ERROR_RESPONSE;
    order.push("422");
  }
  return inOrder(order.map((key) => [key, out[key]]));
}

/**
 * FastAPI's OpenAPI 3.2 `itemSchema` of a generator route: each JSON line's schema, or an event whose `data` holds
 * the item's JSON. An item schema that is not a component is titled after FastAPI's `StreamItem_<unique id>` field.
 */
function streamContent(route: APIRoute, collector: SchemaCollector): JSONSchema {
  let itemSchema: JSONSchema | undefined;
  if (route.spec.streamItem !== undefined) {
    itemSchema = collector.toSchema(route.spec.streamItem);
    if (!("$ref" in itemSchema) && !("title" in itemSchema)) {
      const title = fieldTitle(`StreamItem_${route.operationId}`);
      // FastAPI's document shows an inline item schema with `type` first (observed with FastAPI 0.142.2, pydantic 2).
      itemSchema = "type" in itemSchema ? { type: itemSchema["type"], ...itemSchema, title } : { ...itemSchema, title };
    }
  }
  if (route.streamKind === "jsonl") return { "application/jsonl": { itemSchema: itemSchema ?? {} } };
  const event = sseEventSchema() as { properties: JSONSchema } & JSONSchema;
  if (itemSchema !== undefined) {
    event["required"] = ["data"];
    event.properties["data"] = { type: "string", contentMediaType: "application/json", contentSchema: itemSchema };
  }
  return { "text/event-stream": { itemSchema: event } };
}

/** A file field's schema: a string of bytes, as FastAPI documents `bytes`/`UploadFile` parameters. */
const FILE_SCHEMA: JSONSchema = { type: "string", contentMediaType: "application/octet-stream" };

function fieldSchema(schema: z.core.$ZodType, name: string, collector: SchemaCollector): JSONSchema {
  const kind = fileKind(schema);
  if (kind === undefined) return collector.toFieldSchema(schema, name);
  const file = defOf(unwrap(schema)).type === "array" ? { items: { ...FILE_SCHEMA }, type: "array" } : { ...FILE_SCHEMA };
  // As FastAPI: `bytes | None` is anyOf with null (no default written), and `File(description=...)` after the title.
  let nullable = false;
  let description: string | undefined;
  for (let current: z.core.$ZodType | undefined = schema; current !== undefined; ) {
    description ??= (current as { description?: string }).description;
    const def = current._zod.def as { type: string; innerType?: z.core.$ZodType };
    if (def.type === "nullable") nullable = true;
    current = def.innerType;
  }
  const out: JSONSchema = nullable ? { anyOf: [file, { type: "null" }], title: fieldTitle(name) } : { ...file, title: fieldTitle(name) };
  if (description !== undefined) out["description"] = description;
  return out;
}

function requestBody(route: APIRoute, plan: BodyPlan, collector: SchemaCollector): JSONSchema {
  let schema: JSONSchema;
  const [first] = plan.fields;
  if (!plan.embed && first !== undefined) {
    // FastAPI's body field is named after the handler's parameter: a schema that is not a bare $ref has its title,
    // "Body" unless the schema's `.meta({ title })` names it (a list of items: `title: "Item"` for `item: list[Item]`).
    schema = collector.toSchema(first[1]);
    // FastAPI titles the body field after its parameter unless it is a bare $ref. A whole-body schema has no
    // parameter name: its own `.meta({ title })` stands for it, else "Body"; an optional model (an anyOf with a $ref)
    // takes the model's name in words, as a parameter named after the model gives (user_in: UserIn).
    const anyOf = Array.isArray(schema["anyOf"]) ? (schema["anyOf"] as JSONSchema[]) : [];
    const optional = anyOf.length === 2 && anyOf.some((item) => item["type"] === "null");
    const ref = optional ? anyOf.find((item) => typeof item["$ref"] === "string") : undefined;
    if (ref !== undefined && z.globalRegistry.get(first[1])?.title === undefined) {
      schema = { ...schema, title: fieldTitle(snakeCase(String(ref["$ref"]).split("/").pop() ?? "")) };
    } else if (!("$ref" in schema)) schema = collector.toFieldSchema(first[1], "body");
  } else {
    const name = `Body_${route.operationId}`;
    const properties: Record<string, JSONSchema> = {};
    const required: string[] = [];
    for (const [key, fieldZod] of plan.fields) {
      const field = validationName(key, fieldZod);
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
  const mediaType = plan.kind === "json" ? (route.spec.bodyMediaType ?? "application/json") : files ? "multipart/form-data" : "application/x-www-form-urlencoded";
  // FastAPI's `Body(openapi_examples={...})`: `.meta({ openapiExamples })` on the body schema, the media type's examples.
  const openapiExamples = first === undefined || plan.embed ? undefined : (z.globalRegistry.get(first[1]) as { openapiExamples?: unknown } | undefined)?.openapiExamples;
  const content = { [mediaType]: openapiExamples === undefined ? { schema } : { schema, examples: openapiExamples } };
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
  if (route.description) op["description"] = route.description;
  op["operationId"] = route.operationId;
  if (collector.operationIds.has(route.operationId)) {
    // FastAPI's warnings.warn (a UserWarning): clients generated from the document would have clashing names.
    process.emitWarning(`Duplicate Operation ID ${route.operationId} for function ${route.handler.name || "<unnamed_endpoint>"}`, "UserWarning");
  }
  collector.operationIds.add(route.operationId);
  // FastAPI's building order; `modelOrder` rewrites it where FastAPI's final pass does.
  if (route.spec.deprecated) op["deprecated"] = true;
  const requirements = security(route.spec, collector.securitySchemes);
  if (requirements.length > 0) op["security"] = requirements;
  const params = parameters(route, collector);
  if (params.length > 0) op["parameters"] = params;
  const plan = route.bodyPlan;
  if (plan !== undefined) op["requestBody"] = requestBody(route, plan, collector);
  let callbackErrors = false;
  if (route.spec.callbacks !== undefined) {
    const [callbacks, errors] = callbackOperations(route.spec.callbacks, collector);
    op["callbacks"] = callbacks;
    callbackErrors = errors;
  }
  // A parameter left out of the document (includeInSchema: false) still makes the route answer 422s.
  const hidden = flatSpecs(route.spec).some((spec) => GROUPS.some(([group]) => Object.keys(defOf(unwrap(spec[group] ?? EMPTY)).shape ?? {}).length > 0));
  const hasInput = params.length > 0 || plan !== undefined || hidden;
  op["responses"] = responses(route, collector, hasInput);
  if (route.spec.openapiExtra !== undefined) deepUpdate(op, structuredClone(route.spec.openapiExtra));
  // The validation error components come with the 422 FastAPI adds, not with one the route declares.
  return [op, callbackErrors || (op["responses"] as JSONSchema)["422"] === VALIDATION_ERROR_RESPONSE];
}

/** FastAPI's `callbacks`: each APIRoute's path item, under the route's name and path (other routes are skipped). */
function callbackOperations(routes: readonly BaseRoute[], collector: SchemaCollector): [JSONSchema, boolean] {
  const callbacks: JSONSchema = {};
  let errors = false;
  for (const callback of routes) {
    if (!(callback instanceof APIRoute)) continue;
    const item: JSONSchema = {};
    for (const method of callback.methods ?? []) {
      const [op, hasErrors] = operation(callback, collector);
      errors ||= hasErrors;
      item[method.toLowerCase()] = op;
    }
    callbacks[callback.name] = { [callback.path]: item };
  }
  return [callbacks, errors];
}

/** The documented operations of `routes` by path format, and whether one brings FastAPI's 422. */
function pathItems(routes: readonly BaseRoute[], collector: SchemaCollector, alwaysModel = false): [Record<string, JSONSchema>, boolean] {
  const paths: Record<string, JSONSchema> = {};
  let validationErrors = false;
  for (const route of routes) {
    if (!(route instanceof APIRoute) || !route.includeInSchema) continue;
    for (const method of route.methods ?? []) {
      const [op, hasInput] = operation(route, collector);
      validationErrors ||= hasInput;
      (paths[route.pathFormat] ??= {})[method.toLowerCase()] = op;
    }
  }
  for (const [path, item] of Object.entries(paths)) {
    // FastAPI's document goes through its OpenAPI models, which reorder an operation's keys; a path item whose
    // operations have parameters comes out as built (observed with FastAPI 0.142.2 and pydantic 2: the `in` of a
    // parameter only validates in lax mode, so `PathItem | Any` keeps the plain dict).
    // `webhooks` (`dict[str, PathItem | Reference]`) has no plain-dict branch: always through the models.
    if (!alwaysModel && Object.values(item).some((op) => "parameters" in (op as JSONSchema))) continue;
    paths[path] = pathItemOrder(item);
  }
  return [paths, validationErrors];
}

/** A path item as FastAPI's PathItem model writes it: the operations in its field order (get, put, post, ...), each ordered. */
function pathItemOrder(item: JSONSchema): JSONSchema {
  const methods = [...PATH_ITEM_METHODS.filter((method) => method in item), ...Object.keys(item).filter((method) => !PATH_ITEM_METHODS.includes(method))];
  return Object.fromEntries(methods.map((method) => [method, modelOrder(item[method] as JSONSchema)]));
}

/** The operations of FastAPI's `PathItem` model, in its field order. */
const PATH_ITEM_METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];
const OPERATION_KEYS = ["tags", "summary", "description", "externalDocs", "operationId", "parameters", "requestBody", "responses", "callbacks", "deprecated", "security", "servers"];
/** FastAPI's `Parameter` model: ParameterBase's fields, then `name` and `in`. */
const PARAMETER_KEYS = ["description", "required", "deprecated", "style", "explode", "allowReserved", "schema", "example", "examples", "content", "name", "in"];
const RESPONSE_KEYS = ["description", "headers", "content", "links"];
const MEDIA_KEYS = ["schema", "example", "examples", "encoding"];

/** `value`'s keys in the order of `keys` (pydantic's model field order), any others after. */
function ordered(value: JSONSchema, keys: readonly string[]): JSONSchema {
  const out: JSONSchema = {};
  for (const key of keys) if (key in value) out[key] = value[key];
  for (const [key, item] of Object.entries(value)) if (!(key in out)) out[key] = item;
  return out;
}

/** The fields of FastAPI's `Schema` model, in its order (aliases as written in JSON). */
const SCHEMA_KEYS = [
  "$schema", "$vocabulary", "$id", "$anchor", "$dynamicAnchor", "$ref", "$dynamicRef", "$defs", "$comment",
  "allOf", "anyOf", "oneOf", "not", "if", "then", "else", "dependentSchemas", "prefixItems", "items", "contains",
  "properties", "patternProperties", "additionalProperties", "propertyNames", "unevaluatedItems", "unevaluatedProperties",
  "type", "enum", "const", "multipleOf", "maximum", "exclusiveMaximum", "minimum", "exclusiveMinimum", "maxLength",
  "minLength", "pattern", "maxItems", "minItems", "uniqueItems", "maxContains", "minContains", "maxProperties",
  "minProperties", "required", "dependentRequired", "format", "contentEncoding", "contentMediaType", "contentSchema",
  "title", "description", "default", "deprecated", "readOnly", "writeOnly", "examples", "discriminator", "xml",
  "externalDocs", "example",
];
const SUBSCHEMA_KEYS = new Set(["not", "if", "then", "else", "items", "contains", "additionalProperties", "propertyNames", "unevaluatedItems", "unevaluatedProperties", "contentSchema"]);
const SUBSCHEMA_LIST_KEYS = new Set(["allOf", "anyOf", "oneOf", "prefixItems"]);
const SUBSCHEMA_MAP_KEYS = new Set(["$defs", "dependentSchemas", "properties", "patternProperties"]);


/** A JSON Schema as FastAPI's `Schema` model writes it: its fields in the model's order, extra keys after, at every level. */
export function schemaOrder(schema: unknown): unknown {
  if (!isSchemaObject(schema)) return schema;
  const out = ordered(schema, SCHEMA_KEYS);
  for (const [key, value] of Object.entries(out)) {
    if (SUBSCHEMA_KEYS.has(key)) out[key] = schemaOrder(value);
    else if (SUBSCHEMA_LIST_KEYS.has(key) && Array.isArray(value)) out[key] = value.map(schemaOrder);
    else if (SUBSCHEMA_MAP_KEYS.has(key) && isSchemaObject(value)) {
      out[key] = Object.fromEntries(Object.entries(value).map(([name, item]) => [name, schemaOrder(item)]));
    }
  }
  return out;
}

function orderContent(content: unknown): unknown {
  if (typeof content !== "object" || content === null) return content;
  return Object.fromEntries(
    Object.entries(content).map(([type, media]) => {
      const entry = ordered(media as JSONSchema, MEDIA_KEYS);
      if ("schema" in entry) entry["schema"] = schemaOrder(entry["schema"]);
      return [type, entry];
    }),
  );
}

/** An operation as FastAPI's OpenAPI models write it: Operation, RequestBody, Response and MediaType field order. */
function modelOrder(op: JSONSchema): JSONSchema {
  const out = ordered(op, OPERATION_KEYS);
  const body = out["requestBody"] as JSONSchema | undefined;
  if (body !== undefined) out["requestBody"] = { ...ordered(body, ["description", "content", "required"]), content: orderContent(body["content"]) };
  // The callbacks' path items go through the same models (Operation.callbacks: dict[str, dict[str, PathItem]]).
  const callbacks = out["callbacks"] as Record<string, Record<string, JSONSchema>> | undefined;
  if (callbacks !== undefined) {
    out["callbacks"] = Object.fromEntries(
      Object.entries(callbacks).map(([name, items]) => [name, Object.fromEntries(Object.entries(items).map(([path, item]) => [path, pathItemOrder(item)]))]),
    );
  }
  const parameters = out["parameters"] as JSONSchema[] | undefined;
  if (parameters !== undefined) {
    out["parameters"] = parameters.map((parameter) => {
      const entry = ordered(parameter, PARAMETER_KEYS);
      if ("schema" in entry) entry["schema"] = schemaOrder(entry["schema"]);
      return entry;
    });
  }
  const responses = out["responses"] as Record<string, JSONSchema>;
  out["responses"] = inOrder(
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

  const collector = new SchemaCollector(options.separateInputOutputSchemas ?? true);
  const [paths, pathErrors] = pathItems(options.routes, collector);
  const [webhooks, webhookErrors] = pathItems(options.webhooks ?? [], collector, true);
  const validationErrors = pathErrors || webhookErrors;
  // pydantic's -Input/-Output naming, once every schema of the document is known.
  const renames = resolveModes(collector.schemas);
  doc["paths"] = renameRefs(paths, renames);
  if (Object.keys(webhooks).length > 0) doc["webhooks"] = renameRefs(webhooks, renames);
  const schemas: Record<string, JSONSchema> = { ...(renameRefs(collector.schemas, renames) as Record<string, JSONSchema>), ...(validationErrors ? VALIDATION_ERROR_SCHEMAS : {}) };
  const components: JSONSchema = {};
  if (Object.keys(schemas).length > 0) {
    // Sorted by name, each through FastAPI's Schema model (its field order).
    const sorted = Object.entries(schemas).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    components["schemas"] = Object.fromEntries(sorted.map(([name, schema]) => [name, schemaOrder(schema)]));
  }
  if (Object.keys(collector.securitySchemes).length > 0) components["securitySchemes"] = collector.securitySchemes;
  if (Object.keys(components).length > 0) doc["components"] = components;
  if (options.tags?.length) doc["tags"] = options.tags;
  if (options.externalDocs) doc["externalDocs"] = options.externalDocs;
  return doc;
}
