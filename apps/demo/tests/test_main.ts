// The `demo` command in-process: a bad setting stops start-up before anything listens, naming the setting; a taken
// port names the flag to change; a good start prints both URLs and stops both servers when told to.
import { createServer, type AddressInfo, type Server } from "node:net";
import type { LogRecord } from "@mono/server";
import { expect, test } from "vitest";
import { main, USAGE_ERROR, type MainIO } from "../src/index.js";

interface Captured {
  io: MainIO;
  out: string[];
  err: string[];
  logs: LogRecord[];
}

function capture(extra: Partial<MainIO> = {}): Captured {
  const out: string[] = [];
  const err: string[] = [];
  const logs: LogRecord[] = [];
  const io: MainIO = {
    env: {},
    stdout: (text) => void out.push(text),
    stderr: (text) => void err.push(text),
    logHandler: (record) => void logs.push(record),
    stopped: () => Promise.reject(new Error("the demo should not have started")),
    ...extra,
  };
  return { io, out, err, logs };
}

test("test_bad_setting_stops_startup", async () => {
  const run = capture({ env: { DEMO_BACKEND_PORT: "8o00" } });
  expect(await main([], run.io)).toBe(USAGE_ERROR);
  expect(run.err.join("")).toBe(
    "Error: Invalid setting; the demo did not start:\n" +
      '  DEMO_BACKEND_PORT: Input should be a valid integer, unable to parse string as an integer (got "8o00")\n' +
      "Try 'demo --help' for help.\n",
  );
  expect(run.out).toEqual([]);
  // Nothing started: neither server logged a line.
  expect(run.logs).toEqual([]);
});

test("test_bad_flag_stops_startup", async () => {
  const run = capture();
  expect(await main(["--allow-origins", "localhost:8080"], run.io)).toBe(USAGE_ERROR);
  expect(run.err.join("")).toContain('  --allow-origins: item 0: "localhost:8080" is not an http or https origin;');
  expect(run.logs).toEqual([]);
  const unknown = capture();
  expect(await main(["--port", "1"], unknown.io)).toBe(USAGE_ERROR);
  expect(unknown.err.join("")).toContain("Unknown option '--port'");
});

test("test_taken_port_names_the_flag", async () => {
  const blocker: Server = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
  const port = (blocker.address() as AddressInfo).port;
  try {
    const run = capture();
    expect(await main(["--backend-port", "0", "--frontend-port", String(port)], run.io)).toBe(3);
    expect(run.err.join("")).toBe(
      `Error: Could not bind 127.0.0.1:${port}. Is port ${port} taken? Choose another with --frontend-port (DEMO_FRONTEND_PORT).\n`,
    );
    // The backend had started; it was stopped again.
    const backendLines = run.logs.filter((record) => record.message.startsWith("[backend]")).map((record) => record.message);
    expect(backendLines).toContain("[backend] Application shutdown complete.");
  } finally {
    await new Promise((resolve) => blocker.close(resolve));
  }
});

test("test_start_print_and_stop", async () => {
  let seen: { backend: unknown; config: unknown } | null = null;
  const run = capture({
    async stopped(demo) {
      const backend = await fetch(`${demo.backend.url}/`);
      const config = await fetch(`${demo.frontend.url}/config.json`);
      seen = { backend: await backend.json(), config: await config.json() };
    },
  });
  const code = await main(["--backend-port", "0", "--frontend-port", "0", "--no-allow-credentials"], run.io);
  expect(code).toBe(0);
  expect(seen).not.toBeNull();
  const { backend, config } = seen as unknown as { backend: unknown; config: { backendPort: number; allowCredentials: boolean } };
  expect(backend).toEqual({ message: "Hello World" });
  expect(config.allowCredentials).toBe(false);
  const banner = run.out.join("");
  expect(banner).toContain(`backend   http://localhost:${config.backendPort}`);
  expect(banner).toMatch(/frontend {2}http:\/\/localhost:\d+ {3}not in allowOrigins: the browser blocks its calls/);
  expect(banner).toMatch(/ {12}http:\/\/127\.0\.0\.1:\d+ {3}not in allowOrigins/);
  expect(banner).toContain("To see the calls allowed, list the page's origin: --allow-origins http://localhost.tiangolo.com,");
  expect(banner.endsWith("Demo stopped.\n")).toBe(true);
  // Both servers shut down.
  const finished = run.logs.map((record) => record.message).filter((message) => message.includes("Finished server process"));
  expect(finished).toHaveLength(2);
});

test("test_help", async () => {
  const run = capture();
  expect(await main(["--help"], run.io)).toBe(0);
  expect(run.out.join("")).toMatch(/^Usage: demo \[OPTIONS\]/);
  expect(run.logs).toEqual([]);
});
