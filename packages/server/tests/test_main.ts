// The `mono-serve` command line (uvicorn's tests/test_main.py and tests/supervisors/test_multiprocess.py in spirit):
// flags validated at once, exit codes, signals, and `--workers 2` with a worker killed and replaced.
import { connect, type Socket } from "node:net";
import { expect, test } from "vitest";
import { parseCommandLine, UsageError } from "../src/main.js";
import { configFromOptions, ConfigError, serve, StartupFailure } from "../src/index.js";
import { isAlive, runCLI, waitFor } from "./cliFixture.js";
import { rawRequest, SIMPLE_GET_REQUEST } from "./serverFixture.js";

test("every flag maps onto a serve() option", () => {
  const line = parseCommandLine(
    [
      "app:app",
      "--host", "0.0.0.0", "--port", "9000", "--workers", "3", "--root-path", "/api", "--lifespan", "on",
      "--no-proxy-headers", "--forwarded-allow-ips", "10.0.0.1,10.0.0.2", "--limit-concurrency", "10",
      "--limit-max-requests", "100", "--timeout-keep-alive", "2", "--timeout-graceful-shutdown", "7",
      "--log-level", "debug", "--no-access-log", "--header", "X-A:1", "--header", "X-B: two:2",
      "--no-server-header", "--no-date-header", "--backlog", "64",
      "--limit-max-requests-jitter", "5", "--timeout-worker-healthcheck", "9", "--timeout-request-head", "30",
      "--timeout-request-body", "0.5", "--limit-connections", "500",
    ],
    {},
  );
  expect(line).toEqual({
    app: "app:app",
    workers: 3,
    timeoutWorkerHealthcheck: 9,
    help: false,
    version: false,
    options: {
      host: "0.0.0.0",
      port: 9000,
      rootPath: "/api",
      lifespan: "on",
      proxyHeaders: false,
      forwardedAllowIps: "10.0.0.1,10.0.0.2",
      limitConcurrency: 10,
      limitMaxRequests: 100,
      limitMaxRequestsJitter: 5,
      timeoutKeepAlive: 2,
      timeoutGracefulShutdown: 7,
      timeoutRequestHead: 30,
      timeoutRequestBody: 0.5,
      limitConnections: 500,
      logLevel: "debug",
      accessLog: false,
      headers: [
        ["X-A", "1"],
        ["X-B", " two:2"],
      ],
      serverHeader: false,
      dateHeader: false,
      backlog: 64,
    },
  });
});

test("defaults: nothing set, one worker unless WEB_CONCURRENCY; the last of --x/--no-x wins", () => {
  expect(parseCommandLine(["app:app"], {})).toEqual({
    app: "app:app",
    options: {},
    workers: 1,
    timeoutWorkerHealthcheck: 5,
    help: false,
    version: false,
  });
  expect(parseCommandLine(["app:app"], { WEB_CONCURRENCY: "4" }).workers).toBe(4);
  expect(parseCommandLine(["app:app", "--no-access-log", "--access-log"], {}).options.accessLog).toBe(true);
  const config = configFromOptions({});
  expect([config.host, config.port, config.timeoutKeepAlive, config.lifespan, config.rootPath]).toEqual([
    "127.0.0.1",
    8000,
    5,
    "auto",
    "",
  ]);
});

for (const [args, message] of [
  [["app:app", "--port", "abc"], "Invalid value for '--port': 'abc' is not a valid integer."],
  [["app:app", "--lifespan", "maybe"], "Invalid value for '--lifespan': 'maybe' is not one of 'auto', 'on', 'off'."],
  [["app:app", "--log-level", "loud"], "Invalid value for '--log-level': 'loud' is not one of"],
  [["app:app", "--bogus"], "No such option '--bogus'."],
  [[], "Missing argument 'APP'."],
  [["app:app", "--port", "70000"], "Invalid value for '--port'"],
  [["app:app", "--timeout-keep-alive", "0"], "Invalid value for '--timeout-keep-alive'"],
  [["app:app", "--header", "no-colon"], "Invalid value for '--header'"],
  [["app:app", "--workers", "0"], "Invalid value for '--workers'"],
  [["app:app", "--limit-concurrency", "-1"], "Invalid value for '--limit-concurrency': Too small: expected number to be >0"],
  [["app:app", "--port"], "Option '--port' requires an argument."],
] as Array<[string[], string]>) {
  test(`a bad flag fails at once naming it: ${args.join(" ") || "(none)"}`, () => {
    expect(() => parseCommandLine(args, {})).toThrow(UsageError);
    expect(() => parseCommandLine(args, {})).toThrow(message);
  });
}

