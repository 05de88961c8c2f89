/** @module Mirrors starlette/middleware/cors.py (Starlette 1.7.0). */

import { Headers, MutableHeaders, PlainTextResponse, WS_1008_POLICY_VIOLATION, isByteString, pyStrip } from "@mono/asgi";
import type { ASGIApp, HTTPScope, RawHeaders, Receive, Response, Send, SendMessage, WebSocketScope } from "@mono/asgi";

import { rejectedPreflight } from "./decision.js";
import type { RejectedPreflight } from "./decision.js";
import { parseCORSOptions } from "./options.js";
import type { CORSOptions } from "./options.js";

import { PatternError, compile, fromRegExp } from "./re.js";
import type { CompiledPattern } from "./re.js";

/** What `allowMethods: ["*"]` stands for. QUERY joined in Starlette 1.7.0. */
export const ALL_METHODS: readonly string[] = Object.freeze([
  "DELETE",
  "GET",
  "HEAD",
  "OPTIONS",
  "PATCH",
  "POST",
  "PUT",
  "QUERY",
]);

/** Request headers a preflight always allows (always listed in `Access-Control-Allow-Headers`). */
export const SAFELISTED_HEADERS: ReadonlySet<string> = new Set([
  "Accept",
  "Accept-Language",
  "Content-Language",
  "Content-Type",
]);

// --- allowOriginRegex: Python's re.compile, or a RegExp, both matched with fullmatch ---

function compileAllowOriginRegex(pattern: string | RegExp): CompiledPattern {
  try {
    return typeof pattern === "string" ? compile(pattern) : fromRegExp(pattern);
  } catch (err) {
    if (!(err instanceof PatternError)) throw err;
    const shown = typeof pattern === "string" ? JSON.stringify(pattern) : String(pattern);
    throw new PatternError(`CORSMiddleware: allowOriginRegex ${shown}: ${err.message}`, err.pos);
  }
}

/**
 * Answers CORS preflights itself and adds the CORS headers to every response of the app it wraps.
 * `new CORSMiddleware(app, options).asgi` is the ASGI app (Starlette's `__call__`).
 */
export class CORSMiddleware {
  readonly app: ASGIApp;
  readonly allowOrigins: readonly string[];
  private readonly allowOriginSet: ReadonlySet<string>;
  readonly allowMethods: readonly string[];
  /** Sorted with the safelisted names, then lowercased: what requested header names are compared with. */
  readonly allowHeaders: readonly string[];
  readonly allowAllOrigins: boolean;
  readonly allowAllHeaders: boolean;
  readonly allowCredentials: boolean;
  /** A preflight echoes the origin (not `*`) unless every origin is allowed without credentials. */
  readonly preflightExplicitAllowOrigin: boolean;
  readonly allowOriginRegex: CompiledPattern | null;
  readonly allowPrivateNetwork: boolean;
  /** Headers every response to a request with an `Origin` gets. */
  readonly simpleHeaders: ReadonlyMap<string, string>;
  /** `simpleHeaders` as the `[name, value]` pairs MutableHeaders would write: names lowercased. */
  readonly simpleRawHeaders: RawHeaders;
  /** Headers every preflight answer starts from. */
  readonly preflightHeaders: ReadonlyMap<string, string>;
  /** `preflightHeaders` as the `[name, value]` pairs the answer carries: names lowercased. */
  readonly preflightRawHeaders: RawHeaders;
  /** Not in Starlette: see CORSOptions.checkWebSocketOrigin. */
  readonly checkWebSocketOrigin: boolean;
  /** Not in Starlette: see CORSOptions.onDecision. */
  readonly onDecision: ((rejection: RejectedPreflight) => void | Promise<void>) | null;

  /** Lets @mono/framework recognise CORS middleware by a property, without importing @mono/cors (walls). */
  static readonly isCORSMiddleware = true;

  /** Called by `new Middleware(CORSMiddleware, options)`: a bad option throws when the app is assembled. */
  static validateOptions(options: CORSOptions = {}): void {
    parseCORSOptions(options);
  }

