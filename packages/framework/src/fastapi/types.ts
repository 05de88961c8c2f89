/** @module Mirrors pydantic's standard types (datetime, date, time, timedelta, UUID, Decimal, bytes, set, frozenset,
 * dict with int keys) as zod schemas: validated as pydantic 2 validates a JSON body, with its error types and
 * messages, into value classes that keep what Python keeps (a datetime's offset, or its lack) and encode as
 * FastAPI's jsonable_encoder does.
 */
import { z } from "zod";
import { coerce, defOf, isIntSchema, unwrap } from "./validation.js";

/** Whether a value is one of this module's value classes (kept as they are by a response schema's input). */
export function isPyValue(value: unknown): boolean {
  return value instanceof PyDatetime || value instanceof PyDate || value instanceof PyTime || value instanceof PyTimedelta || value instanceof PyDecimal;
}

/** What a failed check reports, translated by validation.ts into FastAPI's error entry. */
interface PydanticIssue {
  type: string;
  msg: string;
  ctx?: Record<string, unknown>;
}

type Ctx = z.core.$RefinementCtx;

function fail(ctx: Ctx, input: unknown, issue: PydanticIssue, path: PropertyKey[] = []): typeof z.NEVER {
  ctx.issues.push({ code: "custom", message: issue.msg, input, path, params: { pydantic: issue } });
  return z.NEVER;
}

function parseError(type: string, prefix: string, error: string): PydanticIssue {
  return { type, msg: `${prefix}, ${error}`, ctx: { error } };
}

const pad = (n: number, width = 2): string => String(Math.abs(n)).padStart(width, "0");

function offsetText(minutes: number | null, utcAsZ: boolean): string {
  if (minutes === null) return "";
  if (minutes === 0 && utcAsZ) return "Z";
  const sign = minutes < 0 ? "-" : "+";
  return `${sign}${pad(Math.trunc(Math.abs(minutes) / 60))}:${pad(Math.abs(minutes) % 60)}`;
}

function fraction(microsecond: number): string {
  return microsecond === 0 ? "" : `.${pad(microsecond, 6)}`;
}

/** Python's `timedelta`: days, seconds (0..86399) and microseconds (0..999999), normalized as Python does. */
export class PyTimedelta {
  readonly days: number;
  readonly seconds: number;
  readonly microseconds: number;

  constructor(days = 0, seconds = 0, microseconds = 0) {
    const total = Math.round(((days * 86400 + seconds) * 1e6 + microseconds));
    const micro = ((total % 1e6) + 1e6) % 1e6;
    const wholeSeconds = (total - micro) / 1e6;
    const secs = ((wholeSeconds % 86400) + 86400) % 86400;
    this.days = (wholeSeconds - secs) / 86400;
    this.seconds = secs;
    this.microseconds = micro;
  }

  static fromMicroseconds(micro: number): PyTimedelta {
    return new PyTimedelta(0, 0, micro);
  }

  /** All of it in microseconds. */
  get totalMicroseconds(): number {
    return (this.days * 86400 + this.seconds) * 1e6 + this.microseconds;
  }

  /** Python's `total_seconds()`. */
  totalSeconds(): number {
    return this.totalMicroseconds / 1e6;
  }

  /** pydantic's JSON form: an ISO 8601 duration ("P3DT12H30M5S", "-PT1S"). */
  toISOString(): string {
    const negative = this.totalMicroseconds < 0;
    const micro = Math.abs(this.totalMicroseconds);
    const days = Math.floor(micro / 86_400e6);
    let rest = micro - days * 86_400e6;
    const hours = Math.floor(rest / 3600e6);
    rest -= hours * 3600e6;
    const minutes = Math.floor(rest / 60e6);
    rest -= minutes * 60e6;
    const seconds = rest / 1e6;
    let time = "";
    if (hours) time += `${hours}H`;
    if (minutes) time += `${minutes}M`;
    if (seconds) time += `${seconds}S`;
    const body = `${days ? `${days}D` : ""}${time ? `T${time}` : ""}` || "T0S";
    return `${negative ? "-" : ""}P${body}`;
  }

  /** FastAPI's jsonable_encoder: the total seconds as a number. */
  toJSON(): number {
    return this.totalSeconds();
  }
}

/** Python's `date`. */
export class PyDate {
  constructor(
    readonly year: number,
    readonly month: number,
    readonly day: number,
  ) {}

  toISOString(): string {
    return `${pad(this.year, 4)}-${pad(this.month)}-${pad(this.day)}`;
  }

  toJSON(): string {
    return this.toISOString();
  }
}

