/** @module The pydantic-settings idiom (`BaseSettings`): environment variables read into a typed object by a
 * zod schema, names matched case-insensitively with an optional prefix, every bad or missing one reported at once.
 */
import type { z } from "zod";
import { defOf, unwrap, validate, type ValidationErrorDetail } from "./fastapi/validation.js";

export interface SettingsOptions {
  /**
   * Prefix of every variable: with "APP_", field `port` reads `APP_PORT`.
   * @default ""
   */
  prefix?: string;
  /**
   * Match names exactly instead of ignoring case.
   * @default false
   */
  caseSensitive?: boolean;
  /**
   * Where the variables come from.
   * @default process.env
   */
  env?: Record<string, string | undefined>;
}

/** Every invalid or missing variable, one line each. */
export class SettingsError extends Error {
  override name = "SettingsError";
  readonly errors: ValidationErrorDetail[];

  constructor(errors: ValidationErrorDetail[], variables: Map<string, string>) {
    const lines = errors.map((error) => {
      const key = String(error.loc[0]);
      const name = variables.get(key) ?? key;
      const path = error.loc.slice(1).map(String);
      return `  ${[name, ...path].join(".")}: ${error.msg} [type=${error.type}, input=${JSON.stringify(error.input) ?? "undefined"}]`;
    });
    super(`${errors.length} invalid setting${errors.length === 1 ? "" : "s"}:\n${lines.join("\n")}`);
    this.errors = errors;
  }
}

/** A list or object from JSON, a list from "a,b,c" too (pydantic-settings takes JSON only; commas are handy in shells). */
function complexValue(text: string, kind: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    if (kind !== "array") return text;
    return text.trim() === "" ? [] : text.split(",").map((item) => item.trim());
  }
}

/**
 * Reads the schema's fields from the environment: `settings(z.object({ port: z.int().default(8000) }), { prefix: "APP_" })`.
 * Values are coerced as pydantic does (numbers, booleans such as "yes"/"off"), lists and objects parsed from JSON
 * (lists also from "a,b,c"), and the result validated; any failure throws one SettingsError listing them all.
 */
export function settings<S extends z.ZodObject>(schema: S, options: SettingsOptions = {}): z.output<S> {
  const prefix = options.prefix ?? "";
  const env = options.env ?? process.env;
  const fold = (name: string): string => (options.caseSensitive ? name : name.toLowerCase());
  const byName = new Map<string, string>();
  for (const [name, value] of Object.entries(env)) if (value !== undefined) byName.set(fold(name), value);

  const raw: Record<string, unknown> = {};
  const variables = new Map<string, string>();
  for (const [key, field] of Object.entries(defOf(unwrap(schema)).shape ?? {})) {
    const variable = `${prefix}${key}`;
    variables.set(key, options.caseSensitive ? variable : variable.toUpperCase());
    const text = byName.get(fold(variable));
    if (text === undefined) continue;
    const kind = defOf(unwrap(field)).type;
    raw[key] = kind === "array" || kind === "object" || kind === "record" || kind === "tuple" ? complexValue(text, kind) : text;
  }
  // As a pydantic model: a missing field's `input` is the object of the variables that were found.
  const result = validate(schema, raw, { loc: [], separateFields: false });
  if (!result.ok) throw new SettingsError(result.errors, variables);
  return result.value;
}
