#!/usr/bin/env node
// Server benchmark: @mono/server serving a hello-world ASGI app vs a raw node:http hello world.
// Each server is pinned to CPU 0 (taskset), wrk to CPU 1, 64 keep-alive connections, interleaved rounds;
// then a soak run samples the @mono/server process RSS once a second.
//
//   node bench/server/run.mjs [--rounds 3] [--duration 10] [--soak 60] [--connections 64]
//
// Needs `npx pnpm@12.4.2 --filter @mono/server build` first, wrk and taskset on PATH, and 2 CPUs.
import { spawn, execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: {
    rounds: { type: "string", default: "3" },
    duration: { type: "string", default: "10" },
    soak: { type: "string", default: "60" },
    connections: { type: "string", default: "64" },
    "server-cpu": { type: "string", default: "0" },
    "load-cpu": { type: "string", default: "1" },
  },
});
const ROUNDS = Number(values.rounds);
const DURATION = Number(values.duration);
const SOAK = Number(values.soak);
const CONNECTIONS = Number(values.connections);
const APPS = join(dirname(fileURLToPath(import.meta.url)), "apps.mjs");
const PORTS = { node: 18181, mono: 18182 };

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const uptime = () => execFileSync("uptime").toString().trim();

async function startServer(kind) {
  const child = spawn("taskset", ["-c", values["server-cpu"], process.execPath, APPS, kind, String(PORTS[kind])], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  await new Promise((resolve, reject) => {
    child.stdout.on("data", (d) => d.toString().includes("listening") && resolve());
    child.once("exit", (code) => reject(new Error(`${kind} server exited with ${code}`)));
  });
  return child;
}

async function wrk(port, seconds) {
  const child = spawn(
    "taskset",
    ["-c", values["load-cpu"], "wrk", "-t1", `-c${CONNECTIONS}`, `-d${seconds}s`, "--latency", `http://127.0.0.1:${port}/`],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  let out = "";
  child.stdout.on("data", (d) => (out += d.toString()));
  await new Promise((resolve) => child.on("exit", resolve));
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1]);
  const requests = Number(/(\d+) requests in/.exec(out)?.[1]);
  const p99 = toMs(/\s99%\s+([\d.]+)(us|ms|s)/.exec(out));
  const p50 = toMs(/\s50%\s+([\d.]+)(us|ms|s)/.exec(out));
  const errors = /Non-2xx or 3xx responses: (\d+)|Socket errors: .*/.exec(out)?.[0] ?? "";
  return { rps, requests, p50, p99, errors };
}

function toMs(match) {
  if (!match) return NaN;
  const value = Number(match[1]);
  return match[2] === "us" ? value / 1000 : match[2] === "s" ? value * 1000 : value;
}

/** utime + stime of a process in milliseconds (clock ticks of 10 ms). */
function cpuMs(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

function rssKiB(pid) {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]);
}

// taskset execs the command, so a server's pid is the node process's pid.
const median = (xs) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

const loadBefore = uptime();
const servers = { node: await startServer("node"), mono: await startServer("mono") };
try {
  for (const kind of ["node", "mono"]) await wrk(PORTS[kind], 2); // warm-up (JIT)
  const results = { node: [], mono: [] };
  for (let round = 1; round <= ROUNDS; round++) {
    for (const kind of round % 2 ? ["node", "mono"] : ["mono", "node"]) {
      const before = cpuMs(servers[kind].pid);
      const r = await wrk(PORTS[kind], DURATION);
      // Server CPU per request: robust when other processes share CPU 0 and steal wall-clock throughput.
      r.cpuUs = ((cpuMs(servers[kind].pid) - before) * 1000) / r.requests;
      results[kind].push(r);
      console.log(
        `round ${round} ${kind.padEnd(4)} ${r.rps.toFixed(0).padStart(7)} req/s  p50 ${r.p50.toFixed(2)} ms  ` +
          `p99 ${r.p99.toFixed(2)} ms  ${r.cpuUs.toFixed(1)} us CPU/req ${r.errors}`,
      );
    }
  }
  const summary = {};
  for (const kind of ["node", "mono"]) {
    summary[kind] = {
      rps: median(results[kind].map((r) => r.rps)),
      p99: median(results[kind].map((r) => r.p99)),
      cpuUs: median(results[kind].map((r) => r.cpuUs)),
    };
  }
  console.log(
    `\nmedian: node:http ${summary.node.rps.toFixed(0)} req/s p99 ${summary.node.p99.toFixed(2)} ms | ` +
      `@mono/server ${summary.mono.rps.toFixed(0)} req/s p99 ${summary.mono.p99.toFixed(2)} ms | ` +
      `ratio ${(summary.mono.rps / summary.node.rps).toFixed(3)} (goal >= 0.85), p99 x${(summary.mono.p99 / summary.node.p99).toFixed(2)} (goal <= 1.5)`,
  );
  console.log(
    `median CPU per request: node:http ${summary.node.cpuUs.toFixed(1)} us | @mono/server ${summary.mono.cpuUs.toFixed(1)} us | ` +
      `requests per CPU-second ratio ${(summary.node.cpuUs / summary.mono.cpuUs).toFixed(3)}`,
  );

  if (SOAK > 0) {
    const pid = servers.mono.pid;
    const samples = [rssKiB(pid)];
    const load = wrk(PORTS.mono, SOAK);
    const sampler = (async () => {
      for (let t = 0; t < SOAK; t++) {
        await sleep(1000);
        samples.push(rssKiB(pid));
      }
    })();
    const [soak] = await Promise.all([load, sampler]);
    const mib = (k) => (k / 1024).toFixed(1);
    const tenth = Math.max(1, Math.floor(samples.length / 10));
    console.log(
      `soak ${SOAK}s @mono/server (${soak.rps.toFixed(0)} req/s) RSS MiB: start ${mib(samples[0])}, after 10% ${mib(samples[tenth])}, ` +
        `max ${mib(Math.max(...samples))}, end ${mib(samples.at(-1))}`,
    );
  }
} finally {
  for (const child of Object.values(servers)) child.kill("SIGTERM");
}
console.log(`load before: ${loadBefore}\nload after:  ${uptime()}`);
