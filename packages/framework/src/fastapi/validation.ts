/** @module Validation as FastAPI reports it: zod schemas checked with pydantic's lax coercion
 * (strings to numbers and booleans), and zod issues translated into pydantic's error types, messages and ctx.
 */
import { z } from "zod";
import { aliasPath, fromAliases } from "./fields.js";

/** One entry of FastAPI's `{"detail": [...]}`, keys in pydantic's order. */
export interface ValidationErrorDetail {
  type: string;
  loc: (string | number)[];
  msg: string;
  input: unknown;
  ctx?: Record<string, unknown>;
}

type Schema = z.core.$ZodType;

/** The parts of zod's internal definition this module walks. */
interface SchemaDef {
  type: string;
  innerType?: Schema;
  element?: Schema;
  shape?: Record<string, Schema>;
  in?: Schema;
  getter?: () => Schema;
  format?: string;
  checks?: { _zod: { def: { check?: string; format?: string } } }[];
  values?: unknown[];
  entries?: Record<string, unknown>;
  valueType?: Schema;
}

export function defOf(schema: Schema): SchemaDef {
  return schema._zod.def as unknown as SchemaDef;
}

const WRAPPERS = new Set(["optional", "nullable", "default", "prefault", "readonly", "catch", "nonoptional", "success"]);

/** The schema under optional/nullable/default/pipe/lazy wrappers: what a value must finally be. */
export function unwrap(schema: Schema): Schema {
  let current = schema;
  for (;;) {
    const def = defOf(current);
    if (WRAPPERS.has(def.type) && def.innerType) current = def.innerType;
    else if (def.type === "pipe" && def.in) current = def.in;
    else if (def.type === "lazy" && def.getter) current = def.getter();
    else return current;
  }
}

export function isIntSchema(schema: Schema): boolean {
  const def = defOf(schema);
  const intFormats = /int/;
  return intFormats.test(def.format ?? "") || (def.checks ?? []).some((c) => intFormats.test(c._zod.def.format ?? ""));
}

/** Whether the field may be left out: zod's `optin` is set for `.optional()` and `.default()`. */
export function isOptional(schema: Schema): boolean {
  return (schema._zod as { optin?: string }).optin !== undefined;
}

const INT_TEXT = /^\s*[+-]?\d+(?:\.0*)?\s*$/;
const FLOAT_TEXT = /^\s*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\s*$/;
const TRUE_TEXT = new Set(["1", "on", "t", "true", "y", "yes"]);
const FALSE_TEXT = new Set(["0", "off", "f", "false", "n", "no"]);

function coerceNumber(value: unknown, int: boolean): unknown {
  if (typeof value === "boolean") return value ? 1 : 0;
  if (typeof value !== "string") return value;
  if (int ? INT_TEXT.test(value) : FLOAT_TEXT.test(value)) return Number.parseFloat(value);
  return value;
}

function coerceBoolean(value: unknown): unknown {
  if (typeof value === "number" && (value === 0 || value === 1)) return value === 1;
  if (typeof value !== "string") return value;
  const text = value.toLowerCase();
  if (TRUE_TEXT.has(text)) return true;
  if (FALSE_TEXT.has(text)) return false;
  return value;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Pydantic's lax mode, before zod sees the value: numeric strings become numbers where the schema
 * wants a number, "yes"/"off"/"1"... become booleans, ISO strings become Dates. Anything else is left
 * for zod to refuse, so the error still shows the input as sent.
 */
export function coerce(schema: Schema, value: unknown): unknown {
  // One case per kind of schema, each a line or three: a ladder kept in one place to read as pydantic's lax table.
  const inner = unwrap(schema);
  const def = defOf(inner);
  switch (def.type) {
    case "number":
      return coerceNumber(value, isIntSchema(inner));
    case "boolean":
      return coerceBoolean(value);
    case "date":
      return typeof value === "string" && !Number.isNaN(Date.parse(value)) ? new Date(value) : value;
    case "literal":
    case "enum": {
      const options = def.values ?? Object.values(def.entries ?? {});
      if (typeof value === "string" && !options.includes(value)) {
        const number = coerceNumber(value, false);
        if (options.includes(number)) return number;
      }
      return value;
    }
    case "object": {
      if (!isPlainObject(value) || def.shape === undefined) return value;
      const out: Record<string, unknown> = { ...value };
      for (const [key, field] of Object.entries(def.shape)) {
        if (key in value) out[key] = coerce(field, value[key]);
      }
      return out;
    }
    case "array":
      return Array.isArray(value) && def.element ? value.map((item) => coerce(def.element as Schema, item)) : value;
    case "record":
      if (!isPlainObject(value) || def.valueType === undefined) return value;
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, coerce(def.valueType as Schema, v)]));
    default:
      return value;
  }
}

