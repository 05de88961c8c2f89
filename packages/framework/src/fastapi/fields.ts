/** @module Mirrors pydantic/fields.py (`Field(alias=..., validation_alias=..., serialization_alias=...)`) and the
 * parameter options of fastapi/params.py (`alias`, `deprecated`, `include_in_schema`): read from a zod field's
 * `.meta({...})`, they rename a field's key in the JSON read (validation), in the JSON written (serialization), in
 * a 422's `loc` and in the OpenAPI document.
 */
import { z } from "zod";

/** The parts of zod's definition read here (validation.ts, which reads aliases through this module, has its own). */
interface Def {
  type: string;
  innerType?: z.core.$ZodType;
  in?: z.core.$ZodType;
  getter?: () => z.core.$ZodType;
  shape?: Record<string, z.core.$ZodType>;
  element?: z.core.$ZodType;
  valueType?: z.core.$ZodType;
  options?: z.core.$ZodType[];
}

function defOf(schema: z.core.$ZodType): Def {
  return schema._zod.def as unknown as Def;
}

/** What a field's `.meta({...})` may say about its name and its place in the OpenAPI document. */
export interface FieldInfo {
  /** The key read and written instead of the field's own (pydantic's `alias`, FastAPI's `Query(alias=...)`). @default none */
  alias?: string;
  /** The key read, over `alias` (pydantic's `validation_alias`). @default `alias` */
  validationAlias?: string;
  /** The key written, over `alias` (pydantic's `serialization_alias`). @default `alias` */
  serializationAlias?: string;
  /** Marks the field or parameter deprecated in the OpenAPI document. @default false */
  deprecated?: boolean;
  /** Leave the parameter out of the OpenAPI document (FastAPI's `include_in_schema=False`). @default true */
  includeInSchema?: boolean;
}

/** The FieldInfo keys: not JSON Schema keys of their own, so the OpenAPI generator leaves them out of `json_schema_extra`. */
export const FIELD_INFO_KEYS: ReadonlySet<string> = new Set([
  "alias",
  "validationAlias",
  "serializationAlias",
  "includeInSchema",
  "openapiExamples",
  "serializationDefaultsRequired",
]);

const WRAPPERS = new Set(["optional", "nullable", "default", "prefault", "readonly", "catch", "nonoptional"]);

const INFO = new WeakMap<z.core.$ZodType, FieldInfo>();

/** The FieldInfo of a field: its metadata and that of the wrappers around it, the outermost winning. */
export function fieldInfo(schema: z.core.$ZodType): FieldInfo {
  const known = INFO.get(schema);
  if (known !== undefined) return known;
  const info: Record<string, unknown> = {};
  let current: z.core.$ZodType | undefined = schema;
  while (current !== undefined) {
    const meta = z.globalRegistry.get(current) as Record<string, unknown> | undefined;
    for (const key of ["alias", "validationAlias", "serializationAlias", "deprecated", "includeInSchema"]) {
      if (meta?.[key] !== undefined && !(key in info)) info[key] = meta[key];
    }
    const def = defOf(current);
    current = WRAPPERS.has(def.type) ? def.innerType : undefined;
  }
  INFO.set(schema, info as FieldInfo);
  return info as FieldInfo;
}

/** The key a field is read from. */
export function validationName(key: string, schema: z.core.$ZodType): string {
  const info = fieldInfo(schema);
  return info.validationAlias ?? info.alias ?? key;
}

/** The key a field is written under (by alias, as FastAPI's `response_model_by_alias=True`). */
export function serializationName(key: string, schema: z.core.$ZodType): string {
  const info = fieldInfo(schema);
  return info.serializationAlias ?? info.alias ?? key;
}

/** The schema under wrappers, pipes and lazies (validation.ts's `unwrap`, kept here to avoid a cycle). */
function inner(schema: z.core.$ZodType): z.core.$ZodType {
  let current = schema;
  for (;;) {
    const def = defOf(current);
    if ((WRAPPERS.has(def.type) || def.type === "success") && def.innerType) current = def.innerType;
    else if (def.type === "pipe" && def.in) current = def.in;
    else if (def.type === "lazy" && def.getter) current = def.getter();
    else return current;
  }
}

