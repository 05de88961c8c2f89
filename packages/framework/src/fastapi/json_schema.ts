/** @module Mirrors pydantic/json_schema.py (`GenerateJsonSchema`) as FastAPI 0.142.2 writes it into OpenAPI: JSON
 * Schemas of zod schemas with pydantic's shapes and key order — a `title` on every model and property, optional
 * fields as `anyOf: [..., {"type": "null"}]`, no `default: null`, named schemas (`.meta({ id })`) as components.
 */
import { z } from "zod";
import { FIELD_INFO_KEYS, serializationName, validationName } from "./fields.js";
import { CONTAINER, ownContainer, type Container } from "./types.js";

export type JSONSchema = Record<string, unknown>;

type Schema = z.core.$ZodType;

interface Def {
  type: string;
  innerType?: Schema;
  element?: Schema;
  shape?: Record<string, Schema>;
  in?: Schema;
  out?: Schema;
  getter?: () => Schema;
  format?: string;
  checks?: { _zod: { def: CheckDef } }[];
  values?: unknown[];
  entries?: Record<string, unknown>;
  valueType?: Schema;
  keyType?: Schema;
  options?: Schema[];
  defaultValue?: unknown;
  catchall?: Schema;
  pattern?: RegExp;
  check?: string;
}

interface CheckDef {
  check?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  value?: number | bigint;
  inclusive?: boolean;
  pattern?: RegExp;
}

function defOf(schema: Schema): Def {
  return schema._zod.def as unknown as Def;
}

interface Meta {
  id?: string;
  title?: string;
  description?: string;
  examples?: unknown[];
  format?: string;
  [key: string]: unknown;
}

function metaOf(schema: Schema): Meta | undefined {
  return z.globalRegistry.get(schema) as Meta | undefined;
}

/** `item_id` -> "Item Id": pydantic's field title (`str.title()` of the name with "_" as spaces). */
export function fieldTitle(name: string): string {
  return name
    .replaceAll("_", " ")
    .replace(/[A-Za-z]+/g, (word) => word.charAt(0).toUpperCase() + word.slice(1).toLowerCase());
}

/** A JSON value as pydantic writes a default: Sets and Maps as arrays and objects, Dates as ISO strings. */
function jsonValue(value: unknown): unknown {
  if (value instanceof Set) return [...value].map(jsonValue);
  if (value instanceof Map) return Object.fromEntries([...value].map(([k, v]) => [String(k), jsonValue(v)]));
  if (value instanceof Date) return value.toISOString().replace(".000Z", "Z");
  if (Array.isArray(value)) return value.map(jsonValue);
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, jsonValue(v)]));
  }
  return value;
}

/** What a field's wrappers say: its default, whether null is allowed, and the metadata found on the way in. */
interface Peeled {
  inner: Schema;
  nullable: boolean;
  hasDefault: boolean;
  defaultValue: unknown;
  meta: Meta;
}

const WRAPPERS = new Set(["optional", "nullable", "default", "prefault", "readonly", "catch", "nonoptional"]);

function peel(schema: Schema): Peeled {
  const result: Peeled = { inner: schema, nullable: false, hasDefault: false, defaultValue: undefined, meta: {} };
  let current = schema;
  for (;;) {
    const meta = metaOf(current);
    const def = defOf(current);
    const wrapper = WRAPPERS.has(def.type) && def.innerType !== undefined;
    // The outermost metadata wins, as a Field(...) around an annotated type does; the type's own JSON Schema
    // keys (a format, say) are the type's, written by `build`.
    if (meta) {
      for (const [key, value] of Object.entries(meta)) {
        if (!(key in result.meta) && (wrapper || OWN_META.has(key))) result.meta[key] = value;
      }
    }
    if (!WRAPPERS.has(def.type) || def.innerType === undefined) break;
    if (def.type === "nullable") result.nullable = true;
    if ((def.type === "default" || def.type === "prefault") && !result.hasDefault) {
      result.hasDefault = true;
      result.defaultValue = def.defaultValue;
    }
    // A named schema (`.meta({ id })`) below the wrappers stays whole: it becomes a component.
    if (metaOf(def.innerType)?.id !== undefined) {
      current = def.innerType;
      break;
    }
    current = def.innerType;
  }
  result.inner = current;
  return result;
}

/** Metadata keys with a place of their own in a field's schema. */
// `defaultFactory: true` marks a `.default(() => ...)` as pydantic's default_factory, which writes no `default`: zod
// keeps a value and a function behind the same getter, so the schema cannot tell them apart by itself.
// `convertUnderscores` is read by the header parameters (dependencies.ts), not written.
const OWN_META = new Set(["id", "title", "description", "examples", "defaultFactory", "deprecated", "convertUnderscores"]);