/** The schema at `path` inside `schema` (through objects and arrays), if there is one. */
function schemaAt(schema: Schema, path: readonly PropertyKey[]): Schema | undefined {
  let current: Schema | undefined = schema;
  for (const key of path) {
    if (current === undefined) return undefined;
    const def = defOf(unwrap(current));
    if (def.type === "object") current = def.shape?.[String(key)];
    else if (def.type === "array") current = def.element;
    else if (def.type === "record") current = def.valueType;
    else return undefined;
  }
  return current;
}

function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let current = value;
  for (const key of path) {
    if (typeof current !== "object" || current === null) return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

/** Python's repr of a literal, as pydantic writes expected values. */
function pyRepr(value: unknown): string {
  if (typeof value === "string") return `'${value}'`;
  if (value === null || value === undefined) return "None";
  if (value === true) return "True";
  if (value === false) return "False";
  return String(value);
}

/** `'a'`, `'a' or 'b'`, `'a', 'b' or 'c'`. */
function expectedList(values: readonly unknown[]): string {
  const reprs = values.map(pyRepr);
  if (reprs.length <= 1) return reprs.join("");
  return `${reprs.slice(0, -1).join(", ")} or ${reprs.at(-1)}`;
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? "" : "s"}`;

type Issue = z.core.$ZodIssue;
type Translated = Omit<ValidationErrorDetail, "loc" | "input"> & { input?: unknown };

/** A table more than logic: one pydantic type and message per expected type, so it runs long. */
function invalidType(issue: Issue & { code: "invalid_type" }, schema: Schema | undefined): Translated {
  const input = issue.input;
  const expected = issue.expected as string;
  const int = expected === "int" || (expected === "number" && schema !== undefined && isIntSchema(unwrap(schema)));
  if (int) {
    if (typeof input === "string") {
      return { type: "int_parsing", msg: "Input should be a valid integer, unable to parse string as an integer" };
    }
    if (typeof input === "number" && Number.isFinite(input)) {
      return { type: "int_from_float", msg: "Input should be a valid integer, got a number with a fractional part" };
    }
    return { type: "int_type", msg: "Input should be a valid integer" };
  }
  switch (expected) {
    case "number":
      return typeof input === "string"
        ? { type: "float_parsing", msg: "Input should be a valid number, unable to parse string as a number" }
        : { type: "float_type", msg: "Input should be a valid number" };
    case "boolean":
      return typeof input === "string"
        ? { type: "bool_parsing", msg: "Input should be a valid boolean, unable to interpret input" }
        : { type: "bool_type", msg: "Input should be a valid boolean" };
    case "string":
      return { type: "string_type", msg: "Input should be a valid string" };
    case "object":
      return { type: "model_attributes_type", msg: "Input should be a valid dictionary or object to extract fields from" };
    case "record":
      return { type: "dict_type", msg: "Input should be a valid dictionary" };
    case "array":
      return { type: "list_type", msg: "Input should be a valid list" };
    case "date":
      return { type: "datetime_type", msg: "Input should be a valid datetime" };
    case "null":
      return { type: "none_required", msg: "Input should be None" };
    default:
      return { type: `${expected}_type`, msg: `Input should be a valid ${expected}` };
  }
}

/** Like invalidType, a table: pydantic's type, message and `ctx` for each origin, too small and too big. */
function sizeIssue(issue: Issue & { code: "too_small" | "too_big" }): Translated {
  const small = issue.code === "too_small";
  const limit = Number(small ? (issue as { minimum: unknown }).minimum : (issue as { maximum: unknown }).maximum);
  const inclusive = issue.inclusive ?? true;
  switch (issue.origin) {
    case "string":
      return small
        ? { type: "string_too_short", msg: `String should have at least ${plural(limit, "character")}`, ctx: { min_length: limit } }
        : { type: "string_too_long", msg: `String should have at most ${plural(limit, "character")}`, ctx: { max_length: limit } };
    case "array":
    case "set": {
      const length = Array.isArray(issue.input) ? issue.input.length : issue.input instanceof Set ? issue.input.size : 0;
      const field = issue.origin === "array" ? "List" : "Set";
      return small
        ? {
            type: "too_short",
            msg: `${field} should have at least ${plural(limit, "item")} after validation, not ${length}`,
            ctx: { field_type: field, min_length: limit, actual_length: length },
          }
        : {
            type: "too_long",
            msg: `${field} should have at most ${plural(limit, "item")} after validation, not ${length}`,
            ctx: { field_type: field, max_length: limit, actual_length: length },
          };
    }
    default:
      if (small) {
        return inclusive
          ? { type: "greater_than_equal", msg: `Input should be greater than or equal to ${limit}`, ctx: { ge: limit } }
          : { type: "greater_than", msg: `Input should be greater than ${limit}`, ctx: { gt: limit } };
      }
      return inclusive
        ? { type: "less_than_equal", msg: `Input should be less than or equal to ${limit}`, ctx: { le: limit } }
        : { type: "less_than", msg: `Input should be less than ${limit}`, ctx: { lt: limit } };
  }
}

function formatIssue(issue: Issue & { code: "invalid_format" }): Translated {
  switch (issue.format) {
    case "regex": {
      const source = /^\/(.*)\/[a-z]*$/s.exec(String(issue.pattern ?? ""))?.[1] ?? String(issue.pattern);
      return { type: "string_pattern_mismatch", msg: `String should match pattern '${source}'`, ctx: { pattern: source } };
    }
    case "uuid":
    case "guid":
      return { type: "uuid_parsing", msg: `Input should be a valid UUID, ${issue.message}`, ctx: { error: issue.message } };
    case "email":
      return {
        type: "value_error",
        msg: "value is not a valid email address: An email address must have an @-sign.",
        ctx: { reason: "An email address must have an @-sign." },
      };
    case "url":
      return { type: "url_parsing", msg: `Input should be a valid URL, ${issue.message}`, ctx: { error: issue.message } };
    case "datetime":
      return { type: "datetime_from_date_parsing", msg: `Input should be a valid datetime or date, ${issue.message}`, ctx: { error: issue.message } };
    case "date":
      return { type: "date_from_datetime_parsing", msg: `Input should be a valid date or datetime, ${issue.message}`, ctx: { error: issue.message } };
    default:
      return { type: "value_error", msg: `Value error, ${issue.message}`, ctx: { error: {} } };
  }
}

function translate(issue: Issue, schema: Schema | undefined): Translated {
  switch (issue.code) {
    case "invalid_type":
      return invalidType(issue, schema);
    case "too_small":
    case "too_big":
      return sizeIssue(issue);
    case "invalid_format":
      return formatIssue(issue);
    case "invalid_value": {
      const expected = expectedList(issue.values);
      const isEnum = schema !== undefined && defOf(unwrap(schema)).type === "enum";
      return { type: isEnum ? "enum" : "literal_error", msg: `Input should be ${expected}`, ctx: { expected } };
    }
    case "not_multiple_of":
      return {
        type: "multiple_of",
        msg: `Input should be a multiple of ${String(issue.divisor)}`,
        ctx: { multiple_of: Number(issue.divisor) },
      };
    case "custom": {
      // A check of fastapi/types.ts carries pydantic's own type, message and ctx; any other is a ValueError,
      // which pydantic puts in ctx and FastAPI's jsonable_encoder turns into {}.
      const pydantic = (issue.params as { pydantic?: Translated } | undefined)?.pydantic;
      return pydantic ?? { type: "value_error", msg: `Value error, ${issue.message}`, ctx: { error: {} } };
    }
    default:
      return { type: issue.code, msg: issue.message };
  }
}

export interface TranslateOptions {
  /**
   * The `loc` prefix: `["query"]`, `["body"]`, `["response"]`.
   * @default none (required)
   */
  loc: (string | number)[];
  /**
   * The value as sent, before coercion: what errors report as `input` (a missing field: its enclosing object).
   * @default none (required)
   */
  data: unknown;
  /**
   * Whether the schema's top-level keys are separate parameters (query, headers, ...): a missing one then
   * reports `input: null`, as FastAPI validates each parameter on its own. False for a body or a response.
   * @default none (required)
   */
  separateFields: boolean;
  /**
   * Whether the data was read by alias (a request): fields are taken from their aliases and errors name the aliases.
   * False for a handler's value checked by a response schema, which has the fields' own keys.
   * @default true
   */
  byAlias?: boolean;
}

/** An issue from a union's branch, with the branch's name and where it goes in `loc`. */
type TaggedIssue = Issue & { tag?: [number, string] };

/**
 * The issues pydantic would report: a union's branches spelled out (each under its name), and nothing from inside a list that is too
 * long (pydantic stops reading it there).
 */
function reportable(issues: readonly Issue[], root: Schema): Issue[] {
  const flat = issues.flatMap((issue): Issue[] => {
    if (issue.code !== "invalid_union" || issue.errors.length === 0) return [issue];
    const options = (defOf(unwrap(schemaAt(root, issue.path) ?? root)) as { options?: Schema[] }).options ?? [];
    const tagged = options.filter((option) => defOf(unwrap(option)).type !== "null").length > 1;
    return issue.errors.flatMap((branch, i) => {
      // pydantic names the branch in `loc` ("int", "str", "list[int]", a model's name) unless it is X | None.
      const tag = tagged && options[i] !== undefined ? branchTag(options[i]) : undefined;
      return branch.map((inner) => {
        const path = [...issue.path, ...inner.path];
        const loc = tag === undefined ? undefined : [...issue.path, tag, ...inner.path];
        const branch = options[i] === undefined ? {} : { branch: { schema: options[i], path: inner.path } };
        return { ...inner, path, ...(loc === undefined ? {} : { loc }), ...branch } as Issue;
      });
    });
  });
  const tooLong = flat.filter((issue) => issue.code === "too_big" && issue.origin === "array").map((issue) => issue.path);
  const insideTooLong = (path: readonly PropertyKey[]): boolean =>
    tooLong.some((prefix) => path.length > prefix.length && prefix.every((key, i) => path[i] === key));
  return flat.filter((issue) => !insideTooLong(issue.path));
}

/**
 * A number Python holds as a float, so JSON writes it `0.0` rather than `0` (the bound of a float field in an
 * error's `ctx`, as pydantic reports it). `toJSON` gives the number to any other writer.
 */
export class PyFloat {
  constructor(readonly value: number) {}

  toJSON(): number {
    return this.value;
  }
}

const NUMBER_BOUNDS = ["gt", "ge", "lt", "le", "multiple_of"];

/** A float field's bounds in `ctx` as floats, as pydantic reports them (`{"gt": 0.0}`). */
function floatBounds(ctx: Record<string, unknown>, field: Schema): void {
  const inner = unwrap(field);
  if (defOf(inner).type !== "number" || isIntSchema(inner)) return;
  for (const key of NUMBER_BOUNDS) {
    const value = ctx[key];
    if (typeof value === "number") ctx[key] = new PyFloat(value);
  }
}

/** pydantic's name for a union branch in an error's `loc`. */
function branchTag(option: Schema): string {
  const inner = unwrap(option);
  const def = defOf(inner) as ReturnType<typeof defOf> & { element?: Schema };
  const id = (z.globalRegistry.get(inner) as { id?: unknown } | undefined)?.id;
  if (typeof id === "string") return id;
  switch (def.type) {
    case "string":
      return "str";
    case "number":
      return isIntSchema(inner) ? "int" : "float";
    case "boolean":
      return "bool";
    case "array":
      return `list[${def.element === undefined ? "any" : branchTag(def.element)}]`;
    case "object":
      return "dict[str,any]";
    default:
      return def.type;
  }
}

/** zod issues as FastAPI's error list: one error per location (pydantic stops at a field's first failing check). */
export function translateIssues(issues: readonly Issue[], root: Schema, options: TranslateOptions): ValidationErrorDetail[] {
  const details: ValidationErrorDetail[] = [];
  const seen = new Set<string>();
  for (const issue of reportable(issues, root)) {
    const keys = issue.path.map((key) => (typeof key === "number" ? key : String(key)));
    // The keys as sent: a field read under an alias is reported by it, and its input found there.
    const path = options.byAlias === false ? keys : aliasPath(root, keys);
    // pydantic's union branch tag is in `loc` (not in the path to the input).
    const branchLoc = (issue as { loc?: PropertyKey[] }).loc?.map((key) => (typeof key === "number" ? key : String(key)));
    const loc = [...options.loc, ...(branchLoc ?? path)];
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) {
        const input = valueAt(options.data, [...path, key]);
        details.push({ type: "extra_forbidden", loc: [...loc, key], msg: "Extra inputs are not permitted", input });
      }
      continue;
    }
    if (seen.has(JSON.stringify(loc))) continue;
    seen.add(JSON.stringify(loc));
    if (issue.code === "invalid_type" && issue.input === undefined) {
      const input = path.length <= (options.separateFields ? 1 : 0) ? null : (valueAt(options.data, path.slice(0, -1)) ?? null);
      details.push({ type: "missing", loc, msg: "Field required", input });
      continue;
    }
    // A union branch's issue is translated by the branch's own schema (its int, not the union).
    const branch = (issue as { branch?: { schema: Schema; path: PropertyKey[] } }).branch;
    const fieldSchema = branch === undefined ? schemaAt(root, keys) : schemaAt(branch.schema, branch.path);
    const { type, msg, ctx } = translate(issue, fieldSchema);
    if (ctx !== undefined && fieldSchema !== undefined) floatBounds(ctx, fieldSchema);
    // The input as sent (before lax coercion), as pydantic reports it.
    const input = valueAt(options.data, path) ?? issue.input;
    details.push(ctx === undefined ? { type, loc, msg, input } : { type, loc, msg, input, ctx });
  }
  return details;
}

/** Coerce as pydantic's lax mode, validate, and return the value or FastAPI's error list. */
export function validate<S extends Schema>(
  schema: S,
  data: unknown,
  options: Omit<TranslateOptions, "data">,
): { ok: true; value: z.output<S> } | { ok: false; errors: ValidationErrorDetail[] } {
  const coerced = coerce(schema, options.byAlias === false ? data : fromAliases(schema, data));
  const result = (schema as unknown as z.ZodType).safeParse(coerced, { reportInput: true });
  if (result.success) return { ok: true, value: result.data as z.output<S> };
  return { ok: false, errors: translateIssues(result.error.issues, schema, { ...options, data }) };
}

/**
 * pydantic's `ValidationError.errors(include_url=False)` of `Model.model_validate(data)`: the errors FastAPI would
 * report for `data` against `schema`, `loc` starting inside the value; an empty list when it is valid.
 */
export function validationErrors(schema: Schema, data: unknown): ValidationErrorDetail[] {
  const result = validate(schema, data, { loc: [], separateFields: false });
  return result.ok ? [] : result.errors;
}
