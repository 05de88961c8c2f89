#!/usr/bin/env node
// The benchmark: every server pinned to CPU 0, wrk pinned to CPU 1, keep-alive on 127.0.0.1,
// warm-up, then interleaved rounds so machine drift hits every server alike. Writes bench/RESULTS.md.
//
//   pnpm bench                                   (root: builds, then runs this)
//   node bench/run.mjs --duration 3 --rounds 1 --servers node-raw,mono-tutorial --scenarios A,B
//
// Options: --duration S (per measurement, 4)  --rounds N (4)  --warmup S (per server and scenario, 2)
//          --connections N (64)  --servers a,b  --scenarios A,B,C,D  --soak S (RSS soak of ours, 60; 0 = off)
//          --no-micro  --out FILE  --list
//          --baseline DIR  (also run DIR's own tutorial, hello and tutorial-without-CORS servers in the same rounds:
//                           DIR is another checkout, installed and built, e.g. of the commit RESULTS.md measured:
//                           git worktree add ../mono-base <commit> && cd ../mono-base && npx pnpm@12.4.2 install && npx pnpm@12.4.2 build)
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, realpathSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { createServer } from "node:net";
import { cpus, tmpdir, release } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { setTimeout as sleep } from "node:timers/promises";
import { ORIGINS } from "./peers/tutorial.mjs";
import { renderResults } from "./report.mjs";

const BENCH = dirname(fileURLToPath(import.meta.url));
const PEERS = join(BENCH, "peers");
const VENV = join(BENCH, ".venv");
const PY = join(VENV, "bin", "python");
const SERVER_CPU = "0";
const LOADGEN_CPU = "1";
const CLK_TCK = 100;
const MIN_SERVER_CPU = 0.85;

// ---------------------------------------------------------------------------------------------
// Options

function parseArgs(argv) {
  const o = { duration: 4, rounds: 4, warmup: 2, connections: 64, soak: 60, micro: true, servers: null, scenarios: null, out: null, list: false, baseline: null };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split("=", 2);
    const value = () => inline ?? argv[++i];
    switch (flag) {
      case "--duration": o.duration = Number(value()); break;
      case "--rounds": o.rounds = Number(value()); break;
      case "--warmup": o.warmup = Number(value()); break;
      case "--connections": o.connections = Number(value()); break;
      case "--soak": o.soak = Number(value()); break;
      case "--servers": o.servers = value().split(",").filter(Boolean); break;
      case "--scenarios": o.scenarios = value().toUpperCase().split(",").filter(Boolean); break;
      case "--out": o.out = resolve(value()); break;
      case "--no-micro": o.micro = false; break;
      case "--list": o.list = true; break;
      case "--baseline": o.baseline = resolve(value()); break;
      case "--help": case "-h": console.log(readFileSync(fileURLToPath(import.meta.url), "utf8").split("\nimport ")[0]); process.exit(0);
      default: throw new Error(`unknown option ${argv[i]} (see --help)`);
    }
  }
  for (const k of ["duration", "rounds", "warmup", "connections", "soak"]) {
    if (!Number.isFinite(o[k]) || o[k] < 0) throw new Error(`--${k} expects a non-negative number`);
  }
  if (o.rounds < 1 || o.duration < 1) throw new Error("--rounds and --duration must be at least 1");
  return o;
}

// ---------------------------------------------------------------------------------------------
// Servers and scenarios

const node = (file) => (port) => [process.execPath, join(PEERS, file), String(port)];
const uvicorn = (target) => (port) => [
  PY, "-m", "uvicorn", target, "--app-dir", PEERS, "--host", "127.0.0.1", "--port", String(port),
  "--loop", "uvloop", "--http", "httptools", "--no-access-log", "--log-level", "warning",
];

