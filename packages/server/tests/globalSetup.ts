// tests/test_main.ts spawns the real `mono-serve` bin (dist/cli.js): build dist/ first when it is older than src/.
// When it is current (turbo runs `build` before `test`), nothing is rewritten, so other packages' tests that import
// @mono/server's dist at the same moment never see a half-written file.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

function mtimes(dir: string, extension: string): number[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith(extension))
    .map((name) => statSync(join(dir, name)).mtimeMs);
}

export default function setup(): void {
  const root = join(dirname(fileURLToPath(import.meta.url)), "..");
  const sources = mtimes(join(root, "src"), ".ts");
  const outputs = mtimes(join(root, "dist"), ".js");
  if (outputs.length >= sources.length && Math.min(...outputs) >= Math.max(...sources)) return;
  const tsc = createRequire(join(root, "package.json")).resolve("typescript/bin/tsc");
  execFileSync(process.execPath, [tsc, "-p", "tsconfig.build.json"], { cwd: root, stdio: "inherit" });
}
