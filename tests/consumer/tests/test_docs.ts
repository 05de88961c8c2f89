// The docs a reader of a package meets: the generated module map is current (and the check fails when it is not), the
// package READMEs' links into docs/ point at files that exist, and no page names a path of the machine it was written on.
import { execFile } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, test } from "vitest";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
const PACKAGES = ["asgi", "cors", "server", "framework"];
const MAP = join(ROOT, "scripts", "module-map.mjs");

function node(args: string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolvePromise) => {
    execFile(process.execPath, args, { cwd: ROOT, timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === "number" ? error.code : -1) : 0;
      resolvePromise({ code, output: stdout + stderr });
    });
  });
}

function manifest(path: string): { repository?: { url?: string; directory?: string }; homepage?: string } {
  return JSON.parse(readFileSync(path, "utf8")) as { repository?: { url?: string; directory?: string }; homepage?: string };
}

test("test_module_map_is_current", async () => {
  const { code, output } = await node([MAP, "--check"]);
  expect(output).toContain("docs/module-map.md matches the @module headers");
  expect(code).toBe(0);
});

test("test_module_map_check_fails_when_a_header_changes", async () => {
  const copy = mkdtempSync(join(tmpdir(), "mono-module-map-"));
  try {
    cpSync(join(ROOT, "docs", "module-map.md"), join(copy, "docs", "module-map.md"));
    for (const pkg of PACKAGES) cpSync(join(ROOT, "packages", pkg, "src"), join(copy, "packages", pkg, "src"), { recursive: true });
    expect((await node([MAP, "--check", "--root", copy])).code).toBe(0);
    const cors = join(copy, "packages", "cors", "src", "cors.ts");
    writeFileSync(cors, readFileSync(cors, "utf8").replace("Mirrors starlette/middleware/cors.py", "Mirrors starlette/middleware/cors_renamed.py"));
    const stale = await node([MAP, "--check", "--root", copy]);
    expect(stale.code).toBe(1);
    expect(stale.output).toContain("docs/module-map.md is stale");
    // Regenerating brings the new header into the page.
    expect((await node([MAP, "--root", copy])).code).toBe(0);
    const page = readFileSync(join(copy, "docs", "module-map.md"), "utf8");
    expect(page.includes("| `starlette/middleware/cors_renamed.py` | [`cors/src/cors.ts`]")).toBe(true);
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
});

test("test_module_map_lists_every_mirrors_header", () => {
  const page = readFileSync(join(ROOT, "docs", "module-map.md"), "utf8");
  let mirrors = 0;
  for (const pkg of PACKAGES) {
    const src = join(ROOT, "packages", pkg, "src");
    for (const file of readdirSync(src, { recursive: true, encoding: "utf8" }).filter((name) => name.endsWith(".ts"))) {
      const link = `(../packages/${pkg}/src/${file})`;
      expect(page.includes(link), link).toBe(true);
      if (/^(#!.*\n)?\/\*\*\s*@module\s+Mirrors /.test(readFileSync(join(src, file), "utf8"))) mirrors++;
    }
  }
  expect(mirrors).toBeGreaterThan(30);
});

test("test_package_readmes_link_to_docs_that_exist", () => {
  const root = manifest(join(ROOT, "package.json"));
  const repository = String(root.repository?.url).replace(/^git\+/, "").replace(/\.git$/, "");
  expect(repository).toMatch(/^https:\/\/github\.com\/[^/]+\/[^/]+$/);
  for (const pkg of PACKAGES) {
    const own = manifest(join(ROOT, "packages", pkg, "package.json"));
    expect(own.repository?.url, pkg).toBe(root.repository?.url);
    expect(own.repository?.directory, pkg).toBe(`packages/${pkg}`);
    expect(own.homepage, pkg).toBe(`${repository}/tree/main/packages/${pkg}#readme`);
    const readme = readFileSync(join(ROOT, "packages", pkg, "README.md"), "utf8");
    const links = [...readme.matchAll(/\]\(([^)\s]+)\)/g)].map((match) => match[1] ?? "");
    const intoRepo = links.filter((link) => link.startsWith(`${repository}/blob/main/`));
    expect(intoRepo.length, pkg).toBeGreaterThan(1);
    for (const link of intoRepo) {
      const path = link.slice(`${repository}/blob/main/`.length).replace(/#.*$/, "");
      expect(existsSync(join(ROOT, path)), `${pkg}/README.md -> ${path}`).toBe(true);
    }
    // Relative links would point into the tarball, where docs/ is not: every link is absolute.
    expect(links.filter((link) => !/^https?:\/\//.test(link)), pkg).toEqual([]);
  }
});

test("test_docs_name_no_machine_paths", () => {
  const pages = [
    "README.md",
    ...readdirSync(join(ROOT, "docs")).filter((name) => name.endsWith(".md")).map((name) => `docs/${name}`),
    ...PACKAGES.map((pkg) => `packages/${pkg}/README.md`),
  ];
  const found: string[] = [];
  for (const page of pages) {
    const text = readFileSync(join(ROOT, page), "utf8");
    for (const match of text.matchAll(/(?<![\w.])\/(?:work|root|home|opt\/pypi|tmp\/(?:pyref|venv))\/[\w./-]*/g)) found.push(`${page}: ${match[0]}`);
  }
  expect(found).toEqual([]);
});