/** Python's `time`, with its UTC offset in minutes or null. */
export class PyTime {
  constructor(
    readonly hour: number,
    readonly minute: number,
    readonly second: number,
    readonly microsecond: number,
    readonly offsetMinutes: number | null,
  ) {}

  /** `utcAsZ`: pydantic's JSON writes a UTC offset as "Z"; Python's isoformat (jsonable_encoder) as "+00:00". */
  toISOString(utcAsZ = false): string {
    return `${pad(this.hour)}:${pad(this.minute)}:${pad(this.second)}${fraction(this.microsecond)}${offsetText(this.offsetMinutes, utcAsZ)}`;
  }

  toJSON(): string {
    return this.toISOString();
  }
}

/** Python's `datetime`: the wall-clock fields as written and the UTC offset in minutes, or null when naive. */
export class PyDatetime {
  constructor(
    readonly year: number,
    readonly month: number,
    readonly day: number,
    readonly hour: number,
    readonly minute: number,
    readonly second: number,
    readonly microsecond: number,
    readonly offsetMinutes: number | null,
  ) {}

  /** The wall-clock time as microseconds since 1970-01-01T00:00 (offset not applied). */
  private get wallMicroseconds(): number {
    return Date.UTC(this.year, this.month - 1, this.day, this.hour, this.minute, this.second) * 1000 + this.microsecond;
  }

  private static fromWall(micro: number, offset: number | null): PyDatetime {
    const micros = ((micro % 1e6) + 1e6) % 1e6;
    const d = new Date((micro - micros) / 1000);
    const year = d.getUTCFullYear();
    return new PyDatetime(year, d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), micros, offset);
  }

  /** `datetime + timedelta`: the same offset, the wall clock moved. */
  add(delta: PyTimedelta): PyDatetime {
    return PyDatetime.fromWall(this.wallMicroseconds + delta.totalMicroseconds, this.offsetMinutes);
  }

  /** `datetime - datetime` (both aware or both naive, as Python requires). */
  subtract(other: PyDatetime): PyTimedelta {
    if ((this.offsetMinutes === null) !== (other.offsetMinutes === null)) {
      throw new TypeError("can't subtract offset-naive and offset-aware datetimes");
    }
    const utc = (value: PyDatetime): number => value.wallMicroseconds - (value.offsetMinutes ?? 0) * 60e6;
    return PyTimedelta.fromMicroseconds(utc(this) - utc(other));
  }

  toISOString(utcAsZ = false): string {
    const date = `${pad(this.year, 4)}-${pad(this.month)}-${pad(this.day)}`;
    return `${date}T${pad(this.hour)}:${pad(this.minute)}:${pad(this.second)}${fraction(this.microsecond)}${offsetText(this.offsetMinutes, utcAsZ)}`;
  }

  toJSON(): string {
    return this.toISOString();
  }
}

/** Python's `Decimal`, kept as its text ("1.50" stays "1.50"). */
export class PyDecimal {
  constructor(readonly text: string) {}

  /** FastAPI's jsonable_encoder: an int when there is no fraction, else a float. */
  toJSON(): number {
    return Number(this.text);
  }

  toString(): string {
    return this.text;
  }
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})/;
const TIME_RE = /^(\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,6})\d*)?)?(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;

/** speedate's checks of a date's fields, with its messages. */
function checkDate(year: number, month: number, day: number): string | null {
  if (month < 1 || month > 12) return "month value is outside expected range of 1-12";
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day < 1 || day > days) return "day value is outside expected range";
  return null;
}

function parseOffset(text: string | undefined): number | null {
  if (text === undefined) return null;
  if (text === "Z" || text === "z") return 0;
  const sign = text.startsWith("-") ? -1 : 1;
  const digits = text.slice(1).replace(":", "");
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || "0"));
}

/** A time of day text: [hour, minute, second, microsecond, offset] or speedate's error. */
/** speedate's reason for a time text TIME_RE refused, read field by field as speedate does. */
function timeTextError(text: string): string {
  const digits = (from: number): boolean => /^\d\d$/.test(text.slice(from, from + 2));
  if (!digits(0)) return "invalid character in hour";
  if (text[2] !== ":") return "invalid time separator, expected `:`";
  if (!digits(3)) return "invalid character in minute";
  let rest = 5;
  if (text[rest] === ":") {
    if (!digits(rest + 1)) return "invalid character in second";
    rest += 3;
    if (text[rest] === "." || text[rest] === ",") {
      if (!/\d/.test(text[rest + 1] ?? "")) return "second fraction digits missing after `.`";
      rest += 1;
      while (/\d/.test(text[rest] ?? "")) rest += 1;
    }
  }
  const offset = text.slice(rest);
  if (offset[0] !== "+" && offset[0] !== "-") return "invalid timezone sign";
  if (!/^[+-]\d\d/.test(offset)) return "invalid timezone hour";
  return "invalid timezone minute";
}