const NUMBER_CHECKS = ["multipleOf", "maximum", "exclusiveMaximum", "minimum", "exclusiveMinimum"] as const;

const STRING_FORMATS: Record<string, string> = {
  email: "email",
  uuid: "uuid",
  guid: "uuid",
  url: "uri",
  datetime: "date-time",
  date: "date",
  time: "time",
  duration: "duration",
  ipv4: "ipv4",
  ipv6: "ipv6",
};

/** What a named schema's component is keyed by while its serialization form is kept apart (see `resolveModes`). */
const OUTPUT = "::Output";

/**
 * Generates pydantic-shaped schemas, collecting named ones into `components`. In `serialization` mode (a response's
 * schema) fields are named by their serialization alias and a model with `serializationDefaultsRequired` requires
 * every field; such components are kept apart until `resolveModes` names them as pydantic does.
 */
export class JSONSchemaGenerator {
  readonly components: Record<string, JSONSchema> = {};
  readonly #inProgress = new Set<string>();
  /** pydantic's JSON Schema mode: how a request's value is read, or how a response's is written. */
  mode: "validation" | "serialization" = "validation";

  /**
   * The schema of a model field or parameter named `name`: its type, then title, description, default, examples
   * (a parameter's default comes before its title).
   */
  field(schema: Schema, name: string, parameter = false): JSONSchema {
    const peeled = peel(schema);
    const typeSchema = this.type(peeled.inner);
    let out = this.withNull(typeSchema, peeled.nullable);
    // pydantic leaves the title out for a model (and an optional model), not for a union of models.
    const refersToComponent = "$ref" in typeSchema;
    out = { ...out };
    // Other metadata is pydantic's json_schema_extra: merged into the type's schema, before the title.
    if (peeled.meta.id === undefined) {
      for (const [key, value] of Object.entries(peeled.meta)) if (!OWN_META.has(key) && !FIELD_INFO_KEYS.has(key)) out[key] = value;
    }
    const written = peeled.hasDefault && peeled.meta["defaultFactory"] !== true;
    const fallback = written && peeled.defaultValue !== null && peeled.defaultValue !== undefined ? { value: jsonValue(peeled.defaultValue) } : undefined;
    if (parameter) return parameterTail(out, peeled, fallback, refersToComponent ? undefined : fieldTitle(name));
    if (peeled.meta.title !== undefined && peeled.meta.id === undefined) out["title"] = peeled.meta.title;
    else if (!refersToComponent) out["title"] = fieldTitle(name);
    if (peeled.meta.description !== undefined && peeled.meta.id === undefined) out["description"] = peeled.meta.description;
    if (fallback !== undefined) out["default"] = fallback.value;
    if (peeled.meta["deprecated"] === true) out["deprecated"] = true;
    // pydantic sorts the keys of what it generates (not those of `properties` and `default`).
    if (peeled.meta.examples !== undefined && peeled.meta.id === undefined) out["examples"] = sortKeys(peeled.meta.examples);
    return out;
  }

  /** The schema of a whole value (a body, a response): no field title. */
  value(schema: Schema): JSONSchema {
    const peeled = peel(schema);
    return this.withNull(this.type(peeled.inner), peeled.nullable);
  }

  private withNull(schema: JSONSchema, nullable: boolean): JSONSchema {
    if (!nullable) return schema;
    const keys = Object.keys(schema);
    if (keys.length === 1 && Array.isArray(schema["anyOf"])) return { anyOf: [...(schema["anyOf"] as JSONSchema[]), { type: "null" }] };
    return { anyOf: [schema, { type: "null" }] };
  }

  /** The schema of a type, a named one as a `$ref` to its component. */
  type(schema: Schema): JSONSchema {
    const meta = metaOf(schema);
    const named = namedOriginal(schema);
    if (named !== undefined) {
      // `Item.meta({ examples })`: FastAPI's `Body(examples=[...])`, the examples beside the model's $ref.
      const out = this.type(named);
      const own = metaOf(named) ?? {};
      for (const [key, value] of Object.entries(meta ?? {})) {
        if (key !== "id" && !FIELD_INFO_KEYS.has(key) && own[key] !== value) out[key] = value;
      }
      return out;
    }
    if (meta?.id !== undefined) {
      const id = this.mode === "serialization" ? `${meta.id}${OUTPUT}` : meta.id;
      if (!(id in this.components) && !this.#inProgress.has(id)) {
        this.#inProgress.add(id);
        const body = this.build(schema, meta.id);
        // FastAPI cuts a model's description (its docstring) at the first form feed, as a route's.
        if (typeof body["description"] === "string") body["description"] = body["description"].split("\f")[0];
        this.components[id] = body;
        this.#inProgress.delete(id);
      }
      return { $ref: `#/components/schemas/${id}` };
    }
    return this.build(schema, undefined);
  }