/** Every server of the benchmark; `cors` says whether it must pass the CORS check. */
export const SERVERS = [
  { id: "node-raw", label: "raw node:http (no CORS)", cors: false, cmd: node("node-raw.mjs") },
  { id: "node-raw-cors", label: "raw node:http + hand-written CORS", cors: true, cmd: node("node-raw-cors.mjs") },
  { id: "fastify", label: "fastify 5 + @fastify/cors", cors: true, cmd: node("fastify-cors.mjs") },
  { id: "hono", label: "hono 4 + hono/cors (@hono/node-server)", cors: true, cmd: node("hono-cors.mjs") },
  { id: "express", label: "express 5 + cors", cors: true, cmd: node("express-cors.mjs") },
  { id: "fastapi", label: "FastAPI tutorial on uvicorn (httptools, uvloop)", cors: true, python: true, cmd: uvicorn("fastapi_tutorial:app") },
  { id: "starlette", label: "Starlette + CORSMiddleware on uvicorn", cors: true, python: true, cmd: uvicorn("starlette_cors:app") },
  { id: "mono-tutorial", label: "ours: tutorial on @mono/server + framework + cors", cors: true, ours: true, cmd: node("mono-tutorial.mjs") },
  { id: "mono-hello", label: "ours: bare ASGI hello world on @mono/server", cors: false, ours: true, cmd: node("mono-hello.mjs") },
  { id: "mono-tutorial-nocors", label: "ours: tutorial without CORS", cors: false, ours: true, cmd: node("mono-tutorial-nocors.mjs") },
];

/** The servers of another checkout (`--baseline DIR`), measured beside ours in the same rounds. */
export function baselineServers(dir) {
  const head = spawnSync("git", ["-C", dir, "rev-parse", "--short", "HEAD"], { encoding: "utf8" }).stdout?.trim() || "?";
  const peer = (file) => (port) => [process.execPath, join(dir, "bench", "peers", file), String(port)];
  return [
    { id: "base-tutorial", label: `baseline ${head}: tutorial on @mono/server + framework + cors`, cors: true, cmd: peer("mono-tutorial.mjs") },
    { id: "base-hello", label: `baseline ${head}: bare ASGI hello world`, cors: false, cmd: peer("mono-hello.mjs") },
    { id: "base-tutorial-nocors", label: `baseline ${head}: tutorial without CORS`, cors: false, cmd: peer("mono-tutorial-nocors.mjs") },
  ];
}

const ALLOWED = "http://localhost:8080";
const DISALLOWED = "https://example.org";

/** The four requests, as sent by the check and by wrk. */
export const SCENARIOS = {
  A: { title: "GET / without Origin", method: "GET", headers: {} },
  B: { title: "GET / from an allowed origin", method: "GET", headers: { Origin: ALLOWED } },
  C: {
    title: "preflight (OPTIONS, allowed origin)",
    method: "OPTIONS",
    headers: { Origin: ALLOWED, "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type,x-token" },
  },
  D: { title: "GET / from a disallowed origin", method: "GET", headers: { Origin: DISALLOWED } },
};

// ---------------------------------------------------------------------------------------------
// Processes

const running = new Set();

function freePort() {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once("error", fail);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
  });
}

function httpGet(port, method, headers, timeoutMs = 2000) {
  return new Promise((ok, fail) => {
    const req = request({ host: "127.0.0.1", port, method, path: "/", headers, agent: false, timeout: timeoutMs }, (res) => {
      const chunks = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => ok({ status: res.statusCode, rawHeaders: res.rawHeaders, body: Buffer.concat(chunks).toString("latin1") }));
      res.on("error", fail);
    });
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.on("error", fail);
    req.end();
  });
}

async function startServer(spec) {
  const port = await freePort();
  const argv = spec.cmd(port);
  const child = spawn("taskset", ["-c", SERVER_CPU, ...argv], { cwd: BENCH, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, NODE_ENV: "production" } });
  let log = "";
  const keep = (d) => { log = (log + d).slice(-4000); };
  child.stdout.on("data", keep);
  child.stderr.on("data", keep);
  let exited = null;
  const exit = new Promise((ok) => child.once("exit", (code, sig) => { exited = { code, sig }; running.delete(child); ok(); }));
  running.add(child);
  const handle = { spec, port, pid: child.pid, child, exit, log: () => log };
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (exited) throw new Error(`${spec.id} exited (${exited.code ?? exited.sig}) before answering:\n${log}`);
    try {
      const r = await httpGet(port, "GET", {}, 500);
      if (r.status === 200) return handle;
    } catch {}
    if (Date.now() > deadline) {
      await stopServer(handle);
      throw new Error(`${spec.id} did not answer GET / within 30 s:\n${log}`);
    }
    await sleep(100);
  }
}