function parseTimeText(text: string): [number, number, number, number, number | null] | string {
  if (text.length < 5) return "input is too short";
  const match = TIME_RE.exec(text);
  if (!match) return timeTextError(text);
  const [hour, minute, second] = [Number(match[1]), Number(match[2]), Number(match[3] ?? "0")];
  if (hour > 23) return "hour value is outside expected range of 0-23";
  if (minute > 59) return "minute value is outside expected range of 0-59";
  if (second > 59) return "second value is outside expected range of 0-59";
  const micro = match[4] === undefined ? 0 : Number(match[4].padEnd(6, "0"));
  return [hour, minute, second, micro, parseOffset(match[5])];
}

function fromTimestamp(value: number): PyDatetime {
  // pydantic reads numbers above 2e10 as milliseconds.
  const ms = Math.abs(value) > 2e10 ? value : value * 1000;
  const micro = Math.round(ms * 1000);
  const micros = ((micro % 1e6) + 1e6) % 1e6;
  const d = new Date((micro - micros) / 1000);
  return new PyDatetime(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), micros, 0);
}

const NUMBER_TEXT = /^\s*[+-]?\d+(?:\.\d*)?\s*$/;

function parseDatetime(input: unknown): PyDatetime | PydanticIssue {
  const prefix = "Input should be a valid datetime or date";
  if (typeof input === "number") return fromTimestamp(input);
  if (typeof input !== "string") return { type: "datetime_type", msg: "Input should be a valid datetime" };
  if (NUMBER_TEXT.test(input)) return fromTimestamp(Number(input));
  if (input.length < 10) return parseError("datetime_from_date_parsing", prefix, "input is too short");
  const date = DATE_RE.exec(input);
  if (!date) return parseError("datetime_from_date_parsing", prefix, "invalid character in year");
  const [year, month, day] = [Number(date[1]), Number(date[2]), Number(date[3])];
  const dateError = checkDate(year, month, day);
  if (dateError) return parseError("datetime_from_date_parsing", prefix, dateError);
  if (input.length === 10) return new PyDatetime(year, month, day, 0, 0, 0, 0, null);
  const separator = input[10];
  if (separator !== "T" && separator !== "t" && separator !== " " && separator !== "_") {
    return parseError("datetime_from_date_parsing", prefix, "invalid datetime separator, expected `T`, `t`, `_` or space");
  }
  const time = parseTimeText(input.slice(11));
  if (typeof time === "string") return parseError("datetime_from_date_parsing", prefix, time);
  return new PyDatetime(year, month, day, ...time);
}

/** A Unix timestamp as a date (speedate: milliseconds past 2e10), exact days only. */
function dateFromTimestamp(input: number): PyDate | PydanticIssue {
  const seconds = Math.abs(input) > 2e10 ? input / 1000 : input;
  if (seconds >= 253402300800) {
    return parseError("date_from_datetime_parsing", "Input should be a valid date or datetime", "dates after 9999 are not supported as unix timestamps");
  }
  if (seconds % 86400 !== 0) return { type: "date_from_datetime_inexact", msg: "Datetimes provided to dates should have zero time - e.g. be exact dates" };
  const date = new Date(seconds * 1000);
  return new PyDate(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate());
}

function parseDate(input: unknown): PyDate | PydanticIssue {
  const prefix = "Input should be a valid date or datetime";
  if (typeof input === "number" && Number.isFinite(input)) return dateFromTimestamp(input);
  if (typeof input !== "string") return { type: "date_type", msg: "Input should be a valid date" };
  if (input.length < 10) return parseError("date_from_datetime_parsing", prefix, "input is too short");
  const date = DATE_RE.exec(input);
  if (!date) return parseError("date_from_datetime_parsing", prefix, "invalid character in year");
  const [year, month, day] = [Number(date[1]), Number(date[2]), Number(date[3])];
  const dateError = checkDate(year, month, day);
  if (dateError) return parseError("date_from_datetime_parsing", prefix, dateError);
  if (input.length === 10) return new PyDate(year, month, day);
  const full = parseDatetime(input);
  if (!(full instanceof PyDatetime)) return { ...full, type: "date_from_datetime_parsing", msg: full.msg.replace("datetime or date", "date or datetime") };
  if (full.hour || full.minute || full.second || full.microsecond) {
    return { type: "date_from_datetime_inexact", msg: "Datetimes provided to dates should have zero time - e.g. be exact dates" };
  }
  return new PyDate(year, month, day);
}

