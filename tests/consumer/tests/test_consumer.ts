// The packages as a consumer gets them: `pnpm pack` the four library packages, install the tarballs with npm into a
// fresh project in a temporary folder outside the workspace, then use them from there: an ESM import, a type-check
// under NodeNext + strict, the installed `mono-serve` bin answering CORS over a real socket, each README's example.
// Every run has its own temporary folders and port 0, so two copies of the suite can run side by side.
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, expect, test } from "vitest";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
const FIXTURES = resolve(dirname(fileURLToPath(import.meta.url)), "../fixtures");
const PACKAGES = ["asgi", "cors", "server", "framework"] as const;
type Dir = (typeof PACKAGES)[number];
const PNPM = "pnpm@12.4.2";
/** Packages a consumer's install may hold: ours, zod, and what the check itself adds (typescript, node's types). */
const EXPECTED_INSTALLED = ["@mono/asgi", "@mono/cors", "@mono/framework", "@mono/server", "zod", "typescript", "@types/node", "undici-types"];

function rootPackage(): { devDependencies: Record<string, string> } {
  return JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { devDependencies: Record<string, string> };
}

function manifest(dir: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as Record<string, unknown>;
}

/**
 * The environment of a consumer's shell, without what running inside the workspace adds: pnpm and turbo export
 * their own `npm_config_*`, `npm_package_*` and `npm_lifecycle_*` variables to scripts (lowercase; npm would read
 * them as its configuration), and pnpm's bin shims set NODE_PATH to the workspace's hoisted node_modules, where
 * Node would find packages the consumer never installed (swagger-ui-dist, for one). A user's NPM_CONFIG_* stay.
 */
function cleanEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => key !== "NODE_PATH" && !/^npm_(config|package|lifecycle)_/.test(key)));
}

/** Runs a command to its end; rejects with its output (capped) when it fails. */
function run(command: string, args: string[], cwd: string, timeout = 240_000): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    execFile(command, args, { cwd, env: cleanEnv(), timeout, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${command} ${args.join(" ")} failed: ${error.message}\n${(stdout + stderr).slice(-4000)}`));
      else resolvePromise(stdout);
    });
  });
}

/** Bytes of the files under `dir` (apparent sizes, as `du --apparent-size -b`). */
function sizeOf(dir: string): number {
  let total = 0;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const stat = statSync(path);
    total += stat.isDirectory() ? sizeOf(path) : stat.size;
  }
  return total;
}

function newest(dir: string, extension: string): number[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((name) => name.endsWith(extension))
    .map((name) => statSync(join(dir, name)).mtimeMs);
}

/** Under turbo `test` runs after the four builds; a direct vitest run with a stale dist/ stops here, saying what to run. */
function assertBuilt(): void {
  for (const dir of PACKAGES) {
    const sources = newest(join(ROOT, "packages", dir, "src"), ".ts");
    const outputs = newest(join(ROOT, "packages", dir, "dist"), ".js");
    if (outputs.length > 0 && Math.min(...outputs) >= Math.max(...sources)) continue;
    throw new Error(`@mono/${dir}: dist/ is missing or older than src/. Run \`npx ${PNPM} build\` first.`);
  }
}

let work = "";
let project = "";
const tarballs = new Map<Dir, string>();
const unpacked = new Map<Dir, string>();

beforeAll(async () => {
  assertBuilt();
  work = mkdtempSync(join(tmpdir(), "mono-consumer-"));
  const packed = join(work, "tarballs");
  const filters = PACKAGES.flatMap((dir) => ["--filter", `@mono/${dir}`]);
  await run("npx", ["--yes", PNPM, "-r", ...filters, "pack", "--pack-destination", packed], ROOT);
  for (const dir of PACKAGES) {
    const file = join(packed, `mono-${dir}-${String(manifest(join(ROOT, "packages", dir))["version"])}.tgz`);
    expect(existsSync(file), file).toBe(true);
    tarballs.set(dir, file);
    const into = join(work, "unpacked", dir);
    mkdirSync(into, { recursive: true });
    await run("tar", ["-xzf", file, "-C", into], work);
    unpacked.set(dir, join(into, "package"));
  }

  project = join(work, "project");
  mkdirSync(project);
  writeFileSync(join(project, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }, null, 2));
  const dev = rootPackage().devDependencies;
  const zod = (manifest(join(ROOT, "packages", "cors"))["dependencies"] as Record<string, string>)["zod"];
  await run(
    "npm",
    [
      "install",
      "--no-audit",
      "--no-fund",
      "--prefer-offline",
      ...PACKAGES.map((dir) => tarballs.get(dir) ?? ""),
      `zod@${String(zod)}`,
      `typescript@${String(dev["typescript"])}`,
      `@types/node@${String(dev["@types/node"])}`,
    ],
    project,
  );
  for (const name of readdirSync(FIXTURES)) copyFileSync(join(FIXTURES, name), join(project, name));
});

