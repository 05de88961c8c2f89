/** @module explain: runs the real CORSMiddleware (starlette/middleware/cors.py) on the requests a browser would send for one `fetch()`, and traces the middleware's checks, its exact answer and the browser's verdict (Fetch standard), rule by rule. */

import { Headers, Response, decodeUTF8, isByteString } from "@mono/asgi";
import type { ASGIApp, HTTPScope, RawHeaders, SendMessage } from "@mono/asgi";
import { z } from "zod";

import { CORSMiddleware } from "./cors.js";
import type { CORSOptions } from "./options.js";
import { decide } from "./decision.js";
import type { Decision } from "./decision.js";
import {
  FORBIDDEN_METHODS,
  corsCheck,
  corsUnsafeRequestHeaderNames,
  isForbiddenRequestHeader,
  normalizeMethod,
  preflightChecks,
  preflightNeeded,
  readableHeaders,
  ruling,
} from "./fetch.js";
import type { CredentialsMode, Ruling } from "./fetch.js";

/** One `fetch()` from a page, as `explain` takes it. */
export interface ExplainRequest {
  /**
   * The page's origin, sent as `Origin` (`"https://app.example"`, or `"null"` from a sandboxed iframe or a
   * `file:` page). Null or absent: a request without `Origin` (same-origin GET, curl, a server).
   * @default null
   */
  readonly origin?: string | null;
  /** `fetch()`'s `method`, normalized as `fetch()` does (six methods uppercased). @default "GET" */
  readonly method?: string;
  /** The URL path (and query) requested. @default "/" */
  readonly path?: string;
  /** The headers the page sets (`fetch(url, { headers })`); forbidden names are dropped as the browser does. @default {} */
  readonly headers?: Readonly<Record<string, string>>;
  /** `fetch()`'s `credentials`. @default "same-origin" */
  readonly credentials?: CredentialsMode;
  /** The server is on a more private network than the page (Private Network Access). @default false */
  readonly privateNetwork?: boolean;
  /** What the app behind the middleware answers to the actual request. @default { status: 200, headers: {} } (body "OK", text/plain) */
  readonly response?: { readonly status?: number; readonly headers?: Readonly<Record<string, string>> };
}

/** One request on the wire, through the middleware. */
export interface Exchange {
  readonly request: { readonly method: string; readonly path: string; readonly headers: RawHeaders };
  /** The middleware's path and checks. */
  readonly decision: Decision;
  /** Whether the wrapped app was called (a preflight is answered by the middleware alone). */
  readonly appCalled: boolean;
  /** Exactly what the middleware sent: status, ordered headers, body. */
  readonly response: { readonly status: number; readonly headers: RawHeaders; readonly body: string };
  /** The browser's checks on this response, in order; the first that fails ends the fetch. */
  readonly browser: readonly Ruling[];
}

/** A conclusion and the rule that decided it. */
export interface Judged<T> {
  readonly value: T;
  readonly ruling: Ruling;
}

/** What the browser does in the end. */
export interface Verdict {
  readonly preflightSent: boolean;
  /** Whether the actual request reaches the server. */
  readonly requestSent: Judged<boolean>;
  /** Whether `fetch()` resolves (true) or rejects with a TypeError (false). */
  readonly readable: Judged<boolean>;
  /** Response header names (lowercased, sorted) the page can read through `response.headers`. */
  readonly readableHeaders: Judged<readonly string[]>;
}

/** The whole trace of one `fetch()`. */
export interface Explanation {
  /** The request as the browser sends it: method normalized, forbidden headers dropped, defaults filled. */
  readonly request: {
    readonly origin: string | null;
    readonly method: string;
    readonly path: string;
    readonly headers: RawHeaders;
    readonly credentials: CredentialsMode;
    readonly privateNetwork: boolean;
  };
  /** The browser's decisions before anything is sent (method, dropped headers, preflight or not). */
  readonly browser: readonly Ruling[];
  readonly preflight: Exchange | null;
  readonly actual: Exchange | null;
  readonly verdict: Verdict;
  /** The same fetch with the other credentials mode (`"include"`, or `"same-origin"` when it was `"include"`). */
  readonly otherCredentials: { readonly credentials: CredentialsMode; readonly verdict: Verdict; readonly changes: readonly string[] };
}

// fetch() itself throws a TypeError for header names or values that are not bytes.
const bytes = z.string().refine(isByteString, { error: "expected latin-1 text (header bytes)" });
const headerRecord = z.record(bytes, bytes);
const requestSchema = z.strictObject({
  origin: bytes.nullable().default(null),
  method: z.string().regex(/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/, { error: "expected an HTTP method token" }).default("GET"),
  path: z.string().startsWith("/").default("/"),
  headers: headerRecord.default({}),
  credentials: z.enum(["omit", "same-origin", "include"]).default("same-origin"),
  privateNetwork: z.boolean().default(false),
  response: z
    .strictObject({ status: z.int().min(100).max(599).default(200), headers: headerRecord.default({}) })
    .default({ status: 200, headers: {} }),
});
type ParsedRequest = z.output<typeof requestSchema>;

