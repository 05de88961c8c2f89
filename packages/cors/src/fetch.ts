/** @module The browser's side of CORS, from the Fetch standard (fetch.spec.whatwg.org: CORS check, CORS-preflight fetch, safelists) and Private Network Access, as Chromium applies it: what a browser sends and what it lets a page read. */

/** `fetch()`'s `credentials` option. */
export type CredentialsMode = "omit" | "same-origin" | "include";

/** A decision of the browser, with the rule of the standard that made it. */
export interface Ruling {
  /** Whether the step lets the request (or the read) go ahead. */
  readonly ok: boolean;
  /** A stable name of the rule, e.g. `"cors-check/allow-origin-mismatch"`. */
  readonly rule: string;
  /** Where the rule is written. */
  readonly spec: string;
  /** One sentence on why, with the values involved. */
  readonly reason: string;
}

const FETCH = "https://fetch.spec.whatwg.org/";
const PNA = "https://wicg.github.io/private-network-access/";

/** A ruling under `rule`, written at `anchor` of the Fetch standard (or of Private Network Access for `private-network/...`). */
export function ruling(ok: boolean, rule: string, anchor: string, reason: string): Ruling {
  const spec = rule.startsWith("private-network") ? `${PNA}#${anchor}` : `${FETCH}#${anchor}`;
  return { ok, rule, spec, reason };
}

/** Methods that never need a preflight. */
export const CORS_SAFELISTED_METHODS: ReadonlySet<string> = new Set(["GET", "HEAD", "POST"]);

/** Methods `fetch()` uppercases; any other method goes out exactly as written (so `"patch"` stays `patch`). */
const NORMALIZED_METHODS: ReadonlySet<string> = new Set(["DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT"]);

/** Methods `fetch()` refuses to send (a TypeError before any request). */
export const FORBIDDEN_METHODS: ReadonlySet<string> = new Set(["CONNECT", "TRACE", "TRACK"]);

/** Request headers a page cannot set: `fetch()` drops them silently. */
export const FORBIDDEN_REQUEST_HEADERS: ReadonlySet<string> = new Set([
  "accept-charset",
  "accept-encoding",
  "access-control-request-headers",
  "access-control-request-method",
  "connection",
  "content-length",
  "cookie",
  "cookie2",
  "date",
  "dnt",
  "expect",
  "host",
  "keep-alive",
  "origin",
  "referer",
  "set-cookie",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
  "via",
]);

/** Response headers every page may read from a CORS response. */
export const CORS_SAFELISTED_RESPONSE_HEADERS: ReadonlySet<string> = new Set([
  "cache-control",
  "content-language",
  "content-length",
  "content-type",
  "expires",
  "last-modified",
  "pragma",
]);

/** Response headers no page ever reads. */
export const FORBIDDEN_RESPONSE_HEADERS: ReadonlySet<string> = new Set(["set-cookie", "set-cookie2"]);

/** `fetch()`'s method normalization: six methods are uppercased, the rest are sent as written. */
export function normalizeMethod(method: string): string {
  const upper = method.toUpperCase();
  return NORMALIZED_METHODS.has(upper) ? upper : method;
}

/** A request header name the browser may set itself but a page may not (`Proxy-`/`Sec-` prefixes included). */
export function isForbiddenRequestHeader(name: string): boolean {
  const lower = name.toLowerCase();
  return FORBIDDEN_REQUEST_HEADERS.has(lower) || lower.startsWith("proxy-") || lower.startsWith("sec-");
}

// The bytes that make a safelisted header value unsafe: controls but tab, and "():<>?@[\]{}, DEL.
function hasCORSUnsafeByte(value: string): boolean {
  for (const ch of value) {
    const c = ch.charCodeAt(0);
    if ((c < 0x20 && c !== 0x09) || c === 0x7f || '"():<>?@[\\]{}'.includes(ch)) return true;
  }
  return false;
}

/** The "CORS-safelisted request-header" test of one name/value pair. */
export function isCORSSafelistedRequestHeader(name: string, value: string): boolean {
  if (value.length > 128) return false;
  switch (name.toLowerCase()) {
    case "accept":
      return !hasCORSUnsafeByte(value);
    case "accept-language":
    case "content-language":
      return /^[0-9A-Za-z *,\-.;=]*$/.test(value);
    case "content-type": {
      if (hasCORSUnsafeByte(value)) return false;
      const essence = (value.split(";")[0] ?? "").trim().toLowerCase();
      return ["application/x-www-form-urlencoded", "multipart/form-data", "text/plain"].includes(essence);
    }
    case "range":
      return /^bytes=\d+-\d*$/.test(value);
    default:
      return false;
  }
}

/**
 * "CORS-unsafe request-header names": the names, lowercased, sorted, without duplicates, that make a
 * preflight necessary. What `Access-Control-Request-Headers` carries (joined with "," and no space).
 */