  constructor(app: ASGIApp, options: CORSOptions = {}) {
    const parsed = parseCORSOptions(options);
    const allowMethods = parsed.allowMethods.includes("*") ? ALL_METHODS : parsed.allowMethods;

    const compiledAllowOriginRegex =
      parsed.allowOriginRegex === null ? null : compileAllowOriginRegex(parsed.allowOriginRegex);

    const allowAllOrigins = parsed.allowOrigins.includes("*");
    const allowAllHeaders = parsed.allowHeaders.includes("*");
    const preflightExplicitAllowOrigin = !allowAllOrigins || parsed.allowCredentials;

    // Python's dicts are Maps here: insertion-ordered, and set() replaces a key where it stands.
    const simpleHeaders = new Map<string, string>();
    if (allowAllOrigins) simpleHeaders.set("Access-Control-Allow-Origin", "*");
    if (parsed.allowCredentials) simpleHeaders.set("Access-Control-Allow-Credentials", "true");
    if (parsed.exposeHeaders.length > 0) {
      simpleHeaders.set("Access-Control-Expose-Headers", parsed.exposeHeaders.join(", "));
    }

    const preflightHeaders = new Map<string, string>([
      ["Vary", "Origin, Access-Control-Request-Method, Access-Control-Request-Headers, Access-Control-Request-Private-Network"],
    ]);
    if (!preflightExplicitAllowOrigin) preflightHeaders.set("Access-Control-Allow-Origin", "*");
    preflightHeaders.set("Access-Control-Allow-Methods", allowMethods.join(", "));
    preflightHeaders.set("Access-Control-Max-Age", String(parsed.maxAge));
    // Python's sorted(set): by code point, which is JS's default order for latin-1 strings.
    const allowHeaders = [...new Set([...SAFELISTED_HEADERS, ...parsed.allowHeaders])].sort();
    if (allowHeaders.length > 0 && !allowAllHeaders) {
      preflightHeaders.set("Access-Control-Allow-Headers", allowHeaders.join(", "));
    }
    if (parsed.allowCredentials) preflightHeaders.set("Access-Control-Allow-Credentials", "true");

    this.app = app;
    this.allowOrigins = parsed.allowOrigins;
    this.allowOriginSet = new Set(parsed.allowOrigins);
    this.allowMethods = allowMethods;
    // str.lower() and toLowerCase() agree on every latin-1 character (and options are latin-1).
    this.allowHeaders = allowHeaders.map((h) => h.toLowerCase());
    this.allowAllOrigins = allowAllOrigins;
    this.allowAllHeaders = allowAllHeaders;
    this.allowCredentials = parsed.allowCredentials;
    this.preflightExplicitAllowOrigin = preflightExplicitAllowOrigin;
    this.allowOriginRegex = compiledAllowOriginRegex;
    this.allowPrivateNetwork = parsed.allowPrivateNetwork;
    this.simpleHeaders = simpleHeaders;
    this.simpleRawHeaders = Array.from(simpleHeaders, ([name, value]): [string, string] => [name.toLowerCase(), value]);
    this.preflightHeaders = preflightHeaders;
    this.preflightRawHeaders = Array.from(preflightHeaders, ([name, value]): [string, string] => [name.toLowerCase(), value]);
    this.onDecision = parsed.onDecision;
    this.checkWebSocketOrigin = parsed.checkWebSocketOrigin;
  }

  /**
   * The ASGI app: a preflight is answered here, anything else goes to the app (Starlette's `__call__`). Not
   * async, so a request that is not a preflight costs no promise of its own; a throw still becomes a rejection.
   */
  readonly asgi: ASGIApp = (scope, receive, send) => {
    try {
      if (scope.type !== "http") {
        if (scope.type === "websocket" && this.checkWebSocketOrigin) return this.websocket(scope, receive, send);
        return this.app(scope, receive, send);
      }

      const method = scope.method;
      // Starlette reads these through Headers(scope=scope): its get() is the first pair named exactly so, which a
      // scan finds; only a preflight needs the Headers object (Starlette's copy of the list is not visible).
      const origin = firstHeader(scope.headers, "origin");

      const isPreflight = method === "OPTIONS" && firstHeader(scope.headers, "access-control-request-method") !== undefined;
      if (origin !== undefined && isPreflight) return this.preflight(scope, receive, send);

      return this.simpleResponse(scope, receive, send, origin);
    } catch (err) {
      return Promise.reject(err);
    }
  };

