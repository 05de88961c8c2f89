/** @module lint: findings on CORSMiddleware options (starlette/middleware/cors.py) that are legal but do not do what they look like; advice only, the middleware behaves as Starlette's whatever lint says. */

import { ALL_METHODS, SAFELISTED_HEADERS } from "./cors.js";
import { parseCORSOptions } from "./options.js";
import type { CORSOptions } from "./options.js";
import { PatternError, compile, fromRegExp } from "./re.js";
import { CORS_SAFELISTED_RESPONSE_HEADERS, FORBIDDEN_METHODS, FORBIDDEN_RESPONSE_HEADERS, browserOrigin, isForbiddenRequestHeader } from "./fetch.js";

/** `error`: a hole or an entry that can never match; `warning`: likely not what was meant; `info`: redundant. */
export type Severity = "error" | "warning" | "info";

/** One rule of `lint`: its stable code, name and severity. */
export interface LintRule {
  readonly code: string;
  readonly name: string;
  readonly severity: Severity;
  /** What it finds, one line (the docs table). */
  readonly summary: string;
}

/** One finding on one option value. */
export interface Finding extends LintRule {
  /** The option it is about. */
  readonly option: keyof CORSOptions;
  /** The offending entry (an origin, a method, the pattern, the number). */
  readonly value: string | number | null;
  /** What is wrong, with the values involved. */
  readonly message: string;
  /** One line: what to write instead. */
  readonly fix: string;
}

/** Every rule, by code. Codes are stable: a rule may be retired, never renumbered. */
export const LINT_RULES = {
  CORS101: { name: "wildcard-origin-with-credentials", severity: "error", summary: '`allowOrigins: ["*"]` with `allowCredentials`: every site gets credentialed reads (the origin is echoed)' },
  CORS102: { name: "null-origin", severity: "warning", summary: '`"null"` among the allowed origins: any sandboxed iframe, data: or file: page sends it' },
  CORS103: { name: "origin-missing-scheme", severity: "error", summary: "an allowed origin without `scheme://`: browsers always send the scheme" },
  CORS104: { name: "origin-trailing-slash", severity: "error", summary: "an allowed origin ending in `/`: browsers send no trailing slash" },
  CORS105: { name: "origin-with-path", severity: "error", summary: "an allowed origin with a path, query or fragment: an origin is scheme, host and port only" },
  CORS106: { name: "origin-uppercase", severity: "error", summary: "an allowed origin with an uppercase scheme or host: browsers send them lowercased" },
  CORS107: { name: "origin-default-port", severity: "error", summary: "an allowed origin with its scheme's default port (`:443`, `:80`): browsers leave it out" },
  CORS108: { name: "origin-glob", severity: "error", summary: "a `*` inside an allowed origin: allowOrigins compares exactly, only a lone `*` is special" },
  CORS109: { name: "origin-not-serialized", severity: "error", summary: "an allowed origin that is not how a browser serializes any origin (spaces, user info, ...)" },
  CORS110: { name: "wildcard-origin-with-others", severity: "info", summary: '`"*"` beside other origins: the others change nothing' },
  CORS111: { name: "no-origin-allowed", severity: "warning", summary: "neither allowOrigins nor allowOriginRegex: no cross-origin request is ever allowed" },
  CORS201: { name: "regex-invalid", severity: "error", summary: "allowOriginRegex does not compile: the middleware throws at construction" },
  CORS202: { name: "regex-unescaped-dot", severity: "warning", summary: "an unescaped `.` in allowOriginRegex matches any character, not just a dot" },
  CORS203: { name: "regex-open-wildcard", severity: "warning", summary: "`.*`/`.+` at either end of allowOriginRegex or not followed by `\\.`: it matches other sites' origins" },
  CORS204: { name: "regex-nested-quantifier", severity: "warning", summary: "a repeated group that itself repeats (`(a+)+`): backtracking can take exponential time" },
  CORS301: { name: "method-lowercase", severity: "warning", summary: "a method with lowercase letters: methods compare case-sensitively and browsers send them uppercase" },
  CORS302: { name: "method-dropped-by-wildcard", severity: "warning", summary: '`"*"` among the methods replaces the list with ALL_METHODS: other methods listed beside it are dropped' },
  CORS303: { name: "method-forbidden", severity: "info", summary: "CONNECT, TRACE or TRACK: fetch() refuses to send them" },
  CORS304: { name: "safelisted-method-missing", severity: "info", summary: "GET or POST missing: a preflighted GET/POST (custom header, JSON body) is refused" },
  CORS305: { name: "method-redundant-with-wildcard", severity: "info", summary: '`"*"` beside methods it already covers' },
  CORS401: { name: "header-safelisted", severity: "info", summary: "allowHeaders lists Accept, Accept-Language, Content-Language or Content-Type: always allowed already" },
  CORS402: { name: "header-forbidden", severity: "info", summary: "allowHeaders lists a header no page can set (Cookie, Host, Sec-*, ...)" },
  CORS403: { name: "expose-safelisted", severity: "info", summary: "exposeHeaders lists a header every page can read already (Content-Type, Cache-Control, ...)" },
  CORS404: { name: "expose-set-cookie", severity: "warning", summary: "exposeHeaders lists Set-Cookie: browsers never let a page read it" },
  CORS405: { name: "expose-wildcard-with-credentials", severity: "warning", summary: '`exposeHeaders: ["*"]` with credentials: credentialed fetches read `*` as a plain name' },
  CORS501: { name: "max-age-above-browser-cap", severity: "warning", summary: "maxAge above 7200: Chromium caches a preflight for at most 7200 s (Firefox 86400 s)" },
  CORS502: { name: "max-age-negative", severity: "warning", summary: "a negative maxAge: not a valid Access-Control-Max-Age, browsers fall back to their default" },
} as const satisfies Record<string, Omit<LintRule, "code">>;

