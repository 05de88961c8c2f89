/** @module Mirrors starlette/middleware/httpsredirect.py (Starlette 1.7.0): HTTPSRedirectMiddleware. */
import { PlainTextResponse, RedirectResponse, URL, type ASGIApp } from "@mono/asgi";

/** Redirects every `http`/`ws` request to `https`/`wss` with a 307 (the port dropped when it is 80 or 443). */
export class HTTPSRedirectMiddleware {
  readonly app: ASGIApp;

  constructor(app: ASGIApp) {
    this.app = app;
  }

  readonly asgi: ASGIApp = async (scope, receive, send) => {
    if ((scope.type !== "http" && scope.type !== "websocket") || (scope.scheme !== "http" && scope.scheme !== "ws")) {
      await this.app(scope, receive, send);
      return;
    }
    const url = new URL({ scope });
    if (url.netloc === "") {
      await new PlainTextResponse("Invalid host header", { status: 400 }).asgi(scope, receive, send);
      return;
    }
    const scheme = url.scheme === "http" ? "https" : "wss";
    const netloc = url.port === 80 || url.port === 443 ? (url.hostname ?? "") : url.netloc;
    await new RedirectResponse(url.replace({ scheme, netloc }).toString(), { status: 307 }).asgi(scope, receive, send);
  };
}
