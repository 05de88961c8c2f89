// The `mono-serve` executable run as a child process (dist/cli.js, in tests/fixtures), with its output collected.
import { type ChildProcess, spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { sleep } from "./serverFixture.js";

const HERE = dirname(fileURLToPath(import.meta.url));
export const CLI = join(HERE, "..", "dist", "cli.js");
export const FIXTURES = join(HERE, "fixtures");

export interface RunningCLI {
  child: ChildProcess;
  stderr: () => string;
  stdout: () => string;
  /** The exit code, or the signal that ended the process. */
  status: Promise<number | NodeJS.Signals | null>;
}

export function runCLI(args: string[], cwd = FIXTURES): RunningCLI {
  const child = spawn(process.execPath, [CLI, ...args], { cwd, stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  let stdout = "";
  child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
  child.stdout!.on("data", (d: Buffer) => (stdout += d.toString()));
  const status = new Promise<number | NodeJS.Signals | null>((resolve) =>
    child.on("exit", (code, signal) => resolve(code ?? signal)),
  );
  return { child, stderr: () => stderr, stdout: () => stdout, status };
}

/** Poll a condition (every 20 ms) until it holds; a generous deadline only turns a hang into a failure. */
export async function waitFor(predicate: () => boolean, what: string, timeoutMs = 30000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
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