/** Servers started by the tests, stopped here too should a test fail before its own `finally`. */
const children = new Set<ChildProcess>();

afterAll(() => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  if (work) rmSync(work, { recursive: true, force: true });
});

test("test_tarballs_replace_workspace_protocol", () => {
  for (const dir of PACKAGES) {
    const packed = manifest(unpacked.get(dir) ?? "");
    const source = manifest(join(ROOT, "packages", dir));
    expect(packed["private"], dir).toBeUndefined();
    expect(JSON.stringify(packed)).not.toContain("workspace:");
    const dependencies = (packed["dependencies"] ?? {}) as Record<string, string>;
    if (dir !== "asgi") expect(dependencies["@mono/asgi"], dir).toBe(source["version"]);
    expect(packed["license"]).toBe("BSD-3-Clause");
    expect(packed["engines"]).toEqual({ node: ">=20" });
  }
});

test("test_tarballs_ship_license_readme_and_the_sources_of_the_maps", () => {
  for (const dir of PACKAGES) {
    const pkg = unpacked.get(dir) ?? "";
    expect(readFileSync(join(pkg, "LICENSE"), "utf8")).toBe(readFileSync(join(ROOT, "LICENSE"), "utf8"));
    expect(readFileSync(join(pkg, "NOTICE"), "utf8")).toBe(readFileSync(join(ROOT, "NOTICE"), "utf8"));
    expect(existsSync(join(pkg, "README.md")), dir).toBe(true);
    expect(existsSync(join(pkg, "tests")), dir).toBe(false);
    const maps = readdirSync(join(pkg, "dist"), { recursive: true, encoding: "utf8" }).filter((name) => name.endsWith(".map"));
    expect(maps.length, dir).toBeGreaterThan(0);
    const missing: string[] = [];
    for (const map of maps) {
      const { sources } = JSON.parse(readFileSync(join(pkg, "dist", map), "utf8")) as { sources: string[] };
      for (const source of sources) {
        const target = resolve(dirname(join(pkg, "dist", map)), source);
        if (!target.startsWith(join(pkg, "src")) || !existsSync(target)) missing.push(`${dir}/dist/${map} -> ${source}`);
      }
    }
    expect(missing.slice(0, 10)).toEqual([]);
  }
});

test("test_install_is_lean_and_runs_no_install_script", () => {
  const lock = JSON.parse(readFileSync(join(project, "package-lock.json"), "utf8")) as {
    packages: Record<string, { hasInstallScript?: boolean; dependencies?: Record<string, string> }>;
  };
  const installed = Object.keys(lock.packages).filter((path) => path !== "");
  const withScripts = installed.filter((path) => lock.packages[path]?.hasInstallScript);
  expect(withScripts).toEqual([]);
  const names = installed.map((path) => path.replace(/^.*node_modules\//, ""));
  expect([...new Set(names)].sort()).toEqual([...EXPECTED_INSTALLED].sort());
  // Each library package stands on @mono/asgi and zod alone; the docs UIs are optional peers, not installed.
  for (const dir of ["cors", "server", "framework"]) {
    expect(Object.keys(lock.packages[`node_modules/@mono/${dir}`]?.dependencies ?? {}).sort(), dir).toEqual(["@mono/asgi", "zod"]);
  }
  expect(Object.keys(lock.packages["node_modules/@mono/asgi"]?.dependencies ?? {})).toEqual([]);
  expect(existsSync(join(project, "node_modules", "redoc"))).toBe(false);
  expect(existsSync(join(project, "node_modules", "swagger-ui-dist"))).toBe(false);
});

test("test_framework_installs_within_10_MB", () => {
  const modules = join(project, "node_modules");
  const sizes = Object.fromEntries(["@mono/asgi", "@mono/cors", "@mono/server", "@mono/framework", "zod"].map((name) => [name, sizeOf(join(modules, name))]));
  const framework = (sizes["@mono/framework"] ?? 0) + (sizes["@mono/asgi"] ?? 0) + (sizes["zod"] ?? 0);
  expect(framework, JSON.stringify(sizes)).toBeLessThanOrEqual(10_000_000);
});

test("test_import_cors_from_esm", async () => {
  const out = await run(process.execPath, ["esm.mjs"], project);
  expect(JSON.parse(out)).toEqual({ status: 200, allowOrigin: "https://example.org", findings: ["CORS101"] });
});

test("test_typecheck_nodenext_strict", async () => {
  const tsc = join(project, "node_modules", "typescript", "bin", "tsc");
  const version = await run(process.execPath, [tsc, "--version"], project);
  expect(version.trim()).toBe(`Version ${rootPackage().devDependencies["typescript"]}`);
  await run(process.execPath, [tsc, "-p", "tsconfig.json"], project);
});

/** Starts a command and resolves with the first `http://...` URL it logs (uvicorn style: on stderr), or rejects when it exits first. */
function startServing(command: string, args: string[], cwd: string): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const child = spawn(command, args, { cwd, env: cleanEnv(), stdio: ["ignore", "pipe", "pipe"] });
  children.add(child);
  let output = "";
  return new Promise((resolvePromise, reject) => {
    const onData = (chunk: Buffer): void => {
      output += chunk.toString("utf8");
      const match = /(http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match?.[1]) resolvePromise({ child, url: match[1], output: () => output });
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.on("exit", (code) => reject(new Error(`${args.join(" ")} exited (${code}) before serving:\n${output.slice(-4000)}`)));
  });
}

function stop(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolvePromise) => {
    child.once("exit", (code) => resolvePromise(code));
    child.kill("SIGINT");
  });
}