  /** The preflight branch of Starlette's `__call__`. */
  private async preflight(scope: HTTPScope, receive: Receive, send: Send): Promise<void> {
    const headers = new Headers({ raw: scope.headers });
    const response = this.preflightResponse(headers);
    await response.asgi(scope, receive, send);
    // The onDecision extension runs only once the answer is out: it can neither delay nor change it.
    if (this.onDecision !== null && response.statusCode === 400) {
      await this.onDecision(rejectedPreflight(this, scope, headers, response.statusCode, response.rawHeaders));
    }
  }

  /**
   * Not in Starlette (CORSOptions.checkWebSocketOrigin): a handshake from a browser page on an origin that is not
   * allowed is closed before accept (a server answers HTTP 403); any other goes to the app untouched.
   */
  private websocket(scope: WebSocketScope, receive: Receive, send: Send): Promise<void> {
    const origin = firstHeader(scope.headers, "origin");
    if (origin === undefined || this.isAllowedOrigin(origin)) return this.app(scope, receive, send);
    return send({ type: "websocket.close", code: WS_1008_POLICY_VIOLATION, reason: "" });
  }

  isAllowedOrigin(origin: string): boolean {
    if (this.allowAllOrigins) return true;

    if (this.allowOriginRegex !== null && this.allowOriginRegex.fullmatch(origin)) return true;

    // Starlette's `origin in self.allow_origins`: a Set built once answers the same, without comparing each entry.
    return this.allowOriginSet.has(origin);
  }

  /**
   * Not a method in Starlette, which writes `requested_method not in self.allow_methods` inline in
   * `preflight_response`: named here so that `decide()` (explain, onDecision) asks the very same question.
   */
  isAllowedMethod(method: string): boolean {
    return this.allowMethods.includes(method);
  }

  /**
   * The first name of an `Access-Control-Request-Headers` value that is not allowed, lowercased and stripped as
   * compared (Python's `str.strip()`: `\x1c`-`\x1f` and `\x85` go too), or null when every name is allowed. Starlette's
   * loop in `preflight_response`, which breaks at that name, lifted out for `decide()` as `isAllowedMethod` is.
   */
  firstDisallowedHeader(requestedHeaders: string): string | null {
    for (const header of requestedHeaders.split(",")) {
      const name = pyStrip(header.toLowerCase());
      if (!this.allowHeaders.includes(name)) return name;
    }
    return null;
  }

  preflightResponse(requestHeaders: Headers): Response {
    const requestedOrigin = requestHeaders.get("origin");
    const requestedMethod = requestHeaders.get("access-control-request-method");
    const requestedHeaders = requestHeaders.get("access-control-request-headers");
    const requestedPrivateNetwork = requestHeaders.get("access-control-request-private-network");
    if (requestedOrigin === undefined || requestedMethod === undefined) {
      // Starlette reads both with headers[...]: a KeyError. `asgi` only comes here when both are present.
      throw new TypeError("preflightResponse needs the Origin and Access-Control-Request-Method headers");
    }

    // Starlette's dict(self.preflight_headers), as lowercase pairs. None of the keys set below is among the copied
    // ones (the constructor leaves out whichever it would be), so each set appends, as on Starlette's dict.
    const headers = this.preflightRawHeaders.slice();
    const failures: string[] = [];

    if (this.isAllowedOrigin(requestedOrigin)) {
      // Otherwise preflightHeaders already says "*".
      if (this.preflightExplicitAllowOrigin) headers.push(["access-control-allow-origin", requestedOrigin]);
    } else {
      failures.push("origin");
    }

    if (!this.isAllowedMethod(requestedMethod)) failures.push("method");

    // Allowing all headers means mirroring back whatever was asked for.
    if (this.allowAllHeaders && requestedHeaders !== undefined) {
      headers.push(["access-control-allow-headers", requestedHeaders]);
    } else if (requestedHeaders !== undefined) {
      if (this.firstDisallowedHeader(requestedHeaders) !== null) failures.push("headers");
    }

    // Any value counts, even "false" or "".
    if (requestedPrivateNetwork !== undefined) {
      if (this.allowPrivateNetwork) headers.push(["access-control-allow-private-network", "true"]);
      else failures.push("private-network");
    }

    // The browser enforces CORS; a 400 only makes the refusal easier to read.
    if (failures.length > 0) {
      return this.plainTextResponse(`Disallowed CORS ${failures.join(", ")}`, 400, headers);
    }
    return this.plainTextResponse("OK", 200, headers);
  }

