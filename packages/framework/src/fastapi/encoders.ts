/** @module Mirrors fastapi/encoders.py (`jsonable_encoder`): turns what a handler returns into plain
 * JSON data (objects, arrays, strings, numbers, booleans, null) for the JSONResponse; and pydantic's JSON
 * serialization by a response schema.
 */
import { pythonFloatRepr } from "@mono/asgi";
import { z } from "zod";
import { serializationName } from "./fields.js";
import { FLOAT_VALUED, isPyValue, PyDate, PyDatetime, PyDecimal, PyTime, PyTimedelta, serializesBase64 } from "./types.js";
import { defOf, isIntSchema, PyFloat, unwrap } from "./validation.js";

/** pydantic's datetime format: ISO 8601 with "Z", and no fraction when the milliseconds are zero. */
function encodeDate(date: Date): string {
  return date.toISOString().replace(".000Z", "Z");
}

/**
 * Dates become ISO strings, Maps objects, Sets and other iterables arrays, objects with `toJSON` what
 * it returns; `undefined` object members are left out (as `JSON.stringify` does) and become null in arrays.
 */
export function jsonableEncoder(value: unknown, options?: JSONableEncoderOptions): unknown {
  if (options === undefined) return encode(value, undefined);
  return encodeWith(value, options, true);
}

/** `jsonable_encoder`'s options that apply to JS values (by_alias and exclude_unset/_defaults need a model). */
export interface JSONableEncoderOptions {
  /** Only these keys of the top-level object (or of each object of a top-level array). @default every key */
  include?: Iterable<string>;
  /** Leave out these keys of the top-level object (or of each object of a top-level array). @default none */
  exclude?: Iterable<string>;
  /** Leave out object members whose value is null, at every level. @default false */
  excludeNone?: boolean;
  /** A class (checked with instanceof, in order) to the function that encodes its instances. @default none */
  customEncoder?: ReadonlyMap<abstract new (...args: never[]) => unknown, (value: never) => unknown>;
}

/** jsonableEncoder with options, as Python's: include/exclude at the top (and through lists), the rest all the way. */
function encodeWith(value: unknown, options: JSONableEncoderOptions, top: boolean): unknown {
  for (const [cls, encoder] of options.customEncoder ?? []) {
    if (value instanceof cls) return (encoder as (value: unknown) => unknown)(value);
  }
  const { include: _include, exclude: _exclude, ...inner } = options;
  if (Array.isArray(value) || value instanceof Set) return [...value].map((item) => encodeWith(item, options, top) ?? null);
  if (value === null || typeof value !== "object" || isPyValue(value) || value instanceof Date || value instanceof Uint8Array) return encode(value, undefined);
  const toJSON = (value as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === "function") return encodeWith(toJSON.call(value), options, top);
  const entries: [string, unknown][] = value instanceof Map ? [...value].map(([k, v]) => [String(k), v]) : Object.entries(value);
  const include = top && options.include !== undefined ? new Set(options.include) : undefined;
  const exclude = top && options.exclude !== undefined ? new Set(options.exclude) : undefined;
  const out: Record<string, unknown> = {};
  for (const [key, item] of entries) {
    if ((include !== undefined && !include.has(key)) || exclude?.has(key)) continue;
    if (item === null && options.excludeNone) continue;
    const encoded = encodeWith(item, inner, false);
    if (encoded !== undefined) out[key] = encoded;
  }
  return out;
}

/**
 * jsonableEncoder for a response schema's input: values of pydantic's standard types are kept (FastAPI validates
 * the returned object itself, so a Decimal stays "1.50" rather than becoming 1.5).
 */
export function responseInput(value: unknown): unknown {
  return encode(value, keptForResponse);
}

/** Bytes are kept too, so that a `py.bytes()` field sees them (base64 text would otherwise be read again). */
function keptForResponse(value: unknown): boolean {
  return isPyValue(value) || value instanceof Uint8Array;
}