test("a value starting with '-' after a flag is its value, as click reads it (not parseArgs' 'ambiguous')", () => {
  const line = parseCommandLine(["app:app", "--header", "-X:1", "--root-path", "-", "--limit-max-requests", "+3"], {});
  expect(line.options).toEqual({ headers: [["-X", "1"]], rootPath: "-", limitMaxRequests: 3 });
  expect(() => parseCommandLine(["app:app", "--header", "--no-access-log"], {})).toThrow(
    "Invalid value for '--header': '--no-access-log' is not a Name:Value pair.",
  );
});

test("serve(): a bad option throws at once naming it, before anything binds", async () => {
  await expect(serve(async () => {}, { port: -1 })).rejects.toThrow(ConfigError);
  await expect(serve(async () => {}, { port: -1 })).rejects.toThrow('option "port"');
  await expect(serve(async () => {}, { lifespan: "sometimes" as "on" })).rejects.toThrow('option "lifespan"');
  await expect(serve(async () => {}, { colour: true } as object)).rejects.toThrow('"colour"');
  await expect(serve(async () => {}, { headers: [["x", "\u20ac"]] })).rejects.toThrow('option "headers.0.1"');
});

test("serve(): an address in use is a StartupFailure (exit code 3), after lifespan shutdown", async () => {
  const first = await serve(async () => {}, { port: 0, lifespan: "off", logHandler: () => {} });
  try {
    const records: string[] = [];
    const failure = await serve(async () => {}, {
      port: first.port,
      lifespan: "off",
      logHandler: (r) => records.push(r.message),
    }).catch((exc: unknown) => exc);
    expect(failure).toBeInstanceOf(StartupFailure);
    expect((failure as StartupFailure).exitCode).toBe(3);
    expect(records.some((m) => m.includes("EADDRINUSE"))).toBe(true);
  } finally {
    await first.close();
  }
});

test("the CLI exits 2 on a bad flag, 3 when the app cannot load or start", async () => {
  const bad = runCLI(["app:app", "--port", "abc"]);
  expect(await bad.exited).toBe(2);
  expect(bad.stderr()).toContain("Error: Invalid value for '--port': 'abc' is not a valid integer.");

  const missing = runCLI(["app:nope", "--port", "0"]);
  expect(await missing.exited).toBe(3);
  expect(missing.stderr()).toContain('ERROR:    Error loading ASGI app. Attribute "nope" not found in module "app".');

  const failing = runCLI(["app:failing", "--port", "0"]);
  expect(await failing.exited).toBe(3);
  expect(failing.stderr()).toContain("ERROR:    Application startup failed. Exiting.");
});

// uvicorn 0.54 re-raises the signal it caught once shut down: SIGTERM ends the process by SIGTERM (status 143 in a
// shell), SIGINT's KeyboardInterrupt is swallowed by its main (status 0).
for (const [signal, expected] of [["SIGTERM", "SIGTERM"], ["SIGINT", 0]] as const) {
test(`the CLI serves until ${signal}, then finishes lifespan and ends with ${expected}`, async () => {
  const run = runCLI(["app:nested.starlette", "--port", "0"]);
  try {
    await waitFor(() => /running on http:\/\/127\.0\.0\.1:(\d+)/.test(run.stderr()), run);
    const port = Number(/running on http:\/\/127\.0\.0\.1:(\d+)/.exec(run.stderr())![1]);
    const res = await rawRequest(port, SIMPLE_GET_REQUEST);
    expect(res.body.toString()).toBe(String(run.child.pid));
    // The access line reaches our pipe when the child gets to write it, maybe after the response: wait for it.
    const accessLine = /INFO: {5}127\.0\.0\.1:\d+ - "GET \/ HTTP\/1\.1" 200 OK\n/;
    await waitFor(() => accessLine.test(run.stdout()), run);
    expect(run.stdout()).toMatch(accessLine);
    run.child.kill(signal);
    expect(await run.status).toBe(expected);
    expect(run.stdout()).toContain(`lifespan shutdown ${run.child.pid}`);
    expect(run.stderr()).toContain("INFO:     Finished server process");
  } finally {
    run.child.kill("SIGKILL");
  }
});
}