/** One request over a real socket, with the headers exactly as given (fetch would add its own Origin rules). */
function get(url: string, method: string, headers: Record<string, string>): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolvePromise, reject) => {
    const req = request(url, { method, headers }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", () => resolvePromise({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

test("test_mono_serve_bin_answers_cors_over_a_socket", async () => {
  const bin = join(project, "node_modules", ".bin", "mono-serve");
  expect(existsSync(bin)).toBe(true);
  const served = await startServing(bin, ["served.mjs:app", "--host", "127.0.0.1", "--port", "0"], project);
  try {
    const preflight = await get(`${served.url}/`, "OPTIONS", {
      origin: "http://localhost:8080",
      "access-control-request-method": "POST",
      "access-control-request-headers": "content-type",
    });
    expect(preflight.status).toBe(200);
    expect(preflight.headers["access-control-allow-origin"]).toBe("http://localhost:8080");
    expect(preflight.headers["access-control-allow-credentials"]).toBe("true");
    expect(preflight.headers["access-control-allow-headers"]).toBe("content-type");
    const simple = await get(`${served.url}/`, "GET", { origin: "http://localhost:8080" });
    expect(simple.body).toBe('{"message":"Hello World"}');
    expect(simple.headers["access-control-allow-origin"]).toBe("http://localhost:8080");
    const other = await get(`${served.url}/`, "GET", { origin: "http://127.0.0.1:8080" });
    expect(other.headers["access-control-allow-origin"]).toBeUndefined();
    // Without swagger-ui-dist and redoc installed, the docs pages load FastAPI's CDN scripts and serve no asset.
    const docs = await get(`${served.url}/docs`, "GET", {});
    expect(docs.body).toContain('<script src="https://cdn.jsdelivr.net/npm/swagger-ui-dist@5/swagger-ui-bundle.js"></script>');
    expect((await get(`${served.url}/docs/swagger-ui-bundle.js`, "GET", {})).status).toBe(404);
    const redoc = await get(`${served.url}/redoc`, "GET", {});
    expect(redoc.body).toContain('<script src="https://cdn.jsdelivr.net/npm/redoc@2/bundles/redoc.standalone.js"> </script>');
  } finally {
    expect(await stop(served.child)).toBe(0);
  }
});

/** The first ```js block of a package's README: the example a reader copies. */
function readmeExample(dir: Dir): string {
  const readme = readFileSync(join(unpacked.get(dir) ?? "", "README.md"), "utf8");
  const match = /```js\n([\s\S]*?)```/.exec(readme);
  if (!match?.[1]) throw new Error(`packages/${dir}/README.md has no \`\`\`js example`);
  return match[1];
}

test("test_readme_examples_run_as_written", async () => {
  writeFileSync(join(project, "readme-asgi.mjs"), readmeExample("asgi"));
  expect(await run(process.execPath, ["readme-asgi.mjs"], project)).toBe("200 { hello: 'ASGI' }\n");
  writeFileSync(join(project, "readme-cors.mjs"), readmeExample("cors"));
  expect(await run(process.execPath, ["readme-cors.mjs"], project)).toBe("200 GET, POST\n");
  // The serving examples say port 8000; here port 0, so a busy machine or a second copy of the suite cannot collide.
  const cases: [Dir, string, string][] = [
    ["server", "/anything", "Hello from /anything"],
    ["framework", "/items/5?q=hi", '{"item_id":5,"q":"hi"}'],
  ];
  for (const [dir, path, body] of cases) {
    const source = readmeExample(dir);
    expect(source, dir).toContain("port: 8000");
    writeFileSync(join(project, `readme-${dir}.mjs`), source.replace("port: 8000", "port: 0"));
    const served = await startServing(process.execPath, [`readme-${dir}.mjs`], project);
    try {
      const response = await get(served.url + path, "GET", {});
      expect(response.status, dir).toBe(200);
      expect(response.body, dir).toBe(body);
    } finally {
      await stop(served.child);
    }
  }
});
