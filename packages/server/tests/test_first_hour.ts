// What a first run of `mono-serve` meets: an app module that is missing, throws or is TypeScript, a port already
// taken, and --version. Each failure is one line on stderr and uvicorn's exit code 3 (STARTUP_FAILURE).
import { createServer, type AddressInfo, type Server as NetServer } from "node:net";
import { expect, test } from "vitest";
import { ImportFromStringError, importFromString } from "../src/importer.js";
import { noSuchOption } from "@mono/asgi";
import { versionLine } from "../src/main.js";
import { serve } from "../src/index.js";
import { FIXTURES, runCLI, waitFor } from "./cliFixture.js";
import { rawRequest, SIMPLE_GET_REQUEST } from "./serverFixture.js";

/** The ERROR lines of a run's stderr. */
function errorLines(stderr: string): string[] {
  return stderr.split("\n").filter((line) => line.startsWith("ERROR:"));
}

test("a module that is not there: exit code 3 and uvicorn's one line", async () => {
  const run = runCLI(["nothere:app", "--port", "0"]);
  expect(await run.exited).toBe(3);
  expect(errorLines(run.stderr())).toEqual(['ERROR:    Error loading ASGI app. Could not import module "nothere".']);
  expect(run.stderr()).not.toContain("    at ");
});

test("a module that throws on import: exit code 3, one line naming the module, the error and where", async () => {
  const run = runCLI(["throws:app", "--port", "0"]);
  expect(await run.exited).toBe(3);
  expect(errorLines(run.stderr())).toEqual([
    'ERROR:    Error loading ASGI app. Could not import module "throws": Error: DATABASE_URL is not set (throws.mjs:3)',
  ]);
  expect(run.stderr()).not.toContain("    at ");
});

test("a port already taken: exit code 3 and one line with the --port hint", async () => {
  const taken: NetServer = createServer();
  await new Promise<void>((resolve) => taken.listen({ host: "127.0.0.1", port: 0 }, resolve));
  const { port } = taken.address() as AddressInfo;
  try {
    const run = runCLI(["app:app", "--port", String(port), "--lifespan", "off"]);
    expect(await run.exited).toBe(3);
    expect(errorLines(run.stderr())).toEqual([
      `ERROR:    [EADDRINUSE] error while attempting to bind on address ('127.0.0.1', ${port}): address already in use; ` +
        `another server has port ${port}: stop it, or choose another port with --port (0 picks a free one).`,
    ]);
  } finally {
    await new Promise((resolve) => taken.close(resolve));
  }
});

test("--version: uvicorn's line with this package's version, Node's and the system", async () => {
  const run = runCLI(["--version"]);
  expect(await run.exited).toBe(0);
  expect(run.stdout()).toMatch(/^Running mono-serve \d+\.\d+\.\d+\S* with Node\.js \d+\.\d+\.\d+ on \w+\n$/);
  expect(run.stdout().trim()).toBe(versionLine());
});

test("mono-serve typed.ts:app serves a TypeScript module (through tsx, an optional peer dependency)", async () => {
  const run = runCLI(["typed.ts:app", "--port", "0", "--lifespan", "off"]);
  try {
    await waitFor(() => /running on http:\/\/127\.0\.0\.1:(\d+)/.test(run.stderr()) || run.child.exitCode !== null);
    const port = Number(/running on http:\/\/127\.0\.0\.1:(\d+)/.exec(run.stderr())?.[1]);
    expect(port, run.stderr().slice(0, 2000)).toBeGreaterThan(0);
    const response = await rawRequest(port, SIMPLE_GET_REQUEST);
    expect(response.body.toString()).toBe("hello from TypeScript");
  } finally {
    // SIGINT ends with 0 (after SIGTERM the CLI ends by the signal itself, as uvicorn 0.54).
    run.child.kill("SIGINT");
    expect(await run.exited).toBe(0);
  }
});

test("a TypeScript module without tsx on a Node that cannot strip types says what to do in one line", async () => {
  const load = importFromString("typed.ts:app", FIXTURES, () => null);
  if ((process.features as { typescript?: unknown }).typescript) {
    // Node 22.18+: its own type stripping loads the module.
    expect(typeof (await load)).toBe("function");
    return;
  }
  const error = await load.catch((exc: unknown) => exc);
  expect(error).toBeInstanceOf(ImportFromStringError);
  expect((error as Error).message).toBe(
    `Could not import module "typed.ts": Node.js ${process.version} cannot run TypeScript by itself; ` +
      `install tsx (npm install --save-dev tsx), use Node.js 22.18 or later, or build to JavaScript first.`,
  );
});

test("serve(): a port already taken is logged with the hint", async () => {
  const first = await serve(async () => {}, { port: 0, lifespan: "off", logHandler: () => {} });
  try {
    const records: string[] = [];
    await serve(async () => {}, { port: first.port, lifespan: "off", logHandler: (r) => records.push(r.message) }).catch(
      () => {},
    );
    expect(records.filter((m) => m.includes("address already in use"))).toEqual([
      `[EADDRINUSE] error while attempting to bind on address ('127.0.0.1', ${first.port}): address already in use; ` +
        `another server has port ${first.port}: stop it, or choose another port with --port (0 picks a free one).`,
    ]);
  } finally {
    await first.close();
  }
});

test("an unknown flag: click's message and its 'Did you mean'", async () => {
  const run = runCLI(["app:app", "--prt", "0"]);
  expect(await run.exited).toBe(2);
  expect(run.stderr()).toBe(
    "Usage: mono-serve [OPTIONS] APP\nTry 'mono-serve --help' for help.\n\nError: No such option '--prt'. Did you mean '--port'?\n",
  );
  expect(noSuchOption("--proxy-header", ["proxy-headers", "no-proxy-headers", "port"])).toBe(
    "No such option '--proxy-header'. (Did you mean one of: '--no-proxy-headers', '--proxy-headers'?)",
  );
});

test("serve(): an unknown option names the nearest one", async () => {
  await expect(serve(async () => {}, { prot: 0 } as object)).rejects.toThrow(
    'Invalid server options: option "options": unknown option "prot" (did you mean port?)',
  );
  await expect(serve(async () => {}, { colour: true } as object)).rejects.toThrow('unknown option "colour"');
});
