// `--workers` as uvicorn 0.54's Multiprocess supervisor (tests/supervisors/test_multiprocess.py in spirit), over real
// processes and sockets: a worker killed under load loses no client (each is answered or closed), a stopped worker
// is replaced by the ping health check, SIGTTIN/SIGTTOU add and remove workers, and the jitter flag reaches workers.
import { connect } from "node:net";
import { expect, test } from "vitest";
import { parseCommandLine } from "../src/main.js";
import { isAlive, runCLI, type RunningCLI, runningPorts, serverPids, waitFor } from "./cliFixture.js";
import { rawRequest, SIMPLE_GET_REQUEST } from "./serverFixture.js";

/** Every worker and the primary, killed whatever happened. */
function killAll(run: RunningCLI): void {
  for (const pid of serverPids(run)) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
  run.child.kill("SIGKILL");
}

type Outcome = "answered" | "closed" | "hung";

/**
 * One client: requests one after another on a keep-alive connection (or, `fresh`, one connection per request), a new
 * connection when the server closes it. A request neither answered nor closed within `hangMs` counts as hung (the
 * bug: a connection held for ever).
 */
async function client(port: number, fresh: boolean, running: () => boolean, outcomes: Outcome[], hangMs: number): Promise<void> {
  while (running()) {
    await new Promise<void>((resolve) => {
      const socket = connect(port, "127.0.0.1");
      let buffered = "";
      let timer: NodeJS.Timeout | undefined;
      let pending = false;
      const send = () => {
        pending = true;
        timer = setTimeout(() => {
          pending = false;
          outcomes.push("hung");
          socket.destroy();
        }, hangMs);
        socket.write(SIMPLE_GET_REQUEST);
      };
      socket.on("connect", send);
      socket.on("data", (chunk: Buffer) => {
        buffered += chunk.toString("latin1");
        const end = buffered.indexOf("\r\n\r\n");
        const length = Number(/content-length: (\d+)/.exec(buffered)?.[1] ?? -1);
        if (end < 0 || length < 0 || buffered.length < end + 4 + length) return;
        buffered = buffered.slice(end + 4 + length);
        clearTimeout(timer);
        pending = false;
        outcomes.push("answered");
        if (running() && !fresh) send();
        else socket.end();
      });
      socket.on("error", () => {});
      socket.on("close", () => {
        clearTimeout(timer);
        if (pending) outcomes.push("closed");
        resolve();
      });
    });
  }
}

test("parseCommandLine: --timeout-worker-healthcheck (default 5) and --limit-max-requests-jitter (default 0)", () => {
  const defaults = parseCommandLine(["app:app"], {});
  expect([defaults.timeoutWorkerHealthcheck, defaults.options.limitMaxRequestsJitter]).toEqual([5, undefined]);
  const line = parseCommandLine(["app:app", "--timeout-worker-healthcheck", "2", "--limit-max-requests-jitter", "10"], {});
  expect([line.timeoutWorkerHealthcheck, line.options.limitMaxRequestsJitter]).toEqual([2, 10]);
  expect(() => parseCommandLine(["app:app", "--timeout-worker-healthcheck", "0"], {})).toThrow(
    "Invalid value for '--timeout-worker-healthcheck': 0 is not >= 1.",
  );
  expect(() => parseCommandLine(["app:app", "--limit-max-requests-jitter", "-1"], {})).toThrow(
    /Invalid value for '--limit-max-requests-jitter'/,
  );
});

test("--workers 2: a worker killed with SIGKILL under load loses no client: every request is answered or its connection closed", async () => {
  const run = runCLI(["app:app", "--port", "0", "--workers", "2", "--no-access-log"]);
  try {
    await waitFor(() => runningPorts(run).length >= 2, "two workers");
    const port = runningPorts(run)[0]!;
    const workers = serverPids(run);
    const outcomes: Outcome[] = [];
    let running = true;
    // New connections keep the accept path busy (where round-robin lost a handle in flight to the dead worker);
    // keep-alive ones are inside the worker when it dies.
    const clients = Array.from({ length: 32 }, (_, i) => client(port, i % 2 === 0, () => running, outcomes, 15000));
    const answered = () => outcomes.filter((o) => o === "answered").length;
    await waitFor(() => answered() >= 200, "load before the kill");
    const victim = workers[0]!;
    process.kill(victim, "SIGKILL");
    await waitFor(() => run.stderr().includes(`Child process [${victim}] died`), "the death noticed");
    await waitFor(() => runningPorts(run).length >= 3, "the replacement listening");
    const before = answered();
    await waitFor(() => answered() >= before + 200, "load after the replacement");
    running = false;
    await Promise.all(clients);
    expect(outcomes.filter((o) => o === "hung").length).toBe(0);
    expect(answered()).toBeGreaterThanOrEqual(400);
    // Still serving after it all, from a live worker.
    const pid = Number((await rawRequest(port, SIMPLE_GET_REQUEST)).body.toString());
    expect(pid).not.toBe(victim);
    run.child.kill("SIGTERM");
    expect(await run.status).toBe(0);
  } finally {
    killAll(run);
  }
});

