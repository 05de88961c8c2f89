/** @module The options of CORSMiddleware: Starlette's keyword arguments of `CORSMiddleware.__init__` (starlette/middleware/cors.py), camelCased, with their defaults, checked with zod. */

import { getCloseMatches, isByteString } from "@mono/asgi";
import { z } from "zod";

import type { ALL_METHODS, SAFELISTED_HEADERS } from "./cors.js";
import type { RejectedPreflight } from "./decision.js";

/** Starlette's keyword arguments of `CORSMiddleware(app, ...)`, camelCased, with the same defaults. */
export interface CORSOptions {
  /**
   * Origins that may make cross-origin requests, compared byte for byte with the `Origin` header
   * (`"https://example.org"`: scheme, host, port; no path, no trailing slash). `"*"` allows any origin.
   * @default []
   */
  readonly allowOrigins?: readonly string[];
  /**
   * Methods a preflight may ask for (`Access-Control-Request-Method`), compared case-sensitively.
   * `"*"` stands for {@link ALL_METHODS}.
   * @default ["GET"]
   */
  readonly allowMethods?: readonly string[];
  /**
   * Request headers a preflight may ask for, beyond {@link SAFELISTED_HEADERS} (compared lowercased).
   * `"*"` mirrors whatever `Access-Control-Request-Headers` asks for.
   * @default []
   */
  readonly allowHeaders?: readonly string[];
  /** Send `Access-Control-Allow-Credentials: true`; with `allowOrigins: ["*"]` the request's origin is echoed. @default false */
  readonly allowCredentials?: boolean;
  /**
   * Origins that may make cross-origin requests, as a pattern the whole origin must match (Python's
   * `re.fullmatch`): a Python `re` pattern string, or a JS RegExp (no `g` or `y` flag). Escape the dots.
   * @default null
   */
  readonly allowOriginRegex?: string | RegExp | null;
  /** Answer `Access-Control-Request-Private-Network` preflights with `Access-Control-Allow-Private-Network: true`. @default false */
  readonly allowPrivateNetwork?: boolean;
  /** Response headers the browser may show to the page (`Access-Control-Expose-Headers`). @default [] */
  readonly exposeHeaders?: readonly string[];
  /** Seconds a browser may cache a preflight answer (`Access-Control-Max-Age`). @default 600 */
  readonly maxAge?: number;
  /**
   * Not in Starlette (an opt-in extension): called with the explanation of each preflight the middleware refuses
   * (which checks failed and why), after its 400 answer has been sent, for logging why a browser was refused.
   * It never changes a response.
   * @default null
   */
  readonly onDecision?: ((rejection: RejectedPreflight) => void | Promise<void>) | null;
  /**
   * Not in Starlette (an opt-in extension): also check the `Origin` of websocket handshakes, with the same
   * `allowOrigins`/`allowOriginRegex` matching as for HTTP. A handshake whose `Origin` is not allowed is refused
   * with `websocket.close` (code 1008) before the app sees it, which a server answers with HTTP 403; one without
   * an `Origin` header (not a browser) goes through. Browsers apply no CORS to WebSockets, so without this a page
   * on any origin can open a socket with the user's cookies (cross-site WebSocket hijacking). When false,
   * websocket scopes pass through untouched, as in Starlette.
   * @default false
   */
  readonly checkWebSocketOrigin?: boolean;
}

function describe(input: unknown): string {
  if (input === null) return "null";
  if (Array.isArray(input)) return "an array";
  if (input instanceof RegExp) return `the RegExp ${String(input)}`;
  if (typeof input === "string") return `the string ${JSON.stringify(input)}`;
  if (typeof input === "object") return "an object";
  return `${typeof input} ${String(input)}`;
}

function expected(what: string): (issue: { input?: unknown }) => string {
  return (issue) => `expected ${what}, received ${describe(issue.input)}`;
}

/** A string that can go out as header bytes: no code unit above U+00FF. */
const byteString = z.string({ error: expected("a string") }).refine(isByteString, {
  error: (issue) => {
    const text = String(issue.input);
    const at = [...text].findIndex((ch) => (ch.codePointAt(0) ?? 0) > 0xff);
    const ch = [...text][at] ?? "";
    const code = (ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0");
    return (
      `expected latin-1 text that can be sent as header bytes, received ${JSON.stringify(text)} ` +
      `(${JSON.stringify(ch)} is U+${code}; header bytes are latin-1, U+0000-U+00FF)`
    );
  },
});

function stringList(what: string, fallback: readonly string[]) {
  return z
    .array(byteString, { error: expected(`an array of strings (${what})`) })
    .readonly()
    .default(fallback);
}

const optionsSchema = z.strictObject(
  {
    allowOrigins: stringList('origins such as "https://example.org", or "*"', []),
    allowMethods: stringList('methods such as "GET", or "*"', ["GET"]),
    allowHeaders: stringList('header names such as "X-Example", or "*"', []),
    allowCredentials: z.boolean({ error: expected("a boolean") }).default(false),
    allowOriginRegex: z
      .union([z.string(), z.instanceof(RegExp), z.null()], {
        error: expected("a Python re pattern string, a RegExp or null"),
      })
      .default(null),
    allowPrivateNetwork: z.boolean({ error: expected("a boolean") }).default(false),
    exposeHeaders: stringList('header names such as "X-Status"', []),
    maxAge: z.int({ error: expected("an integer number of seconds") }).default(600),
    onDecision: z
      .custom<(rejection: RejectedPreflight) => void | Promise<void>>((v) => typeof v === "function", {
        error: expected("a function or null"),
      })
      .nullable()
      .default(null),
    checkWebSocketOrigin: z.boolean({ error: expected("a boolean") }).default(false),
  },
  {
    error: (issue) => {
      if (issue.code === "unrecognized_keys") {
        return `unknown option${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map(suggest).join(", ")}`;
      }
      return expected("an options object")(issue);
    },
  },
);

const CAMEL_CASE: Record<string, string> = {
  allow_origins: "allowOrigins",
  allow_methods: "allowMethods",
  allow_headers: "allowHeaders",
  allow_credentials: "allowCredentials",
  allow_origin_regex: "allowOriginRegex",
  allow_private_network: "allowPrivateNetwork",
  expose_headers: "exposeHeaders",
  max_age: "maxAge",
};

/** The key, and the option it most likely meant: its camelCase, else the closest name (difflib, as click). */
function suggest(key: string): string {
  const meant = CAMEL_CASE[key] ?? getCloseMatches(key, Object.keys(optionsSchema.shape), 1)[0];
  return meant === undefined ? JSON.stringify(key) : `${JSON.stringify(key)} (did you mean ${meant}?)`;
}

/** The options with every default filled in, as `CORSMiddleware.__init__` sees its arguments. */
export type ParsedCORSOptions = z.output<typeof optionsSchema>;

/**
 * Checks `options` and fills in the defaults; throws a TypeError naming each bad option and what it
 * expected. Starlette checks nothing (a string where a list belongs is iterated character by character).
 */
export function parseCORSOptions(options: unknown): ParsedCORSOptions {
  const result = optionsSchema.safeParse(options ?? {});
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const where = issue.path.reduce<string>(
      (path, key) => (typeof key === "number" ? `${path}[${key}]` : path === "" ? String(key) : `${path}.${String(key)}`),
      "",
    );
    return where === "" ? issue.message : `${where}: ${issue.message}`;
  });
  throw new TypeError(`CORSMiddleware: ${problems.join("; ")}`, { cause: result.error });
}