  /** The type's schema, then the JSON Schema keys its metadata adds (pydantic's json_schema_extra). */
  private build(schema: Schema, componentTitle: string | undefined): JSONSchema {
    const out = this.shape(schema, componentTitle);
    for (const [key, value] of Object.entries(metaOf(schema) ?? {})) if (!OWN_META.has(key) && !FIELD_INFO_KEYS.has(key)) out[key] = value;
    return out;
  }

  /** One case per zod type, each a few lines: the table of pydantic's schema shapes. */
  private shape(schema: Schema, componentTitle: string | undefined): JSONSchema {
    const def = defOf(schema);
    const meta = metaOf(schema) ?? {};
    switch (def.type) {
      case "string":
        return this.string(def);
      case "number":
        return this.number(def);
      case "bigint":
        return { type: "integer" };
      case "boolean":
        return { type: "boolean" };
      case "null":
        return { type: "null" };
      case "date":
        return { type: "string", format: "date-time" };
      case "literal":
        return literal(def.values ?? []);
      case "enum": {
        const values = Object.values(def.entries ?? {});
        const out: JSONSchema = { type: jsonType(values[0]), enum: values };
        if (componentTitle !== undefined) out["title"] = meta.title ?? componentTitle;
        if (meta.description !== undefined && componentTitle !== undefined) out["description"] = meta.description;
        return out;
      }
      case "array": {
        const out: JSONSchema = { items: def.element === undefined ? {} : this.value(def.element), type: "array" };
        const checks = (def.checks ?? []).map((check) => check._zod.def);
        const max = checks.find((check) => check.check === "max_length");
        const min = checks.find((check) => check.check === "min_length");
        if (max?.maximum !== undefined) out["maxItems"] = max.maximum;
        if (min?.minimum !== undefined) out["minItems"] = min.minimum;
        return out;
      }
      case "set":
        return { items: def.valueType === undefined ? {} : this.value(def.valueType), type: "array", uniqueItems: true };
      case "record":
      case "map":
        return { additionalProperties: def.valueType === undefined ? {} : this.value(def.valueType), type: "object" };
      case "object":
        return this.object(def, componentTitle, meta);
      case "union":
        return { anyOf: (def.options ?? []).flatMap((option) => this.unionMember(option)) };
      case "pipe": {
        const held = ownContainer(schema);
        if (held?.kind === "set") return { items: this.value(held.item), type: "array", uniqueItems: true };
        if (held?.kind === "dict") return { additionalProperties: this.value(held.item), type: "object" };
        if (held?.kind === "json") return { type: "string", contentMediaType: "application/json", contentSchema: this.value(held.item) };
        return def.in === undefined || meta["type"] !== undefined || meta["anyOf"] !== undefined ? {} : this.value(def.in);
      }
      case "lazy":
        return def.getter === undefined ? {} : this.value(def.getter());
      case "optional":
      case "nullable":
      case "default":
      case "prefault":
      case "readonly":
      case "catch":
      case "nonoptional":
        return this.value(schema);
      default:
        // What zod cannot describe (z.custom, z.unknown) documents anything, unless its metadata says more.
        return {};
    }
  }

  private unionMember(option: Schema): JSONSchema[] {
    const schema = this.value(option);
    const keys = Object.keys(schema);
    return keys.length === 1 && Array.isArray(schema["anyOf"]) ? (schema["anyOf"] as JSONSchema[]) : [schema];
  }

  private string(def: Def): JSONSchema {
    const out: JSONSchema = { type: "string" };
    const checks = [...(def.check === "string_format" ? [def as CheckDef] : []), ...(def.checks ?? []).map((check) => check._zod.def)];
    let pattern: string | undefined;
    let format: string | undefined;
    let max: number | undefined;
    let min: number | undefined;
    for (const check of checks) {
      if (check.check === "max_length") max = check.maximum;
      else if (check.check === "min_length") min = check.minimum;
      else if (check.check === "length_equals") max = min = (check as { length?: number }).length;
      else if (check.check === "string_format" && check.format === "regex" && check.pattern) pattern = check.pattern.source;
      else if (check.check === "string_format" && check.format !== undefined) format = STRING_FORMATS[check.format];
    }
    if (format !== undefined) out["format"] = format;
    if (max !== undefined) out["maxLength"] = max;
    if (min !== undefined) out["minLength"] = min;
    if (pattern !== undefined) out["pattern"] = pattern;
    return out;
  }