async function stopServer(handle) {
  if (handle.child.exitCode !== null || handle.child.signalCode !== null) return;
  handle.child.kill("SIGTERM");
  const timer = setTimeout(() => handle.child.kill("SIGKILL"), 3000);
  await handle.exit;
  clearTimeout(timer);
}

function stopAll() {
  for (const child of running) child.kill("SIGKILL");
}
process.on("exit", stopAll);
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => { stopAll(); process.exit(130); });

/** utime+stime of a process (all its threads) in seconds. */
function cpuSeconds(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(f[11]) + Number(f[12])) / CLK_TCK;
  } catch {
    return NaN;
  }
}

/** VmRSS and VmHWM (peak) of a process, in MiB. */
function memory(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kib = (key) => Number(status.match(new RegExp(`^${key}:\\s+(\\d+)`, "m"))?.[1] ?? NaN);
    return { rss: kib("VmRSS") / 1024, hwm: kib("VmHWM") / 1024 };
  } catch {
    return { rss: NaN, hwm: NaN };
  }
}

// ---------------------------------------------------------------------------------------------
// wrk

const luaString = (s) => JSON.stringify(s);

/** done() prints one JSON line, including wrk's own CPU time read from /proc/self/stat. */
const LUA_DONE = `
function done(summary, latency, requests)
  local f = io.open("/proc/self/stat", "r")
  local stat = f:read("*a")
  f:close()
  local rest = stat:match("%) (.*)")
  local fields = {}
  for w in rest:gmatch("%S+") do fields[#fields + 1] = w end
  local e = summary.errors
  io.write(string.format('WRKJSON {"requests":%.0f,"duration_us":%.0f,"bytes":%.0f,"connect":%.0f,"read":%.0f,"write":%.0f,"status":%.0f,"timeout":%.0f,"p50":%.0f,"p90":%.0f,"p99":%.0f,"max":%.0f,"cpu_ticks":%.0f}\\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    tonumber(fields[12]) + tonumber(fields[13])))
end
`;

function scenarioScript(dir, key) {
  const s = SCENARIOS[key];
  const lines = [`wrk.method = ${luaString(s.method)}`];
  for (const [k, v] of Object.entries(s.headers)) lines.push(`wrk.headers[${luaString(k)}] = ${luaString(v)}`);
  const path = join(dir, `scenario-${key}.lua`);
  writeFileSync(path, lines.join("\n") + "\n" + LUA_DONE);
  return path;
}

/** A mix of all four scenarios, request after request: the load of the RSS soak. */
function mixScript(dir) {
  const reqs = Object.values(SCENARIOS).map((s) => {
    const hs = Object.entries(s.headers).map(([k, v]) => `[${luaString(k)}] = ${luaString(v)}`);
    return `  reqs[#reqs + 1] = wrk.format(${luaString(s.method)}, "/", { ["Host"] = wrk.headers["Host"]${hs.map((h) => ", " + h).join("")} })`;
  });
  const path = join(dir, "mix.lua");
  writeFileSync(path, `local reqs = {}\nlocal i = 0\nfunction init(args)\n${reqs.join("\n")}\nend\nfunction request()\n  i = i % #reqs + 1\n  return reqs[i]\nend\n${LUA_DONE}`);
  return path;
}

