/** @module Mirrors uvicorn/importer.py: load the app named by `<module>:<attribute>` (a file path or package, then a dotted attribute). */
import { existsSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { isAbsolute, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { ASGIApp } from "@mono/asgi";

export class ImportFromStringError extends Error {
  override name = "ImportFromStringError";
}

const EXTENSIONS = ["", ".js", ".mjs", ".cjs"];

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

/** uvicorn's `import_from_string`, asynchronous because ES modules load asynchronously. */
export async function importFromString(importStr: string, cwd = process.cwd()): Promise<unknown> {
  const colon = importStr.indexOf(":");
  const moduleStr = colon < 0 ? importStr : importStr.slice(0, colon);
  const attrsStr = colon < 0 ? "" : importStr.slice(colon + 1);
  if (!moduleStr || !attrsStr) {
    throw new ImportFromStringError(`Import string "${importStr}" must be in format "<module>:<attribute>".`);
  }
  const url = resolveModule(moduleStr, cwd);
  if (url === null) throw new ImportFromStringError(`Could not import module "${moduleStr}".`);
  let instance: unknown = await import(url);
  for (const attr of attrsStr.split(".")) {
    if (instance === null || instance === undefined || !(attr in Object(instance))) {
      throw new ImportFromStringError(`Attribute "${attrsStr}" not found in module "${moduleStr}".`);
    }
    instance = (instance as Record<string, unknown>)[attr];
  }
  return instance;
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