  /**
   * Starlette's `PlainTextResponse(content, status_code=status, headers=headers)` with `headers` already the
   * lowercase pairs init_headers would make: they go before the content-length and content-type it adds. Only
   * the request values echoed after the prebuilt pairs can be beyond latin-1; then the response checks them (and throws).
   */
  private plainTextResponse(content: string, status: number, headers: RawHeaders): Response {
    const prebuilt = this.preflightRawHeaders.length;
    for (let i = prebuilt; i < headers.length; i++) {
      if (!isByteString((headers[i] as [string, string])[1])) {
        // Starlette's dict, so that the error names the header as it is spelled there.
        const spelled = new Map(this.preflightHeaders);
        for (const [name, value] of headers.slice(prebuilt)) spelled.set(ECHOED_HEADER_NAMES.get(name) ?? name, value);
        return new PlainTextResponse(content, { status, headers: spelled });
      }
    }
    const response = new PlainTextResponse(content, { status });
    headers.push(...response.rawHeaders);
    response.rawHeaders = headers;
    return response;
  }

  /**
   * Runs the app with `send` wrapped. Starlette passes `request_headers`, of which `send` reads only `Origin`:
   * the origin itself is passed here. Not async: `asgi` awaits it, so an app that throws still rejects `asgi`.
   */
  simpleResponse(scope: HTTPScope, receive: Receive, send: Send, origin: string | undefined): Promise<void> {
    // Starlette's functools.partial(self.send, ...). A throw becomes a rejection, as from Starlette's async send.
    const sendWithCORS: Send = (message) => {
      try {
        return this.send(message, send, origin);
      } catch (err) {
        return Promise.reject(err);
      }
    };
    return this.app(scope, receive, sendWithCORS);
  }

  /** Adds the CORS headers to `http.response.start`; every other message goes through untouched. */
  send(message: SendMessage, send: Send, origin: string | undefined): Promise<void> {
    if (message.type !== "http.response.start") return send(message);

    if (!("headers" in message)) message.headers = [];

    // Starlette's if / elif / else, reduced to the origin Access-Control-Allow-Origin names (null: none);
    // every branch ends with the same Vary join.
    let allowOrigin: string | null = null;
    if (origin !== undefined && this.allowAllOrigins && this.allowCredentials) {
      // With credentials the origin itself must be named, never "*".
      allowOrigin = origin;
    } else if (origin !== undefined && !this.allowAllOrigins && this.isAllowedOrigin(origin)) {
      // Specific origins: mirror back the one that asked.
      allowOrigin = origin;
    }

    const given = message.headers;
    const simple = origin === undefined ? NO_HEADERS : this.simpleRawHeaders;
    const updated = Array.isArray(given) ? withCORSHeaders(given, simple, allowOrigin) : null;
    if (updated !== null) {
      message.headers = updated;
    } else {
      // Starlette's very lines, for a headers value that is not a list or a value that is not latin-1 (they throw).
      const headers = new MutableHeaders({ scope: message });
      if (origin !== undefined) headers.update(this.simpleHeaders);
      if (allowOrigin !== null) CORSMiddleware.allowExplicitOrigin(headers, allowOrigin);
      else headers.set("Vary", [...headers.getlist("Vary"), "Origin"].join(", "));
    }

    return send(message);
  }