test("--workers 2: a stopped (SIGSTOP) worker fails the ping health check, is killed and replaced", async () => {
  const run = runCLI(["app:app", "--port", "0", "--workers", "2", "--no-access-log", "--timeout-worker-healthcheck", "2"]);
  try {
    await waitFor(() => runningPorts(run).length >= 2, "two workers");
    const port = runningPorts(run)[0]!;
    const victim = serverPids(run)[0]!;
    process.kill(victim, "SIGSTOP");
    await waitFor(
      () => run.stderr().includes(`Child process [${victim}] did not answer the health check in time, killing it.`),
      "the health check to fail",
    );
    await waitFor(() => run.stderr().includes(`Child process [${victim}] died (SIGKILL)`), "the stopped worker killed");
    await waitFor(() => runningPorts(run).length >= 3, "the replacement listening");
    await waitFor(() => !isAlive(victim), "the stopped worker gone");
    for (let i = 0; i < 4; i++) {
      const response = await rawRequest(port, SIMPLE_GET_REQUEST);
      expect(Number(response.body.toString())).not.toBe(victim);
    }
    run.child.kill("SIGTERM");
    expect(await run.status).toBe(0);
  } catch (exc) {
    throw new Error(`${String(exc)}\n--- stderr ---\n${run.stderr().slice(-3000)}`);
  } finally {
    killAll(run);
  }
});

test("--workers 2: SIGTTIN adds a worker, SIGTTOU removes one, and never the last", async () => {
  const supervised = runCLI(["app:app", "--port", "0", "--workers", "2", "--no-access-log"]);
  try {
    await waitFor(() => runningPorts(supervised).length >= 2, "two workers");
    supervised.child.kill("SIGTTIN");
    await waitFor(() => supervised.stderr().includes("Received SIGTTIN, increasing the number of processes."), "SIGTTIN");
    await waitFor(() => runningPorts(supervised).length >= 3, "a third worker");
    const third = serverPids(supervised)[2]!;
    supervised.child.kill("SIGTTOU");
    await waitFor(() => supervised.stderr().includes(`Terminated child process [${third}]`), "the newest worker stopped");
    await waitFor(() => !isAlive(third), "the newest worker gone");
    supervised.child.kill("SIGTTOU");
    const terminated = () => [...supervised.stderr().matchAll(/Terminated child process \[(\d+)\]/g)].map((m) => Number(m[1]));
    await waitFor(() => terminated().length >= 2, "a second worker stopped");
    await waitFor(() => !isAlive(terminated()[1]!), "the second worker gone");
    supervised.child.kill("SIGTTOU");
    await waitFor(
      () => supervised.stderr().includes("Already reached one process, cannot decrease the number of processes anymore."),
      "the last worker kept",
    );
    const remaining = serverPids(supervised).filter(isAlive);
    expect(remaining.length).toBe(1);
    // A removed worker is not replaced: nothing died, nothing new started.
    expect(supervised.stderr()).not.toContain("died");
    expect(runningPorts(supervised).length).toBe(3);
    const pid = Number((await rawRequest(runningPorts(supervised)[0]!, SIMPLE_GET_REQUEST)).body.toString());
    expect(pid).toBe(remaining[0]);
    supervised.child.kill("SIGTERM");
    expect(await supervised.status).toBe(0);
  } finally {
    killAll(supervised);
  }
});

test("--limit-max-requests with --limit-max-requests-jitter: each worker recycles after N to N+jitter responses", async () => {
  const run = runCLI(["app:app", "--port", "0", "--limit-max-requests", "3", "--limit-max-requests-jitter", "2"]);
  try {
    await waitFor(() => runningPorts(run).length >= 1, "the server");
    const port = runningPorts(run)[0]!;
    // The limit is checked as each response completes, and shutdown stops accepting at once: requests made one after
    // another are answered up to the drawn limit, then refused.
    let answered = 0;
    for (let i = 0; i < 8; i++) {
      const response = await rawRequest(port, SIMPLE_GET_REQUEST).catch(() => null);
      if (response === null) break;
      answered += 1;
    }
    expect(answered).toBeGreaterThanOrEqual(3);
    expect(answered).toBeLessThanOrEqual(5);
    expect(run.stderr()).toContain(`Maximum request limit of ${answered} exceeded. Terminating process.`);
    expect(await run.status).toBe(0);
  } finally {
    killAll(run);
  }
});

test("--workers 2: SIGHUP replaces every worker, each new one listening before its old one stops", async () => {
  const run = runCLI(["app:app", "--port", "0", "--workers", "2", "--no-access-log"]);
  try {
    await waitFor(() => runningPorts(run).length >= 2, "two workers");
    const port = runningPorts(run)[0]!;
    const old = serverPids(run);
    run.child.kill("SIGHUP");
    await waitFor(() => run.stderr().includes("Received SIGHUP, restarting processes."), "SIGHUP");
    await waitFor(() => runningPorts(run).length >= 4, "two replacements listening");
    await waitFor(() => old.every((pid) => !isAlive(pid)), "the old workers gone");
    expect(run.stderr()).not.toContain("died");
    const fresh = serverPids(run).filter((pid) => !old.includes(pid));
    expect(fresh.length).toBe(2);
    expect(fresh).toContain(Number((await rawRequest(port, SIMPLE_GET_REQUEST)).body.toString()));
    run.child.kill("SIGTERM");
    expect(await run.status).toBe(0);
  } finally {
    killAll(run);
  }
});