/**
 * Explains what happens to one `fetch()` against an app wrapped in `CORSMiddleware(options)`: the browser's
 * preflight (if any) and actual request each go through the real middleware; the trace shows the path it
 * took, every check, the exact response, and the browser's verdict with the rule that decided it.
 */
export async function explain(options: CORSOptions, request: ExplainRequest = {}): Promise<Explanation> {
  const parsed = requestSchema.safeParse(request);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".") || "request"}: ${i.message}`);
    throw new TypeError(`explain: ${problems.join("; ")}`, { cause: parsed.error });
  }
  const main = await trace(options, parsed.data);
  const credentials: CredentialsMode = parsed.data.credentials === "include" ? "same-origin" : "include";
  const other = await trace(options, { ...parsed.data, credentials });
  return { ...main, otherCredentials: { credentials, verdict: other.verdict, changes: changes(main.verdict, other.verdict) } };
}

type Traced = Omit<Explanation, "otherCredentials">;
type BrowserRequest = Explanation["request"];
/** Sends one request through the middleware. */
type Send = (method: string, headers: RawHeaders) => Promise<Omit<Exchange, "browser">>;

async function trace(options: CORSOptions, req: ParsedRequest): Promise<Traced> {
  // Built first, so options it refuses throw whatever the request is; a trace is no refusal to report.
  const app = respond(req.response);
  const middleware = new CORSMiddleware(app, { ...options, onDecision: null });
  const send: Send = (method, headers) => exchange(middleware, app, method, req.path, headers);

  const { request, browser } = asSent(req);
  const refused = browser.find((r) => !r.ok);
  if (refused !== undefined) return { request, browser, preflight: null, actual: null, verdict: blocked(false, refused) };
  if (request.origin === null) return { request, browser, preflight: null, ...(await withoutOrigin(request, send)) };
  return { request, browser, ...(await crossOrigin(request, request.origin, browser, send)) };
}

/** What `fetch()` makes of the request before anything is sent: method normalized, forbidden parts refused or dropped. */
function asSent(req: ParsedRequest): { request: BrowserRequest; browser: Ruling[] } {
  const method = normalizeMethod(req.method);
  const browser: Ruling[] = [];
  if (method !== req.method) browser.push(ruling(true, "fetch/method-normalized", "concept-method-normalize", `fetch() normalizes ${JSON.stringify(req.method)} to ${method}`));
  const headers: RawHeaders = [];
  for (const [name, value] of Object.entries(req.headers)) {
    if (!isForbiddenRequestHeader(name)) headers.push([name.toLowerCase(), value]);
    else browser.push(ruling(true, "fetch/forbidden-header-dropped", "forbidden-request-header", `${name} is a forbidden request header: fetch() silently drops it`));
  }
  if (FORBIDDEN_METHODS.has(method.toUpperCase())) {
    browser.push(ruling(false, "fetch/forbidden-method", "forbidden-method", `${method} is a forbidden method: fetch() throws a TypeError and sends nothing`));
  }
  return { request: { origin: req.origin, method, path: req.path, headers, credentials: req.credentials, privateNetwork: req.privateNetwork }, browser };
}

async function withoutOrigin(request: BrowserRequest, send: Send): Promise<Pick<Traced, "actual" | "verdict">> {
  const answered = await send(request.method, request.headers);
  const sent = ruling(true, "fetch/no-origin", "http-origin", "no Origin: a same-origin or non-browser request, which CORS does not restrict");
  const visible = readableHeaders(request.credentials, false, answered.response.headers);
  return {
    actual: { ...answered, browser: [sent] },
    verdict: { preflightSent: false, requestSent: { value: true, ruling: sent }, readable: { value: true, ruling: sent }, readableHeaders: { value: visible.names, ruling: visible.ruling } },
  };
}

async function crossOrigin(request: BrowserRequest, origin: string, browser: Ruling[], send: Send): Promise<Pick<Traced, "preflight" | "actual" | "verdict">> {
  const { method, credentials, privateNetwork } = request;
  const unsafeHeaders = corsUnsafeRequestHeaderNames(request.headers);
  const need = preflightNeeded(method, unsafeHeaders, privateNetwork);
  browser.push(need.ruling);

  let preflight: Exchange | null = null;
  if (need.needed) {
    const asked: RawHeaders = [["origin", origin], ["access-control-request-method", method]];
    if (unsafeHeaders.length > 0) asked.push(["access-control-request-headers", unsafeHeaders.join(",")]);
    if (privateNetwork) asked.push(["access-control-request-private-network", "true"]);
    const answered = await send("OPTIONS", asked);
    preflight = { ...answered, browser: preflightChecks({ origin, credentials, method, unsafeHeaders, privateNetwork }, answered.response.status, answered.response.headers) };
    const failed = preflight.browser.find((c) => !c.ok);
    if (failed !== undefined) return { preflight, actual: null, verdict: blocked(true, failed) };
  }

  const answered = await send(method, [["origin", origin], ...request.headers]);
  const cors = corsCheck({ origin, credentials }, answered.response.headers);
  const passed = preflight?.browser.map((c) => c.rule).join(", ");
  const sentBecause = passed === undefined ? need.ruling : ruling(true, "preflight/passed", "cors-preflight-fetch", `the preflight passed every check (${passed})`);
  const visible = cors.ok ? readableHeaders(credentials, true, answered.response.headers) : { names: [], ruling: cors };
  return {
    preflight,
    actual: { ...answered, browser: [cors] },
    verdict: {
      preflightSent: preflight !== null,
      requestSent: { value: true, ruling: sentBecause },
      readable: { value: cors.ok, ruling: cors },
      readableHeaders: { value: visible.names, ruling: visible.ruling },
    },
  };
}

function blocked(preflightSent: boolean, why: Ruling): Verdict {
  return {
    preflightSent,
    requestSent: { value: false, ruling: why },
    readable: { value: false, ruling: why },
    readableHeaders: { value: [], ruling: why },
  };
}

/** The app behind the middleware: answers every request with the configured response, and counts them. */
interface CountingApp extends ASGIApp {
  calls: number;
}

function respond(answer: ParsedRequest["response"]): CountingApp {
  const app: CountingApp = Object.assign(
    async (...[scope, receive, send]: Parameters<ASGIApp>) => {
      app.calls++;
      await new Response("OK", { status: answer.status, headers: answer.headers, mediaType: "text/plain" }).asgi(scope, receive, send);
    },
    { calls: 0 },
  );
  return app;
}

async function exchange(middleware: CORSMiddleware, app: CountingApp, method: string, target: string, headers: RawHeaders): Promise<Omit<Exchange, "browser">> {
  const [path = "/", query = ""] = target.split(/\?(.*)/s, 2);
  const requestHeaders: RawHeaders = headers.map(([n, v]) => [n, v]);
  const scope: HTTPScope = {
    type: "http",
    asgi: { version: "3.0", spec_version: "2.4" },
    http_version: "1.1",
    method,
    scheme: "http",
    path: decodeURIComponent(path),
    raw_path: path,
    query_string: query,
    root_path: "",
    headers: requestHeaders,
    client: ["127.0.0.1", 50000],
    server: ["testserver", 80],
  };
  const decision = decide(middleware, method, new Headers({ raw: requestHeaders }));
  const sent: SendMessage[] = [];
  const before = app.calls;
  let received = false;
  await middleware.asgi(
    scope,
    async () => {
      if (received) return { type: "http.disconnect" };
      received = true;
      return { type: "http.request", body: new Uint8Array(), more_body: false };
    },
    async (message) => {
      sent.push(message);
    },
  );
  const start = sent.find((m) => m.type === "http.response.start");
  if (start === undefined || start.type !== "http.response.start") throw new Error("explain: the middleware sent no http.response.start");
  const body = sent.flatMap((m) => (m.type === "http.response.body" && m.body !== undefined ? [decodeUTF8(m.body)] : [])).join("");
  const appCalled = app.calls > before;
  return { request: { method, path: target, headers: requestHeaders }, decision, appCalled, response: { status: start.status, headers: start.headers ?? [], body } };
}

/** What changes between two verdicts, one sentence each. */
function changes(from: Verdict, to: Verdict): string[] {
  const out: string[] = [];
  if (from.requestSent.value !== to.requestSent.value) {
    out.push(`the actual request would ${to.requestSent.value ? "" : "not "}be sent: ${to.requestSent.ruling.reason}`);
  }
  if (from.readable.value !== to.readable.value) {
    out.push(`fetch() would ${to.readable.value ? "resolve" : "reject"}: ${to.readable.ruling.reason}`);
  }
  const a = from.readableHeaders.value.join(", ");
  const b = to.readableHeaders.value.join(", ");
  if (to.readable.value && from.readable.value && a !== b) {
    out.push(`readable headers would be ${b === "" ? "none" : b}: ${to.readableHeaders.ruling.reason}`);
  }
  return out;
}
