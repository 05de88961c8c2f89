#!/usr/bin/env node
// What the deadlines (--timeout-request-head, --timeout-request-body, --limit-connections) cost and what they buy:
//   1. hello-world throughput with the defaults vs all three off (interleaved rounds, 64 keep-alive clients driven
//      from this process; no wrk needed);
//   2. slowloris: 500 connections trickling one head byte a second against a 5 s head deadline, while a probe sends
//      one request every 50 ms: the probe's worst latency and when the last slowloris connection was closed;
//   3. RSS of the server at start and with 5,000 idle connections.
//
//   node bench/server/deadlines.mjs [--rounds 3] [--duration 5]
//
// Needs `npx pnpm@12.4.2 --filter @mono/server build` first.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { connect } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: { rounds: { type: "string", default: "3" }, duration: { type: "string", default: "5" } },
});
const APPS = join(dirname(fileURLToPath(import.meta.url)), "apps.mjs");
const REQUEST = Buffer.from("GET / HTTP/1.1\r\nHost: bench\r\n\r\n");
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function startServer(env) {
  const child = spawn(process.execPath, [APPS, "mono", "0"], { stdio: ["ignore", "pipe", "inherit"], env: { ...process.env, ...env } });
  const port = await new Promise((resolve, reject) => {
    child.stdout.on("data", (d) => {
      const m = /listening on (\d+)/.exec(d.toString());
      if (m) resolve(Number(m[1]));
    });
    child.once("exit", (code) => reject(new Error(`server exited with ${code}`)));
  });
  return { child, port, stop: () => new Promise((resolve) => (child.once("exit", resolve), child.kill("SIGKILL"))) };
}

const rss = (pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))[1]) / 1024;

/** `connections` keep-alive clients, each sending its next request when the previous response is complete. */
async function load(port, connections, seconds) {
  let responses = 0;
  let running = true;
  const sockets = [];
  await Promise.all(
    Array.from({ length: connections }, () => new Promise((resolve) => {
      const socket = connect(port, "127.0.0.1", resolve);
      sockets.push(socket);
      let pending = "";
      socket.on("data", (chunk) => {
        pending += chunk.toString("latin1");
        let end;
        // Hello-world responses carry content-length 13: head, then 13 bytes.
        while ((end = pending.indexOf("\r\n\r\n")) >= 0 && pending.length >= end + 4 + 13) {
          pending = pending.slice(end + 4 + 13);
          responses += 1;
          if (running) socket.write(REQUEST);
        }
      });
    })),
  );
  const start = performance.now();
  for (const socket of sockets) socket.write(REQUEST);
  await sleep(seconds * 1000);
  running = false;
  const elapsed = (performance.now() - start) / 1000;
  for (const socket of sockets) socket.destroy();
  return responses / elapsed;
}

async function throughput() {
  const rows = { defaults: [], off: [] };
  for (let round = 0; round < Number(values.rounds); round++) {
    for (const [name, env] of [["defaults", {}], ["off", { DEADLINES: "off" }]]) {
      const server = await startServer(env);
      await load(server.port, 64, 1); // warm-up
      rows[name].push(await load(server.port, 64, Number(values.duration)));
      await server.stop();
    }
  }
  for (const [name, list] of Object.entries(rows)) {
    console.log(`hello world, deadlines ${name.padEnd(8)}: ${list.map((r) => Math.round(r)).join(", ")} req/s (median ${Math.round(list.sort((a, b) => a - b)[list.length >> 1])})`);
  }
}

async function probe(port) {
  const start = performance.now();
  await new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1", () => socket.write("GET / HTTP/1.1\r\nHost: probe\r\nConnection: close\r\n\r\n"));
    socket.on("error", reject);
    socket.on("data", () => {});
    socket.on("close", resolve);
  });
  return performance.now() - start;
}

async function slowloris() {
  const server = await startServer({ HEAD_DEADLINE: "5" });
  const loris = await Promise.all(Array.from({ length: 500 }, () => new Promise((resolve) => {
    const socket = connect(server.port, "127.0.0.1", () => resolve(socket));
    socket.closedAt = null;
    socket.on("error", () => {});
    socket.on("close", () => (socket.closedAt = performance.now()));
  })));
  const start = performance.now();
  for (const socket of loris) socket.write("GET / HTTP/1.1\r\nHost: x\r\n");
  const trickle = setInterval(() => { for (const s of loris) if (s.closedAt === null) s.write("a"); }, 1000);
  const latencies = [];
  while (loris.some((s) => s.closedAt === null) && performance.now() - start < 20000) {
    latencies.push(await probe(server.port));
    await sleep(50);
  }
  clearInterval(trickle);
  const closed = loris.filter((s) => s.closedAt !== null);
  const last = Math.max(...closed.map((s) => s.closedAt - start));
  latencies.sort((a, b) => a - b);
  console.log(
    `slowloris x500, head deadline 5 s: ${closed.length}/500 closed, the last after ${(last / 1000).toFixed(2)} s; ` +
      `probe (${latencies.length} requests): median ${latencies[latencies.length >> 1].toFixed(1)} ms, ` +
      `p99 ${latencies[Math.floor(latencies.length * 0.99)].toFixed(1)} ms, max ${latencies.at(-1).toFixed(1)} ms`,
  );
  for (const s of loris) s.destroy();
  await server.stop();
}

async function idleRss() {
  const server = await startServer({});
  await probe(server.port);
  const atStart = rss(server.child.pid);
  const sockets = [];
  for (let i = 0; i < 5000; i++) {
    sockets.push(await new Promise((resolve) => {
      const socket = connect(server.port, "127.0.0.1", () => resolve(socket));
      socket.on("error", () => {});
    }));
  }
  await sleep(1000);
  console.log(`RSS: ${atStart.toFixed(1)} MB at start, ${rss(server.child.pid).toFixed(1)} MB with 5,000 idle connections`);
  for (const s of sockets) s.destroy();
  await server.stop();
}

await throughput();
await slowloris();
await idleRss();