function encode(value: unknown, keep: ((value: unknown) => boolean) | undefined): unknown {
  const jsonableEncoder = (item: unknown): unknown => encode(item, keep);
  if (value === null || typeof value !== "object") return value;
  if (keep?.(value)) return value;
  if (value instanceof Date) return encodeDate(value);
  if (Array.isArray(value)) return value.map((item) => jsonableEncoder(item) ?? null);
  if (value instanceof Map) {
    return Object.fromEntries([...value].map(([k, v]) => [String(k), jsonableEncoder(v)]).filter(([, v]) => v !== undefined));
  }
  if (value instanceof Set) return [...value].map((item) => jsonableEncoder(item) ?? null);
  if (value instanceof Uint8Array) return new TextDecoder().decode(value);
  const toJSON = (value as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === "function") return jsonableEncoder(toJSON.call(value));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const encoded = jsonableEncoder(item);
    if (encoded !== undefined) out[key] = encoded;
  }
  return out;
}

/**
 * True when jsonableEncoder(value) would only copy `value`: strings, numbers, booleans, null, arrays of those
 * (no holes, no undefined), and objects with Object's prototype, no `toJSON`, no own `__proto__` key (a copy
 * would turn it into the prototype) and no undefined member. Deep nesting (or a cycle) answers false.
 */
export function isPlainJSON(value: unknown, depth: number): boolean {
  if (typeof value !== "object") return value !== undefined;
  if (value === null) return true;
  if (depth > 32) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  if (Array.isArray(value)) {
    if (proto !== Array.prototype) return false;
    const items = value as unknown[];
    for (let i = 0; i < items.length; i++) {
      if (!(i in items) || !isPlainJSON(items[i], depth + 1)) return false;
    }
    return true;
  }
  if (proto !== Object.prototype || typeof (value as { toJSON?: unknown }).toJSON === "function") return false;
  for (const key in value) {
    if (key === "__proto__" || !Object.hasOwn(value, key)) return false;
    if (!isPlainJSON((value as Record<string, unknown>)[key], depth + 1)) return false;
  }
  return true;
}

/** pydantic's JSON float format: decimal from 1e-5 up to 1e16 (with ".0" when whole), scientific outside it. */
export function pydanticFloat(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`Out of range float values are not JSON compliant: ${value}`);
  if (value === 0) return Object.is(value, -0) ? "-0.0" : "0.0";
  const abs = Math.abs(value);
  if (abs >= 1e-5 && abs < 1e16) {
    const text = String(value);
    return /[.e]/.test(text) ? text : `${text}.0`;
  }
  return value.toExponential();
}

/** pydantic's JSON for the standard types' values: "Z" for UTC, ISO durations, decimals as text. */
function pydanticJSON(value: object): string | undefined {
  if (value instanceof PyDatetime || value instanceof PyTime) return JSON.stringify(value.toISOString(true));
  if (value instanceof PyTimedelta) return JSON.stringify(value.toISOString());
  if (value instanceof PyDate) return JSON.stringify(value.toISOString());
  if (value instanceof PyDecimal) return JSON.stringify(value.text);
  if (value instanceof Uint8Array) return JSON.stringify(new TextDecoder().decode(value));
  if (value instanceof Date) return JSON.stringify(encodeDate(value));
  return undefined;
}

/**
 * pydantic's `serialize_json` by a response schema (FastAPI's fast path for `response_model`): compact JSON,
 * UTF-8 kept as is, and numbers the schema calls floats (`z.number()`, not `z.int()`) written as floats, so
 * `2` comes out `2.0` as it does from FastAPI. `value` is already validated and JSON-able.
 */
