/** @module Mirrors Python 3.11's json/encoder.py with `json.dumps`'s defaults (`ensure_ascii=True`, separators
 * `", "` and `": "`, NaN and Infinity allowed): what FastAPI writes for a stream item that no schema describes
 * (`json.dumps(jsonable_encoder(item))` in fastapi/routing.py's JSON lines and server-sent events).
 */
import { pythonFloatRepr } from "@mono/asgi";

const ESCAPES: Readonly<Record<string, string>> = {
  '"': '\\"',
  "\\": "\\\\",
  "\b": "\\b",
  "\f": "\\f",
  "\n": "\\n",
  "\r": "\\r",
  "\t": "\\t",
};

/** Python's `py_encode_basestring_ascii`: every non-ASCII UTF-16 unit as `\uXXXX`, as Python writes surrogate pairs. */
function encodeString(text: string): string {
  let out = '"';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    const unit = text.charCodeAt(i);
    const escaped = ESCAPES[ch];
    if (escaped !== undefined) out += escaped;
    else if (unit < 0x20 || unit > 0x7e) out += `\\u${unit.toString(16).padStart(4, "0")}`;
    else out += ch;
  }
  return `${out}"`;
}

/** A number as Python prints it: a whole number as an int (a JS number cannot say it was a float), else repr(float). */
function encodeNumber(value: number): string {
  if (Number.isNaN(value)) return "NaN";
  if (!Number.isFinite(value)) return value > 0 ? "Infinity" : "-Infinity";
  if (Number.isInteger(value) && !Object.is(value, -0)) return BigInt(value).toString();
  return pythonFloatRepr(value);
}

/** `json.dumps(value)` with Python's defaults, for JSON data (what jsonableEncoder gives). */
export function dumps(value: unknown): string {
  return encode(value, 0);
}

function encode(value: unknown, depth: number): string {
  if (depth > 1000) throw new RangeError("maximum recursion depth exceeded while encoding a JSON object");
  if (value === null || value === undefined) return "null";
  switch (typeof value) {
    case "string":
      return encodeString(value);
    case "number":
      return encodeNumber(value);
    case "boolean":
      return value ? "true" : "false";
    case "bigint":
      return value.toString();
    case "object":
      if (Array.isArray(value)) return `[${value.map((item) => encode(item, depth + 1)).join(", ")}]`;
      return `{${Object.entries(value as Record<string, unknown>)
        .map(([key, item]) => `${encodeString(key)}: ${encode(item, depth + 1)}`)
        .join(", ")}}`;
    default:
      throw new TypeError(`Object of type ${typeof value} is not JSON serializable`);
  }
}
