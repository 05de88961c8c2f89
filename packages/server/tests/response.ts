// A minimal raw ASGI response app, like uvicorn's tests/response.py (no framework: headers are ByteStrings).
import type { ASGIApp, Receive, Scope, Send } from "@mono/asgi";

export interface ResponseInit {
  status?: number;
  headers?: Record<string, string>;
  mediaType?: string;
}

/** `Response(content, status_code, headers, media_type)`: content-type and content-length filled in as uvicorn's test helper. */
export function response(content: string | Uint8Array, init: ResponseInit = {}): ASGIApp {
  const body = typeof content === "string" ? Buffer.from(content, "utf8") : content;
  const headers: Record<string, string> = { ...(init.headers ?? {}) };
  if (init.mediaType !== undefined && !("content-type" in headers)) {
    headers["content-type"] = init.mediaType.startsWith("text/") ? `${init.mediaType}; charset=utf-8` : init.mediaType;
  }
  if (!("content-length" in headers)) headers["content-length"] = String(body.length);
  return async (scope: Scope, _receive: Receive, send: Send) => {
    if (scope.type === "lifespan") return;
    await send({ type: "http.response.start", status: init.status ?? 200, headers: Object.entries(headers) });
    await send({ type: "http.response.body", body });
  };
}
