// What each layer of our stack costs per request, without sockets: the tutorial's GET / pushed through
// a bare ASGI function, a JSONResponse, Starlette (framework's) with one Route, the FastAPI-like App, and
// the App with CORSMiddleware, all with a do-nothing send. Prints a table of ns per request (median of
// batches). Not part of `pnpm bench`; run `taskset -c 0 node bench/micro/stack-layers.mjs` to see where time goes.
// `--cpu` times each batch by the process's CPU time instead of the wall clock: steadier on a shared, loaded machine.
import { JSONResponse } from "@mono/asgi";
import { Route, Starlette } from "@mono/framework";
import { BODY, MESSAGE } from "../peers/tutorial.mjs";
import { tutorialApp } from "../peers/mono-app.mjs";

const ALLOWED = "http://localhost:8080";
const REQUESTS = {
  A: [],
  B: [["origin", ALLOWED]],
  C: [["origin", ALLOWED], ["access-control-request-method", "POST"], ["access-control-request-headers", "content-type,x-token"]],
  D: [["origin", "https://example.org"]],
};
const scopeOf = (method, extra) => ({
  type: "http", asgi: { version: "3.0", spec_version: "2.5" }, http_version: "1.1", method, scheme: "http",
  path: "/", raw_path: "/", query_string: "", root_path: "", client: ["127.0.0.1", 50000], server: ["127.0.0.1", 8000],
  headers: [["host", "127.0.0.1:8000"], ["user-agent", "wrk"], ...extra], state: {},
});
const receive = async () => ({ type: "http.request", body: new Uint8Array(0), more_body: false });
let sent = 0;
const send = async (m) => { if (m.type === "http.response.body") sent++; };

const CPU = process.argv.includes("--cpu");
/** Nanoseconds since some start: wall clock, or with --cpu the user + system CPU time of this process. */
const clock = CPU
  ? () => { const { user, system } = process.cpuUsage(); return (user + system) * 1000; }
  : () => Number(process.hrtime.bigint());

async function perRequest(app, method, extra, { batch = 5000, batches = 15 } = {}) {
  const times = [];
  for (let b = 0; b < batches + 3; b++) {
    const t0 = clock();
    for (let i = 0; i < batch; i++) await app(scopeOf(method, extra), receive, send);
    if (b >= 3) times.push((clock() - t0) / batch);
  }
  times.sort((a, b) => a - b);
  return times[times.length >> 1];
}

const hello = async (scope, receive, send) => {
  await send({ type: "http.response.start", status: 200, headers: [["content-type", "application/json"], ["content-length", "25"]] });
  await send({ type: "http.response.body", body: BODY });
};
const jsonResponse = (scope, receive, send) => new JSONResponse(MESSAGE).asgi(scope, receive, send);
const starlette = new Starlette({ routes: [new Route("/", async () => new JSONResponse(MESSAGE))] });
const bare = tutorialApp({ cors: false });
const full = tutorialApp({ cors: true });

const rows = [
  ["bare ASGI hello (a function, two sends)", "GET", "A", hello],
  ["new JSONResponse(...).asgi", "GET", "A", jsonResponse],
  ["Starlette + Route returning JSONResponse", "GET", "A", starlette.asgi],
  ["App (FastAPI-like), no CORS", "GET", "A", bare.asgi],
  ["App + CORSMiddleware, A no Origin", "GET", "A", full.asgi],
  ["App + CORSMiddleware, B allowed origin", "GET", "B", full.asgi],
  ["App + CORSMiddleware, C preflight", "OPTIONS", "C", full.asgi],
  ["App + CORSMiddleware, D disallowed origin", "GET", "D", full.asgi],
];
for (const [name, method, key, app] of rows) {
  const ns = await perRequest(app, method, REQUESTS[key]);
  console.log(`${String(Math.round(ns)).padStart(8)} ns  ${name}`);
}
if (sent === 0) throw new Error("no response body was sent: the apps did not answer");