  private number(def: Def): JSONSchema {
    const int = /int/.test(def.format ?? "") || (def.checks ?? []).some((check) => /int/.test(check._zod.def.format ?? ""));
    const out: JSONSchema = { type: int ? "integer" : "number" };
    const found: Partial<Record<(typeof NUMBER_CHECKS)[number], number>> = {};
    for (const { _zod } of def.checks ?? []) {
      const check = _zod.def;
      const value = Number(check.value);
      if (check.check === "multiple_of") found.multipleOf = value;
      else if (check.check === "less_than") found[check.inclusive ? "maximum" : "exclusiveMaximum"] = value;
      else if (check.check === "greater_than") found[check.inclusive ? "minimum" : "exclusiveMinimum"] = value;
    }
    for (const key of NUMBER_CHECKS) if (found[key] !== undefined) out[key] = found[key];
    return out;
  }

  private object(def: Def, componentTitle: string | undefined, meta: Meta): JSONSchema {
    const properties: Record<string, JSONSchema> = {};
    const required: string[] = [];
    // pydantic's `json_schema_serialization_defaults_required`: a written value has every field.
    const allRequired = this.mode === "serialization" && meta["serializationDefaultsRequired"] === true;
    for (const [key, field] of Object.entries(def.shape ?? {})) {
      const name = this.mode === "serialization" ? serializationName(key, field) : validationName(key, field);
      properties[name] = this.field(field, name);
      if (allRequired || (field._zod as { optin?: string }).optin === undefined) required.push(name);
    }
    // pydantic's order: a forbidding model's `additionalProperties: false` sits between properties and type.
    const out: JSONSchema = { properties };
    if (def.catchall !== undefined && defOf(def.catchall).type === "never") out["additionalProperties"] = false;
    out["type"] = "object";
    if (required.length > 0) out["required"] = required;
    if (componentTitle !== undefined) out["title"] = meta.title ?? componentTitle;
    if (componentTitle !== undefined && meta.description !== undefined) out["description"] = meta.description;
    // A model's examples (pydantic's `json_schema_extra={"examples": [...]}`), keys sorted as pydantic's.
    if (componentTitle !== undefined && meta.examples !== undefined) out["examples"] = sortKeys(meta.examples);
    return out;
  }
}

/**
 * The end of a parameter's schema as FastAPI builds it: the Query()/Path()... options given (title, description,
 * deprecated, examples), then the default, then the title made from the name when none was given.
 */
function parameterTail(out: JSONSchema, peeled: Peeled, fallback: { value: unknown } | undefined, generatedTitle: string | undefined): JSONSchema {
  const meta = peeled.meta.id === undefined ? peeled.meta : {};
  if (meta.title !== undefined) out["title"] = meta.title;
  if (meta.description !== undefined) out["description"] = meta.description;
  if (meta["deprecated"] === true) out["deprecated"] = true;
  if (meta.examples !== undefined) out["examples"] = meta.examples;
  if (fallback !== undefined) out["default"] = fallback.value;
  if (meta.title === undefined && generatedTitle !== undefined) out["title"] = generatedTitle;
  return out;
}

/**
 * pydantic's naming of schemas generated in both modes: one `Item` when the forms are the same, else `Item-Input`
 * and `Item-Output` (a model differs when its own form does, or when it holds one that differs). Renames the
 * components in place and returns the new name of every key that changes, for the document's `$ref`s.
 */
