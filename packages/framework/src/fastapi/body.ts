/** @module Mirrors fastapi/dependencies/utils.py's body half (`request_body_to_args`, `_extract_form_body`,
 * `_get_multidict_value`) and the body reading of fastapi/routing.py: JSON bodies, several body parameters each
 * under its own name (FastAPI's `Body(embed=True)`), and form fields (`Form()`, `File()`, `UploadFile`).
 */
import { MultiPartException, UploadFile, type FormData, type Request } from "@mono/asgi";
import { z } from "zod";
import { HTTPException } from "../starlette/exceptions.js";
import { RequestValidationError } from "./exceptions.js";
import { JSONDecodeError, loads } from "./jsondecoder.js";
import { fromAliases, validationName } from "./fields.js";
import { containerOf } from "./types.js";
import { defOf, isOptional, unwrap, validate, type ValidationErrorDetail } from "./validation.js";

/** Several body parameters by name: the JSON body is an object with one key per parameter (FastAPI's embedding). */
export type BodyFields = Record<string, z.ZodType>;

/** Form fields by name (each a FastAPI `Form()`/`File()` parameter), or one object schema for the whole form (a form model). */
export type FormFields = Record<string, z.ZodType> | z.ZodObject<z.ZodRawShape, z.core.$ZodObjectConfig> | z.ZodUnion<readonly z.ZodObject<z.ZodRawShape, z.core.$ZodObjectConfig>[]>;

/** What a file field turns an uploaded file into before validation. */
type FileKind = "bytes" | "upload";

const FILE_KIND = Symbol.for("mono.framework.fileKind");

function isUploadedFile(value: unknown): value is UploadFile {
  return value instanceof UploadFile;
}

export function fileKind(schema: z.core.$ZodType): FileKind | undefined {
  const inner = unwrap(schema);
  const element = defOf(inner).type === "array" ? defOf(inner).element : undefined;
  const target = element === undefined ? inner : unwrap(element);
  return (target._zod.def as unknown as Record<symbol, FileKind | undefined>)[FILE_KIND];
}

// On the definition, which zod's copies share: `File().describe("...")` is still a file.
function markFile<T extends z.ZodType>(schema: T, kind: FileKind): T {
  Object.defineProperty(schema._zod.def, FILE_KIND, { value: kind });
  return schema;
}

/**
 * FastAPI's `file: bytes = File()`: the part's content as bytes. Anything that is not a file (a plain field)
 * fails with pydantic's `bytes_type`.
 */
export function File(): z.ZodType<Uint8Array> {
  const schema = z.custom<Uint8Array>((value) => value instanceof Uint8Array, { message: "Input should be a valid bytes" });
  return markFile(schema, "bytes");
}

/**
 * FastAPI's `file: UploadFile`: the uploaded file itself (read, seek, close), not read in advance. A plain text
 * field where a file is expected fails as FastAPI's does ("Expected UploadFile, received: <class 'str'>").
 */
export function Upload(): z.ZodType<UploadFile> {
  const schema = z.custom<UploadFile>((value) => isUploadedFile(value), {
    error: (issue) => `Expected UploadFile, received: ${pythonTypeName(issue.input)}`,
  });
  return markFile(schema, "upload");
}

function pythonTypeName(value: unknown): string {
  if (typeof value === "string") return "<class 'str'>";
  if (typeof value === "number") return Number.isInteger(value) ? "<class 'int'>" : "<class 'float'>";
  return `<class '${typeof value}'>`;
}

export function isZodSchema(value: unknown): value is z.ZodType {
  return typeof value === "object" && value !== null && "_zod" in value;
}

/** How a route's body is read and validated, worked out once when the route is added. */
export interface BodyPlan {
  /** `json` reads the JSON body; `form` reads `request.form()` (urlencoded or multipart). */
  kind: "json" | "form";
  /** Each field's name and schema; for a single not-embedded field the name is "". */
  fields: [string, z.ZodType][];
  /** Whether each field sits under its own name in the body (several fields, `Body(embed=True)`, form fields). */
  embed: boolean;
  /** Whether a request may leave the body out (every field optional). */
  optional: boolean;
  /** FastAPI's `strict_content_type`: false reads a JSON body sent without a content type. @default true */
  strictContentType?: boolean;
}

/** The fields of a form spec: an object of schemas, or an object schema's shape. */
export function formFieldsOf(form: FormFields): [string, z.ZodType][] {
  if (isZodSchema(form)) return Object.entries(defOf(unwrap(form)).shape ?? {}) as [string, z.ZodType][];
  return Object.entries(form);
}

/**
 * The plan for a `body` (one schema, or several fields by name) or a `form` spec, with the form fields its
 * dependencies declare (OAuth2PasswordRequestForm's); undefined when there is no body.
 */