export type LintCode = keyof typeof LINT_RULES;

/** Chromium's cap on `Access-Control-Max-Age` (services/network/public/cpp/cors/preflight_result.cc). */
export const CHROMIUM_MAX_AGE = 7200;

function finding(code: LintCode, option: keyof CORSOptions, value: string | number | null, message: string, fix: string): Finding {
  return { code, ...LINT_RULES[code], option, value, message, fix };
}

/**
 * Findings on `options`, in option order. Throws the middleware's own TypeError for options it refuses
 * (unknown keys, wrong types); a pattern that does not compile is a finding (CORS201).
 */
export function lint(options: CORSOptions): Finding[] {
  const parsed = parseCORSOptions(options);
  return [
    ...originFindings(parsed.allowOrigins, parsed.allowCredentials, parsed.allowOriginRegex !== null),
    ...(parsed.allowOriginRegex === null ? [] : regexFindings(parsed.allowOriginRegex)),
    ...methodFindings(parsed.allowMethods, options.allowMethods !== undefined),
    ...headerFindings(parsed.allowHeaders),
    ...exposeFindings(parsed.exposeHeaders, parsed.allowCredentials),
    ...maxAgeFindings(parsed.maxAge),
  ];
}

// --- allowOrigins ---

function originFindings(origins: readonly string[], credentials: boolean, hasRegex: boolean): Finding[] {
  const out: Finding[] = [];
  const wildcard = origins.includes("*");
  if (wildcard && credentials) {
    out.push(finding("CORS101", "allowOrigins", "*", 'allowOrigins has "*" and allowCredentials is true: Starlette echoes any Origin with Access-Control-Allow-Credentials: true, so every site can read responses with the user\'s cookies', "list the trusted origins in allowOrigins (or allowOriginRegex) instead of \"*\""));
  }
  const others = origins.filter((o) => o !== "*");
  if (wildcard && others.length > 0) {
    const named = others.map((o) => JSON.stringify(o)).join(", ");
    const adds = others.length === 1 ? `${named} adds nothing` : `${named} add nothing`;
    out.push(finding("CORS110", "allowOrigins", "*", `allowOrigins has "*", so ${adds}`, 'keep "*" alone, or drop it and keep the list'));
  }
  if (origins.length === 0 && !hasRegex) {
    out.push(finding("CORS111", "allowOrigins", null, "allowOrigins is empty and there is no allowOriginRegex: every cross-origin request is refused", 'list the origins of your pages, e.g. allowOrigins: ["https://app.example.org"]'));
  }
  for (const origin of origins) out.push(...oneOrigin(origin));
  return out;
}