export function serializeJSON(schema: z.core.$ZodType | undefined, value: unknown, byAlias = true): string {
  if (value === null || value === undefined) return "null";
  const inner = schema === undefined ? undefined : unwrap(schema);
  const def = inner === undefined ? undefined : defOf(inner);
  if (def?.type === "union") {
    // pydantic serializes by the member the value fits (a float field of the second model is still 42.0).
    const options = (def as unknown as { options: z.core.$ZodType[] }).options;
    return serializeJSON(options.find((option) => z.safeParse(option, value).success), value, byAlias);
  }
  switch (typeof value) {
    case "number":
      if (def?.type === "number" && inner !== undefined && !isIntSchema(inner)) return pydanticFloat(value);
      return Number.isInteger(value) && Math.abs(value) < 1e16 ? String(value) : pydanticFloat(value);
    case "string":
    case "boolean":
      return JSON.stringify(value);
    case "object": {
      if (value instanceof Uint8Array && schema !== undefined && serializesBase64(schema)) return JSON.stringify(Buffer.from(value).toString("base64url").padEnd(Math.ceil(value.length / 3) * 4, "="));
      const special = pydanticJSON(value);
      if (special !== undefined) return special;
      if (value instanceof Set) return serializeJSON(schema, [...(value as Set<unknown>)], byAlias);
      if (value instanceof Map) return serializeJSON(schema, Object.fromEntries([...(value as Map<unknown, unknown>)].map(([k, v]) => [String(k), v])), byAlias);
      if (!Array.isArray(value) && Object.getPrototypeOf(value) !== Object.prototype) return serializeJSON(schema, jsonableEncoder(value), byAlias);
      if (Array.isArray(value)) {
        const element = def?.type === "array" ? def.element : undefined;
        return `[${value.map((item) => serializeJSON(element, item, byAlias)).join(",")}]`;
      }
      const shape = def?.type === "object" ? def.shape : undefined;
      const valueType = def?.type === "record" ? def.valueType : undefined;
      const members = Object.entries(value as Record<string, unknown>).filter(([, item]) => item !== undefined);
      // A model's field is written under its serialization alias (FastAPI's `response_model_by_alias=True`).
      const name = (key: string): string => {
        const field = shape?.[key];
        return byAlias && field !== undefined ? serializationName(key, field) : key;
      };
      return `{${members.map(([key, item]) => `${JSON.stringify(name(key))}:${serializeJSON(shape?.[key] ?? valueType, item, byAlias)}`).join(",")}}`;
    }
    default:
      throw new TypeError(`Object of type ${typeof value} is not JSON serializable`);
  }
}

/** What pydantic's `model_dump` leaves out of a response (FastAPI's `response_model_*` options). */
export interface ResponseFilter {
  include: Selection | undefined;
  exclude: Selection | undefined;
  excludeUnset: boolean;
  excludeDefaults: boolean;
  excludeNone: boolean;
}

/** Field names, or an object naming fields with `true` (the whole field) or a nested selection (pydantic's sets and dicts). */
export type FieldSelection = Iterable<string> | { readonly [field: string]: true | FieldSelection };

/** A selection as a tree: each field to `true` (all of it) or the selection inside it. */
export type Selection = ReadonlyMap<string, true | Selection>;

