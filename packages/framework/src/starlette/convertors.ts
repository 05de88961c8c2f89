/** @module Mirrors starlette/convertors.py: the `{name:type}` path parameter convertors. */

/** Turns one path segment matched by `regex` into a value, and a value back into path text. */
export interface Convertor<T> {
  /** A regular expression source (no anchors, no groups that capture by name). */
  readonly regex: string;
  convert(value: string): T;
  toString(value: T): string;
}

export const StringConvertor: Convertor<string> = {
  regex: "[^/]+",
  convert: (value) => value,
  toString(value) {
    const text = String(value);
    if (text.includes("/")) throw new Error("May not contain path separators");
    if (text === "") throw new Error("Must not be empty");
    return text;
  },
};

export const PathConvertor: Convertor<string> = {
  regex: ".*",
  convert: (value) => value,
  toString: (value) => String(value),
};

export const IntegerConvertor: Convertor<number> = {
  regex: "[0-9]+",
  // Python ints are unbounded; a JS number keeps digits exact up to 2**53, which is what a route can hold.
  convert: (value) => Number.parseInt(value, 10),
  toString(value) {
    const int = Math.trunc(Number(value));
    if (int < 0) throw new Error("Negative integers are not supported");
    return String(int);
  },
};

export const FloatConvertor: Convertor<number> = {
  regex: "[0-9]+(?:\\.[0-9]+)?",
  convert: (value) => Number.parseFloat(value),
  toString(value) {
    const float = Number(value);
    if (float < 0) throw new Error("Negative floats are not supported");
    if (Number.isNaN(float)) throw new Error("NaN values are not supported");
    if (!Number.isFinite(float)) throw new Error("Infinite values are not supported");
    // Python's ("%0.20f" % value).rstrip("0").rstrip(".")
    return float.toFixed(20).replace(/0+$/, "").replace(/\.$/, "");
  },
};

/**
 * Python gives a `uuid.UUID`; JS has no UUID type, so the value is the canonical
 * lowercase hyphenated string `str(uuid.UUID(value))` would print.
 */
export const UUIDConvertor: Convertor<string> = {
  regex: "[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}",
  convert(value) {
    const hex = value.replaceAll("-", "").toLowerCase();
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  },
  toString: (value) => String(value),
};

export const CONVERTOR_TYPES: Map<string, Convertor<unknown>> = new Map<string, Convertor<unknown>>([
  ["str", StringConvertor],
  ["path", PathConvertor],
  ["int", IntegerConvertor],
  ["float", FloatConvertor],
  ["uuid", UUIDConvertor],
]);

export function registerUrlConvertor<T>(key: string, convertor: Convertor<T>): void {
  CONVERTOR_TYPES.set(key, convertor as Convertor<unknown>);
}