  static allowExplicitOrigin(headers: MutableHeaders, origin: string): void {
    headers.set("Access-Control-Allow-Origin", origin);
    headers.set("Vary", [...headers.getlist("Vary"), "Origin"].join(", "));
  }
}

const NO_HEADERS: RawHeaders = [];

/**
 * The first value of the header named exactly `name` (lowercase), as Starlette's `Headers.get`. A scope with no
 * header list reads as one without headers, as `new Headers({ raw })` reads it.
 */
function firstHeader(headers: RawHeaders | null | undefined, name: string): string | undefined {
  for (const pair of headers ?? NO_HEADERS) {
    if (pair[0] === name) return pair[1];
  }
  return undefined;
}

const ALLOW_ORIGIN = "access-control-allow-origin";

/** How Starlette spells the headers a preflight answer may add to its prebuilt ones. */
const ECHOED_HEADER_NAMES: ReadonlyMap<string, string> = new Map([
  ["access-control-allow-origin", "Access-Control-Allow-Origin"],
  ["access-control-allow-headers", "Access-Control-Allow-Headers"],
  ["access-control-allow-private-network", "Access-Control-Allow-Private-Network"],
]);

/**
 * A new list: `given` after Starlette's `headers.update(simple_headers)`, then
 * `headers["Access-Control-Allow-Origin"] = allow_origin` when there is one, then
 * `headers["Vary"] = ", ".join([*headers.getlist("Vary"), "Origin"])`, done in one pass. Each of those sets
 * replaces the first pair of its name where it stands and drops the later ones, or appends, in that order.
 * Null when a value written would not be latin-1: the caller then runs Starlette's lines, which throw.
 */
function withCORSHeaders(given: RawHeaders, simple: RawHeaders, allowOrigin: string | null): RawHeaders | null {
  if (allowOrigin !== null && !isByteString(allowOrigin)) return null;
  const sets = allowOrigin === null ? simple : withAllowOrigin(simple, allowOrigin);
  const out: RawHeaders = [];
  let written = 0; // bit i: sets[i] is in `out`
  let varyAt = -1;
  let varyValues: string[] | null = null;
  for (const pair of given) {
    const name = pair[0];
    if (name === "vary") {
      if (varyValues === null) {
        varyValues = [];
        varyAt = out.length;
        out.push(pair); // replaced below, once every value is known
      }
      varyValues.push(pair[1]);
      continue;
    }
    const i = indexOfName(sets, name);
    if (i === -1) out.push(pair);
    else if ((written & (1 << i)) === 0) {
      written |= 1 << i;
      out.push([name, (sets[i] as [string, string])[1]]);
    }
  }
  for (let i = 0; i < sets.length; i++) {
    const set = sets[i] as [string, string];
    if ((written & (1 << i)) === 0) out.push([set[0], set[1]]);
  }
  const vary = varyValues === null ? "Origin" : [...varyValues, "Origin"].join(", ");
  if (varyValues !== null && !isByteString(vary)) return null;
  if (varyAt === -1) out.push(["vary", vary]);
  else out[varyAt] = ["vary", vary];
  return out;
}

function indexOfName(pairs: RawHeaders, name: string): number {
  for (let i = 0; i < pairs.length; i++) {
    if ((pairs[i] as [string, string])[0] === name) return i;
  }
  return -1;
}

/** `simple` with Access-Control-Allow-Origin set to `origin`: replaced where it stands (the `*`), or appended. */
function withAllowOrigin(simple: RawHeaders, origin: string): RawHeaders {
  const i = indexOfName(simple, ALLOW_ORIGIN);
  const sets = simple.slice();
  if (i === -1) sets.push([ALLOW_ORIGIN, origin]);
  else sets[i] = [ALLOW_ORIGIN, origin];
  return sets;
}
