/**
 * @module Mirrors fastapi/encoders.py (`jsonable_encoder`): turns what a handler returns into plain
 * JSON data (objects, arrays, strings, numbers, booleans, null) for the JSONResponse.
 */

/** pydantic's datetime format: ISO 8601 with "Z", and no fraction when the milliseconds are zero. */
function encodeDate(date: Date): string {
  return date.toISOString().replace(".000Z", "Z");
}

/**
 * Dates become ISO strings, Maps objects, Sets and other iterables arrays, objects with `toJSON` what
 * it returns; `undefined` object members are left out (as `JSON.stringify` does) and become null in arrays.
 */
export function jsonableEncoder(value: unknown): unknown {
  if (value === null || typeof value !== "object") return value;
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
