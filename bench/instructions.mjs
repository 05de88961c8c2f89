#!/usr/bin/env node
// Instructions per request, counted by valgrind's callgrind: a measure that a busy machine does not move, unlike
// req/s. Each server runs under callgrind twice, serving --small and then --large requests of a scenario; the
// difference of the two totals divided by the difference of the counts is the cost of one request, without the
// start-up. With --baseline DIR the same servers of another checkout are counted too, and the ratio is shown.
// Between --small and --large requests V8 is still compiling the request path (TurboFan's work is most of that
// difference on a tutorial server, and still 40-60% of it after 3000 requests), so the count moves with
// where tier-up happens to fall: the table also shows it without V8's Runtime_CompileOptimized (callgrind_annotate,
// inclusive), the work a request does itself. --warmup N instead runs each server once: N requests first, then
// the counters are zeroed and --large requests counted (callgrind_control), leaving start-up out.
//
//   node bench/instructions.mjs --baseline ../mono-base --scenarios A,C
//
// Options: --servers a,b (mono-tutorial)  --scenarios A,B,C,D (A,C)  --small N (300)  --large N (1800)
//          --warmup N (0: the small/large difference)
//          --baseline DIR (another checkout, installed and built; see run.mjs --help)  --out FILE
// Needs valgrind (Debian: apt-get install valgrind). Slow: minutes per count, as callgrind runs node ~50x slower.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { Agent, request } from "node:http";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { setTimeout as sleep } from "node:timers/promises";
import { SCENARIOS, SERVERS, baselineServers } from "./run.mjs";

function parseArgs(argv) {
  const o = { servers: ["mono-tutorial"], scenarios: ["A", "C"], small: 300, large: 1800, warmup: 0, baseline: null, out: null };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split("=", 2);
    const value = () => inline ?? argv[++i];
    switch (flag) {
      case "--servers": o.servers = value().split(",").filter(Boolean); break;
      case "--scenarios": o.scenarios = value().toUpperCase().split(",").filter(Boolean); break;
      case "--small": o.small = Number(value()); break;
      case "--large": o.large = Number(value()); break;
      case "--warmup": o.warmup = Number(value()); break;
      case "--baseline": o.baseline = resolve(value()); break;
      case "--out": o.out = resolve(value()); break;
      case "--help": case "-h": console.log(readFileSync(fileURLToPath(import.meta.url), "utf8").split("\nimport ")[0]); process.exit(0);
      default: throw new Error(`unknown option ${argv[i]} (see --help)`);
    }
  }
  if (o.warmup > 0 ? !(o.large >= 1) : !(o.small >= 1 && o.large > o.small)) {
    throw new Error(o.warmup > 0 ? "--large must be at least 1" : "--large must be above --small, both at least 1");
  }
  if (!(Number.isInteger(o.warmup) && o.warmup >= 0)) throw new Error("--warmup must be a whole number of requests");
  for (const k of o.scenarios) if (!SCENARIOS[k]) throw new Error(`unknown scenario ${k} (A, B, C, D)`);
  return o;
}