export function bodyPlan(
  body: z.ZodType | BodyFields | undefined,
  form: FormFields | undefined,
  dependencyForm: [string, z.ZodType][] = [],
): BodyPlan | undefined {
  if (dependencyForm.length > 0) {
    const fields = [...(form === undefined ? [] : formFieldsOf(form)), ...dependencyForm];
    return { kind: "form", fields, embed: true, optional: fields.every(([, schema]) => isOptional(schema)) };
  }
  if (form !== undefined) {
    if (isZodSchema(form)) return { kind: "form", fields: [["", form]], embed: false, optional: isOptional(form) };
    const fields = Object.entries(form);
    return { kind: "form", fields, embed: true, optional: fields.every(([, schema]) => isOptional(schema)) };
  }
  if (body === undefined) return undefined;
  if (isZodSchema(body)) return { kind: "json", fields: [["", body]], embed: false, optional: isOptional(body) };
  const fields = Object.entries(body);
  return { kind: "json", fields, embed: true, optional: fields.every(([, schema]) => isOptional(schema)) };
}

/** A generator that yields the form and closes it when the exit stack unwinds (with or without an error). */
async function* closing(form: FormData): AsyncGenerator<FormData, void, unknown> {
  try {
    yield form;
  } finally {
    await form.close();
  }
}

const PARSE_ERROR = "There was an error parsing the body";

/**
 * FastAPI's JSON body reading: JSON when there is no content type or it is `application/json` or
 * `application/*+json`, the text for anything else (which then fails validation); a JSON error is a 422
 * `json_invalid`, bytes that are not UTF-8 a 400.
 */
export async function readJSONBody(request: Request, strictContentType = true): Promise<unknown> {
  const bytes = await request.body();
  if (bytes.length === 0) return undefined;
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch (error: unknown) {
    throw new HTTPException(400, PARSE_ERROR, undefined, { cause: error });
  }
  const header = request.headers.get("content-type") ?? "";
  const contentType = header.split(";")[0]?.trim().toLowerCase() ?? "";
  const [main, sub = ""] = contentType.split("/");
  // FastAPI 0.142: without a content type the body is JSON only where the route is not strict.
  const lax = header === "" && !strictContentType;
  if (!lax && (main !== "application" || !(sub === "json" || sub.endsWith("+json")))) return text;
  try {
    return loads(text);
  } catch (error: unknown) {
    // Anything but a decode error (a document nested too deep for the stack) is FastAPI's generic 400.
    if (!(error instanceof JSONDecodeError)) throw new HTTPException(400, PARSE_ERROR, undefined, { cause: error });
    const detail = { type: "json_invalid", loc: ["body", error.pos], msg: "JSON decode error", input: {}, ctx: { error: error.msg } };
    throw new RequestValidationError([detail], text);
  }
}

type FormLike = FormData;

/** The part of the dependency exit stack the form needs: something closed once the response is sent. */
interface Stack {
  enter(gen: AsyncGenerator<unknown, unknown, unknown>): Promise<unknown>;
}

/**
 * `request.form()` with Starlette's 400 for a body it cannot parse; the form (its spooled files) is closed once
 * the response is sent, as FastAPI's `file_stack` does.
 */
export async function readFormBody(request: Request, stack: Stack): Promise<FormLike> {
  try {
    const form = await request.form();
    await stack.enter(closing(form));
    return form;
  } catch (error: unknown) {
    if (error instanceof HTTPException) throw error;
    if (error instanceof MultiPartException) throw new HTTPException(400, error.message, undefined, { cause: error });
    throw new HTTPException(400, PARSE_ERROR, undefined, { cause: error });
  }
}

/** A list, a `py.set` or a `py.frozenset`: a form field that takes every value of a repeated name. */
function isListSchema(schema: z.core.$ZodType): boolean {
  return defOf(unwrap(schema)).type === "array" || containerOf(schema)?.kind === "set";
}

/** FastAPI's `_get_multidict_value`: a list field takes every value; "" and [] count as not sent. */
function formValue(form: FormLike, name: string, schema: z.core.$ZodType): unknown {
  const value = isListSchema(schema) ? form.getlist(name) : form.get(name);
  if (value === null || value === undefined || value === "" || (Array.isArray(value) && value.length === 0)) {
    // A field not sent takes its default (a null default leaves it out), as FastAPI fills the form's values.
    if (!isOptional(schema)) return undefined;
    const fallback = (schema as z.ZodType).safeParse(undefined);
    return fallback.success && fallback.data !== null ? fallback.data : undefined;
  }
  return value;
}

/** FastAPI's `_extract_form_body`: the fields' values (files read for `File()`), then every other key of the form. */
async function extractForm(form: FormLike, fields: [string, z.core.$ZodType][]): Promise<Record<string, unknown>> {
  const values: Record<string, unknown> = {};
  // Each field is read, and kept, under its alias (`.meta({ alias })`): validation maps it back to the field.
  const names = new Set<string>();
  for (const [key, schema] of fields) {
    const name = validationName(key, schema);
    names.add(name);
    let value = formValue(form, name, schema);
    if (fileKind(schema) === "bytes") {
      value = Array.isArray(value) ? await Promise.all(value.map(fileBytes)) : await fileBytes(value);
    }
    if (value !== undefined) values[name] = value;
  }
  for (const key of new Set(form.keys())) {
    if (names.has(key)) continue;
    const all = form.getlist(key);
    values[key] = all.length === 1 ? all[0] : all;
  }
  return values;
}