export function toSelection(fields: FieldSelection): Selection {
  if (typeof (fields as Iterable<string>)[Symbol.iterator] === "function" && typeof fields !== "string") {
    return new Map([...(fields as Iterable<string>)].map((name) => [name, true as const]));
  }
  return new Map(
    Object.entries(fields as Record<string, true | FieldSelection>).map(([name, inner]) => [name, inner === true ? true : toSelection(inner)]),
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The `.default(...)` value a field declares, if any (looked for through optional/nullable wrappers). */
function defaultOf(field: z.core.$ZodType): { value: unknown } | undefined {
  let current: z.core.$ZodType | undefined = field;
  while (current !== undefined) {
    const def = current._zod.def as unknown as { type: string; innerType?: z.core.$ZodType; defaultValue?: unknown };
    if (def.type === "default" || def.type === "prefault") return { value: def.defaultValue };
    current = def.type === "optional" || def.type === "nullable" || def.type === "readonly" ? def.innerType : undefined;
  }
  return undefined;
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((key) => deepEqual((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]));
}

/**
 * pydantic's `model_dump(include, exclude, exclude_unset, exclude_defaults, exclude_none)` over a validated
 * value: `input` is what the handler returned (its keys are the fields "set"), `value` the validated result.
 * include/exclude select fields (nested selections reach into objects and each item of lists); the other three
 * apply at every level, as pydantic's.
 */
export function filterResponse(schema: z.core.$ZodType, input: unknown, value: unknown, filter: ResponseFilter): unknown {
  const def = defOf(unwrap(schema));
  if (Array.isArray(value)) {
    if (def.type !== "array" || def.element === undefined) return value;
    const inputs = Array.isArray(input) ? input : [];
    // A selection on a list applies to each item (pydantic's "__all__").
    return value.map((item, i) => filterResponse(def.element as z.core.$ZodType, inputs[i], item, filter));
  }
  if (!isRecord(value) || def.type !== "object" || def.shape === undefined) return value;
  const out: Record<string, unknown> = {};
  const given = isRecord(input) ? input : undefined;
  for (const [key, item] of Object.entries(value)) {
    const field = def.shape[key];
    const included = filter.include?.get(key);
    const excluded = filter.exclude?.get(key);
    if (filter.include !== undefined && included === undefined) continue;
    if (excluded === true) continue;
    if (filter.excludeUnset && given !== undefined && given[key] === undefined) continue;
    if (filter.excludeNone && item === null) continue;
    if (filter.excludeDefaults && field !== undefined) {
      const fallback = defaultOf(field);
      if (fallback !== undefined && deepEqual(item, fallback.value)) continue;
    }
    const inner: ResponseFilter = {
      ...filter,
      include: included === undefined || included === true ? undefined : included,
      exclude: excluded === undefined ? undefined : excluded,
    };
    out[key] = field === undefined ? item : filterResponse(field, given?.[key], item, inner);
  }
  return out;
}

/**
 * The keys at which a schema holds floats (`z.number()`, not `z.int()`), at any depth: a handler that returns
 * what it was given (a pydantic model, in FastAPI) has Python floats there, which JSON writes `3.0`.
 */
export function floatKeysOf(schema: z.core.$ZodType | undefined, keys: Set<string> = new Set(), depth = 0): Set<string> {
  if (schema === undefined || depth > 32) return keys;
  const def = defOf(unwrap(schema)) as ReturnType<typeof defOf> & { options?: z.core.$ZodType[] };
  if (def.type === "object") {
    for (const [key, field] of Object.entries(def.shape ?? {})) {
      const inner = unwrap(field);
      if (defOf(inner).type === "number" && !isIntSchema(inner)) keys.add(key);
      floatKeysOf(field, keys, depth + 1);
    }
  } else if (def.type === "array") floatKeysOf(def.element, keys, depth + 1);
  else if (def.type === "record") floatKeysOf(def.valueType, keys, depth + 1);
  else if (def.type === "union") for (const option of def.options ?? []) floatKeysOf(option, keys, depth + 1);
  return keys;
}

/** Whether a value holds a PyFloat or a PyTimedelta (which jsonable_encoder makes a float) at any depth. */
export function holdsFloats(value: unknown, depth = 0): boolean {
  if (typeof value !== "object" || value === null || depth > 32) return false;
  if (value instanceof PyFloat || value instanceof PyTimedelta || value instanceof PyDecimal) return true;
  if (value instanceof Map) return FLOAT_VALUED.has(value) || [...(value as Map<unknown, unknown>).values()].some((item) => holdsFloats(item, depth + 1));
  if (Array.isArray(value)) return value.some((item) => holdsFloats(item, depth + 1));
  if (Object.getPrototypeOf(value) !== Object.prototype) return false;
  return Object.values(value).some((item) => holdsFloats(item, depth + 1));
}

/**
 * Whether `value` has a number JSON.stringify would write otherwise than Python: a whole number at one of
 * `floatKeys`, or a PyFloat, PyTimedelta, PyDecimal or float-valued Map at any depth. Most answers have none,
 * and keep JSONResponse's own writer.
 */
export function needsPythonJSON(value: unknown, floatKeys: ReadonlySet<string>, key?: string, depth = 0): boolean {
  if (typeof value === "number") return key !== undefined && Number.isInteger(value) && floatKeys.has(key);
  if (typeof value !== "object" || value === null || depth > 32) return false;
  if (Array.isArray(value)) return value.some((item) => needsPythonJSON(item, floatKeys, undefined, depth + 1));
  if (Object.getPrototypeOf(value) !== Object.prototype) return holdsFloats(value, depth);
  for (const [name, item] of Object.entries(value)) if (needsPythonJSON(item, floatKeys, name, depth + 1)) return true;
  return false;
}

/**
 * Python's `json.dumps(jsonable_encoder(value))` (compact, UTF-8 as is) where floats are known: a PyFloat, a
 * PyTimedelta (its seconds) and a number at one of `floatKeys` are written as Python writes a float (`3.0`).
 */
export function pythonJSONText(value: unknown, floatKeys: ReadonlySet<string> = new Set(), asFloat = false): string {
  if (value === null || value === undefined) return "null";
  switch (typeof value) {
    case "number":
      if (!Number.isFinite(value)) throw new RangeError("Out of range float values are not JSON compliant");
      if (asFloat || !Number.isInteger(value) || Math.abs(value) >= 1e16 || Object.is(value, -0)) return pythonFloatRepr(value);
      return String(value);
    case "string":
    case "boolean":
      return JSON.stringify(value);
    case "object":
      break;
    default:
      return pythonJSONText(jsonableEncoder(value), floatKeys);
  }
  if (value instanceof PyFloat) return pythonFloatRepr(value.value);
  if (value instanceof PyTimedelta) return pythonFloatRepr(value.totalSeconds());
  if (value instanceof PyDecimal) return decimalJSON(value.text);
  if (Array.isArray(value)) return `[${value.map((item) => pythonJSONText(item ?? null, floatKeys)).join(",")}]`;
  if (Object.getPrototypeOf(value) !== Object.prototype) {
    if (value instanceof Set) return pythonJSONText([...(value as Set<unknown>)], floatKeys);
    if (value instanceof Map) {
      // A Python dict: keys in insertion order (a JS object would put integer-like ones first).
      const floats = FLOAT_VALUED.has(value);
      const entries = [...(value as Map<unknown, unknown>)].filter(([, item]) => item !== undefined);
      return `{${entries.map(([key, item]) => `${JSON.stringify(String(key))}:${pythonJSONText(item, floatKeys, floats)}`).join(",")}}`;
    }
    return pythonJSONText(jsonableEncoder(value), floatKeys);
  }
  const members = Object.entries(value as Record<string, unknown>).filter(([, item]) => item !== undefined);
  return `{${members.map(([key, item]) => `${JSON.stringify(key)}:${pythonJSONText(item, floatKeys, floatKeys.has(key))}`).join(",")}}`;
}

/**
 * FastAPI's decimal_encoder: a Decimal with no digits after the point (exponent >= 0) is an int, written in full
 * however large ("1e400" is a 1 and 400 zeros); any other is a float.
 */
function decimalJSON(text: string): string {
  const match = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text.trim());
  if (match === null) return pythonFloatRepr(Number(text));
  const [, sign = "", whole = "", fraction = "", exp = "0"] = match;
  const exponent = Number(exp) - fraction.length;
  if (exponent < 0) {
    const float = Number(text);
    if (!Number.isFinite(float)) throw new RangeError("Out of range float values are not JSON compliant");
    return pythonFloatRepr(float);
  }
  const digits = `${whole}${fraction}`.replace(/^0+(?=\d)/, "") + "0".repeat(exponent);
  const int = digits.replace(/^0+(?=\d)/, "");
  return int === "0" ? "0" : `${sign === "-" ? "-" : ""}${int}`;
}