export function corsUnsafeRequestHeaderNames(headers: readonly (readonly [string, string])[]): string[] {
  const unsafe = new Set<string>();
  let safelistedSize = 0;
  for (const [name, value] of headers) {
    if (!isCORSSafelistedRequestHeader(name, value)) unsafe.add(name.toLowerCase());
    else safelistedSize += value.length;
  }
  // Safelisted values together may not exceed 1024 bytes; beyond that every safelisted one counts as unsafe.
  if (safelistedSize > 1024) for (const [name] of headers) unsafe.add(name.toLowerCase());
  return [...unsafe].sort();
}

/** Whether a CORS request needs a preflight first, and why (the ruling itself never blocks). */
export function preflightNeeded(method: string, unsafeHeaders: readonly string[], privateNetwork: boolean): { needed: boolean; ruling: Ruling } {
  if (!CORS_SAFELISTED_METHODS.has(method)) {
    return { needed: true, ruling: ruling(true, "preflight/unsafe-method", "cors-safelisted-method", `${method} is not a CORS-safelisted method (GET, HEAD, POST): a preflight goes first`) };
  }
  if (unsafeHeaders.length > 0) {
    return { needed: true, ruling: ruling(true, "preflight/unsafe-headers", "cors-unsafe-request-header-names", `the request sets ${unsafeHeaders.join(", ")}, not CORS-safelisted request headers: a preflight goes first`) };
  }
  if (privateNetwork) {
    return { needed: true, ruling: ruling(true, "private-network/preflight", "cors-preflight", "the target is on a more private network than the page: Private Network Access preflights even a simple request") };
  }
  return { needed: false, ruling: ruling(true, "preflight/simple-request", "cors-safelisted-method", `${method} with only safelisted headers is a simple request: sent without a preflight`) };
}

/** A header list as the browser sees it: lowercased lookup, duplicates combined with ", " (Fetch's "get"). */
export function getHeader(headers: readonly (readonly [string, string])[], name: string): string | null {
  const values = headers.filter(([n]) => n.toLowerCase() === name).map(([, v]) => v);
  return values.length === 0 ? null : values.join(", ");
}

/** "Extracting header list values": the comma-separated items, trimmed; null when the header is absent. */
export function extractHeaderListValues(headers: readonly (readonly [string, string])[], name: string): string[] | null {
  const value = getHeader(headers, name);
  if (value === null) return null;
  return value
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item !== "");
}

/** The request a CORS check compares against. */
export interface CORSRequest {
  /** The serialized origin the browser sent in `Origin` (`"null"` for an opaque origin). */
  readonly origin: string;
  readonly credentials: CredentialsMode;
}

/** The "CORS check": may the page see this response at all? */
export function corsCheck(request: CORSRequest, responseHeaders: readonly (readonly [string, string])[]): Ruling {
  const allowOrigin = getHeader(responseHeaders, "access-control-allow-origin");
  if (allowOrigin === null) {
    return ruling(false, "cors-check/allow-origin-missing", "cors-check", "the response has no Access-Control-Allow-Origin header");
  }
  const include = request.credentials === "include";
  if (allowOrigin === "*" && !include) {
    return ruling(true, "cors-check/allow-origin-wildcard", "cors-check", 'Access-Control-Allow-Origin is "*" and the request carries no credentials');
  }
  if (allowOrigin !== request.origin) {
    const why =
      allowOrigin === "*"
        ? 'Access-Control-Allow-Origin is "*", which does not count when credentials mode is "include"'
        : `Access-Control-Allow-Origin ${JSON.stringify(allowOrigin)} is not the request's origin ${JSON.stringify(request.origin)}`;
    return ruling(false, allowOrigin === "*" ? "cors-check/wildcard-with-credentials" : "cors-check/allow-origin-mismatch", "cors-check", why);
  }
  if (!include) {
    return ruling(true, "cors-check/allow-origin-match", "cors-check", `Access-Control-Allow-Origin names the request's origin ${JSON.stringify(request.origin)}`);
  }
  const allowCredentials = getHeader(responseHeaders, "access-control-allow-credentials");
  if (allowCredentials !== "true") {
    const got = allowCredentials === null ? "is missing" : `is ${JSON.stringify(allowCredentials)}`;
    return ruling(false, "cors-check/credentials-not-allowed", "cors-check", `credentials mode is "include" but Access-Control-Allow-Credentials ${got}, not "true"`);
  }
  return ruling(true, "cors-check/credentials-allowed", "cors-check", `Access-Control-Allow-Origin names the origin and Access-Control-Allow-Credentials is "true"`);
}

/** What a preflight asks about: the actual request's method and unsafe header names. */
export interface PreflightRequest extends CORSRequest {
  readonly method: string;
  readonly unsafeHeaders: readonly string[];
  readonly privateNetwork: boolean;
}

