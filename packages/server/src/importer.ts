/** @module Mirrors uvicorn/importer.py: load the app named by `<module>:<attribute>` (a file path or package, then a dotted attribute). */
import { existsSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { isAbsolute, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { ASGIApp } from "@mono/asgi";

export class ImportFromStringError extends Error {
  override name = "ImportFromStringError";
}

// JavaScript first, so `main:app` next to a compiled main.js and its main.ts loads the compiled one.
const EXTENSIONS = ["", ".js", ".mjs", ".cjs", ".ts", ".mts", ".cts"];
const TYPESCRIPT = /\.[cm]?ts$/;

/** A file relative to `cwd` (extension optional, as `main:app` finds main.js), else a package resolved from `cwd`. */
function resolveModule(moduleStr: string, cwd: string): string | null {
  const base = isAbsolute(moduleStr) ? moduleStr : resolve(cwd, moduleStr);
  for (const extension of EXTENSIONS) {
    const candidate = base + extension;
    if (existsSync(candidate) && statSync(candidate).isFile()) return pathToFileURL(candidate).href;
  }
  if (moduleStr.startsWith(".") || isAbsolute(moduleStr)) return null;
  try {
    return pathToFileURL(createRequire(join(cwd, "package.json")).resolve(moduleStr)).href;
  } catch {
    return null;
  }
}

/**
 * uvicorn's `import_from_string`, asynchronous because ES modules load asynchronously. `findTsx` locates tsx's
 * loader for a .ts module (tests pass one that finds nothing).
 */
export async function importFromString(
  importStr: string,
  cwd = process.cwd(),
  findTsx: () => string | null = () => resolveFrom("tsx", cwd),
): Promise<unknown> {
  const colon = importStr.indexOf(":");
  const moduleStr = colon < 0 ? importStr : importStr.slice(0, colon);
  const attrsStr = colon < 0 ? "" : importStr.slice(colon + 1);
  if (!moduleStr || !attrsStr) {
    throw new ImportFromStringError(`Import string "${importStr}" must be in format "<module>:<attribute>".`);
  }
  const url = resolveModule(moduleStr, cwd);
  if (url === null) throw new ImportFromStringError(`Could not import module "${moduleStr}".`);
  if (TYPESCRIPT.test(url)) await prepareTypeScript(moduleStr, findTsx);
  let instance: unknown;
  try {
    instance = await import(url);
  } catch (exc) {
    // uvicorn lets such an error out as a traceback (exit code 1); one line naming the module says as much.
    throw new ImportFromStringError(`Could not import module "${moduleStr}": ${describeImportError(exc, url)}`, {
      cause: exc,
    });
  }
  for (const attr of attrsStr.split(".")) {
    if (instance === null || instance === undefined || !(attr in Object(instance))) {
      throw new ImportFromStringError(`Attribute "${attrsStr}" not found in module "${moduleStr}".`);
    }
    instance = (instance as Record<string, unknown>)[attr];
  }
  return instance;
}

/** `Error: boom (main.mjs:3)`: the error, and where in the module it was thrown when its stack says so. */
function describeImportError(exc: unknown, url: string): string {
  if (!(exc instanceof Error)) return String(exc);
  const code = (exc as { code?: unknown }).code;
  const name = typeof code === "string" ? `${exc.name} [${code}]` : exc.name;
  const text = `${name}: ${exc.message.split("\n")[0] ?? ""}`;
  const at = exc.stack?.split(url)[1]?.match(/^:(\d+)/);
  return at ? `${text} (${url.slice(url.lastIndexOf("/") + 1)}:${at[1]})` : text;
}

/** Resolves `specifier` from the app's folder first (the user's install), then from @mono/server's own. */
function resolveFrom(specifier: string, cwd: string): string | null {
  for (const parent of [join(cwd, "package.json"), import.meta.url]) {
    try {
      return pathToFileURL(createRequire(parent).resolve(specifier)).href;
    } catch {
      // not installed there
    }
  }
  return null;
}

let typeScriptReady = false;

/**
 * Lets `import()` load a .ts module: through tsx when it is installed (an optional peer dependency: it handles all
 * of TypeScript, tsconfig paths and NodeNext's `./x.js` imports of `./x.ts`, which Node's type stripping does not),
 * else through Node's own type stripping where this Node has it (22.18+, or 22.6+ with --experimental-strip-types),
 * else it says in one line what to do.
 */
async function prepareTypeScript(moduleStr: string, findTsx: () => string | null): Promise<void> {
  if (typeScriptReady) return;
  const tsx = findTsx();
  if (tsx !== null) {
    // What `node --import tsx` loads: it registers tsx's ESM and CommonJS hooks for this process.
    await import(tsx);
  } else if (!(process.features as { typescript?: unknown }).typescript) {
    throw new ImportFromStringError(
      `Could not import module "${moduleStr}": Node.js ${process.version} cannot run TypeScript by itself; ` +
        `install tsx (npm install --save-dev tsx), use Node.js 22.18 or later, or build to JavaScript first.`,
    );
  }
  typeScriptReady = true;
}

/** An ASGI app is a function, or (house style) an object whose bound `asgi` property is one. */
export function asASGIApp(instance: unknown, importStr: string): ASGIApp {
  if (typeof instance === "function") return instance as ASGIApp;
  const asgi = (instance as { asgi?: unknown } | null)?.asgi;
  if (typeof asgi === "function") return asgi as ASGIApp;
  throw new ImportFromStringError(
    `"${importStr}" is not an ASGI app: expected a function (scope, receive, send) or an object with an asgi function.`,
  );
}
