/** @module Mirrors starlette/middleware/cors.py (Starlette 1.7.0). */

import { Headers, MutableHeaders, PlainTextResponse, pyStrip } from "@mono/asgi";
import type { ASGIApp, HTTPScope, Receive, Response, Send, SendMessage } from "@mono/asgi";

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
  /** Headers every preflight answer starts from. */
  readonly preflightHeaders: ReadonlyMap<string, string>;
  /** Not in Starlette: see CORSOptions.onDecision. */
  readonly onDecision: ((rejection: RejectedPreflight) => void | Promise<void>) | null;

  /** Lets @mono/framework recognise CORS middleware by a property, without importing @mono/cors (walls). */
  static readonly isCORSMiddleware = true;

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
    this.preflightHeaders = preflightHeaders;
    this.onDecision = parsed.onDecision;
  }

  /** The ASGI app: a preflight is answered here, anything else goes to the app (Starlette's `__call__`). */
  readonly asgi: ASGIApp = async (scope, receive, send) => {
    if (scope.type !== "http") {
      await this.app(scope, receive, send);
      return;
    }

    const method = scope.method;
    // Starlette passes scope= (which copies the list into the scope); reading needs no copy.
    const headers = new Headers({ raw: scope.headers });
    const origin = headers.get("origin");

    if (origin !== undefined && method === "OPTIONS" && headers.has("access-control-request-method")) {
      const response = this.preflightResponse(headers);
      await response.asgi(scope, receive, send);
      // The onDecision extension runs only once the answer is out: it can neither delay nor change it.
      if (this.onDecision !== null && response.statusCode === 400) {
        await this.onDecision(rejectedPreflight(this, scope, headers, response.statusCode, response.rawHeaders));
      }
      return;
    }

    await this.simpleResponse(scope, receive, send, headers);
  };

  isAllowedOrigin(origin: string): boolean {
    if (this.allowAllOrigins) return true;

    if (this.allowOriginRegex !== null && this.allowOriginRegex.fullmatch(origin)) return true;

    return this.allowOrigins.includes(origin);
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

    const headers = new Map(this.preflightHeaders);
    const failures: string[] = [];

    if (this.isAllowedOrigin(requestedOrigin)) {
      // Otherwise preflightHeaders already says "*".
      if (this.preflightExplicitAllowOrigin) headers.set("Access-Control-Allow-Origin", requestedOrigin);
    } else {
      failures.push("origin");
    }

    if (!this.isAllowedMethod(requestedMethod)) failures.push("method");

    // Allowing all headers means mirroring back whatever was asked for.
    if (this.allowAllHeaders && requestedHeaders !== undefined) {
      headers.set("Access-Control-Allow-Headers", requestedHeaders);
    } else if (requestedHeaders !== undefined) {
      if (this.firstDisallowedHeader(requestedHeaders) !== null) failures.push("headers");
    }

    // Any value counts, even "false" or "".
    if (requestedPrivateNetwork !== undefined) {
      if (this.allowPrivateNetwork) headers.set("Access-Control-Allow-Private-Network", "true");
      else failures.push("private-network");
    }

    // The browser enforces CORS; a 400 only makes the refusal easier to read.
    if (failures.length > 0) {
      return new PlainTextResponse(`Disallowed CORS ${failures.join(", ")}`, { status: 400, headers });
    }
    return new PlainTextResponse("OK", { status: 200, headers });
  }

  async simpleResponse(scope: HTTPScope, receive: Receive, send: Send, requestHeaders: Headers): Promise<void> {
    const sendWithCORS: Send = (message) => this.send(message, send, requestHeaders);
    await this.app(scope, receive, sendWithCORS);
  }

  /** Adds the CORS headers to `http.response.start`; every other message goes through untouched. */
  async send(message: SendMessage, send: Send, requestHeaders: Headers): Promise<void> {
    if (message.type !== "http.response.start") {
      await send(message);
      return;
    }

    if (!("headers" in message)) message.headers = [];
    // A copy put back into the message: the app's own list (a Response's rawHeaders) stays as it was.
    const headers = new MutableHeaders({ scope: message });
    const origin = requestHeaders.get("Origin");
    if (origin !== undefined) headers.update(this.simpleHeaders);

    // With credentials the origin itself must be named, never "*".
    if (origin !== undefined && this.allowAllOrigins && this.allowCredentials) {
      CORSMiddleware.allowExplicitOrigin(headers, origin);
    } else if (origin !== undefined && !this.allowAllOrigins && this.isAllowedOrigin(origin)) {
      // Specific origins: mirror back the one that asked.
      CORSMiddleware.allowExplicitOrigin(headers, origin);
    } else {
      headers.set("Vary", [...headers.getlist("Vary"), "Origin"].join(", "));
    }

    await send(message);
  }

  static allowExplicitOrigin(headers: MutableHeaders, origin: string): void {
    headers.set("Access-Control-Allow-Origin", origin);
    headers.set("Vary", [...headers.getlist("Vary"), "Origin"].join(", "));
  }
}
