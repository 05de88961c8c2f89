// What a first run of the demo meets: a CORS configuration lint calls an error is reported at start-up, both servers
// on one port is named as the demo's own clash, the start is one banner, and a typo in CORS options (JavaScript has
// no type check) fails when the app is built, with the option's name, not as "lifespan unsupported" and 500s.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { App } from "@mono/framework";
import { CORSMiddleware } from "@mono/cors";
import { expect, test } from "vitest";
import { lintReport, main, USAGE_ERROR, type MainIO } from "../src/index.js";
import { settingsFrom } from "../src/settings.js";

const HERE = dirname(fileURLToPath(import.meta.url));

function capture(extra: Partial<MainIO> = {}): { io: MainIO; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  const io: MainIO = {
    env: {},
    stdout: (text) => void out.push(text),
    stderr: (text) => void err.push(text),
    logHandler: () => {},
    stopped: async () => {},
    ...extra,
  };
  return { io, out, err };
}

test("'*' with credentials: the lint findings are printed at start-up, and the demo still starts", async () => {
  const run = capture();
  expect(await main(["--backend-port", "0", "--frontend-port", "0", "--allow-origins", "*"], run.io)).toBe(0);
  const err = run.err.join("");
  expect(err).toContain("The backend's CORSMiddleware options, as `mono-cors lint` sees them:\n");
  expect(err).toContain("error   CORS101 wildcard-origin-with-credentials");
  expect(run.out.join("")).toContain("CORS demo");
});

test("the default configuration lints clean: no report", () => {
  expect(lintReport(settingsFrom({}, {}))).toBe("");
  expect(lintReport(settingsFrom({ allow_origins: "*", allow_credentials: "false" }, {}))).toBe("");
});

test("--backend-port 8080 beside the default frontend port: named as the demo's own two servers clashing", async () => {
  const run = capture({ stopped: () => Promise.reject(new Error("the demo should not have started")) });
  expect(await main(["--backend-port", "8080"], run.io)).toBe(USAGE_ERROR);
  expect(run.err.join("")).toBe(
    "Error: Invalid setting; the demo did not start:\n" +
      "  --backend-port and DEMO_FRONTEND_PORT: both are 8080, but the demo runs two servers of its own (the backend " +
      "and the frontend) and each needs its own port; choose another for one of them, e.g. --frontend-port 8081\n" +
      "Try 'demo --help' for help.\n",
  );
  // Port 0 twice is two free ports, not a clash.
  expect(settingsFrom({ backend_port: "0", frontend_port: "0" }, {}).frontendPort).toBe(0);
});

test("the start is one banner: no per-server start lines, the process id once", async () => {
  const child = spawn(process.execPath, [join(HERE, "..", "dist", "cli.js"), "--backend-port", "0", "--frontend-port", "0"], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
  await new Promise<void>((resolve, reject) => {
    const check = () => (output.includes("Press CTRL+C to stop.") ? resolve() : undefined);
    child.stdout.on("data", check);
    child.on("exit", () => reject(new Error(`the demo exited before its banner:\n${output.slice(0, 2000)}`)));
  });
  child.kill("SIGINT");
  expect(await exited).toBe(0);
  expect(output.slice(0, 2000)).toMatch(/^\nCORS demo \(FastAPI's CORS tutorial, made real\), process \d+\n/);
  expect(output.split(String(child.pid)).length - 1).toBe(1);
  expect(output).not.toContain("Started server process");
  expect(output).not.toContain("Application startup complete");
  expect(output.endsWith("Demo stopped.\n")).toBe(true);
});

test("a CORS option typo in JavaScript fails when the app is built, with zod's message", () => {
  const app = new App();
  const options = { allowOrigin: ["https://app.example"] };
  expect(() => app.addMiddleware(CORSMiddleware, options as never)).toThrow(
    'CORSMiddleware: unknown option "allowOrigin" (did you mean allowOrigins?)',
  );
});

test("mono-serve on a JavaScript app with that typo: exit code 3 and one line with zod's message", async () => {
  const dir = mkdtempSync(join(HERE, "..", ".typo-"));
  try {
    writeFileSync(
      join(dir, "main.mjs"),
      [
        'import { CORSMiddleware } from "@mono/cors";',
        'import { App } from "@mono/framework";',
        "export const app = new App();",
        'app.addMiddleware(CORSMiddleware, { allowOrigin: ["https://app.example"] });',
        "",
      ].join("\n"),
    );
    const serverCLI = fileURLToPath(import.meta.resolve("@mono/server")).replace(/index\.js$/, "cli.js");
    const child = spawn(process.execPath, [serverCLI, "main:app", "--port", "0"], { cwd: dir, stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    expect(code).toBe(3);
    expect(stderr.split("\n").filter((line) => line.startsWith("ERROR:"))).toEqual([
      'ERROR:    Error loading ASGI app. Could not import module "main": TypeError: CORSMiddleware: unknown option ' +
        '"allowOrigin" (did you mean allowOrigins?) (main.mjs:4)',
    ]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("pnpm demo shows the build's progress: turbo's new-only logs, a line or two per package", () => {
  const root = JSON.parse(readFileSync(join(HERE, "..", "..", "..", "package.json"), "utf8")) as { scripts: Record<string, string> };
  const demo = root.scripts["demo"] ?? "";
  // errors-only printed nothing for the whole build (23 s on a quiet machine); new-only prints what each package does.
  expect(demo).toContain("turbo run build --filter=@mono/demo... --output-logs=new-only");
  expect(demo).not.toContain("errors-only");
  expect(demo).toMatch(/&& node apps\/demo\/dist\/cli\.js$/);
});
