// The `mono-serve` executable run as a child process (dist/cli.js, in tests/fixtures), with its output collected.
import { type ChildProcess, spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { PATIENCE_MS, preview, sleep } from "./serverFixture.js";

const HERE = dirname(fileURLToPath(import.meta.url));
export const CLI = join(HERE, "..", "dist", "cli.js");
export const FIXTURES = join(HERE, "fixtures");

export interface RunningCLI {
  child: ChildProcess;
  stderr: () => string;
  stdout: () => string;
  /** The exit code, or the signal that ended the process. */
  status: Promise<number | NodeJS.Signals | null>;
  /** The exit code; null when a signal ended the process. */
  exited: Promise<number | null>;
}

export function runCLI(args: string[], cwd = FIXTURES): RunningCLI {
  const child = spawn(process.execPath, [CLI, ...args], { cwd, stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  let stdout = "";
  child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
  child.stdout!.on("data", (d: Buffer) => (stdout += d.toString()));
  // "close", not "exit": the exit status can come before the last of stdout/stderr has been read from the pipes.
  const status = new Promise<number | NodeJS.Signals | null>((resolve) =>
    child.on("close", (code, signal) => resolve(code ?? signal)),
  );
  const exited = status.then((s) => (typeof s === "number" ? s : null));
  return { child, stderr: () => stderr, stdout: () => stdout, status, exited };
}

/**
 * Poll a condition (every 20 ms) until it holds; the deadline is generous (a busy machine starts node slowly) and
 * only turns a hang into a failure, which names what was awaited or previews the run's output.
 */
export async function waitFor(predicate: () => boolean, what?: string | RunningCLI, timeoutMs = 2 * PATIENCE_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) {
      const detail =
        typeof what === "string" ? ` for ${what}` : what ? `; stderr ${preview(what.stderr())}, stdout ${preview(what.stdout())}` : "";
      throw new Error(`timed out waiting${detail}`);
    }
    await sleep(20);
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The ports of every "running on" line so far (one per server started). */
export function runningPorts(run: RunningCLI): number[] {
  return [...run.stderr().matchAll(/running on http:\/\/127\.0\.0\.1:(\d+)/g)].map((m) => Number(m[1]));
}

/** The pids of every "Started server process" line so far (one per server, workers included). */
export function serverPids(run: RunningCLI): number[] {
  return [...run.stderr().matchAll(/Started server process \[(\d+)\]/g)].map((m) => Number(m[1]));
}