const ENCODER = new TextEncoder();

/** A `File()` bytes field: an uploaded file's content, or a plain field's text as UTF-8 (pydantic takes str as bytes). */
function fileBytes(value: unknown): unknown {
  if (isUploadedFile(value)) return value.read();
  return typeof value === "string" ? ENCODER.encode(value) : value;
}

function missing(loc: (string | number)[]): ValidationErrorDetail {
  return { type: "missing", loc, msg: "Field required", input: null };
}

/** A value of null or left out: the field's default, or FastAPI's missing error (`input` null). */
function validateField(schema: z.ZodType, value: unknown, loc: (string | number)[]): ReturnType<typeof validate> {
  if (value === undefined || value === null) {
    if (isOptional(schema)) return { ok: true, value: schema.parse(undefined) };
    return { ok: false, errors: [missing(loc)] };
  }
  const result = validate(schema, value, { loc, separateFields: false });
  if (result.ok) markFieldsSet(result.value, fromAliases(schema, value));
  return result;
}

const FIELDS_SET = Symbol("fieldsSet");

function isPlainRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) && Object.getPrototypeOf(value) === Object.prototype;
}

/** Remembers, on each validated object, which keys the request sent (pydantic's `model_fields_set`). */
function markFieldsSet(value: unknown, input: unknown): void {
  if (Array.isArray(value) && Array.isArray(input)) {
    value.forEach((item, i) => markFieldsSet(item, input[i]));
    return;
  }
  if (!isPlainRecord(value) || !isPlainRecord(input)) return;
  const sent = Object.keys(input).filter((key) => input[key] !== undefined && key in value);
  Object.defineProperty(value, FIELDS_SET, { value: new Set(sent), enumerable: false });
  for (const key of sent) markFieldsSet(value[key], input[key]);
}

/**
 * pydantic's `model_dump(exclude_unset=True)` for a validated body: a copy with only the fields the request sent
 * (at every level), defaults left out — what a PATCH applies (FastAPI's body_updates tutorial).
 */
export function excludeUnset<T>(value: T): Partial<T> {
  if (Array.isArray(value)) return value.map((item: unknown) => excludeUnset(item)) as unknown as Partial<T>;
  if (!isPlainRecord(value)) return value;
  const sent = (value as { [FIELDS_SET]?: Set<string> })[FIELDS_SET];
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) if (sent === undefined || sent.has(key)) out[key] = excludeUnset(item);
  return out as Partial<T>;
}

/** Reads the body as the plan says: the JSON value, or the form's fields as an object (files read for `File()`). */
export async function readBody(request: Request, plan: BodyPlan, stack: Stack): Promise<unknown> {
  if (plan.kind === "json") return readJSONBody(request, plan.strictContentType ?? true);
  const form = await readFormBody(request, stack);
  const fields = plan.embed ? plan.fields : objectFields(plan.fields[0]?.[1]);
  return extractForm(form, fields);
}

/**
 * FastAPI's `request_body_to_args` for fields each under its own name: an object of their values, and the errors
 * (at `["body", name]`). A body that is not an object (a list, text) has none of the fields.
 */
export function validateFields(fields: [string, z.ZodType][], received: unknown): [Record<string, unknown>, ValidationErrorDetail[]] {
  const values: Record<string, unknown> = {};
  const errors: ValidationErrorDetail[] = [];
  const isObject = typeof received === "object" && received !== null && !Array.isArray(received);
  for (const [name, schema] of fields) {
    // A body parameter with an alias (FastAPI's `Body(embed=True, alias=...)`) is read and reported under it.
    const key = validationName(name, schema);
    const loc = ["body", key];
    if (received !== undefined && !isObject) {
      errors.push(missing(loc));
      continue;
    }
    const value = isObject ? (received as Record<string, unknown>)[key] : undefined;
    const result = validateField(schema, value, loc);
    if (result.ok) values[name] = result.value;
    else errors.push(...result.errors);
  }
  return [values, errors];
}

/** Validates the route's own body fields (`own`: their names, or null for one not-embedded body) against what was read. */
export function validateBody(plan: BodyPlan, own: ReadonlySet<string> | null, received: unknown): [unknown, ValidationErrorDetail[]] {
  if (!plan.embed) {
    const [, schema] = plan.fields[0] as [string, z.ZodType];
    const result = validateField(schema, received, ["body"]);
    return result.ok ? [result.value, []] : [undefined, result.errors];
  }
  return validateFields(own === null ? plan.fields : plan.fields.filter(([name]) => own.has(name)), received);
}

/** The fields of a form model (an object schema): its keys and their schemas. */
function objectFields(schema: z.ZodType | undefined): [string, z.core.$ZodType][] {
  if (schema === undefined) return [];
  return Object.entries(defOf(unwrap(schema)).shape ?? {});
}
