// The CORS decision alone, in ns per call: each middleware with the tutorial's options is called in a loop
// with prebuilt requests and a do-nothing downstream; the cost of the downstream alone is subtracted
// (median of paired batch differences).
// Run by bench/run.mjs pinned to one CPU; prints one JSON line. `node bench/micro/cors-decision.mjs` works alone too.
import corsExpress from "cors";
import { ALL_METHODS, BODY, MESSAGE, ORIGINS } from "../peers/tutorial.mjs";
import { build as buildFastify } from "../peers/fastify-cors.mjs";
import { Context } from "hono";
import { cors as honoCors } from "hono/cors";
import { handle as rawCorsHandle } from "../peers/node-raw-cors.mjs";

const ALLOWED = "http://localhost:8080";
const PREFLIGHT = { origin: ALLOWED, "access-control-request-method": "POST", "access-control-request-headers": "content-type,x-token" };
const CASES = {
  preflight: { method: "OPTIONS", headers: PREFLIGHT },
  simple: { method: "GET", headers: { origin: ALLOWED } },
  noOrigin: { method: "GET", headers: {} },
};

/** ns/op of one batch of `fn`. */
async function batchNs(fn, batch, isAsync) {
  const t0 = process.hrtime.bigint();
  if (isAsync) for (let i = 0; i < batch; i++) await fn();
  else for (let i = 0; i < batch; i++) fn();
  return Number(process.hrtime.bigint() - t0) / batch;
}

/**
 * Extra ns/op of `withCors` over `base`: batches of the two alternate, and the median of the paired differences
 * is taken, so that drift of the shared machine hits both sides of each difference alike.
 */
async function delta(withCors, base, { batch = 5000, batches = 21, warm = 3, async: isAsync = false } = {}) {
  const diffs = [];
  for (let b = 0; b < warm + batches; b++) {
    const a = await batchNs(base, batch, isAsync);
    const w = await batchNs(withCors, batch, isAsync);
    if (b >= warm) diffs.push(w - a);
  }
  diffs.sort((x, y) => x - y);
  return diffs[diffs.length >> 1];
}

/** A bare stand-in for node's ServerResponse, enough for the middlewares that write to one. */
class FakeResponse {
  constructor() { this.headers = new Map(); this.statusCode = 200; this.ended = false; }
  setHeader(k, v) { this.headers.set(k.toLowerCase(), v); return this; }
  getHeader(k) { return this.headers.get(k.toLowerCase()); }
  removeHeader(k) { this.headers.delete(k.toLowerCase()); }
  writeHead(status, headers) { this.statusCode = status; if (headers) for (const k in headers) this.headers.set(k, headers[k]); return this; }
  end() { this.ended = true; }
}

const rows = [];
const notes = [];

// Hand-written check on node:http (peers/node-raw-cors.mjs), minus the same response written without CORS.
{
  const plain = (req, res) => { res.writeHead(200, { "content-type": "application/json", "content-length": "25" }); res.end(BODY); };
  const row = { name: "hand-written check (node-raw-cors)", how: "its handler on fake req/res, minus a handler without CORS" };
  for (const [k, c] of Object.entries(CASES)) {
    const req = { method: c.method, headers: c.headers };
    row[k] = await delta(() => rawCorsHandle(req, new FakeResponse()), () => plain(req, new FakeResponse()), { batch: 20000 });
  }
  rows.push(row);
}

// cors (express): a plain (req, res, next) function.
{
  const mw = corsExpress({ origin: ORIGINS, credentials: true, methods: ALL_METHODS });
  const row = { name: "cors 2 (express)", how: "the middleware on fake req/res, minus creating them" };
  for (const [k, c] of Object.entries(CASES)) {
    const next = () => {};
    row[k] = await delta(() => mw({ method: c.method, headers: c.headers }, new FakeResponse(), next), () => ({ req: { method: c.method, headers: c.headers }, res: new FakeResponse() }), { batch: 20000 });
  }
  rows.push(row);
}

