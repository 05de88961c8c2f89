// mono-cors: `explain` and `lint` read options from a JSON file or a module export, print text or --json, and
// answer bad arguments with exit status 2 and the usage. Driven through main() with captured output.
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { USAGE, loadOptions, main } from "../src/cli.js";
import { explain } from "../src/explain.js";
import { lint } from "../src/lint.js";

let dir = "";

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "mono-cors-cli-"));
  writeFileSync(join(dir, "clean.json"), JSON.stringify({ allowOrigins: ["https://app.example.org"], allowMethods: ["GET", "POST", "PUT"], allowHeaders: ["X-Token"] }));
  writeFileSync(join(dir, "bad.json"), JSON.stringify({ allowOrigins: ["*"], allowCredentials: true, maxAge: 86400 }));
  writeFileSync(join(dir, "warn.json"), JSON.stringify({ allowOrigins: ["https://app.example.org"], maxAge: 86400 }));
  writeFileSync(join(dir, "broken.json"), "{ allowOrigins: ");
  writeFileSync(join(dir, "list.json"), "[]");
  writeFileSync(join(dir, "typo.json"), JSON.stringify({ allow_origins: ["*"] }));
  writeFileSync(
    join(dir, "config.mjs"),
    'export default { allowOrigins: ["https://app.example.org"] };\nexport const cors = { allowOriginRegex: /https:\\/\\/example\\.org.*/ };\n',
  );
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(...args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const status = await main(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) }, dir);
  return { status, stdout, stderr };
}

describe("mono-cors lint", () => {
  test("no findings: exit 0", async () => {
    expect(await run("lint", "clean.json")).toEqual({ status: 0, stdout: "lint: no findings\n", stderr: "" });
  });

  test("an error finding: exit 1, each finding with its code, message and fix", async () => {
    const { status, stdout } = await run("lint", "bad.json");
    expect(status).toBe(1);
    expect(stdout.split("\n").slice(0, 5)).toEqual([
      "lint: 2 findings (1 error, 1 warning, 0 info)",
      "",
      'error   CORS101 wildcard-origin-with-credentials  allowOrigins: "*"',
      `        ${lint({ allowOrigins: ["*"], allowCredentials: true })[0]?.message}`,
      '        fix: list the trusted origins in allowOrigins (or allowOriginRegex) instead of "*"',
    ]);
    expect(stdout).toContain("warning CORS501 max-age-above-browser-cap  maxAge: 86400");
  });

  test("warnings only: exit 0", async () => {
    expect((await run("lint", "warn.json")).status).toBe(0);
  });

  test("--json prints the findings lint() returns", async () => {
    const { status, stdout } = await run("lint", "bad.json", "--json");
    expect(status).toBe(1);
    expect(JSON.parse(stdout)).toEqual(lint({ allowOrigins: ["*"], allowCredentials: true, maxAge: 86400 }));
  });

  test("a module's named export, with a RegExp", async () => {
    const { stdout } = await run("lint", "config.mjs#cors", "--json");
    expect(JSON.parse(stdout).map((f: { code: string }) => f.code)).toEqual(["CORS203"]);
  });
});