const ALIASED = new WeakMap<z.core.$ZodType, boolean>();

/** Whether any object inside `schema` has a field read under another key: most have none, and are left alone. */
export function hasAliases(schema: z.core.$ZodType, seen: Set<z.core.$ZodType> = new Set()): boolean {
  const known = ALIASED.get(schema);
  if (known !== undefined) return known;
  if (seen.has(schema)) return false;
  seen.add(schema);
  const def = defOf(inner(schema));
  let found = false;
  if (def.type === "object") {
    found = Object.entries(def.shape ?? {}).some(([key, field]) => validationName(key, field) !== key || hasAliases(field, seen));
  } else if (def.type === "array" && def.element !== undefined) found = hasAliases(def.element, seen);
  else if (def.type === "record" && def.valueType !== undefined) found = hasAliases(def.valueType, seen);
  else if (def.type === "union") found = (def.options ?? []).some((option) => hasAliases(option, seen));
  ALIASED.set(schema, found);
  return found;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * JSON read by alias, as the schema's field keys: `{"itemName": 1}` becomes `{item_name: 1}`. A field's own key is
 * not read when it has an alias (pydantic's default, `populate_by_name=False`); other keys stay for zod to judge.
 */
export function fromAliases(schema: z.core.$ZodType, value: unknown): unknown {
  if (!hasAliases(schema)) return value;
  const def = defOf(inner(schema));
  if (def.type === "array" && Array.isArray(value) && def.element !== undefined) {
    const element = def.element;
    return value.map((item) => fromAliases(element, item));
  }
  if (def.type === "record" && isPlainObject(value) && def.valueType !== undefined) {
    const valueType = def.valueType;
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, fromAliases(valueType, item)]));
  }
  if (def.type === "union") {
    // The first member that reads aliases decides (a nullable model, say); a union of different models is not renamed.
    const option = (def.options ?? []).find((each) => hasAliases(each));
    return option === undefined ? value : fromAliases(option, value);
  }
  if (def.type !== "object" || !isPlainObject(value)) return value;
  const out: Record<string, unknown> = { ...value };
  for (const [key, field] of Object.entries(def.shape ?? {})) {
    const name = validationName(key, field);
    if (name !== key) {
      delete out[key];
      delete out[name];
    }
    if (name in value) out[key] = fromAliases(field, value[name]);
    else if (name === key && key in value) out[key] = fromAliases(field, value[key]);
  }
  return out;
}

/** A zod issue's path (field keys) as the keys that were read (aliases), for a 422's `loc` and `input`. */
export function aliasPath(root: z.core.$ZodType, path: readonly (string | number)[]): (string | number)[] {
  if (!hasAliases(root)) return [...path];
  const out: (string | number)[] = [];
  let current: z.core.$ZodType | undefined = root;
  for (const key of path) {
    const def: ReturnType<typeof defOf> | undefined = current === undefined ? undefined : defOf(inner(current));
    if (def?.type === "object" && typeof key === "string" && def.shape?.[key] !== undefined) {
      const field: z.core.$ZodType = def.shape[key];
      out.push(validationName(key, field));
      current = field;
    } else {
      out.push(key);
      current = def?.type === "array" ? def.element : def?.type === "record" ? def.valueType : undefined;
    }
  }
  return out;
}

/** A validated value with each model field under its serialization alias (pydantic's `model_dump(by_alias=True)`). */
export function toAliases(schema: z.core.$ZodType, value: unknown): unknown {
  const def = defOf(inner(schema));
  if (def.type === "array" && Array.isArray(value) && def.element !== undefined) {
    const element = def.element;
    return value.map((item) => toAliases(element, item));
  }
  if (def.type === "record" && isPlainObject(value) && def.valueType !== undefined) {
    const valueType = def.valueType;
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, toAliases(valueType, item)]));
  }
  if (def.type !== "object" || !isPlainObject(value)) return value;
  const shape = def.shape ?? {};
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => {
      const field = shape[key];
      return field === undefined ? [key, item] : [serializationName(key, field), toAliases(field, item)];
    }),
  );
}