/** Sends `count` requests of a scenario over 4 keep-alive connections, as fast as the server answers. */
async function drive(port, scenario, count) {
  const agent = new Agent({ keepAlive: true, maxSockets: 4 });
  const one = () => new Promise((done, fail) => {
    const r = request({ host: "127.0.0.1", port, path: "/", method: scenario.method, headers: scenario.headers, agent }, (res) => {
      res.resume();
      res.on("end", () => done(res.statusCode));
    });
    r.on("error", fail);
    r.end();
  });
  let sent = 0;
  const worker = async () => {
    while (sent < count) {
      sent++;
      // Under callgrind a compilation pause can outlast the server's keep-alive timeout (5 s), which then closes a
      // connection as the next request goes out: that request is sent again on a new connection, and counted.
      for (;;) {
        try { await one(); break; } catch (e) {
          if (e?.code !== "ECONNRESET" || count === 1) throw e;
          drive.retried++;
        }
      }
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
  agent.destroy();
}
drive.retried = 0;

/**
 * Instructions of one server process serving `count` requests, start-up included, and TurboFan's share of them.
 * With `warmup`, that many requests are served first and only the `count` after them are counted.
 */
async function count(spec, scenario, requests, dir, warmup = 0) {
  const port = 20000 + Math.floor(Math.random() * 30000);
  const out = join(dir, `callgrind.${spec.id}.${requests}.out`);
  const [node, ...args] = spec.cmd(port);
  const child = spawn("valgrind", ["--tool=callgrind", `--callgrind-out-file=${out}`, "--smc-check=all", node, "--single-threaded", ...args], { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (d) => { stderr = (stderr + d).slice(-4000); });
  const exited = new Promise((done) => child.on("exit", done));
  // The server is up when the first request is answered; callgrind start-up takes many seconds.
  for (let waited = 0; ; waited += 250) {
    try { await drive(port, scenario, 1); break; } catch {
      if (child.exitCode !== null || waited > 600_000) throw new Error(`${spec.id} did not start under valgrind:\n${stderr}`);
      await sleep(250);
    }
  }
  if (warmup > 0) {
    // Counters zeroed after the warm-up and dumped (to `${out}.1`) after the counted requests.
    await drive(port, scenario, warmup);
    callgrindControl(child.pid, "--zero");
    await drive(port, scenario, requests);
    callgrindControl(child.pid, "--dump=counted");
  } else {
    await drive(port, scenario, requests);
  }
  child.kill("SIGINT");
  await exited;
  const file = warmup > 0 ? `${out}.1` : out;
  const total = /^summary: (\d+)/m.exec(readFileSync(file, "utf8"))?.[1];
  if (!total) throw new Error(`no callgrind summary for ${spec.id}:\n${stderr}`);
  return { total: Number(total), compile: turbofanInstructions(file) };
}

function callgrindControl(pid, action) {
  const result = spawnSync("callgrind_control", [action, String(pid)], { encoding: "utf8" });
  if (result.status !== 0) throw new Error(`callgrind_control ${action} ${pid} failed:\n${result.stdout}${result.stderr}`);
}

/**
 * What TurboFan's compilation took in a callgrind file: the inclusive cost of V8's Runtime_CompileOptimized, which
 * with --single-threaded runs on the main thread. It depends on where tier-up falls, not on a request's own work.
 */
function turbofanInstructions(file) {
  const result = spawnSync("callgrind_annotate", ["--inclusive=yes", "--threshold=100", file], { encoding: "utf8", maxBuffer: 1 << 28 });
  const line = result.stdout.split("\n").find((l) => l.includes("Runtime_CompileOptimized("));
  return line ? Number(line.trim().split(/\s+/)[0].replaceAll(",", "")) : 0;
}

const fmt = (n) => Math.round(n).toLocaleString("en-US");

async function main() {
  const o = parseArgs(process.argv.slice(2));
  if (spawnSync("valgrind", ["--version"]).status !== 0) throw new Error("valgrind not found (Debian: apt-get install valgrind)");
  const ours = o.servers.map((id) => SERVERS.find((s) => s.id === id) ?? (() => { throw new Error(`unknown server ${id}`); })());
  const base = o.baseline ? baselineServers(o.baseline).filter((b) => o.servers.includes(b.id.replace("base-", "mono-"))) : [];
  const dir = mkdtempSync(join(tmpdir(), "mono-instructions-"));
  const rows = [];
  try {
    for (const k of o.scenarios) {
      for (const spec of [...ours, ...base]) {
        let perRequest, startup, withoutCompile;
        if (o.warmup > 0) {
          process.stdout.write(`${k} ${spec.id}: ${o.warmup} requests, then ${o.large} counted, under callgrind ... `);
          const counted = await count(spec, SCENARIOS[k], o.large, dir, o.warmup);
          perRequest = counted.total / o.large;
          withoutCompile = (counted.total - counted.compile) / o.large;
          startup = null;
        } else {
          process.stdout.write(`${k} ${spec.id}: ${o.small} and ${o.large} requests under callgrind ... `);
          const small = await count(spec, SCENARIOS[k], o.small, dir);
          const large = await count(spec, SCENARIOS[k], o.large, dir);
          perRequest = (large.total - small.total) / (o.large - o.small);
          withoutCompile = (large.total - large.compile - (small.total - small.compile)) / (o.large - o.small);
          startup = small.total - perRequest * o.small;
        }
        const retried = drive.retried ? ` (${drive.retried} request(s) resent after a keep-alive close)` : "";
        drive.retried = 0;
        console.log(`${fmt(perRequest)} instructions per request, ${fmt(withoutCompile)} without TurboFan's compilation${retried}`);
        rows.push({ scenario: k, id: spec.id, label: spec.label, perRequest, withoutCompile, startup });
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const lines = [
    "| scenario | server | instructions per request | vs baseline | without TurboFan's compilation | vs baseline | start-up (instructions) |",
    "| --- | --- | --- | --- | --- | --- | --- |",
  ];
  for (const r of rows) {
    const b = rows.find((x) => x.scenario === r.scenario && x.id === r.id.replace("mono-", "base-") && x !== r);
    const ratio = (key) => (b ? (r[key] / b[key]).toFixed(3) : "—");
    const startup = r.startup === null ? "—" : `${(r.startup / 1e9).toFixed(2)} G`;
    lines.push(`| ${r.scenario} | ${r.label} | ${fmt(r.perRequest)} | ${ratio("perRequest")} | ${fmt(r.withoutCompile)} | ${ratio("withoutCompile")} | ${startup} |`);
  }
  const method = o.warmup > 0 ? `${o.large} requests after ${o.warmup} of warm-up` : `${o.small} vs ${o.large} requests`;
  const text = `Instructions per request (callgrind; ${method}, 4 keep-alive connections), ${new Date().toISOString()}:\n\n${lines.join("\n")}\n`;
  console.log(`\n${text}`);
  if (o.out) writeFileSync(o.out, text);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
