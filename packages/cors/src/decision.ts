/** @module The decisions CORSMiddleware (starlette/middleware/cors.py) takes on one request, spelled out check by check with the option that decided each; what `explain` shows and `onDecision` receives. */

import type { Headers, HTTPScope, RawHeaders } from "@mono/asgi";

import type { CORSMiddleware } from "./cors.js";
import { browserOrigin } from "./fetch.js";

/** The three ways through `CORSMiddleware.__call__`. */
export type MiddlewarePath = "no-origin" | "preflight" | "simple";

/** One check the middleware makes. */
export interface Check {
  readonly name: "origin" | "method" | "headers" | "private-network";
  /** The request value checked (`Origin`, `Access-Control-Request-Method`, ...), null when absent. */
  readonly input: string | null;
  /** `skip`: the request did not ask, so nothing was checked. */
  readonly result: "pass" | "fail" | "skip";
  /** Why, naming the option and the header it leads to. */
  readonly reason: string;
}

/** Which path the middleware took on a request, and the checks along it. */
export interface Decision {
  readonly path: MiddlewarePath;
  readonly pathReason: string;
  readonly checks: readonly Check[];
}

/**
 * What the checks read from the middleware: the attributes Starlette's `__init__` sets, and the predicates
 * `preflightResponse` and `send` decide with. Every result here comes from those predicates; this module only
 * writes the reasons, so an explanation cannot disagree with the response.
 */
export type CORSPolicy = Pick<
  CORSMiddleware,
  | "allowOrigins"
  | "allowMethods"
  | "allowHeaders"
  | "allowAllOrigins"
  | "allowAllHeaders"
  | "allowCredentials"
  | "allowOriginRegex"
  | "allowPrivateNetwork"
  | "preflightExplicitAllowOrigin"
  | "isAllowedOrigin"
  | "isAllowedMethod"
  | "firstDisallowedHeader"
>;

const list = (items: readonly string[]): string => `[${items.map((i) => JSON.stringify(i)).join(", ")}]`;

/** The path `CORSMiddleware.asgi` takes, with the checks it makes there (the same ladder, read not run). */
export function decide(policy: CORSPolicy, method: string, headers: Headers): Decision {
  const origin = headers.get("origin");
  if (origin === undefined) {
    return {
      path: "no-origin",
      pathReason: "no Origin header: the app answers and CORSMiddleware only appends Vary: Origin",
      checks: [],
    };
  }
  const requestedMethod = headers.get("access-control-request-method");
  if (method === "OPTIONS" && requestedMethod !== undefined) {
    return {
      path: "preflight",
      pathReason: "Origin, method OPTIONS and Access-Control-Request-Method: a preflight, answered by CORSMiddleware without calling the app",
      checks: preflightChecks(policy, origin, requestedMethod, headers),
    };
  }
  const notPreflight = method === "OPTIONS" ? "OPTIONS without Access-Control-Request-Method" : `method ${method}`;
  return {
    path: "simple",
    pathReason: `Origin and ${notPreflight}: the app answers and CORSMiddleware adds CORS headers to its response`,
    checks: [simpleOriginCheck(policy, origin)],
  };
}

function preflightChecks(policy: CORSPolicy, origin: string, requestedMethod: string, headers: Headers): Check[] {
  const origins = originCheck(policy, origin);
  const effect = policy.preflightExplicitAllowOrigin ? `Access-Control-Allow-Origin: ${origin}` : "Access-Control-Allow-Origin: *";
  return [
    origins.result === "pass" ? { ...origins, reason: `${origins.reason}: ${effect}` } : origins,
    methodCheck(policy, requestedMethod),
    headersCheck(policy, headers.get("access-control-request-headers")),
    privateNetworkCheck(policy, headers.get("access-control-request-private-network")),
  ];
}

function originCheck(policy: CORSPolicy, origin: string): Check {
  const regex = policy.allowOriginRegex;
  if (policy.isAllowedOrigin(origin)) {
    // Which of isAllowedOrigin's tests let it through, asked in its order.
    let reason = "listed in allowOrigins";
    if (policy.allowAllOrigins) reason = 'allowOrigins contains "*"';
    else if (regex !== null && regex.fullmatch(origin)) reason = `fullmatches allowOriginRegex ${JSON.stringify(regex.pattern)}`;
    return { name: "origin", input: origin, result: "pass", reason };
  }
  let reason = `not in allowOrigins ${list(policy.allowOrigins)}`;
  reason += regex === null ? " and no allowOriginRegex" : ` and does not fullmatch allowOriginRegex ${JSON.stringify(regex.pattern)}`;
  const nearMiss = policy.allowOrigins.find((o) => o !== origin && browserOrigin(o.trim()) === origin);
  if (nearMiss !== undefined) reason += ` (allowOrigins has ${JSON.stringify(nearMiss)}, but browsers send ${JSON.stringify(origin)})`;
  return { name: "origin", input: origin, result: "fail", reason };
}

