#!/usr/bin/env node
// Where one server spends its time under load: starts bench/peers/<server>.mjs with `node --cpu-prof`
// pinned to CPU 0, drives one scenario with wrk from CPU 1, stops it, and prints self time by function
// and by package. The .cpuprofile is kept in bench/results-raw/ (open it in Chrome DevTools).
//
//   node bench/profile.mjs --server mono-tutorial --scenario B --duration 10
//   node bench/profile.mjs --summarize bench/results-raw/x.cpuprofile
import { spawn } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { setTimeout as sleep } from "node:timers/promises";
import { request } from "node:http";
import { SCENARIOS } from "./run.mjs";

const BENCH = dirname(fileURLToPath(import.meta.url));

function args() {
  const o = { server: "mono-tutorial", scenario: "B", duration: 10, connections: 64, summarize: null, top: 30 };
  const a = process.argv.slice(2);
  for (let i = 0; i < a.length; i++) {
    const v = () => a[++i];
    if (a[i] === "--server") o.server = v();
    else if (a[i] === "--scenario") o.scenario = v().toUpperCase();
    else if (a[i] === "--duration") o.duration = Number(v());
    else if (a[i] === "--connections") o.connections = Number(v());
    else if (a[i] === "--summarize") o.summarize = v();
    else if (a[i] === "--top") o.top = Number(v());
    else throw new Error(`unknown option ${a[i]}`);
  }
  return o;
}

/** Which package a script URL belongs to: ours by workspace folder, peers by node_modules name, else node itself. */
function packageOf(url) {
  if (!url) return "(native)";
  let m = url.match(/\/(packages|apps)\/([^/]+)\/dist\//);
  if (m) return `@mono/${m[2]}`;
  m = url.match(/node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)\//);
  if (m) return m[1];
  if (url.startsWith("node:")) return "node (" + url.replace(/^node:internal\//, "").split("/")[0] + ")";
  if (url.includes("/bench/")) return "bench";
  return url;
}

export function summarize(path, top = 30) {
  const prof = JSON.parse(readFileSync(path, "utf8"));
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  const self = new Map(); // node id -> microseconds
  for (let i = 0; i < prof.samples.length; i++) {
    const dt = prof.timeDeltas[i + 1] ?? 0;
    self.set(prof.samples[i], (self.get(prof.samples[i]) ?? 0) + dt);
  }
  const all = [...self.values()].reduce((a, b) => a + b, 0);
  let idle = 0;
  for (const [id, us] of self) if (byId.get(id).callFrame.functionName === "(idle)") idle += us;
  // Shares are of busy time: idle is what the load generator left, not what the server spent.
  const total = all - idle;
  const fns = new Map();
  const pkgs = new Map();
  for (const [id, us] of self) {
    const { callFrame: cf } = byId.get(id);
    const name = cf.functionName || "(anonymous)";
    if (name === "(idle)") continue;
    const vm = name === "(program)" || name === "(garbage collector)";
    const pkg = vm ? name : packageOf(cf.url);
    const key = `${name} ${vm ? "" : `${cf.url.replace(/^.*\/(packages|apps|node_modules)\//, "$1/")}:${cf.lineNumber + 1}`}`;
    fns.set(key, { us: (fns.get(key)?.us ?? 0) + us, pkg });
    pkgs.set(pkg, (pkgs.get(pkg) ?? 0) + us);
  }
  const pct = (us) => `${((us / total) * 100).toFixed(1).padStart(5)}%`;
  const lines = [`profile ${path}: ${(all / 1e6).toFixed(1)} s sampled, ${((idle / all) * 100).toFixed(0)}% idle; shares below are of busy time`, "", "self time by package:"];
  for (const [p, us] of [...pkgs].sort((a, b) => b[1] - a[1])) lines.push(`  ${pct(us)}  ${p}`);
  lines.push("", `self time by function (top ${top}):`);
  for (const [k, v] of [...fns].sort((a, b) => b[1].us - a[1].us).slice(0, top)) lines.push(`  ${pct(v.us)}  ${k}  [${v.pkg}]`);
  // Inclusive time of our own functions (each stack counted once per function), to see which layer costs what.
  const parent = new Map();
  for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const incl = new Map();
  for (const [id, us] of self) {
    if (byId.get(id).callFrame.functionName === "(idle)") continue;
    const seen = new Set();
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
      const cf = byId.get(cur).callFrame;
      const pkg = packageOf(cf.url);
      if (!pkg.startsWith("@mono/")) continue;
      const key = `${cf.functionName || "(anonymous)"} ${cf.url.replace(/^.*\/(packages|apps)\//, "$1/")}:${cf.lineNumber + 1}`;
      if (seen.has(key)) continue;
      seen.add(key);
      incl.set(key, (incl.get(key) ?? 0) + us);
    }
  }
  lines.push("", `inclusive time of @mono functions (top ${top}):`);
  for (const [k, us] of [...incl].sort((a, b) => b[1] - a[1]).slice(0, top)) lines.push(`  ${pct(us)}  ${k}`);
  return lines.join("\n");
}

function get(port) {
  return new Promise((ok) => {
    const req = request({ host: "127.0.0.1", port, path: "/", agent: false, timeout: 500 }, (res) => { res.resume(); res.on("end", () => ok(res.statusCode)); });
    req.on("error", () => ok(0));
    req.on("timeout", () => req.destroy());
    req.end();
  });
}

async function main() {
  const o = args();
  if (o.summarize) return console.log(summarize(o.summarize, o.top));
  const s = SCENARIOS[o.scenario];
  if (!s) throw new Error(`unknown scenario ${o.scenario}`);
  const dir = join(BENCH, "results-raw", `profile-${o.server}-${o.scenario}-${Date.now()}`);
  mkdirSync(dir, { recursive: true });
  const port = 20000 + Math.floor(Math.random() * 20000);
  const child = spawn("taskset", ["-c", "0", process.execPath, "--cpu-prof", `--cpu-prof-dir=${dir}`, join(BENCH, "peers", `${o.server}.mjs`), String(port)], { stdio: "inherit" });
  for (let i = 0; (await get(port)) !== 200; i++) {
    if (i > 100) throw new Error("server did not start");
    await sleep(100);
  }
  const lua = join(dir, "scenario.lua");
  writeFileSync(lua, [`wrk.method = ${JSON.stringify(s.method)}`, ...Object.entries(s.headers).map(([k, v]) => `wrk.headers[${JSON.stringify(k)}] = ${JSON.stringify(v)}`)].join("\n") + "\n");
  const wrk = spawn("taskset", ["-c", "1", "wrk", "-t1", `-c${o.connections}`, `-d${o.duration}s`, "-s", lua, `http://127.0.0.1:${port}/`], { stdio: "inherit" });
  await new Promise((ok) => wrk.on("exit", ok));
  child.kill("SIGTERM");
  await new Promise((ok) => child.on("exit", ok));
  const file = readdirSync(dir).find((f) => f.endsWith(".cpuprofile"));
  if (!file) throw new Error(`no .cpuprofile written in ${dir}`);
  console.log(summarize(join(dir, file), o.top));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main().catch((e) => { console.error(e); process.exit(1); });