function runWrk(port, script, seconds, connections) {
  return new Promise((ok, fail) => {
    const args = ["-c", LOADGEN_CPU, "wrk", "-t1", `-c${connections}`, `-d${seconds}s`, "--timeout", "5s", "-s", script, `http://127.0.0.1:${port}/`];
    const child = spawn("taskset", args, { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    child.on("error", fail);
    child.on("exit", (code) => {
      const line = out.split("\n").find((l) => l.startsWith("WRKJSON "));
      if (code !== 0 || !line) return fail(new Error(`wrk failed (${code}):\n${out}`));
      const r = JSON.parse(line.slice(8));
      r.rps = r.requests / (r.duration_us / 1e6);
      r.errors = r.connect + r.read + r.write + r.status + r.timeout;
      r.cpu = r.cpu_ticks / CLK_TCK / (r.duration_us / 1e6);
      const non2xx = out.match(/Non-2xx or 3xx responses: (\d+)/);
      r.non2xx = non2xx ? Number(non2xx[1]) : 0;
      ok(r);
    });
  });
}

/** One timed run: wrk's numbers plus the server's CPU over the same span. */
async function measure(handle, script, seconds, connections) {
  const before = cpuSeconds(handle.pid);
  const t0 = process.hrtime.bigint();
  const r = await runWrk(handle.port, script, seconds, connections);
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  r.serverCpu = (cpuSeconds(handle.pid) - before) / wall;
  return r;
}

// ---------------------------------------------------------------------------------------------
// The CORS check: before anything is timed, every CORS-capable server must really do CORS.

function header(rawHeaders, name) {
  const values = [];
  for (let i = 0; i < rawHeaders.length; i += 2) if (rawHeaders[i].toLowerCase() === name) values.push(rawHeaders[i + 1]);
  return values.length ? values.join(", ") : undefined;
}
const tokens = (v) => (v ?? "").toLowerCase().split(",").map((t) => t.trim()).filter(Boolean);
const HELLO = '{"message":"Hello World"}';

function checkScenario(spec, key, r) {
  const problems = [];
  const acao = header(r.rawHeaders, "access-control-allow-origin");
  // Every server answers the tutorial's GET /; a preflight is only judged where CORS is on.
  if (key !== "C") {
    if (r.status !== 200) problems.push(`status ${r.status}, expected 200`);
    if (r.body !== HELLO) problems.push(`body ${JSON.stringify(r.body.slice(0, 80))}, expected ${HELLO}`);
  }
  if (!spec.cors) {
    if (acao !== undefined) problems.push(`sends access-control-allow-origin (${acao}) but is listed as having no CORS`);
    return problems;
  }
  const acac = header(r.rawHeaders, "access-control-allow-credentials");
  if (key === "A" && acao !== undefined) problems.push(`access-control-allow-origin ${acao} without an Origin`);
  if (key === "B" || key === "C") {
    if (acao !== ALLOWED) problems.push(`access-control-allow-origin ${acao}, expected ${ALLOWED}`);
    if (acac !== "true") problems.push(`access-control-allow-credentials ${acac}, expected true`);
  }
  if (key === "B" && !tokens(header(r.rawHeaders, "vary")).includes("origin")) problems.push("no Vary: Origin");
  if (key === "C") {
    if (r.status !== 200 && r.status !== 204) problems.push(`preflight status ${r.status}`);
    const methods = tokens(header(r.rawHeaders, "access-control-allow-methods"));
    if (!methods.includes("post")) problems.push(`access-control-allow-methods ${methods} lacks POST`);
    const allowed = tokens(header(r.rawHeaders, "access-control-allow-headers"));
    for (const h of ["content-type", "x-token"]) if (!allowed.includes(h)) problems.push(`access-control-allow-headers lacks ${h}`);
  }
  if (key === "D" && acao !== undefined) problems.push(`access-control-allow-origin ${acao} for a disallowed origin`);
  return problems;
}

async function capture(handle) {
  const out = {};
  for (const [key, s] of Object.entries(SCENARIOS)) {
    const r = await httpGet(handle.port, s.method, s.headers);
    out[key] = { status: r.status, rawHeaders: r.rawHeaders, body: r.body, problems: checkScenario(handle.spec, key, r) };
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Environment: wrk, the Python venv, versions

function ensureWrk() {
  if (spawnSync("sh", ["-c", "command -v wrk"]).status === 0) return;
  console.log("wrk is missing: apt-get install -y wrk");
  let r = spawnSync("apt-get", ["install", "-y", "wrk"], { stdio: "inherit" });
  if (r.status !== 0) {
    spawnSync("apt-get", ["update"], { stdio: "inherit" });
    r = spawnSync("apt-get", ["install", "-y", "wrk"], { stdio: "inherit" });
  }
  if (r.status !== 0) throw new Error("could not install wrk (apt-get install -y wrk)");
}

const PY_PACKAGES = ["fastapi==0.142.2", "uvicorn==0.54.0", "httptools", "uvloop"];
const PY_VERSIONS = `import importlib.metadata as m, json, sys
print(json.dumps({"python": sys.version.split()[0], **{p: m.version(p) for p in ["fastapi", "starlette", "uvicorn", "httptools", "uvloop"]}}))`;

/** Creates bench/.venv when needed; returns the versions, or null (with the reason printed) when Python cannot be had. */
function ensureVenv() {
  const probe = () => spawnSync(PY, ["-c", PY_VERSIONS], { encoding: "utf8" });
  let r = existsSync(PY) ? probe() : null;
  if (r?.status === 0) return JSON.parse(r.stdout);
  console.log("creating bench/.venv (fastapi, uvicorn, httptools, uvloop) ...");
  const env = { ...process.env, PIP_INDEX_URL: "file:///opt/pypi/simple", PIP_EXTRA_INDEX_URL: "file:///opt/pypi-more/simple", PIP_DISABLE_PIP_VERSION_CHECK: "1" };
  const steps = [
    ["python3", ["-m", "venv", VENV]],
    [join(VENV, "bin", "pip"), ["install", "--quiet", ...PY_PACKAGES]],
  ];
  for (const [cmd, args] of steps) {
    const s = spawnSync(cmd, args, { stdio: "inherit", env, timeout: 600_000 });
    if (s.status !== 0) {
      console.log(`Python packages cannot be had here (${cmd} ${args.join(" ")} failed): the FastAPI and Starlette servers are skipped.`);
      return null;
    }
  }
  r = probe();
  if (r.status !== 0) {
    console.log(`Python venv is unusable (${r.stderr.trim()}): the FastAPI and Starlette servers are skipped.`);
    return null;
  }
  return JSON.parse(r.stdout);
}

function nodeVersions() {
  const v = { node: process.version };
  for (const name of ["fastify", "@fastify/cors", "hono", "@hono/node-server", "express", "cors", "@mono/asgi", "@mono/cors", "@mono/server", "@mono/framework", "@mono/demo"]) {
    try {
      v[name] = JSON.parse(readFileSync(join(realpathSync(join(BENCH, "node_modules", name)), "package.json"), "utf8")).version;
    } catch {}
  }
  v.wrk = (spawnSync("wrk", ["-v"], { encoding: "utf8" }).stdout.split("\n")[0] ?? "").split(" [")[0];
  v.kernel = release();
  v.cpu = `${cpus()[0]?.model ?? "?"} x${cpus().length}`;
  return v;
}

// ---------------------------------------------------------------------------------------------
// The run

async function runMicro() {
  const out = {};
  const nodeRun = spawnSync("taskset", ["-c", SERVER_CPU, process.execPath, join(BENCH, "micro", "cors-decision.mjs")], { cwd: BENCH, encoding: "utf8", timeout: 300_000 });
  if (nodeRun.status === 0) out.node = JSON.parse(nodeRun.stdout.trim().split("\n").pop());
  else out.nodeError = (nodeRun.stderr || nodeRun.stdout || String(nodeRun.error)).slice(-2000);
  if (existsSync(PY)) {
    const py = spawnSync("taskset", ["-c", SERVER_CPU, PY, join(BENCH, "micro", "cors_decision.py")], { cwd: BENCH, encoding: "utf8", timeout: 300_000 });
    if (py.status === 0) out.python = JSON.parse(py.stdout.trim().split("\n").pop());
    else out.pythonError = (py.stderr || py.stdout).slice(-2000);
  }
  return out;
}

const median = (xs) => {
  const s = xs.filter(Number.isFinite).sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (opts.list) {
    for (const s of SERVERS) console.log(`${s.id.padEnd(22)} ${s.label}`);
    return;
  }
  const quick = opts.servers !== null || opts.scenarios !== null;
  const out = opts.out ?? (quick ? join(BENCH, "results-raw", "RESULTS-quick.md") : join(BENCH, "RESULTS.md"));
  const scenarioKeys = opts.scenarios ?? Object.keys(SCENARIOS);
  for (const k of scenarioKeys) if (!SCENARIOS[k]) throw new Error(`unknown scenario ${k} (A, B, C, D)`);
  let specs = SERVERS;
  if (opts.servers) {
    for (const id of opts.servers) if (!SERVERS.some((s) => s.id === id)) throw new Error(`unknown server ${id} (see --list)`);
    specs = SERVERS.filter((s) => opts.servers.includes(s.id));
  }
  if (opts.baseline) {
    if (!existsSync(join(opts.baseline, "bench", "peers", "mono-tutorial.mjs"))) throw new Error(`--baseline ${opts.baseline}: no bench/peers/mono-tutorial.mjs there (see --help)`);
    // Each baseline server runs when its counterpart of ours runs.
    specs = [...specs, ...baselineServers(opts.baseline).filter((b) => specs.some((s) => s.id === b.id.replace("base-", "mono-")))];
  }
  if (cpus().length < 2) console.log("warning: fewer than 2 CPUs; server and wrk share one");

  ensureWrk();
  const notes = [];
  let pyVersions = null;
  if (specs.some((s) => s.python)) {
    pyVersions = ensureVenv();
    if (!pyVersions) {
      notes.push("Python packages could not be installed: the FastAPI and Starlette servers were skipped.");
      specs = specs.filter((s) => !s.python);
    }
  }
  const versions = { ...nodeVersions(), ...(pyVersions ?? {}) };

  const dir = join(tmpdir(), `mono-bench-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  const scripts = Object.fromEntries(scenarioKeys.map((k) => [k, scenarioScript(dir, k)]));

  // Start everything, then check CORS before timing anything.
  const handles = [];
  for (const spec of specs) {
    process.stdout.write(`start ${spec.id} ... `);
    try {
      handles.push(await startServer(spec));
      console.log("ok");
    } catch (e) {
      console.log("FAILED");
      console.log(String(e.message ?? e));
      notes.push(`${spec.id} could not be started: ${String(e.message ?? e).split("\n")[0]}`);
    }
  }
  if (!handles.some((h) => h.spec.id === "node-raw")) {
    console.log("note: node-raw is not running, so no ratios to raw node:http are computed");
  }
  const captures = {};
  const failures = [];
  for (const h of handles) {
    captures[h.spec.id] = await capture(h);
    for (const [k, c] of Object.entries(captures[h.spec.id])) for (const p of c.problems) failures.push(`${h.spec.id} ${k}: ${p}`);
  }
  if (failures.length) {
    console.log("\nCORS check FAILED, nothing timed:\n  " + failures.join("\n  "));
    for (const h of handles) await stopServer(h);
    const path = join(BENCH, "results-raw", "check-failed.json");
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, JSON.stringify({ failures, captures }, null, 2));
    console.log(`captured responses: ${path}`);
    process.exitCode = 1;
    return;
  }
  console.log("CORS check passed for every CORS-capable server");

  // Warm-up: every server, every scenario.
  const rssAfterWarmup = {};
  if (opts.warmup > 0) {
    for (const h of handles) {
      for (const k of scenarioKeys) await runWrk(h.port, scripts[k], opts.warmup, opts.connections);
      rssAfterWarmup[h.spec.id] = memory(h.pid).rss;
      console.log(`warmed ${h.spec.id}`);
    }
  }

  // Interleaved rounds: each round runs each scenario on every server, in an order that rotates.
  const samples = []; // { round, scenario, server, ...wrk }
  // Re-runs for a starved server are capped at 15% of the runs, so a busy machine cannot stretch the bench without bound.
  let retryBudget = Math.ceil(0.15 * opts.rounds * scenarioKeys.length * handles.length);
  for (let round = 0; round < opts.rounds; round++) {
    for (const k of scenarioKeys) {
      const order = handles.map((_, i) => handles[(i + round) % handles.length]);
      for (const h of order) {
        let r = await measure(h, scripts[k], opts.duration, opts.connections);
        // A run with no request at all means wrk or the server got no CPU (seen once on the shared machine): redo it.
        for (let retry = 0; r.requests === 0 && retry < 2; retry++) {
          console.log(`round ${round + 1} ${k} ${h.spec.id}: no request completed, measuring again`);
          r = await measure(h, scripts[k], opts.duration, opts.connections);
        }
        // Every server here is CPU-bound (wrk needs a fraction of its core): a server that got less than 85% of
        // its core lost it to something else on the machine. Measure again (twice at most), keep the run that
        // got the most CPU, and count the retries in the results.
        let retries = 0;
        while (r.serverCpu < MIN_SERVER_CPU && retries < 2 && retryBudget > 0) {
          retries++;
          retryBudget--;
          console.log(`round ${round + 1} ${k} ${h.spec.id}: server got ${(r.serverCpu * 100).toFixed(0)}% of its CPU, measuring again`);
          const again = await measure(h, scripts[k], opts.duration, opts.connections);
          if (again.serverCpu > r.serverCpu) r = again;
        }
        r.retries = retries;
        samples.push({ round, scenario: k, server: h.spec.id, ...r });
        console.log(`round ${round + 1}/${opts.rounds} ${k} ${h.spec.id.padEnd(22)} ${Math.round(r.rps).toString().padStart(7)} req/s  p99 ${(r.p99 / 1000).toFixed(2)} ms  cpu ${(r.serverCpu * 100).toFixed(0)}%/${(r.cpu * 100).toFixed(0)}%${r.errors || r.non2xx ? `  ERRORS ${r.errors} non2xx ${r.non2xx}` : ""}`);
      }
    }
  }

  // RSS soak of our tutorial stack: the mixed load for --soak seconds, RSS sampled every second.
  let soak = null;
  const soakHandle = handles.find((h) => h.spec.id === "mono-tutorial");
  if (opts.soak > 0 && soakHandle) {
    console.log(`soak: mono-tutorial, mixed A-D load for ${opts.soak} s ...`);
    const mix = mixScript(dir);
    await runWrk(soakHandle.port, mix, Math.min(5, opts.soak), opts.connections);
    const rss = [];
    const t0 = Date.now();
    const timer = setInterval(() => rss.push({ t: (Date.now() - t0) / 1000, mib: memory(soakHandle.pid).rss }), 1000);
    const r = await measure(soakHandle, mix, opts.soak, opts.connections);
    clearInterval(timer);
    soak = { seconds: opts.soak, rss, wrk: r };
    console.log(`soak: ${Math.round(r.rps)} req/s, errors ${r.errors}, non2xx ${r.non2xx}, rss ${rss[0]?.mib.toFixed(1)} -> ${rss.at(-1)?.mib.toFixed(1)} MiB`);
  }

  const memoryEnd = {};
  for (const h of handles) memoryEnd[h.spec.id] = memory(h.pid);
  for (const h of handles) await stopServer(h);

  let micro = null;
  if (opts.micro) {
    console.log("microbenchmark of the CORS decision ...");
    micro = await runMicro();
  }

  const result = {
    date: new Date().toISOString(),
    options: { ...opts, out: undefined },
    command: `node bench/run.mjs ${process.argv.slice(2).join(" ")}`.trim(),
    versions,
    notes,
    servers: handles.map((h) => ({ id: h.spec.id, label: h.spec.label, cors: h.spec.cors, ours: !!h.spec.ours })),
    scenarios: Object.fromEntries(scenarioKeys.map((k) => [k, SCENARIOS[k]])),
    captures,
    samples,
    rssAfterWarmup,
    memoryEnd,
    soak,
    micro,
  };
  const rawDir = join(BENCH, "results-raw");
  mkdirSync(rawDir, { recursive: true });
  const rawPath = join(rawDir, `${result.date.replace(/[:.]/g, "-")}.json`);
  writeFileSync(rawPath, JSON.stringify(result, null, 2));
  const previous = existsSync(out) ? readFileSync(out, "utf8") : "";
  const { markdown, summary } = renderResults(result, previous, median);
  mkdirSync(dirname(out), { recursive: true });
  // The WebSockets section is written by bench/ws/run.mjs: carried over untouched.
  const wsAt = previous.indexOf("\n## WebSockets\n");
  const wsEnd = wsAt < 0 ? -1 : previous.indexOf("\n## ", wsAt + 5);
  const wsSection = wsAt < 0 ? "" : previous.slice(wsAt + 1, wsEnd < 0 ? undefined : wsEnd + 1);
  writeFileSync(out, wsSection === "" || markdown.includes("\n## WebSockets\n") ? markdown : markdown.trimEnd() + "\n\n" + wsSection);
  console.log("\n" + summary);
  console.log(`\nwrote ${out}\nraw numbers: ${rawPath}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) main().catch((e) => {
  console.error(e?.stack ?? e);
  stopAll();
  process.exit(1);
});