function simpleOriginCheck(policy: CORSPolicy, origin: string): Check {
  if (policy.allowAllOrigins && policy.allowCredentials) {
    return { name: "origin", input: origin, result: "pass", reason: `allowOrigins contains "*" and allowCredentials: the origin is echoed, Access-Control-Allow-Origin: ${origin}` };
  }
  if (policy.allowAllOrigins) {
    return { name: "origin", input: origin, result: "pass", reason: 'allowOrigins contains "*": Access-Control-Allow-Origin: *' };
  }
  const check = originCheck(policy, origin);
  if (check.result === "pass") return { ...check, reason: `${check.reason}: Access-Control-Allow-Origin: ${origin}` };
  return { ...check, reason: `${check.reason}: no Access-Control-Allow-Origin (the response still goes out, with Vary: Origin)` };
}

function methodCheck(policy: CORSPolicy, requestedMethod: string): Check {
  if (policy.isAllowedMethod(requestedMethod)) {
    return { name: "method", input: requestedMethod, result: "pass", reason: `in allowMethods ${list(policy.allowMethods)}` };
  }
  let reason = `not in allowMethods ${list(policy.allowMethods)} (compared case-sensitively)`;
  const other = policy.allowMethods.find((m) => m.toUpperCase() === requestedMethod.toUpperCase());
  if (other !== undefined) reason += `; allowMethods has ${JSON.stringify(other)}, which differs in case`;
  return { name: "method", input: requestedMethod, result: "fail", reason };
}

function headersCheck(policy: CORSPolicy, requestedHeaders: string | undefined): Check {
  if (requestedHeaders === undefined) {
    return { name: "headers", input: null, result: "skip", reason: "no Access-Control-Request-Headers" };
  }
  if (policy.allowAllHeaders) {
    return { name: "headers", input: requestedHeaders, result: "pass", reason: 'allowHeaders contains "*": Access-Control-Allow-Headers mirrors the request' };
  }
  const refused = policy.firstDisallowedHeader(requestedHeaders);
  if (refused !== null) {
    return {
      name: "headers",
      input: requestedHeaders,
      result: "fail",
      reason: `${JSON.stringify(refused)} is not in allowHeaders plus the safelisted ${list(policy.allowHeaders)}`,
    };
  }
  return { name: "headers", input: requestedHeaders, result: "pass", reason: `every name is in allowHeaders plus the safelisted ${list(policy.allowHeaders)}` };
}

function privateNetworkCheck(policy: CORSPolicy, requested: string | undefined): Check {
  if (requested === undefined) {
    return { name: "private-network", input: null, result: "skip", reason: "no Access-Control-Request-Private-Network" };
  }
  return policy.allowPrivateNetwork
    ? { name: "private-network", input: requested, result: "pass", reason: "allowPrivateNetwork: Access-Control-Allow-Private-Network: true" }
    : { name: "private-network", input: requested, result: "fail", reason: "allowPrivateNetwork is false (any value of the request header counts as asking)" };
}

/** What `onDecision` receives for each preflight the middleware refuses (its 400 answer). */
export interface RejectedPreflight {
  /** The scope's path. */
  readonly path: string;
  readonly origin: string;
  readonly requestedMethod: string;
  readonly requestedHeaders: string | null;
  readonly requestedPrivateNetwork: string | null;
  /** Every check, passed or not, in the middleware's order. */
  readonly checks: readonly Check[];
  /** As in the body `Disallowed CORS origin, method`: `origin`, `method`, `headers`, `private-network`. */
  readonly failures: readonly Check["name"][];
  readonly status: number;
  /** The response headers exactly as sent. */
  readonly headers: RawHeaders;
  /** One line for a log. */
  readonly summary: string;
}

/** The explanation of a preflight the middleware answered with `status`/`responseHeaders`. */
export function rejectedPreflight(policy: CORSPolicy, scope: HTTPScope, headers: Headers, status: number, responseHeaders: RawHeaders): RejectedPreflight {
  const decision = decide(policy, scope.method, headers);
  const failed = decision.checks.filter((c) => c.result === "fail");
  const origin = headers.get("origin") ?? "";
  const requestedMethod = headers.get("access-control-request-method") ?? "";
  const why = failed.map((c) => `${c.name} ${JSON.stringify(c.input)}: ${c.reason}`).join("; ");
  return {
    path: scope.path,
    origin,
    requestedMethod,
    requestedHeaders: headers.get("access-control-request-headers") ?? null,
    requestedPrivateNetwork: headers.get("access-control-request-private-network") ?? null,
    checks: decision.checks,
    failures: failed.map((c) => c.name),
    status,
    headers: responseHeaders.map(([n, v]) => [n, v]),
    summary: `CORS preflight refused (${status}): ${requestedMethod} ${scope.path} from ${origin}: ${why}`,
  };
}
