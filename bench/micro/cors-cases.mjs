// What @mono/cors's CORSMiddleware alone adds per request, in ns, for the four tutorial cases of issue 8:
// A GET without Origin, B GET from an allowed origin, C a preflight, D GET from a disallowed origin.
// The middleware (tutorial options) wraps a two-send ASGI app; the app alone is subtracted (median of paired
// batch differences, so drift of a shared machine hits both sides alike). For C the baseline is building the scope.
// Not part of `pnpm bench`; run `taskset -c 0 node bench/micro/cors-cases.mjs` after building @mono/cors.
import { CORSMiddleware } from "@mono/cors";
import { BODY, ORIGINS } from "../peers/tutorial.mjs";

const ALLOWED = "http://localhost:8080";
const CASES = {
  A: ["GET", []],
  B: ["GET", [["origin", ALLOWED]]],
  C: ["OPTIONS", [["origin", ALLOWED], ["access-control-request-method", "POST"], ["access-control-request-headers", "content-type,x-token"]]],
  D: ["GET", [["origin", "https://example.org"]]],
};
const scopeOf = (method, extra) => ({
  type: "http", asgi: { version: "3.0", spec_version: "2.5" }, http_version: "1.1", method, scheme: "http",
  path: "/", raw_path: "/", query_string: "", root_path: "", client: ["127.0.0.1", 50000], server: ["127.0.0.1", 8000],
  headers: [["host", "127.0.0.1:8000"], ["user-agent", "wrk"], ...extra], state: {},
});
const inner = async (scope, receive, send) => {
  await send({ type: "http.response.start", status: 200, headers: [["content-length", "25"], ["content-type", "application/json"]] });
  await send({ type: "http.response.body", body: BODY });
};
const mw = new CORSMiddleware(inner, { allowOrigins: ORIGINS, allowCredentials: true, allowMethods: ["*"], allowHeaders: ["*"] });
const receive = async () => ({ type: "http.request", body: new Uint8Array(0), more_body: false });
let started = 0;
const send = async (m) => { if (m.type === "http.response.start") started++; };

async function batchNs(fn, batch) {
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < batch; i++) await fn();
  return Number(process.hrtime.bigint() - t0) / batch;
}

async function delta(withCors, base, { batch = 10000, batches = 21, warm = 3 } = {}) {
  const diffs = [];
  for (let b = 0; b < warm + batches; b++) {
    const a = await batchNs(base, batch);
    const w = await batchNs(withCors, batch);
    if (b >= warm) diffs.push(w - a);
  }
  diffs.sort((x, y) => x - y);
  return diffs[diffs.length >> 1];
}

for (const [name, [method, extra]] of Object.entries(CASES)) {
  const base = name === "C" ? async () => void scopeOf(method, extra) : () => inner(scopeOf(method, extra), receive, send);
  const ns = await delta(() => mw.asgi(scopeOf(method, extra), receive, send), base);
  console.log(`${String(Math.round(ns)).padStart(8)} ns  ${name}`);
}
if (started === 0) throw new Error("nothing was sent");
