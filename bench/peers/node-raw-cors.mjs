// Raw node:http with the smallest hand-written CORS check that still gives the tutorial's answers
// (echo an allowed origin with credentials, reflect requested headers, answer preflights):
// the limit of what CORS can cost on node:http.
import { createServer } from "node:http";
import { ALL_METHODS, BODY, ORIGINS, isMain, listenAddress, stopOn } from "./tutorial.mjs";

const allowed = new Set(ORIGINS);
const methods = ALL_METHODS.join(", ");
const length = String(BODY.length);

export function handle(req, res) {
  const origin = req.headers.origin;
  if (origin === undefined) {
    res.writeHead(200, { "content-type": "application/json", "content-length": length });
    res.end(BODY);
    return;
  }
  const ok = allowed.has(origin);
  if (req.method === "OPTIONS" && req.headers["access-control-request-method"] !== undefined) {
    const h = { vary: "Origin", "access-control-allow-methods": methods, "access-control-max-age": "600", "access-control-allow-credentials": "true", "content-length": "0" };
    const requested = req.headers["access-control-request-headers"];
    if (requested !== undefined) h["access-control-allow-headers"] = requested;
    if (ok) h["access-control-allow-origin"] = origin;
    res.writeHead(ok ? 200 : 400, h);
    res.end();
    return;
  }
  const h = { "content-type": "application/json", "content-length": length, "access-control-allow-credentials": "true" };
  if (ok) {
    h["access-control-allow-origin"] = origin;
    h.vary = "Origin";
  }
  res.writeHead(200, h);
  res.end(BODY);
}

if (isMain(import.meta.url)) {
  const server = createServer(handle);
  const { host, port } = listenAddress();
  server.listen(port, host);
  stopOn(() => server.close());
}
