#!/usr/bin/env node
// `pnpm test:stress`: the README's test command, twice at once, each in its own copy of this checkout; fails when
// either copy fails. The suite must hold on a busy machine (CI, a laptop with other work), and a second copy of
// itself is the load that finds the tests that race the clock or share a port, a file or a build output.
//
// Why copies: two `turbo run` in one checkout would write the same dist/ and .turbo/ at once. Each copy is the work
// tree as it is (tracked and untracked files, uncommitted changes included; what .gitignore ignores left out), in a
// temporary folder, installed from the pnpm store with the lockfile, and tested with CI=true and TURBO_FORCE=true
// (no cached task replays a result). Nothing is written into this checkout.
//
//   node scripts/stress.mjs [--copies 2] [--rounds 1] [--keep]
//
// --rounds N repeats the side-by-side run N times in a row (the same copies, forced each time) and stops at the
// first red round. --keep leaves the copies and their logs behind; they are also kept when a round fails.
import { spawn, execFileSync } from "node:child_process";
import { cpSync, createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const PNPM = ["--yes", "pnpm@12.4.2"];

const { values } = parseArgs({
  options: {
    copies: { type: "string", default: "2" },
    rounds: { type: "string", default: "1" },
    keep: { type: "boolean", default: false },
  },
});
const copies = Number(values.copies);
const rounds = Number(values.rounds);
if (!Number.isInteger(copies) || copies < 1 || !Number.isInteger(rounds) || rounds < 1) {
  console.error("stress: --copies and --rounds take whole numbers of at least 1");
  process.exit(2);
}

/** The work tree's files as git sees them: tracked and untracked, without what .gitignore ignores. */
function workTreeFiles() {
  const out = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: ROOT });
  return out
    .toString("utf8")
    .split("\0")
    .filter((path) => path !== "" && existsSync(join(ROOT, path)) && statSync(join(ROOT, path)).isFile());
}

function copyWorkTree(files) {
  const dir = mkdtempSync(join(tmpdir(), "mono-stress-"));
  for (const path of files) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    cpSync(join(ROOT, path), join(dir, path));
  }
  return dir;
}

/** Runs `npx <args>` in `cwd`, its output into `log`; resolves with the exit status and the seconds it took. */
function run(args, cwd, log) {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn("npx", args, {
      cwd,
      // TURBO_FORCE: every task runs in full, none is replayed from the copy's cache (rounds after the first).
      env: { ...process.env, CI: "true", TURBO_FORCE: "true", FORCE_COLOR: "0" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    // Streamed, so that `tail -f` on a log follows a run.
    const out = createWriteStream(log);
    child.stdout.pipe(out, { end: false });
    child.stderr.pipe(out, { end: false });
    child.on("close", (code, signal) => {
      out.end(() => resolve({ status: code ?? (signal ? 128 : 1), seconds: (Date.now() - started) / 1000 }));
    });
  });
}

/** Per package, vitest's summary lines ("Tests  12 passed | 1 failed (13)") out of turbo's prefixed log. */
function summaries(log) {
  const text = readFileSync(log, "utf8").replace(/\x1b\[[0-9;]*m/g, "");
  const found = [];
  for (const match of text.matchAll(/^(@mono\/[a-z-]+):test:\s+Tests\s+(.+)$/gm)) found.push(`${match[1]} ${match[2].trim()}`);
  return found;
}

function tail(log, lines = 60) {
  const all = readFileSync(log, "utf8").split("\n");
  return all
    .slice(-lines)
    .map((line) => (line.length > 300 ? `${line.slice(0, 300)}...` : line))
    .join("\n");
}

const files = workTreeFiles();
const dirs = [];
let red = false;
try {
  console.log(`stress: ${copies} copies of ${ROOT} (${files.length} files) in ${tmpdir()}`);
  for (let i = 0; i < copies; i++) {
    const dir = copyWorkTree(files);
    dirs.push(dir);
    // One install at a time: the pnpm store is shared, and the installs are not what is under test.
    const install = await run([...PNPM, "install", "--frozen-lockfile", "--prefer-offline"], dir, join(dir, "install.log"));
    if (install.status !== 0) {
      console.error(`stress: install failed in ${dir}:\n${tail(join(dir, "install.log"))}`);
      red = true;
      break;
    }
  }
  for (let round = 1; round <= rounds && !red; round++) {
    const started = Date.now();
    console.log(`stress: round ${round} of ${rounds} started; logs: ${dirs.map((dir) => join(dir, `test-round${round}.log`)).join(" ")}`);
    const results = await Promise.all(
      dirs.map((dir) => run([...PNPM, "test"], dir, join(dir, `test-round${round}.log`))),
    );
    const wall = ((Date.now() - started) / 1000).toFixed(0);
    console.log(`stress: round ${round} of ${rounds}, ${copies} copies side by side, ${wall} s wall clock`);
    results.forEach((result, i) => {
      const log = join(dirs[i], `test-round${round}.log`);
      const verdict = result.status === 0 ? "green" : `RED (exit ${result.status})`;
      console.log(`  copy ${i + 1}: ${verdict} in ${result.seconds.toFixed(0)} s`);
      for (const line of summaries(log)) console.log(`    ${line}`);
      if (result.status !== 0) {
        red = true;
        console.log(`  the end of ${log}:\n${tail(log)}`);
      }
    });
  }
} finally {
  if (red || values.keep) console.log(`stress: copies and logs kept in ${dirs.join(", ")}`);
  else for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
}
console.log(red ? "stress: RED" : "stress: green");
process.exit(red ? 1 : 0);
