#!/usr/bin/env node
// House rules that the type checker cannot see, run in one package's folder by `turbo run lint`:
// the walls between packages, the module header of every source file, and no grab-bag modules.
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";

/** Which workspace packages each package may import: the walls of the house. */
const WALLS = {
  "@mono/asgi": [],
  "@mono/cors": ["@mono/asgi"],
  "@mono/server": ["@mono/asgi"],
  "@mono/framework": ["@mono/asgi"],
  "@mono/demo": ["@mono/asgi", "@mono/cors", "@mono/server", "@mono/framework"],
  // Uses the packages only as installed from their tarballs in a temporary project, never by import from here.
  "@mono/consumer-check": [],
};

const pkg = JSON.parse(readFileSync("package.json", "utf8"));
const allowed = WALLS[pkg.name];
if (allowed === undefined) {
  console.error(`lint: no walls are declared for ${pkg.name} in scripts/lint.mjs`);
  process.exit(1);
}

function* files(dir) {
  let entries;
  try {
    entries = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of entries) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* files(path);
    else if (/\.(ts|mts|js|mjs)$/.test(name) && !name.endsWith(".d.ts")) yield path;
  }
}

const problems = [];
for (const dir of ["src", "tests"]) {
  for (const file of files(dir)) {
    const text = readFileSync(file, "utf8");
    const where = relative(process.cwd(), file);
    if (dir === "src" && !text.trimStart().startsWith("/** @module") && !text.startsWith("#!")) {
      problems.push(`${where}: a source file opens with a /** @module ... */ line`);
    }
    if (/(^|\/)(utils?|helpers?|misc)\.(ts|js)$/.test(file)) {
      problems.push(`${where}: no grab-bag modules; name the module after its one concept`);
    }
    for (const match of text.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)["']([^"']+)["']/g)) {
      const spec = match[1];
      if (/\.\.\/(\.\.\/)*(packages|apps)\/|\.\.\/\.\.\/[a-z-]+\/src/.test(spec)) {
        problems.push(`${where}: imports ${spec}; import a sibling by its package name`);
      }
      const scoped = spec.match(/^(@mono\/[a-z-]+)/);
      if (scoped && scoped[1] !== pkg.name && !allowed.includes(scoped[1])) {
        problems.push(`${where}: ${pkg.name} may not import ${scoped[1]} (walls: ${allowed.join(", ") || "none"})`);
      }
    }
  }
}
if (problems.length > 0) {
  console.error(problems.join("\n"));
  process.exit(1);
}
console.log(`lint: ${pkg.name} keeps the house rules`);