describe("mono-cors explain", () => {
  test("the trace of a refused preflight", async () => {
    const { status, stdout, stderr } = await run("explain", "clean.json", "--origin", "https://evil.example", "--method", "PUT", "-H", "X-Token: t", "--path", "/items");
    expect(status).toBe(0);
    expect(stderr).toBe("");
    const lines = stdout.split("\n");
    expect(lines[0]).toBe('explain: PUT /items from https://evil.example (credentials: "same-origin")');
    expect(lines).toContain("1. Preflight: OPTIONS /items");
    expect(lines).toContain("     access-control-request-headers: x-token");
    expect(lines).toContain(
      '     FAIL origin           "https://evil.example": not in allowOrigins ["https://app.example.org"] and no allowOriginRegex',
    );
    expect(lines).toContain('   CORSMiddleware answered (the app was not called): 400 "Disallowed CORS origin"');
    expect(lines).toContain("2. Actual request: not sent");
    expect(lines).toContain("  actual request sent: no   the response has no Access-Control-Allow-Origin header  [cors-check/allow-origin-missing]");
    expect(lines).toContain("  JS can read headers: none");
    expect(lines).toContain('With credentials: "include": the same verdict');
  });

  test("an allowed simple request from the module's default export, with the app's response", async () => {
    const { stdout } = await run("explain", "config.mjs", "--origin", "https://app.example.org", "--status", "201", "--response-header", "X-Request-Id: 9", "--credentials", "include");
    expect(stdout).toContain("1. Actual request: GET /");
    expect(stdout).toContain("   The app answered: 201 \"OK\"");
    expect(stdout).toContain("     x-request-id: 9");
    expect(stdout).toContain("  fetch() resolves:    no ");
    expect(stdout).toContain('With credentials: "same-origin":\n  fetch() would resolve:');
  });

  test("--json prints what explain() returns", async () => {
    const { stdout } = await run("explain", "clean.json", "--origin", "https://app.example.org", "--method", "PUT", "--private-network", "--json");
    const expected = await explain({ allowOrigins: ["https://app.example.org"], allowMethods: ["GET", "POST", "PUT"], allowHeaders: ["X-Token"] }, {
      origin: "https://app.example.org",
      method: "PUT",
      privateNetwork: true,
    });
    expect(JSON.parse(stdout)).toEqual(JSON.parse(JSON.stringify(expected)));
  });

  test("without --origin: a request without Origin", async () => {
    const { stdout } = await run("explain", "clean.json");
    expect(stdout.split("\n")[0]).toBe('explain: GET / without Origin (credentials: "same-origin")');
    expect(stdout).toContain("CORSMiddleware took the no-origin path");
  });
});

describe("explain --origin that no browser sends: lint's finding as a warning, then the trace", () => {
  test.each([
    ["example.org", "CORS103 origin-missing-scheme", '"example.org" has no scheme: browsers send e.g. "https://example.org"'],
    ["https://a.example/", "CORS104 origin-trailing-slash", '"https://a.example/" ends in "/": browsers send "https://a.example"'],
  ])("%s", async (origin, code, message) => {
    const { status, stdout, stderr } = await run("explain", "clean.json", "--origin", origin);
    expect(status).toBe(0);
    expect(stderr.split("\n").slice(0, 2)).toEqual([`warning ${code}  --origin: ${JSON.stringify(origin)}`, `        ${message}`]);
    expect(stdout).toContain(`explain: GET / from ${origin}`);
  });

  test("an origin as browsers send it, or null, gets no warning", async () => {
    expect((await run("explain", "clean.json", "--origin", "https://a.example")).stderr).toBe("");
    expect((await run("explain", "clean.json", "--origin", "null")).stderr).toBe("");
  });
});

describe("bad arguments and options: exit 2", () => {
  test.each([
    [["frobnicate"], 'mono-cors: unknown command "frobnicate"'],
    [["lint"], "mono-cors: lint needs the options: a JSON file or a module"],
    [["lint", "clean.json", "extra.json"], 'mono-cors: unexpected argument "extra.json"'],
    [["lint", "missing.json"], "mono-cors: cannot read "],
    [["lint", "broken.json"], "is not JSON"],
    [["lint", "list.json"], "must hold an options object"],
    [["lint", "config.mjs#nope"], 'has no export "nope" (exports: cors, default)'],
    [["explain", "clean.json", "--credentials", "always"], '--credentials must be omit, same-origin or include, not "always"'],
    [["explain", "clean.json", "-H", "no colon"], '-H takes "Name: value", not "no colon"'],
    [["explain", "clean.json", "--status", "2000"], '--status must be an HTTP status code, not "2000"'],
  ])("%j", async (args, message) => {
    const { status, stdout, stderr } = await run(...args);
    expect(status).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toContain(message);
    expect(stderr).toContain(USAGE);
  });

  test.each([
    [["lint", "clean.json", "--origin", "x"], "No such option '--origin'."],
    [["lint", "clean.json", "--jsn"], "No such option '--jsn'. Did you mean '--json'?"],
    [["explain", "clean.json", "--metod", "PUT"], "No such option '--metod'. Did you mean '--method'?"],
    [["explain", "clean.json", "--orgin", "https://a.example"], "No such option '--orgin'. (Did you mean one of: '--json', '--origin'?)"],
  ])("an unknown flag, as click says it: %j", async (args, message) => {
    const { status, stdout, stderr } = await run(...args);
    expect(status).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toBe(`Usage: mono-cors ${args[0]} [OPTIONS] <options>\nTry 'mono-cors --help' for help.\n\nError: ${message}\n`);
  });

  test("options the middleware refuses: its TypeError, without the usage", async () => {
    const { status, stderr } = await run("lint", "typo.json");
    expect(status).toBe(2);
    expect(stderr).toBe('mono-cors: CORSMiddleware: unknown option "allow_origins" (did you mean allowOrigins?)\n');
  });

  test("--help prints the usage and exits 0; no arguments exits 2", async () => {
    expect(await run("--help")).toEqual({ status: 0, stdout: USAGE, stderr: "" });
    expect((await run()).status).toBe(2);
  });

  test("loadOptions resolves relative to the working directory", async () => {
    expect(await loadOptions("clean.json", dir)).toMatchObject({ allowOrigins: ["https://app.example.org"] });
  });
});