/** The checks of a "CORS-preflight fetch" on its response, in the standard's order; the first failure ends it. */
export function preflightChecks(request: PreflightRequest, status: number, headers: readonly (readonly [string, string])[]): Ruling[] {
  const okStatus = status >= 200 && status <= 299;
  const steps: (() => Ruling)[] = [
    () => corsCheck(request, headers),
    () =>
      ruling(okStatus, okStatus ? "preflight/ok-status" : "preflight/status-not-ok", "cors-preflight-fetch", `the preflight answered ${status}${okStatus ? ", an ok status" : "; a preflight needs an ok status (200-299)"}`),
    () => methodAllowed(request, extractHeaderListValues(headers, "access-control-allow-methods") ?? []),
    () => headersAllowed(request, (extractHeaderListValues(headers, "access-control-allow-headers") ?? []).map((h) => h.toLowerCase())),
  ];
  if (request.privateNetwork) {
    steps.push(() => {
      const pna = getHeader(headers, "access-control-allow-private-network") === "true";
      return ruling(pna, pna ? "private-network/allowed" : "private-network/not-allowed", "cors-preflight", pna ? 'Access-Control-Allow-Private-Network is "true"' : "the preflight did not answer Access-Control-Allow-Private-Network: true");
    });
  }
  const rulings: Ruling[] = [];
  for (const step of steps) {
    const r = step();
    rulings.push(r);
    if (!r.ok) break;
  }
  return rulings;
}

function methodAllowed(request: PreflightRequest, methods: readonly string[]): Ruling {
  const { method } = request;
  const wildcard = request.credentials !== "include" && methods.includes("*");
  if (CORS_SAFELISTED_METHODS.has(method)) {
    return ruling(true, "preflight/method-allowed", "cors-preflight-fetch", `${method} is CORS-safelisted, so Access-Control-Allow-Methods need not list it`);
  }
  if (methods.includes(method)) return ruling(true, "preflight/method-allowed", "cors-preflight-fetch", `Access-Control-Allow-Methods lists ${method}`);
  if (wildcard) return ruling(true, "preflight/method-allowed", "cors-preflight-fetch", 'Access-Control-Allow-Methods is "*" and the request carries no credentials');
  const note = methods.includes("*") ? '; "*" does not count with credentials' : "";
  return ruling(false, "preflight/method-not-allowed", "cors-preflight-fetch", `Access-Control-Allow-Methods ${JSON.stringify(methods.join(", "))} does not list ${method} (compared case-sensitively${note})`);
}

function headersAllowed(request: PreflightRequest, allowed: readonly string[]): Ruling {
  const include = request.credentials === "include";
  // `*` never covers Authorization, and covers nothing with credentials.
  const missing = request.unsafeHeaders.filter((name) => !allowed.includes(name) && (name === "authorization" || include || !allowed.includes("*")));
  if (missing.length > 0) {
    return ruling(false, "preflight/headers-not-allowed", "cors-preflight-fetch", `Access-Control-Allow-Headers ${JSON.stringify(allowed.join(", "))} does not cover ${missing.join(", ")}`);
  }
  const why = request.unsafeHeaders.length === 0 ? "the request sets no CORS-unsafe headers" : `Access-Control-Allow-Headers covers ${request.unsafeHeaders.join(", ")}`;
  return ruling(true, "preflight/headers-allowed", "cors-preflight-fetch", why);
}

/**
 * The response header names a page may read (`response.headers`), lowercased and sorted: the CORS-filtered
 * response for a CORS request, the basic-filtered one when `crossOrigin` is false.
 */
export function readableHeaders(credentials: CredentialsMode, crossOrigin: boolean, headers: readonly (readonly [string, string])[]): { names: string[]; ruling: Ruling } {
  const present = [...new Set(headers.map(([name]) => name.toLowerCase()))].filter((n) => !FORBIDDEN_RESPONSE_HEADERS.has(n)).sort();
  if (!crossOrigin) {
    return { names: present, ruling: ruling(true, "basic-filter/all-but-set-cookie", "concept-filtered-response-basic", "not a CORS request: every header but Set-Cookie is readable") };
  }
  const exposed = extractHeaderListValues(headers, "access-control-expose-headers");
  if (exposed !== null && exposed.includes("*") && credentials !== "include") {
    return { names: present, ruling: ruling(true, "cors-filter/expose-wildcard", "concept-filtered-response-cors", 'Access-Control-Expose-Headers is "*" and the request carries no credentials: every header but Set-Cookie') };
  }
  const listed = new Set((exposed ?? []).map((n) => n.toLowerCase()));
  const names = present.filter((n) => CORS_SAFELISTED_RESPONSE_HEADERS.has(n) || listed.has(n));
  const why =
    exposed === null
      ? "no Access-Control-Expose-Headers: only the CORS-safelisted response headers"
      : `the CORS-safelisted response headers plus Access-Control-Expose-Headers ${JSON.stringify(exposed.join(", "))}${exposed.includes("*") ? ' ("*" is a plain name with credentials)' : ""}`;
  return { names, ruling: ruling(true, exposed === null ? "cors-filter/safelist-only" : "cors-filter/exposed", "concept-filtered-response-cors", why) };
}

/**
 * The origin a browser would send for a page at `text`, or null when `text` is no URL: the ASCII
 * serialization (lowercase scheme and host, no default port, no path). `"null"` stays `"null"`.
 */
export function browserOrigin(text: string): string | null {
  if (text === "null") return "null";
  if (!/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(text)) return null;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  return url.origin === "null" ? null : url.origin;
}
