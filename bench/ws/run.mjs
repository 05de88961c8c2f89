#!/usr/bin/env node
// WebSocket benchmark: echo round trips per second with 64 connections (each connection sends a 32-byte text
// message, waits for its echo, sends the next) against ours (@mono/server, an ASGI echo app), a raw `ws` server on
// node, and uvicorn 0.54 (`--ws auto`: websockets-sansio, websockets 17.1). Servers pinned to CPU 0, the client to
// CPU 1 (when taskset exists); interleaved rounds. Then the memory of 1,000 idle sockets per server (RSS delta) and
// a 100 MB frame sent to ours. Writes the "WebSockets" section of bench/RESULTS.md.
//
//   npx pnpm@12.4.2 --filter @mono/server... build && node bench/ws/run.mjs [--rounds 3] [--duration 5]
//
// PYREF_PYTHON names an interpreter with `pip install uvicorn==0.54.0 websockets==17.1` (default: bench/.venv's, else python3).
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { dirname, join } from "node:path";
import { loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { setTimeout as sleep } from "node:timers/promises";

const HERE = dirname(fileURLToPath(import.meta.url));
const RESULTS = join(HERE, "..", "RESULTS.md");
const VENV_PY = join(HERE, "..", ".venv", "bin", "python");
const PYTHON = process.env.PYREF_PYTHON ?? (existsSync(VENV_PY) ? VENV_PY : "python3");
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const ROUNDS = opt("rounds", 3);
const DURATION = opt("duration", 5);
const CONNECTIONS = opt("connections", 64);
const IDLE = opt("idle", 1000);
const hasTaskset = spawnSync("taskset", ["-c", "0", "true"]).status === 0;
const pinned = (cpu, cmd, argv) => (hasTaskset ? ["taskset", ["-c", cpu, cmd, ...argv]] : [cmd, argv]);

const SERVERS = [
  { id: "mono", label: "**ours: ASGI echo on @mono/server**", start: (port) => pinned("0", process.execPath, [join(HERE, "servers.mjs"), "mono", String(port)]) },
  { id: "ws", label: "raw `ws` 8 server on node (no ASGI)", start: (port) => pinned("0", process.execPath, [join(HERE, "servers.mjs"), "ws", String(port)]) },
  {
    id: "uvicorn",
    label: "uvicorn 0.54 (websockets-sansio, uvloop if installed)",
    start: (port) => pinned("0", PYTHON, ["-m", "uvicorn", "echo_uvicorn:app", "--port", String(port), "--log-level", "warning", "--no-access-log"]),
  },
];

function freePort() {
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function startServer(server) {
  const port = await freePort();
  const [cmd, argv] = server.start(port);
  const child = spawn(cmd, argv, { cwd: HERE, stdio: ["ignore", "pipe", "inherit"] });
  // Ready once the port accepts a connection.
  for (let i = 0; i < 200; i++) {
    const ok = await new Promise((resolve) => {
      const s = createServer();
      s.once("error", () => resolve(true));
      s.listen(port, "127.0.0.1", () => s.close(() => resolve(false)));
    });
    if (ok) break;
    await sleep(50);
  }
  await sleep(300);
  return { child, port };
}

function stop(child) {
  return new Promise((resolve) => {
    child.once("exit", resolve);
    child.kill("SIGINT");
    setTimeout(() => child.kill("SIGKILL"), 5000).unref();
  });
}

function runClient(argv, onLine) {
  const [cmd, cargs] = pinned("1", process.execPath, [join(HERE, "client.mjs"), ...argv]);
  const child = spawn(cmd, cargs, { cwd: HERE, stdio: ["pipe", "pipe", "inherit"] });
  let out = "";
  child.stdout.on("data", (d) => {
    out += d;
    onLine?.(String(d), child);
  });
  return new Promise((resolve) => child.once("exit", () => resolve(out.trim())));
}

/** RSS of a process and its children's largest (uvicorn runs in one process; taskset execs). */
function rssKiB(pid) {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
}

const loadBefore = loadavg()[0];
const rates = Object.fromEntries(SERVERS.map((s) => [s.id, []]));
const memory = {};
let big = null;

for (let round = 0; round < ROUNDS; round++) {
  const order = SERVERS.map((_, i) => SERVERS[(i + round) % SERVERS.length]);
  for (const server of order) {
    const { child, port } = await startServer(server);
    const out = await runClient(["echo", String(port), String(CONNECTIONS), String(DURATION)]);
    rates[server.id].push(JSON.parse(out).rate);
    if (round === 0) {
      await sleep(500);
      const before = rssKiB(child.pid);
      let after = before;
      await runClient(["idle", String(port), String(IDLE)], (line, c) => {
        if (line.includes("open")) {
          setTimeout(() => {
            after = rssKiB(child.pid);
            c.stdin.end();
          }, 1000);
        }
      });
      memory[server.id] = { before, after };
      if (server.id === "mono") {
        const rssBefore = rssKiB(child.pid);
        let peak = rssBefore;
        const timer = setInterval(() => (peak = Math.max(peak, rssKiB(child.pid))), 20);
        big = JSON.parse(await runClient(["big", String(port), "100"]));
        clearInterval(timer);
        big.rssBefore = rssBefore;
        big.peak = peak;
      }
    }
    await stop(child);
    console.log(`round ${round + 1} ${server.id}: ${Math.round(rates[server.id].at(-1))} round trips/s`);
  }
}

const loadAfter = loadavg()[0];
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (n) => Math.round(n).toLocaleString("en-US");
const rawWs = median(rates.ws);
const rows = SERVERS.map((s) => {
  const m = median(rates[s.id]);
  const mem = memory[s.id];
  const perSocket = mem ? ((mem.after - mem.before) / IDLE).toFixed(1) : "?";
  return `| ${s.label} | ${fmt(m)} | ${fmt(Math.min(...rates[s.id]))}–${fmt(Math.max(...rates[s.id]))} | ${(m / rawWs).toFixed(3)} | ${mem ? fmt(mem.before / 1024) : "?"} MiB | ${mem ? fmt((mem.after - mem.before) / 1024) : "?"} MiB | ${perSocket} KiB |`;
});
const section = `## WebSockets

Generated by \`node bench/ws/run.mjs\` on ${new Date().toISOString()}: ${CONNECTIONS} connections, each sending a 32-byte text message and waiting for its echo before the next; ${ROUNDS} interleaved round(s) of ${DURATION} s after a 1 s warm-up, median shown. Servers ${hasTaskset ? "pinned to CPU 0, the client to CPU 1" : "unpinned (no taskset)"}; no compression (the client offers none). Machine load average (1 min) ${loadBefore.toFixed(1)} at the start and ${loadAfter.toFixed(1)} at the end, on ${(await import("node:os")).cpus().length} CPUs: with a load far above the CPU count the numbers measure the scheduler as much as the servers, so read the ratios, not the rates. Idle memory: ${fmt(IDLE)} sockets opened after the first echo run, server RSS before and after (one sample, 1 s after the last socket opened).

| server | round trips/s (median) | min–max | vs raw \`ws\` | RSS before | RSS for ${fmt(IDLE)} idle sockets | per socket |
| --- | --- | --- | --- | --- | --- | --- |
${rows.join("\n")}

A 100 MB frame sent to ours (default \`--ws-max-size\` 16 MiB): the server answered close ${big?.code} "${big?.reason}" after the frame's header; the client sends only the header (${big?.sentKiB} KiB of payload), so the answer came from the header alone, and the server's RSS went from ${fmt((big?.rssBefore ?? 0) / 1024)} MiB to a peak of ${fmt((big?.peak ?? 0) / 1024)} MiB: the payload is never buffered.
`;

let text = existsSync(RESULTS) ? readFileSync(RESULTS, "utf8") : "# Benchmark results\n";
const at = text.indexOf("\n## WebSockets\n");
if (at >= 0) {
  const next = text.indexOf("\n## ", at + 5);
  text = text.slice(0, at + 1) + section + (next >= 0 ? text.slice(next) : "");
} else text = text.trimEnd() + "\n\n" + section;
writeFileSync(RESULTS, text);
console.log(section);
