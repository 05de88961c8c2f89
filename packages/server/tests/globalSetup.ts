// tests/test_main.ts spawns the real `mono-serve` bin (dist/cli.js), so dist/ must be current. Under turbo it is
// (`test` depends on `build`). A direct `npx vitest run` with a missing or stale dist/ stops here with the command to
// run, rather than building inside the repo: a build started by a test run would race other packages' runs that
// import @mono/server's dist/, and could not build @mono/asgi first.
import { existsSync, readdirSync, statSync } from "node:fs";
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
  throw new Error(
    "@mono/server: dist/ is missing or older than src/ (tests/test_main.ts runs dist/cli.js). " +
      "Run `npx pnpm@12.4.2 build` (or `npx pnpm@12.4.2 --filter @mono/asgi --filter @mono/server build`) first.",
  );
}