// hono/cors: the middleware called with a hono Context, downstream setting c.res as hono's compose does.
{
  const mw = honoCors({ origin: ORIGINS, credentials: true, allowMethods: ALL_METHODS });
  const row = { name: "hono/cors 4", how: "the middleware on a hono Context, minus building the Context and the downstream response" };
  for (const [k, c] of Object.entries(CASES)) {
    const make = () => new Context(new Request("http://127.0.0.1/", { method: c.method, headers: c.headers }));
    const run = async () => {
      const ctx = make();
      const res = await mw(ctx, async () => { ctx.res = ctx.json(MESSAGE); });
      if (res) ctx.res = res;
    };
    // A preflight never reaches downstream: there the baseline is the Context alone.
    const base = k === "preflight" ? async () => void make() : async () => { const ctx = make(); ctx.res = ctx.json(MESSAGE); };
    row[k] = await delta(run, base, { async: true, batch: 1000 });
  }
  rows.push(row);
}

// @fastify/cors: its hooks cannot be called alone, so app.inject() with the plugin minus without it.
{
  const withCors = await buildFastify(true);
  const without = await buildFastify(false);
  await withCors.ready();
  await without.ready();
  const row = { name: "@fastify/cors 11", how: "fastify.inject() with the plugin minus without; NOT a clean isolation (light-my-request takes other paths once hooks exist, so this over-states it); a preflight has no counterpart without it" };
  for (const [k, c] of Object.entries(CASES)) {
    const opts = { method: c.method, url: "/", headers: c.headers };
    // Without the plugin fastify has no OPTIONS route to compare a preflight with: only GETs are isolated.
    row[k] = k === "preflight" ? null : await delta(() => withCors.inject(opts), () => without.inject(opts), { async: true, batch: 300 });
  }
  rows.push(row);
}

// Ours: @mono/cors CORSMiddleware around a do-nothing ASGI app, minus the app alone.
try {
  const { CORSMiddleware } = await import("@mono/cors");
  if (typeof CORSMiddleware !== "function") throw new Error("@mono/cors exports no CORSMiddleware yet");
  const inner = async (scope, receive, send) => {
    await send({ type: "http.response.start", status: 200, headers: [["content-type", "application/json"], ["content-length", "25"]] });
    await send({ type: "http.response.body", body: BODY });
  };
  const mw = new CORSMiddleware(inner, {
    allowOrigins: ORIGINS,
    allowCredentials: true,
    allowMethods: ["*"],
    allowHeaders: ["*"],
  });
  const receive = async () => ({ type: "http.request", body: new Uint8Array(0), more_body: false });
  const send = async () => {};
  const scopeOf = (c) => ({
    type: "http", asgi: { version: "3.0", spec_version: "2.5" }, http_version: "1.1", method: c.method, scheme: "http",
    path: "/", raw_path: "/", query_string: "", root_path: "", client: ["127.0.0.1", 50000], server: ["127.0.0.1", 8000],
    headers: [["host", "127.0.0.1:8000"], ...Object.entries(c.headers)],
  });
  const row = { name: "**@mono/cors CORSMiddleware (ours)**", how: "middleware.asgi(scope, receive, send) minus the inner app alone" };
  for (const [k, c] of Object.entries(CASES)) {
    // A preflight never reaches the inner app: there the baseline is building the scope and one await.
    const baseline = k === "preflight" ? async () => void scopeOf(c) : () => inner(scopeOf(c), receive, send);
    row[k] = await delta(() => mw.asgi(scopeOf(c), receive, send), baseline, { async: true, batch: 20000 });
  }
  rows.push(row);
} catch (e) {
  notes.push(`@mono/cors not measured: ${String(e?.message ?? e).split("\n")[0]}`);
}

console.log(JSON.stringify({ rows, note: notes.join(" ") || undefined }));
