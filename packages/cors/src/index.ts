/** @module The public face of @mono/cors: Starlette 1.7.0's CORSMiddleware, byte for byte, and the tools that explain it (explain, lint, the Fetch-standard browser model). */
export { ALL_METHODS, CORSMiddleware, SAFELISTED_HEADERS } from "./cors.js";
export { parseCORSOptions } from "./options.js";
export type { CORSOptions, ParsedCORSOptions } from "./options.js";
export { PatternError, compile, fromRegExp } from "./re.js";
export type { CompiledPattern } from "./re.js";

export { explain } from "./explain.js";
export type { Exchange, ExplainRequest, Explanation, Judged, Verdict } from "./explain.js";
export { CHROMIUM_MAX_AGE, LINT_RULES, lint } from "./lint.js";
export type { Finding, LintCode, LintRule, Severity } from "./lint.js";
export { decide, rejectedPreflight } from "./decision.js";
export type { CORSPolicy, Check, Decision, MiddlewarePath, RejectedPreflight } from "./decision.js";
export { formatExplanation, formatFindings } from "./report.js";
export {
  CORS_SAFELISTED_METHODS,
  CORS_SAFELISTED_RESPONSE_HEADERS,
  FORBIDDEN_METHODS,
  FORBIDDEN_REQUEST_HEADERS,
  FORBIDDEN_RESPONSE_HEADERS,
  browserOrigin,
  corsCheck,
  corsUnsafeRequestHeaderNames,
  isCORSSafelistedRequestHeader,
  isForbiddenRequestHeader,
  normalizeMethod,
  preflightChecks,
  preflightNeeded,
  readableHeaders,
  ruling,
} from "./fetch.js";
export type { CORSRequest, CredentialsMode, PreflightRequest, Ruling } from "./fetch.js";
