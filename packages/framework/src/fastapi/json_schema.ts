/** @module Mirrors pydantic/json_schema.py (`GenerateJsonSchema`) as FastAPI 0.142.2 writes it into OpenAPI: JSON
 * Schemas of zod schemas with pydantic's shapes and key order — a `title` on every model and property, optional
 * fields as `anyOf: [..., {"type": "null"}]`, no `default: null`, named schemas (`.meta({ id })`) as components.
 */
import { z } from "zod";
import { ownContainer } from "./types.js";

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
// `convertUnderscores` is read by the header parameters (dependencies.ts), not written.
const OWN_META = new Set(["id", "title", "description", "examples", "convertUnderscores"]);

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

/** Generates pydantic-shaped schemas, collecting named ones into `components`. */
export class JSONSchemaGenerator {
  readonly components: Record<string, JSONSchema> = {};
  readonly #inProgress = new Set<string>();

  /**
   * The schema of a model field or parameter named `name`: its type, then title, description, default, examples
   * (a parameter's default comes before its title).
   */
  field(schema: Schema, name: string, parameter = false): JSONSchema {
    const peeled = peel(schema);
    let out = this.withNull(this.type(peeled.inner), peeled.nullable);
    const refersToComponent = "$ref" in out || (Array.isArray(out["anyOf"]) && (out["anyOf"] as JSONSchema[]).some((item) => "$ref" in item));
    out = { ...out };
    // Other metadata is pydantic's json_schema_extra: merged into the type's schema, before the title.
    if (peeled.meta.id === undefined) {
      for (const [key, value] of Object.entries(peeled.meta)) if (!OWN_META.has(key)) out[key] = value;
    }
    const fallback = peeled.hasDefault && peeled.defaultValue !== null && peeled.defaultValue !== undefined ? { value: jsonValue(peeled.defaultValue) } : undefined;
    // A parameter's schema (FastAPI's own field schema) has its default before the title; a model field's after.
    if (parameter && fallback !== undefined) out["default"] = fallback.value;
    if (peeled.meta.title !== undefined && peeled.meta.id === undefined) out["title"] = peeled.meta.title;
    else if (!refersToComponent) out["title"] = fieldTitle(name);
    if (peeled.meta.description !== undefined && peeled.meta.id === undefined) out["description"] = peeled.meta.description;
    if (!parameter && fallback !== undefined) out["default"] = fallback.value;
    if (peeled.meta.examples !== undefined && peeled.meta.id === undefined) out["examples"] = peeled.meta.examples;
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
    if (meta?.id !== undefined) {
      const id = meta.id;
      if (!(id in this.components) && !this.#inProgress.has(id)) {
        this.#inProgress.add(id);
        const body = this.build(schema, id);
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
    for (const [key, value] of Object.entries(metaOf(schema) ?? {})) if (!OWN_META.has(key)) out[key] = value;
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
    for (const [name, field] of Object.entries(def.shape ?? {})) {
      properties[name] = this.field(field, name);
      if ((field._zod as { optin?: string }).optin === undefined) required.push(name);
    }
    // pydantic's order: a forbidding model's `additionalProperties: false` sits between properties and type.
    const out: JSONSchema = { properties };
    if (def.catchall !== undefined && defOf(def.catchall).type === "never") out["additionalProperties"] = false;
    out["type"] = "object";
    if (required.length > 0) out["required"] = required;
    if (componentTitle !== undefined) out["title"] = meta.title ?? componentTitle;
    if (componentTitle !== undefined && meta.description !== undefined) out["description"] = meta.description;
    return out;
  }
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