test("--timeout-graceful-shutdown: a request still running at the timeout gets EOF (as uvicorn 0.54), then SIGTERM ends the process", async () => {
  const run = runCLI(["app:app", "--port", "0", "--timeout-graceful-shutdown", "1"]);
  let client: Socket | null = null;
  try {
    await waitFor(() => /running on http:\/\/127\.0\.0\.1:(\d+)/.test(run.stderr()));
    const port = Number(/running on http:\/\/127\.0\.0\.1:(\d+)/.exec(run.stderr())![1]);
    const socket = connect(port, "127.0.0.1");
    client = socket;
    const received: Buffer[] = [];
    socket.on("data", (chunk: Buffer) => received.push(chunk));
    const ended = new Promise<void>((resolve) => socket.on("close", () => resolve()));
    socket.write("GET /hang HTTP/1.1\r\nHost: x\r\n\r\n");
    await waitFor(() => run.stdout().includes(`hanging ${run.child.pid}`));
    run.child.kill("SIGTERM");
    await ended;
    expect(Buffer.concat(received).length).toBe(0);
    expect(await run.status).toBe("SIGTERM");
    expect(run.stderr()).toContain("ERROR:    Cancel 1 running task(s), timeout graceful shutdown exceeded");
  } finally {
    client?.destroy();
    run.child.kill("SIGKILL");
  }
});

test("--workers 2: both serve one port, a killed worker is replaced, SIGTERM stops all", async () => {
  const run = runCLI(["app:app", "--port", "0", "--workers", "2", "--no-access-log"]);
  const workerPids = new Set<number>();
  try {
    const running = () => [...run.stderr().matchAll(/running on http:\/\/127\.0\.0\.1:(\d+)/g)];
    await waitFor(() => running().length >= 2, run);
    const ports = new Set(running().map((m) => m[1]));
    expect(ports.size).toBe(1);
    const port = Number([...ports][0]);
    const servedBy = async () => Number((await rawRequest(port, SIMPLE_GET_REQUEST)).body.toString());
    // Workers accept from the shared socket, so which one answers is the kernel's choice: read their pids from the log.
    const started = () => [...run.stderr().matchAll(/Started server process \[(\d+)\]/g)].map((m) => Number(m[1]));
    for (const pid of started()) workerPids.add(pid);
    expect(workerPids.size).toBe(2);
    expect(workerPids.has(await servedBy())).toBe(true);

    const victim = [...workerPids][0]!;
    process.kill(victim, "SIGKILL");
    await waitFor(() => run.stderr().includes(`Child process [${victim}] died`), run);
    await waitFor(() => running().length >= 3, run);
    for (const pid of started()) workerPids.add(pid);
    expect(workerPids.size).toBe(3);
    for (let i = 0; i < 4; i++) expect(await servedBy()).not.toBe(victim);

    run.child.kill("SIGTERM");
    expect(await run.exited).toBe(0);
    expect(run.stderr()).toContain("Received SIGTERM, exiting.");
    expect(run.stderr()).toContain("Stopping parent process");
    for (const pid of workerPids) expect(isAlive(pid)).toBe(false);
  } finally {
    run.child.kill("SIGKILL");
    for (const pid of workerPids) if (isAlive(pid)) process.kill(pid, "SIGKILL");
  }
});

test("--workers 2: a worker that fails to start stops the primary (exit code 3), no restart loop", async () => {
  const run = runCLI(["app:failing", "--port", "0", "--workers", "2"]);
  try {
    expect(await run.exited).toBe(3);
    expect(run.stderr()).toMatch(/Child process \[\d+\] failed to start, stopping the parent process\./);
    expect(run.stderr()).not.toContain("died");
  } finally {
    run.child.kill("SIGKILL");
  }
});

test("--limit-max-requests: the server shuts itself down after that many responses", async () => {
  const run = runCLI(["app:app", "--port", "0", "--limit-max-requests", "2"]);
  try {
    await waitFor(() => /running on http:\/\/127\.0\.0\.1:(\d+)/.test(run.stderr()), run);
    const port = Number(/running on http:\/\/127\.0\.0\.1:(\d+)/.exec(run.stderr())![1]);
    await rawRequest(port, SIMPLE_GET_REQUEST);
    await rawRequest(port, SIMPLE_GET_REQUEST);
    expect(await run.exited).toBe(0);
    expect(run.stderr()).toContain("Maximum request limit of 2 exceeded. Terminating process.");
  } finally {
    run.child.kill("SIGKILL");
  }
});
