/** @module Mirrors starlette/middleware/trustedhost.py (Starlette 1.7.0): TrustedHostMiddleware. */
import { Headers, PlainTextResponse, RedirectResponse, URL, parseHostHeader, type ASGIApp, type Response } from "@mono/asgi";
import { z } from "zod";
import { parseMiddlewareOptions } from "./options.js";

const ENFORCE_DOMAIN_WILDCARD = "Domain wildcard patterns must be like '*.example.com'.";

/** Options of TrustedHostMiddleware: Starlette's keyword arguments. */
export interface TrustedHostMiddlewareOptions {
  /** Host names served; `*.example.com` takes every subdomain, `*` any host. @default ["*"] */
  allowedHosts?: readonly string[] | null;
  /** A request to `example.com` when only `www.example.com` is allowed is redirected there. @default true */
  wwwRedirect?: boolean;
}

const optionsSchema = z.strictObject({
  allowedHosts: z.array(z.string()).readonly().nullable().default(null),
  wwwRedirect: z.boolean().default(true),
});

/** Answers 400 "Invalid host header" to a request whose Host is not allowed (Starlette's TrustedHostMiddleware). */
export class TrustedHostMiddleware {
  readonly app: ASGIApp;
  readonly allowedHosts: readonly string[];
  readonly allowAny: boolean;
  readonly wwwRedirect: boolean;

  constructor(app: ASGIApp, options: TrustedHostMiddlewareOptions = {}) {
    const parsed = parseMiddlewareOptions("TrustedHostMiddleware", optionsSchema, options);
    const allowedHosts = parsed.allowedHosts ?? ["*"];
    for (const pattern of allowedHosts) {
      if (pattern.slice(1).includes("*")) throw new TypeError(`TrustedHostMiddleware: allowedHosts: ${ENFORCE_DOMAIN_WILDCARD}`);
      if (pattern.startsWith("*") && pattern !== "*" && !pattern.startsWith("*.")) {
        throw new TypeError(`TrustedHostMiddleware: allowedHosts: ${ENFORCE_DOMAIN_WILDCARD}`);
      }
    }
    this.app = app;
    this.allowedHosts = [...allowedHosts];
    this.allowAny = allowedHosts.includes("*");
    this.wwwRedirect = parsed.wwwRedirect;
  }

  readonly asgi: ASGIApp = async (scope, receive, send) => {
    if (this.allowAny || (scope.type !== "http" && scope.type !== "websocket")) {
      await this.app(scope, receive, send);
      return;
    }
    const parsedHost = parseHostHeader(new Headers({ scope }).get("host"));
    if (parsedHost === null) {
      await new PlainTextResponse("Invalid host header", { status: 400 }).asgi(scope, receive, send);
      return;
    }
    const host = parsedHost.host;
    let isValidHost = false;
    let foundWwwRedirect = false;
    for (const pattern of this.allowedHosts) {
      if (host === pattern || (pattern.startsWith("*") && host.endsWith(pattern.slice(1)))) {
        isValidHost = true;
        break;
      } else if ("www." + host === pattern) {
        foundWwwRedirect = true;
      }
    }
    if (isValidHost) {
      await this.app(scope, receive, send);
      return;
    }
    let response: Response;
    if (foundWwwRedirect && this.wwwRedirect) {
      const url = new URL({ scope });
      response = new RedirectResponse(url.replace({ netloc: "www." + url.netloc }).toString());
    } else {
      response = new PlainTextResponse("Invalid host header", { status: 400 });
    }
    await response.asgi(scope, receive, send);
  };
}