/**
 * What lint says of `origin` as an entry of allowOrigins: empty for an origin as a browser sends it (or `"*"`).
 * `mono-cors explain --origin` prints these, as no browser would send such an Origin.
 */
export function oneOrigin(origin: string): Finding[] {
  if (origin === "*") return [];
  if (origin === "null") {
    return [finding("CORS102", "allowOrigins", origin, 'Origin "null" comes from sandboxed iframes, data: and file: pages and some redirects: any site can send it', 'remove "null" and serve the page from a real origin')];
  }
  if (origin.includes("*")) {
    const regex = origin.replace(/[.\\+?^$()[\]{}|]/g, "\\$&").replace(/\*/g, "[a-z0-9-]+");
    return [finding("CORS108", "allowOrigins", origin, `${JSON.stringify(origin)} is compared as it is, "*" included: no browser sends it`, `use allowOriginRegex: ${JSON.stringify(regex)}`)];
  }
  if (origin !== origin.trim() || /\s/.test(origin)) {
    const trimmed = browserOrigin(origin.trim());
    return [finding("CORS109", "allowOrigins", origin, `${JSON.stringify(origin)} contains whitespace, which no Origin header has`, trimmed === null ? "remove the whitespace" : `use ${JSON.stringify(trimmed)}`)];
  }
  const parts = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/?#]*)(.*)$/s.exec(origin);
  if (parts === null) {
    const scheme = /^(localhost|127\.|\[::1\])/.test(origin) ? "http" : "https";
    const guess = browserOrigin(`${scheme}://${origin.replace(/^\/\//, "")}`);
    return [finding("CORS103", "allowOrigins", origin, `${JSON.stringify(origin)} has no scheme: browsers send e.g. ${JSON.stringify(guess ?? `${scheme}://${origin}`)}`, guess === null ? "write the origin as scheme://host[:port]" : `use ${JSON.stringify(guess)}`)];
  }
  const [, scheme = "", authority = "", rest = ""] = parts;
  // Other schemes (chrome-extension:, app:) have origins a URL parser cannot serialize: leave them be.
  if (!["http", "https", "ws", "wss"].includes(scheme.toLowerCase())) return [];
  return serializationFindings(origin, scheme, authority, rest);
}

/** An http(s) origin against its serialization: each difference a browser would not make, or CORS109. */
function serializationFindings(origin: string, scheme: string, authority: string, rest: string): Finding[] {
  const serialized = browserOrigin(origin);
  if (serialized === origin) return [];
  const use = serialized === null ? "write the origin as scheme://host[:port]" : `use ${JSON.stringify(serialized)}`;
  const sends = serialized === null ? "" : `: browsers send ${JSON.stringify(serialized)}`;
  const out: Finding[] = [];
  const host = authority.replace(/^.*@/s, "").replace(/:\d*$/, "");
  if (/[A-Z]/.test(scheme) || /[A-Z]/.test(host)) out.push(finding("CORS106", "allowOrigins", origin, `${JSON.stringify(origin)} has uppercase letters in its scheme or host${sends}`, use));
  const port = /:(\d+)$/.exec(authority)?.[1];
  const defaults: Record<string, string> = { http: "80", ws: "80", https: "443", wss: "443" };
  if (port !== undefined && Number(port) === Number(defaults[scheme.toLowerCase()])) {
    out.push(finding("CORS107", "allowOrigins", origin, `${JSON.stringify(origin)} names the default port ${port}${sends}`, use));
  }
  if (rest === "/") out.push(finding("CORS104", "allowOrigins", origin, `${JSON.stringify(origin)} ends in "/"${sends}`, use));
  else if (rest !== "") out.push(finding("CORS105", "allowOrigins", origin, `${JSON.stringify(origin)} has ${JSON.stringify(rest)} after the host; an origin never has a path, query or fragment${sends}`, use));
  if (out.length === 0) out.push(finding("CORS109", "allowOrigins", origin, `${JSON.stringify(origin)} is not a serialized origin${sends}`, use));
  return out;
}

// --- allowOriginRegex ---

/** A `.` outside a class: where it is, and the quantifier after it. */
interface Dot {
  readonly at: number;
  readonly quantifier: string;
}

/** A repeated group: its body and whether something inside repeats without bound. */
interface Group {
  readonly start: number;
  readonly innerUnbounded: { readonly atom: string; readonly at: number }[];
  lastAtom: string;
}

const UNBOUNDED = /^(?:\*|\+|\{\d*,\})\??\+?/;

function regexFindings(pattern: string | RegExp): Finding[] {
  const source = typeof pattern === "string" ? pattern : pattern.source;
  try {
    if (typeof pattern === "string") compile(pattern);
    else fromRegExp(pattern);
  } catch (error) {
    if (!(error instanceof PatternError)) throw error;
    return [finding("CORS201", "allowOriginRegex", source, `allowOriginRegex ${JSON.stringify(source)} does not compile: ${error.message}`, "fix the pattern (Python re syntax), e.g. \"https://[a-z0-9-]+\\\\.example\\\\.org\"")];
  }
  const { dots, nested } = scan(source);
  const out: Finding[] = [];
  for (const dot of dots) {
    const run = dot.quantifier !== "" && dot.quantifier !== "?";
    const after = source.slice(dot.at + 1 + dot.quantifier.length);
    const before = source.slice(0, dot.at);
    if (!run) {
      const fixed = `${before}\\.${source.slice(dot.at + 1)}`;
      const example = probe(pattern, `${before}x${source.slice(dot.at + 1)}`);
      out.push(finding("CORS202", "allowOriginRegex", source, `the "." at position ${dot.at} of ${JSON.stringify(source)} matches any character${example === null ? "" : `, e.g. ${JSON.stringify(example)}`}`, `escape it: ${JSON.stringify(fixed)}`));
      continue;
    }
    const atStart = /^\^?$/.test(before);
    const atEnd = /^\$?$/.test(after);
    if (!atStart && !atEnd && after.startsWith("\\.")) continue;
    const where = atStart ? "at the start" : atEnd ? "at the end" : "not followed by \\.";
    const fillers = atStart ? START_FILLERS : atEnd ? END_FILLERS : MIDDLE_FILLERS;
    const example = firstProbe(pattern, fillers.map((filler) => `${before}${filler}${after}`));
    out.push(finding("CORS203", "allowOriginRegex", source, `".${dot.quantifier}" ${where} of ${JSON.stringify(source)} lets ${atStart ? "other schemes and sites" : "other sites"} through${example === null ? "" : `, e.g. ${JSON.stringify(example)}`}`, 'write the scheme and the domain out, and match subdomains with "([a-z0-9-]+\\\\.)*" before an escaped dot'));
  }
  for (const at of nested) {
    out.push(finding("CORS204", "allowOriginRegex", source, `the group at position ${at} of ${JSON.stringify(source)} repeats something that repeats: a long non-matching Origin can make matching take exponential time`, "make each repetition end with a character the inner part cannot match, e.g. \"([a-z0-9-]+\\\\.)*\""));
  }
  return out;
}

/**
 * Walks a pattern once: the dots outside classes, and the repeated groups whose repetitions can overlap.
 * One loop over the source with a stack of open groups; split up, the stack would have to travel with it.
 */
function scan(source: string): { dots: Dot[]; nested: number[] } {
  const dots: Dot[] = [];
  const nested: number[] = [];
  const groups: Group[] = [];
  let i = 0;
  const quantifierAt = (j: number): string => /^(?:[*+?]|\{\d*(?:,\d*)?\})\??\+?/.exec(source.slice(j))?.[0] ?? "";
  const noteAtom = (atom: string, end: number): void => {
    const q = quantifierAt(end);
    const top = groups.at(-1);
    if (top !== undefined) {
      if (UNBOUNDED.test(q)) top.innerUnbounded.push({ atom, at: end });
      top.lastAtom = q === "" ? atom : "";
    }
    i = end + q.length;
  };
  while (i < source.length) {
    const ch = source.charAt(i);
    if (ch === "\\") {
      noteAtom(source.slice(i, i + 2), i + 2);
    } else if (ch === "[") {
      let j = i + 1;
      if (source.charAt(j) === "^") j++;
      if (source.charAt(j) === "]") j++;
      while (j < source.length && source.charAt(j) !== "]") j += source.charAt(j) === "\\" ? 2 : 1;
      noteAtom(source.slice(i, j + 1), j + 1);
    } else if (ch === "(") {
      groups.push({ start: i, innerUnbounded: [], lastAtom: "" });
      i += /^\(\?(?:P<[^>]*>|<[=!]|[:=!>]|[aiLmsux-]*:)?/.exec(source.slice(i))?.[0].length ?? 1;
    } else if (ch === ")") {
      const group = groups.pop();
      const q = quantifierAt(i + 1);
      if (group !== undefined && UNBOUNDED.test(q) && group.innerUnbounded.some((inner) => canOverlap(inner.atom, group.lastAtom))) {
        nested.push(group.start);
      }
      const outer = groups.at(-1);
      if (outer !== undefined && group !== undefined) {
        outer.innerUnbounded.push(...group.innerUnbounded);
        if (UNBOUNDED.test(q)) outer.innerUnbounded.push({ atom: "(group)", at: i });
        outer.lastAtom = "";
      }
      i += 1 + q.length;
    } else if (ch === ".") {
      dots.push({ at: i, quantifier: quantifierAt(i + 1) });
      noteAtom(".", i + 1);
    } else if (ch === "|" || ch === "^" || ch === "$") {
      const top = groups.at(-1);
      if (top !== undefined) top.lastAtom = "";
      i++;
    } else {
      noteAtom(ch, i + 1);
    }
  }
  return { dots, nested };
}

/**
 * Whether repetitions of a group can split the same text in more than one way: yes unless every
 * repetition ends in a fixed character that the repeated atom inside cannot match.
 */
function canOverlap(atom: string, lastAtom: string): boolean {
  const literal = lastAtom.length === 1 ? lastAtom : /^\\[^A-Za-z0-9]$/.test(lastAtom) ? lastAtom.charAt(1) : null;
  if (literal === null || atom === "." || atom === "(group)") return true;
  try {
    return new RegExp(`^(?:${atom})$`, "u").test(literal);
  } catch {
    return true;
  }
}

/** `candidate` with its escapes undone, if it is plain text the pattern really matches. */
/** What CORS203 puts where the open wildcard stands, in turn, until one makes an origin the pattern lets through. */
const START_FILLERS = ["http://evil", "https://evil"];
const END_FILLERS = [".evil.example", "evil.example", "-evil.example", "8443"];
const MIDDLE_FILLERS = ["evil", "evil.example", "evil-"];

function firstProbe(pattern: string | RegExp, candidates: readonly string[]): string | null {
  for (const candidate of candidates) {
    const example = probe(pattern, candidate);
    if (example !== null) return example;
  }
  return null;
}

/** `candidate` unescaped, when it is an origin as a browser sends it and the pattern lets it through; else null. */
function probe(pattern: string | RegExp, candidate: string): string | null {
  if (/[[\](){}|*+?^$]/.test(candidate.replace(/\\./g, ""))) return null;
  const text = candidate.replace(/\\(.)/g, "$1");
  // A URL parser takes empty host labels (`https://.evil.example`); no site has one.
  if (browserOrigin(text) !== text || /\/\/\.|\.\.|\.(?::|$)/.test(text)) return null;
  try {
    const compiled = typeof pattern === "string" ? compile(pattern) : fromRegExp(pattern);
    return compiled.fullmatch(text) ? text : null;
  } catch {
    return null;
  }
}

// --- allowMethods ---

function methodFindings(methods: readonly string[], given: boolean): Finding[] {
  const out: Finding[] = [];
  const wildcard = methods.includes("*");
  const all = `ALL_METHODS (${ALL_METHODS.join(", ")}: eight in Starlette 1.7.0, QUERY included)`;
  for (const method of methods) {
    if (method === "*") continue;
    if (FORBIDDEN_METHODS.has(method.toUpperCase())) {
      out.push(finding("CORS303", "allowMethods", method, `${method} is a forbidden method: fetch() throws before sending it, so no preflight asks for it`, `remove ${JSON.stringify(method)}`));
      continue;
    }
    if (wildcard) {
      if (ALL_METHODS.includes(method)) out.push(finding("CORS305", "allowMethods", method, `"*" already stands for ${all}`, `remove ${JSON.stringify(method)}`));
      else out.push(finding("CORS302", "allowMethods", method, `"*" makes allowMethods ${all}, so ${JSON.stringify(method)} beside it is dropped and preflights asking for it are refused`, `replace "*" with the methods you serve, ${JSON.stringify(method.toUpperCase())} among them`));
      continue;
    }
    if (method !== method.toUpperCase()) {
      out.push(finding("CORS301", "allowMethods", method, `${JSON.stringify(method)} is compared case-sensitively with Access-Control-Request-Method, which browsers send uppercase for standard methods`, `use ${JSON.stringify(method.toUpperCase())}`));
    }
  }
  if (given && !wildcard) {
    for (const method of ["GET", "POST"]) {
      if (methods.includes(method)) continue;
      out.push(finding("CORS304", "allowMethods", method, `a ${method} with a custom header or a JSON Content-Type is preflighted with Access-Control-Request-Method: ${method}, and allowMethods does not list it, so the preflight gets a 400`, `add ${JSON.stringify(method)} if pages send such requests`));
    }
  }
  return out;
}

// --- allowHeaders, exposeHeaders ---

function headerFindings(headers: readonly string[]): Finding[] {
  const safelisted = new Set([...SAFELISTED_HEADERS].map((h) => h.toLowerCase()));
  const out: Finding[] = [];
  for (const header of headers) {
    if (header === "*") continue;
    if (safelisted.has(header.toLowerCase())) {
      out.push(finding("CORS401", "allowHeaders", header, `${header} is always allowed: Starlette adds ${[...SAFELISTED_HEADERS].join(", ")} to allowHeaders`, `remove ${JSON.stringify(header)}`));
    } else if (isForbiddenRequestHeader(header)) {
      out.push(finding("CORS402", "allowHeaders", header, `${header} is a forbidden request header: no page can set it, so no preflight asks for it`, `remove ${JSON.stringify(header)}`));
    }
  }
  return out;
}

function exposeFindings(headers: readonly string[], credentials: boolean): Finding[] {
  const out: Finding[] = [];
  for (const header of headers) {
    const lower = header.toLowerCase();
    if (header === "*" && credentials) {
      out.push(finding("CORS405", "exposeHeaders", header, 'with credentials mode "include" a browser reads "*" in Access-Control-Expose-Headers as a header named "*": credentialed fetches see only the safelisted headers', "list the header names to expose"));
    } else if (CORS_SAFELISTED_RESPONSE_HEADERS.has(lower)) {
      out.push(finding("CORS403", "exposeHeaders", header, `${header} is a CORS-safelisted response header: every page can read it already`, `remove ${JSON.stringify(header)}`));
    } else if (FORBIDDEN_RESPONSE_HEADERS.has(lower)) {
      out.push(finding("CORS404", "exposeHeaders", header, `${header} is a forbidden response header: no page can ever read it`, `remove ${JSON.stringify(header)}; send what the page needs in the body or another header`));
    }
  }
  return out;
}

// --- maxAge ---

function maxAgeFindings(maxAge: number): Finding[] {
  if (maxAge > CHROMIUM_MAX_AGE) {
    return [finding("CORS501", "maxAge", maxAge, `maxAge ${maxAge} is above what Chromium honours (${CHROMIUM_MAX_AGE} s); Firefox caps at 86400 s`, `use maxAge: ${CHROMIUM_MAX_AGE}`)];
  }
  if (maxAge < 0) {
    return [finding("CORS502", "maxAge", maxAge, `Access-Control-Max-Age: ${maxAge} is not a valid number of seconds: browsers ignore it and cache for their default (5 s)`, "use maxAge: 0 to disable preflight caching")];
  }
  return [];
}
