// docs/framework.md's first example runs as written: saved as first.mts in a project that has the packages, run
// with tsx (Node 20 cannot strip types), and with Node itself where it can.
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, expect, test } from "vitest";

const PACKAGE = join(dirname(fileURLToPath(import.meta.url)), "..");
const DOC = readFileSync(join(PACKAGE, "..", "..", "docs", "framework.md"), "utf8");
// A folder inside this package: there `@mono/framework` resolves to itself, `@mono/asgi`, `zod` and tsx to its deps.
const DIR = mkdtempSync(join(PACKAGE, ".first-example-"));
afterAll(() => rmSync(DIR, { recursive: true, force: true }));

function firstExample(): string {
  const section = DOC.slice(DOC.indexOf("## A first app"));
  const block = /```ts\n([\s\S]*?)```/.exec(section);
  if (block === null) throw new Error("docs/framework.md: no ```ts block under \"## A first app\"");
  return block[1] as string;
}

function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, args, { cwd: DIR }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : typeof error.code === "number" ? error.code : 1, stdout, stderr });
    });
  });
}

const EXPECTED = /^422 \{"detail":\[\{"type":"int_parsing","loc":\["path","item_id"\]/;

test("the first example of docs/framework.md runs with tsx", async () => {
  writeFileSync(join(DIR, "first.mts"), firstExample());
  const result = await run(["--import", "tsx", "first.mts"]);
  expect(result.stderr.slice(0, 2000)).toBe("");
  expect(result.code).toBe(0);
  expect(result.stdout).toMatch(EXPECTED);
});

test("the first example needs no TypeScript-only syntax beyond what Node's type stripping takes", async () => {
  writeFileSync(join(DIR, "strip.mts"), firstExample());
  if (!(process.features as { typescript?: unknown }).typescript) {
    // Node 20: `node first.mts` fails, which is why the docs say `npx tsx first.mts` there.
    const result = await run(["strip.mts"]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain("ERR_UNKNOWN_FILE_EXTENSION");
    return;
  }
  const result = await run(["strip.mts"]);
  expect(result.code).toBe(0);
  expect(result.stdout).toMatch(EXPECTED);
});