export function resolveModes(components: Record<string, JSONSchema>): Map<string, string> {
  const renames = new Map<string, string>();
  const outputs = Object.keys(components).filter((key) => key.endsWith(OUTPUT));
  if (outputs.length === 0) return renames;
  const idOf = (key: string): string => (key.endsWith(OUTPUT) ? key.slice(0, -OUTPUT.length) : key);
  const text = (key: string): string => JSON.stringify(components[key]).replaceAll(OUTPUT, "");
  const differs = new Set<string>();
  for (const key of outputs) if (idOf(key) in components && text(idOf(key)) !== text(key)) differs.add(idOf(key));
  // A model holding a model whose forms differ has two forms too (its $refs differ), until nothing changes.
  for (let changed = true; changed; ) {
    changed = false;
    for (const key of outputs) {
      const id = idOf(key);
      if (differs.has(id) || !(id in components)) continue;
      const refs = [...JSON.stringify(components[key]).matchAll(/"#\/components\/schemas\/([^"]*)"/g)].map((match) => idOf(match[1] ?? ""));
      if (refs.some((ref) => differs.has(ref))) {
        differs.add(id);
        changed = true;
      }
    }
  }
  for (const key of outputs) {
    const id = idOf(key);
    if (differs.has(id)) {
      renames.set(id, `${id}-Input`);
      renames.set(key, `${id}-Output`);
    } else {
      renames.set(key, id);
    }
  }
  const entries = Object.entries(components);
  for (const key of Object.keys(components)) delete components[key];
  for (const [key, value] of entries) {
    const name = renames.get(key) ?? key;
    if (!(name in components)) components[name] = value;
  }
  return renames;
}

/** `value` with every `$ref` to a renamed component pointing at its new name. */
export function renameRefs(value: unknown, renames: ReadonlyMap<string, string>): unknown {
  if (renames.size === 0) return value;
  if (Array.isArray(value)) return value.map((item) => renameRefs(item, renames));
  if (typeof value !== "object" || value === null) return value;
  // Rebuilt in the same key order: `responses` may be an ordered object (see inOrder).
  return inOrder(
    Object.entries(value).map(([key, item]) => {
      const target = key === "$ref" && typeof item === "string" && item.startsWith(REF) ? renames.get(item.slice(REF.length)) : undefined;
      return [key, target !== undefined ? `${REF}${target}` : renameRefs(item, renames)];
    }),
  );
}

/**
 * An object whose keys come out in the given order. A plain object lists integer-like keys first, ascending, but
 * FastAPI's `responses` keep their insertion order ("201" before "200", "5XX" before "422"), so where that order
 * differs the object is a Proxy whose own keys are listed in it: JSON.stringify, Object.keys and for...in follow
 * it. (structuredClone cannot copy a Proxy: copy the document with JSON.parse(JSON.stringify(doc)), which keeps
 * the keys but not their order.)
 */
export function inOrder(entries: [string, unknown][]): JSONSchema {
  const target: JSONSchema = Object.fromEntries(entries);
  const keys = entries.map(([key]) => key);
  const natural = Object.keys(target);
  if (natural.every((key, i) => key === keys[i])) return target;
  return new Proxy(target, { ownKeys: () => [...keys] });
}

const REF = "#/components/schemas/";

/**
 * The named schema `schema` is a `.meta({...})` copy of (zod keeps the same definition and links the original as
 * `parent`), if any: it is documented as a `$ref` to that component, its own metadata beside it.
 */
export function namedOriginal(schema: Schema): Schema | undefined {
  const parent = (schema._zod as { parent?: Schema }).parent;
  if (parent === undefined || parent._zod.def !== schema._zod.def || metaOf(schema)?.id !== undefined) return undefined;
  return metaOf(parent)?.id !== undefined ? parent : namedOriginal(parent);
}

/** pydantic's `GenerateJsonSchema.sort`: object keys alphabetically at every level. */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value !== "object" || value === null) return value;
  const keys = Object.keys(value).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(keys.map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]));
}

function jsonType(value: unknown): string {
  if (typeof value === "string") return "string";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  if (typeof value === "boolean") return "boolean";
  return "null";
}

function literal(values: unknown[]): JSONSchema {
  const types = new Set(values.map(jsonType));
  // pydantic's literal_schema: the values first, then their type when they share one.
  const out: JSONSchema = values.length === 1 ? { const: values[0] } : { enum: values };
  if (types.size === 1) out["type"] = jsonType(values[0]);
  return out;
}

/**
 * pydantic's `Model.model_json_schema()` for a zod schema: a named model's own schema, the models it refers to
 * under `$defs` (FastAPI's tutorial documents a body read by hand this way, in `openapiExtra`).
 */
export function modelJsonSchema(schema: Schema): JSONSchema {
  const generator = new JSONSchemaGenerator();
  const root = generator.value(schema);
  const id = metaOf(schema)?.id;
  const own = id === undefined ? root : (generator.components[id] ?? root);
  const defs = Object.entries(generator.components).filter(([name]) => name !== id);
  const out: JSONSchema = defs.length > 0 ? { $defs: Object.fromEntries(defs.sort(([a], [b]) => (a < b ? -1 : 1))), ...own } : { ...own };
  return JSON.parse(JSON.stringify(out).replaceAll('"#/components/schemas/', '"#/$defs/')) as JSONSchema;
}