// The bin as users run it: package.json's "bin" entry, built to dist/ (turbo's test task builds first; running vitest
// directly, run `npx pnpm@12.4.2 --filter @mono/cors build` before), in a child process, from a fixture file.
describe("the built bin (package.json bin -> dist/cli.js)", () => {
  const root = fileURLToPath(new URL("..", import.meta.url));
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { bin: Record<string, string> };
  const bin = join(root, pkg.bin["mono-cors"] ?? "(no mono-cors bin)");

  const spawn = (file: string, args: string[]): Promise<{ status: number; stdout: string; stderr: string }> =>
    new Promise((done) => {
      execFile(process.execPath, [file, ...args], { cwd: root }, (error, stdout, stderr) => {
        const status = error === null ? 0 : typeof error.code === "number" ? error.code : -1;
        done({ status, stdout, stderr });
      });
    });

  test("bin names dist/cli.js, which is built and starts with the node shebang", () => {
    expect(pkg.bin).toEqual({ "mono-cors": "./dist/cli.js" });
    expect(existsSync(bin), `${bin} is missing: build @mono/cors first`).toBe(true);
    expect(readFileSync(bin, "utf8").split("\n", 1)[0]).toBe("#!/usr/bin/env node");
  });

  test("lint on a clean fixture: exit 0, no findings", async () => {
    expect(await spawn(bin, ["lint", "tests/fixtures/cli/clean.json"])).toEqual({
      status: 0,
      stdout: "lint: no findings\n",
      stderr: "",
    });
  });

  test("lint on a fixture with an error: exit 1, and the same report main() prints (dist is not stale)", async () => {
    const built = await spawn(bin, ["lint", "tests/fixtures/cli/credentials.json"]);
    expect(built.status).toBe(1);
    expect(built.stdout.split("\n", 1)[0]).toBe("lint: 3 findings (1 error, 1 warning, 1 info)");
    expect(built.stdout).toContain('allowOrigins has "*", so "https://app.example.org" adds nothing');
    let stdout = "";
    const status = await main(["lint", "tests/fixtures/cli/credentials.json"], { stdout: (t) => (stdout += t), stderr: () => {} }, root);
    expect(built).toEqual({ status, stdout, stderr: "" });
    const json = await spawn(bin, ["lint", "--json", "tests/fixtures/cli/credentials.json"]);
    expect(json.status).toBe(1);
    expect((JSON.parse(json.stdout) as { code: string }[]).map((f) => f.code)).toEqual(["CORS101", "CORS110", "CORS501"]);
  });

  test("no options: exit 2 with the usage on stderr", async () => {
    const { status, stdout, stderr } = await spawn(bin, ["lint"]);
    expect({ status, stdout }).toEqual({ status: 2, stdout: "" });
    expect(stderr).toBe(`mono-cors: lint needs the options: a JSON file or a module\n\n${USAGE}`);
  });

  test("run through a symlink, as a package manager links a bin, it still runs", async () => {
    const link = join(dir, "mono-cors");
    symlinkSync(bin, link);
    expect(await spawn(link, ["lint", join(root, "tests/fixtures/cli/clean.json")])).toEqual({
      status: 0,
      stdout: "lint: no findings\n",
      stderr: "",
    });
  });
});