function parseTime(input: unknown): PyTime | PydanticIssue {
  if (typeof input === "number") {
    const prefix = "Input should be in a valid time format";
    if (input < 0) return parseError("time_parsing", prefix, "time in seconds should be positive");
    if (input >= 86400) return parseError("time_parsing", prefix, "numeric times may not exceed 86,399 seconds");
    const seconds = input;
    const whole = Math.floor(seconds);
    return new PyTime(Math.floor(whole / 3600), Math.floor((whole % 3600) / 60), whole % 60, Math.round((seconds - whole) * 1e6), 0);
  }
  if (typeof input !== "string") return { type: "time_type", msg: "Input should be a valid time" };
  const time = parseTimeText(input);
  if (typeof time === "string") return parseError("time_parsing", "Input should be in a valid time format", time);
  return new PyTime(...time);
}

const ISO_DURATION = /^([+-])?P(?:(\d+(?:\.\d+)?)Y)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;
const CLOCK_DURATION = /^([+-])?(?:(\d+) days?,? )?(\d{1,2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?$/;

function parseTimedelta(input: unknown): PyTimedelta | PydanticIssue {
  const prefix = "Input should be a valid timedelta";
  if (typeof input === "number") return new PyTimedelta(0, 0, Math.round(input * 1e6));
  // FastAPI validates in Python's lax mode, where a bool is an int: true is one second.
  if (typeof input === "boolean") return new PyTimedelta(0, input ? 1 : 0);
  if (typeof input !== "string") return { type: "time_delta_type", msg: "Input should be a valid timedelta" };
  const iso = ISO_DURATION.exec(input);
  if (iso && input.length > 1 && !/P$|T$/.test(input)) {
    const n = (i: number): number => Number(iso[i] ?? "0");
    const seconds = n(2) * 365 * 86400 + n(3) * 30 * 86400 + n(4) * 7 * 86400 + n(5) * 86400 + n(6) * 3600 + n(7) * 60 + n(8);
    return new PyTimedelta(0, 0, Math.round((iso[1] === "-" ? -seconds : seconds) * 1e6));
  }
  const clock = CLOCK_DURATION.exec(input);
  if (clock) {
    const seconds = Number(clock[2] ?? "0") * 86400 + Number(clock[3]) * 3600 + Number(clock[4]) * 60 + Number(clock[5]);
    const micro = seconds * 1e6 + Number((clock[6] ?? "").padEnd(6, "0"));
    return new PyTimedelta(0, 0, clock[1] === "-" ? -micro : micro);
  }
  if (/^\d/.test(input)) return parseError("time_delta_parsing", prefix, '"day" identifier in duration not correctly formatted');
  return parseError("time_delta_parsing", prefix, "invalid digit in duration");
}

/** Why the WHATWG URL parser refused `text`, in the words of the Rust `url` crate pydantic uses. */
function urlError(text: string): string {
  if (text === "") return "input is empty";
  if (!/^[A-Za-z][A-Za-z0-9+.-]*:/.test(text)) return "relative URL without a base";
  const authority = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/([^/?#]*)/.exec(text)?.[1];
  if (authority === undefined) return "relative URL without a base";
  const host = authority.replace(/^.*@/, "");
  if (host === "" || host.startsWith(":")) return "empty host";
  if (/:(?!\d{0,5}$)|:\d{6,}$/.test(host.replace(/^\[.*\]/, "")) || Number(/:(\d+)$/.exec(host)?.[1] ?? 0) > 65535) return "invalid port number";
  if (host.startsWith("[")) return "invalid IPv6 address";
  return "invalid international domain name";
}

/** pydantic's `HttpUrl` (`httpOnly`, at most 2083 characters) or `AnyUrl`: the URL normalized as the WHATWG parser does. */
function parseURL(input: unknown, httpOnly: boolean): string | PydanticIssue {
  if (typeof input !== "string") return { type: "url_type", msg: "URL input should be a string or URL" };
  if (httpOnly && input.length > 2083) return { type: "url_too_long", msg: "URL should have at most 2083 characters", ctx: { max_length: 2083 } };
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    return parseError("url_parsing", "Input should be a valid URL", urlError(input));
  }
  if (httpOnly && url.protocol !== "http:" && url.protocol !== "https:") {
    return { type: "url_scheme", msg: "URL scheme should be 'http' or 'https'", ctx: { expected_schemes: "'http' or 'https'" } };
  }
  return url.href;
}

function parseUUID(input: unknown): string | PydanticIssue {
  const prefix = "Input should be a valid UUID";
  if (typeof input !== "string") return { type: "uuid_type", msg: "UUID input should be a string, bytes or UUID object" };
  const text = input.startsWith("urn:uuid:") ? input.slice(9) : input;
  const bad = /[^0-9a-fA-F-]/.exec(text);
  if (bad) return parseError("uuid_parsing", prefix, `invalid character: found \`${bad[0]}\` at ${bad.index + 1}`);
  let hex: string;
  if (!text.includes("-")) {
    if (text.length !== 32) return parseError("uuid_parsing", prefix, `invalid length: expected length 32 for simple format, found ${text.length}`);
    hex = text;
  } else {
    const groups = text.split("-");
    if (groups.length !== 5) return parseError("uuid_parsing", prefix, `invalid group count: expected 5, found ${groups.length}`);
    const lengths = [8, 4, 4, 4, 12];
    for (const [i, group] of groups.entries()) {
      if (group.length !== lengths[i]) {
        return parseError("uuid_parsing", prefix, `invalid group length in group ${i}: expected ${lengths[i]}, found ${group.length}`);
      }
    }
    hex = groups.join("");
  }
  hex = hex.toLowerCase();
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const DECIMAL_TEXT = /^\s*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\s*$/;

function parseDecimal(input: unknown): PyDecimal | PydanticIssue {
  if (typeof input === "number" && Number.isFinite(input)) return new PyDecimal(String(input));
  if (typeof input === "string" && /^\s*[+-]?(nan|snan|inf|infinity)\s*$/i.test(input)) return { type: "finite_number", msg: "Input should be a finite number" };
  if (typeof input === "string" && DECIMAL_TEXT.test(input)) return new PyDecimal(input.trim());
  if (typeof input === "string") return { type: "decimal_parsing", msg: "Input should be a valid decimal" };
  return { type: "decimal_type", msg: "Decimal input should be an integer, float, string or Decimal object" };
}

/** An absent value: the missing-field error (`missing`, "Field required"), as for any other required field. */
function missing(ctx: Ctx): typeof z.NEVER {
  ctx.issues.push({ code: "invalid_type", expected: "nonoptional", input: undefined, path: [] } as never);
  return z.NEVER;
}

function refined<T>(parse: (input: unknown) => T | PydanticIssue, meta: Record<string, unknown>): z.ZodType<T> {
  const schema = z.unknown().transform((input, ctx) => {
    if (input === undefined) return missing(ctx);
    // A value already of the type (a handler's return value checked by a response schema) is kept as it is.
    if (input instanceof PyDatetime || input instanceof PyDate || input instanceof PyTime || input instanceof PyTimedelta || input instanceof PyDecimal) {
      return input as T;
    }
    // A required field left out (z.unknown() would let it through): zod's own "missing" issue.
    if (input === undefined) {
      ctx.issues.push({ code: "invalid_type", expected: "nonoptional", input, path: [], message: "Field required" } as never);
      return z.NEVER;
    }
    const result = parse(input);
    if (typeof result === "object" && result !== null && "type" in result && "msg" in result) return fail(ctx, input, result as PydanticIssue);
    return result as T;
  });
  return schema.meta(meta) as unknown as z.ZodType<T>;
}

const ENCODER = new TextEncoder();

/** pydantic's `val_json_bytes` and `ser_json_bytes` for one bytes field. */
export interface BytesOptions {
  /** How JSON text becomes bytes. @default "utf8" */
  valJsonBytes?: "utf8" | "base64";
  /** How bytes are written in JSON. @default "utf8" */
  serJsonBytes?: "utf8" | "base64";
}

const SER_BASE64 = Symbol.for("mono.framework.serBase64");

/** Whether a schema writes its bytes as base64 (`py.bytes({ serJsonBytes: "base64" })`). */
export function serializesBase64(schema: z.core.$ZodType): boolean {
  let current: z.core.$ZodType | undefined = schema;
  while (current !== undefined) {
    if ((current._zod.def as unknown as Record<symbol, boolean | undefined>)[SER_BASE64] === true) return true;
    const def = current._zod.def as { type: string; innerType?: z.core.$ZodType; in?: z.core.$ZodType };
    current = def.innerType ?? (def.type === "pipe" ? def.in : undefined);
  }
  return false;
}

const BYTES_TYPE: PydanticIssue = { type: "bytes_type", msg: "Input should be a valid bytes" };

function bytesSchema(options: BytesOptions): z.ZodType<Uint8Array> {
  const base64 = options.valJsonBytes === "base64" || options.serJsonBytes === "base64";
  const meta = base64 ? { type: "string", contentEncoding: "base64", contentMediaType: "application/octet-stream" } : { type: "string", format: "binary" };
  const parse = (input: unknown): Uint8Array | PydanticIssue => {
    if (input instanceof Uint8Array) return input;
    if (typeof input !== "string") return BYTES_TYPE;
    return options.valJsonBytes === "base64" ? decodeBase64(input) : ENCODER.encode(input);
  };
  const schema = refined<Uint8Array>(parse, meta);
  // On the definition, which zod's copies (`.describe()`, `.meta()`) share.
  if (options.serJsonBytes === "base64") Object.defineProperty(schema._zod.def, SER_BASE64, { value: true });
  return schema;
}

const BASE64_DIGITS = new Map<string, number>(
  [..."ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"].map((ch, i) => [ch, i] as [string, number]).concat([["+", 62], ["/", 62 + 1], ["-", 62], ["_", 63]]),
);

function base64Error(error: string): PydanticIssue {
  return { type: "bytes_invalid_encoding", msg: `Data should be valid base64: ${error}`, ctx: { encoding: "base64", encoding_error: error } };
}

/**
 * pydantic's base64 reading (Rust's base64 crate, either alphabet, padding optional): its errors name the first
 * bad symbol, a length no base64 has, or a last symbol whose unused bits are not zero.
 */
function decodeBase64(text: string): Uint8Array | PydanticIssue {
  const data = text.replace(/=+$/, "");
  for (let i = 0; i < data.length; i++) {
    const ch = data[i] as string;
    if (!BASE64_DIGITS.has(ch)) return base64Error(`Invalid symbol ${data.charCodeAt(i)}, offset ${i}.`);
  }
  const rest = data.length % 4;
  if (rest === 1) {
    return data.length < text.length ? base64Error(`Invalid symbol 61, offset ${data.length}.`) : base64Error(`Invalid input length: ${text.length}`);
  }
  const last = data.length - 1;
  const unusedBits = rest === 2 ? 0b1111 : rest === 3 ? 0b11 : 0;
  if (unusedBits !== 0 && ((BASE64_DIGITS.get(data[last] as string) as number) & unusedBits) !== 0) {
    return base64Error(`Invalid last symbol ${data.charCodeAt(last)}, offset ${last}.`);
  }
  return new Uint8Array(Buffer.from(data.replaceAll("-", "+").replaceAll("_", "/"), "base64"));
}

/**
 * serde_json's words (pydantic parses JSON with it) for why `text` is not JSON: "EOF while parsing a list at line 1
 * column 2" when it ends inside a value, else "expected value at line L column C" where V8 stopped.
 */
function serdeError(text: string, error: unknown): string {
  const at = (offset: number): string => {
    const before = text.slice(0, offset);
    const line = before.split("\n").length;
    return `line ${line} column ${offset - before.lastIndexOf("\n") - 1}`;
  };
  const open: string[] = [];
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (inString) {
      if (char === "\\") i++;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === "[" || char === "{") open.push(char);
    else if (char === "]" || char === "}") open.pop();
  }
  const position = /position (\d+)/.exec(String((error as Error).message ?? ""))?.[1];
  const stoppedAt = position === undefined ? text.length : Number(position);
  if (stoppedAt >= text.trimEnd().length) {
    const what = inString ? "a string" : open.at(-1) === "[" ? "a list" : open.at(-1) === "{" ? "an object" : "a value";
    return `EOF while parsing ${what} at ${at(text.length)}`;
  }
  return `expected value at ${at(stoppedAt + 1)}`;
}

const SIZE_MAX = 1n << 64n;

/** CPython's `hash()` of an int, as the unsigned size_t its set probing starts from. */
function intHash(n: number): bigint {
  const modulus = (1n << 61n) - 1n;
  const big = BigInt(n);
  let hash = big < 0n ? -(-big % modulus) : big % modulus;
  if (hash === -1n) hash = -2n;
  return hash < 0n ? SIZE_MAX + hash : hash;
}

/**
 * The order CPython 3.11 iterates a set of ints built by adding `items` one by one (setobject.c: linear probes,
 * then perturbation; a resize to 4 x used when 3/5 full). Python's hash of an int is the int itself (mod 2**61 - 1),
 * so this order is the same in every process; a string's is not, and other items keep their order.
 */
function inHashOrder<T>(items: T[]): T[] {
  if (items.length < 2 || !items.every((item) => Number.isSafeInteger(item))) return items;
  const LINEAR_PROBES = 9n;
  let table: (number | undefined)[] = new Array<number | undefined>(8);
  let fill = 0;
  const insert = (value: number): boolean => {
    const mask = BigInt(table.length - 1);
    const hash = intHash(value);
    let perturb = hash;
    let i = hash & mask;
    for (;;) {
      const probes = i + LINEAR_PROBES <= mask ? LINEAR_PROBES : 0n;
      for (let j = 0n; j <= probes; j++) {
        const slot = table[Number(i + j)];
        if (slot === undefined) {
          table[Number(i + j)] = value;
          return true;
        }
        if (slot === value) return false;
      }
      perturb >>= 5n;
      i = (i * 5n + 1n + perturb) & mask;
    }
  };
  for (const item of items) {
    if (!insert(item as number)) continue;
    fill += 1;
    if (fill * 5 < (table.length - 1) * 3) continue;
    const old = table.filter((slot): slot is number => slot !== undefined);
    let size = 8;
    while (size <= fill * 4) size *= 2;
    table = new Array<number | undefined>(size);
    for (const value of old) insert(value);
  }
  return table.filter((slot): slot is number => slot !== undefined) as T[];
}

function setOf<T extends z.ZodType>(item: T, frozen: boolean): z.ZodType<Set<z.output<T>>> {
  const list = z.array(item);
  const issue: PydanticIssue = frozen
    ? { type: "frozen_set_type", msg: "Input should be a valid frozenset" }
    : { type: "set_type", msg: "Input should be a valid set" };
  const schema = z
    .unknown()
    .transform((given, ctx) => {
      // A Set (a default filled in, a handler's value) is read as the list of its items.
      const input = given instanceof Set ? [...(given as Set<unknown>)] : given;
      if (!Array.isArray(input)) return fail(ctx, input, issue);
      const result = list.safeParse(coerce(list, input), { reportInput: true });
      if (!result.success) {
        for (const inner of result.error.issues) ctx.issues.push({ ...inner, input: (inner as { input?: unknown }).input } as never);
        return z.NEVER;
      }
      return new Set(inHashOrder(result.data));
    })
    .meta({});
  return container(schema, "set", item) as unknown as z.ZodType<Set<z.output<T>>>;
}

/** What a container schema of this module holds, for the OpenAPI document (its items or values). */
export const CONTAINER = Symbol.for("mono.framework.container");

export interface Container {
  kind: "set" | "dict" | "json";
  item: z.core.$ZodType;
}

/** The container a schema is (through optional/nullable/default wrappers), if it is one of this module's. */
export function containerOf(schema: z.core.$ZodType): Container | undefined {
  let current: z.core.$ZodType | undefined = schema;
  while (current !== undefined) {
    const held = ownContainer(current);
    if (held !== undefined) return held;
    current = (current._zod.def as { innerType?: z.core.$ZodType }).innerType;
  }
  return undefined;
}

function container<S extends object>(schema: S, kind: Container["kind"], item: z.core.$ZodType): S {
  // On the def as well: `.meta(...)` and `.describe(...)` clone the schema but share its def.
  Object.defineProperty(schema, CONTAINER, { value: { kind, item } satisfies Container });
  Object.defineProperty((schema as unknown as z.core.$ZodType)._zod.def, CONTAINER, { value: { kind, item } satisfies Container });
  return schema;
}

/** The container a schema itself is, if it is one of this module's. */
export function ownContainer(schema: z.core.$ZodType): Container | undefined {
  return (schema._zod.def as unknown as Record<symbol, Container | undefined>)[CONTAINER];
}

/** Maps whose values Python holds as floats (a `dict[int, float]`): JSON writes their whole numbers `1.0`. */
export const FLOAT_VALUED = new WeakSet<Map<unknown, unknown>>();

const INT_KEY = /^\s*[+-]?\d+\s*$/;

/**
 * The schemas of pydantic's standard types: `py.datetime()` for `datetime`, `py.set(z.string())` for `set[str]`...
 * Each validates a JSON body's value as pydantic does and gives the value class (or Set, Map, string, bytes).
 */
export const py = {
  /** `datetime`: ISO 8601 text (date only, naive or with an offset) or a Unix timestamp; the offset is kept. */
  datetime: (): z.ZodType<PyDatetime> => refined(parseDatetime, { type: "string", format: "date-time" }),
  /** `date`: "YYYY-MM-DD", or a datetime at midnight. */
  date: (): z.ZodType<PyDate> => refined(parseDate, { type: "string", format: "date" }),
  /** `time`: "HH:MM[:SS[.ffffff]][offset]", or seconds since midnight. */
  time: (): z.ZodType<PyTime> => refined(parseTime, { type: "string", format: "time" }),
  /** `timedelta`: seconds (a number) or an ISO 8601 duration ("P3DT12H30M5S") or "HH:MM:SS". */
  timedelta: (): z.ZodType<PyTimedelta> => refined(parseTimedelta, { type: "string", format: "duration" }),
  /** `UUID`: hyphenated, 32 hex digits, or `urn:uuid:`; the value is the lowercase hyphenated form. */
  uuid: (): z.ZodType<string> => refined(parseUUID, { type: "string", format: "uuid" }),
  /** `HttpUrl`: an http or https URL of at most 2083 characters; the value is the normalized text ("https://example.com/"). */
  httpUrl: (): z.ZodType<string> =>
    refined((input) => parseURL(input, true), { type: "string", maxLength: 2083, minLength: 1, format: "uri" }),
  /** `AnyUrl`: a URL of any scheme, normalized. */
  anyUrl: (): z.ZodType<string> => refined((input) => parseURL(input, false), { type: "string", minLength: 1, format: "uri" }),
  /** `Decimal`: a number or numeric text, kept as written. */
  decimal: (): z.ZodType<PyDecimal> =>
    refined(parseDecimal, { anyOf: [{ type: "number" }, { type: "string" }] }),
  /**
   * `bytes`: text, as UTF-8. `{ valJsonBytes: "base64" }` reads base64 text instead, and `{ serJsonBytes: "base64" }`
   * writes base64 (URL-safe, padded), as pydantic's model config of those names does for the model's bytes.
   */
  bytes: (options: BytesOptions = {}): z.ZodType<Uint8Array> => bytesSchema(options),
  /** `set[T]`: a JSON array, repeats dropped. */
  set: <T extends z.ZodType>(item: T): z.ZodType<Set<z.output<T>>> => setOf(item, false),
  /** `frozenset[T]`. */
  frozenset: <T extends z.ZodType>(item: T): z.ZodType<Set<z.output<T>>> => setOf(item, true),
  /** `Json[T]`: a string holding JSON, parsed then validated by `item` (errors at the paths inside it). */
  json: <T extends z.ZodType>(item: T): z.ZodType<z.output<T>> => {
    const schema = z
      .unknown()
      .transform((input, ctx) => {
        if (input === undefined) return missing(ctx);
        if (typeof input !== "string") return fail(ctx, input, { type: "json_type", msg: "JSON input should be string, bytes or bytearray" });
        let parsed: unknown;
        try {
          parsed = JSON.parse(input);
        } catch (error) {
          const reason = serdeError(input, error);
          return fail(ctx, input, { type: "json_invalid", msg: `Invalid JSON: ${reason}`, ctx: { error: reason } });
        }
        const result = item.safeParse(coerce(item, parsed), { reportInput: true });
        if (result.success) return result.data as z.output<T>;
        for (const inner of result.error.issues) ctx.issues.push(inner as never);
        return z.NEVER;
      })
      .meta({});
    return container(schema, "json", item) as unknown as z.ZodType<z.output<T>>;
  },
  /** `dict[int, V]`: keys that must read as integers (an error at `[key, "[key]"]`), values validated by `value`. */
  intKeyDict: <V extends z.ZodType>(value: V): z.ZodType<Map<number, z.output<V>>> => {
    const inner = unwrap(value);
    const floats = defOf(inner).type === "number" && !isIntSchema(inner);
    const schema = z
      .unknown()
      .transform((given, ctx) => {
        const input = given instanceof Map ? Object.fromEntries([...(given as Map<unknown, unknown>)].map(([k, v]) => [String(k), v])) : given;
        if (typeof input !== "object" || input === null || Array.isArray(input)) {
          return fail(ctx, input, { type: "dict_type", msg: "Input should be a valid dictionary" });
        }
        const out = new Map<number, z.output<V>>();
        if (floats) FLOAT_VALUED.add(out);
        for (const [key, item] of Object.entries(input)) {
          if (!INT_KEY.test(key)) {
            fail(ctx, key, { type: "int_parsing", msg: "Input should be a valid integer, unable to parse string as an integer" }, [key, "[key]"]);
            continue;
          }
          const result = value.safeParse(coerce(value, item), { reportInput: true });
          if (result.success) out.set(Number(key), result.data);
          else for (const inner of result.error.issues) ctx.issues.push({ ...inner, path: [key, ...inner.path] } as never);
        }
        return out;
      })
      .meta({});
    return container(schema, "dict", value) as unknown as z.ZodType<Map<number, z.output<V>>>;
  },
} as const;
