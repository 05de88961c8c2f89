/** @module Mirrors starlette/staticfiles.py (Starlette 1.7.0): StaticFiles and NotModifiedResponse. */
import { statSync, type Stats } from "node:fs";
import { realpath, stat } from "node:fs/promises";
import { basename, dirname, join, normalize, resolve } from "node:path";
import { FileResponse, Headers, RedirectResponse, Response, URL, WebSocketClose, type ASGIApp, type HTTPScope, type Scope } from "@mono/asgi";
import { z } from "zod";
import { HTTPException } from "./exceptions.js";
import { parseMiddlewareOptions } from "./middleware/options.js";
import { getRoutePath } from "./routing.js";

/** A 304 carrying only the headers RFC 9110 lets it repeat, taken from the response it stands for. */
export class NotModifiedResponse extends Response {
  static readonly NOT_MODIFIED_HEADERS: readonly string[] = ["cache-control", "content-location", "date", "etag", "expires", "vary"];

  constructor(headers: Headers) {
    const kept: Record<string, string> = {};
    for (const [name, value] of headers.items()) {
      if (NotModifiedResponse.NOT_MODIFIED_HEADERS.includes(name)) kept[name] = value;
    }
    super(null, { status: 304, headers: kept });
  }
}

/** Options of StaticFiles: Starlette's keyword arguments (`packages` has no Node counterpart). */
export interface StaticFilesOptions {
  /** The directory served. @default null */
  directory?: string | null;
  /** HTML mode: a directory serves its `index.html` (redirecting to a trailing `/`), a miss serves `404.html`. @default false */
  html?: boolean;
  /** Throw at construction when `directory` is not a directory. @default true */
  checkDir?: boolean;
  /** Let symlinks inside the directory point outside it (the path is only normalized, not resolved). @default false */
  followSymlink?: boolean;
}

const optionsSchema = z.strictObject({
  directory: z.string().nullable().default(null),
  html: z.boolean().default(false),
  checkDir: z.boolean().default(true),
  followSymlink: z.boolean().default(false),
});

type Found = [fullPath: string, stat: Stats | null];

/**
 * Serves the files of a directory (Starlette's `StaticFiles`), usually mounted: `app.mount("/static", new
 * StaticFiles({ directory: "static" }), "static")`. GET and HEAD only (405 otherwise), 404 for a miss or a path
 * that leaves the directory, 304 for a matching `If-None-Match` / `If-Modified-Since`, and FileResponse's ETag,
 * Last-Modified and ranges.
 */
export class StaticFiles {
  readonly directory: string | null;
  readonly allDirectories: readonly string[];
  readonly html: boolean;
  readonly followSymlink: boolean;
  configChecked = false;

  constructor(options: StaticFilesOptions = {}) {
    const parsed = parseMiddlewareOptions("StaticFiles", optionsSchema, options);
    this.directory = parsed.directory;
    this.allDirectories = parsed.directory === null ? [] : [parsed.directory];
    this.html = parsed.html;
    this.followSymlink = parsed.followSymlink;
    if (parsed.checkDir && parsed.directory !== null && !isDirSync(parsed.directory)) {
      throw new Error(`Directory '${parsed.directory}' does not exist`);
    }
  }

  readonly asgi: ASGIApp = async (scope, receive, send) => {
    if (scope.type === "websocket") {
      await new WebSocketClose().asgi(scope, receive, send);
      return;
    }
    if (scope.type !== "http") throw new Error(`StaticFiles serves "http" scopes, not "${scope.type}"`);
    if (!this.configChecked) {
      await this.checkConfig();
      this.configChecked = true;
    }
    const response = await this.getResponse(this.getPath(scope), scope);
    await response.asgi(scope, receive, send);
  };

  /** The route path as a relative file path: Python's `normpath(join(*route_path.split("/")))`. */
  getPath(scope: Scope): string {
    const joined = getRoutePath(scope)
      .split("/")
      .filter((part) => part !== "")
      .join("/");
    const normalized = normalize(joined === "" ? "." : joined);
    return normalized.length > 1 && normalized.endsWith("/") ? normalized.slice(0, -1) : normalized;
  }

  async getResponse(path: string, scope: Scope): Promise<Response> {
    const method = (scope as { method?: string }).method;
    if (method !== "GET" && method !== "HEAD") throw new HTTPException(405);
    const [fullPath, stats] = await this.lookupPathOr404(path);
    if (stats?.isFile()) return this.fileResponse(fullPath, stats, scope);
    if (stats?.isDirectory() && this.html) {
      const [indexPath, indexStats] = await this.lookupPathOr404(join(path, "index.html"));
      if (indexStats?.isFile()) {
        if (!(scope as { path: string }).path.endsWith("/")) {
          // A directory's URL ends in "/", so the page's relative links resolve inside it.
          const url = new URL({ scope: scope as HTTPScope });
          return new RedirectResponse(url.replace({ path: url.path + "/" }).toString());
        }
        return this.fileResponse(indexPath, indexStats, scope);
      }
    }
    if (this.html) {
      const [notFoundPath, notFoundStats] = await this.lookupPathOr404("404.html");
      if (notFoundStats?.isFile()) return new FileResponse(notFoundPath, { statResult: notFoundStats, status: 404 });
    }
    throw new HTTPException(404);
  }

  /** `lookupPath` with Starlette's answers to what the OS refuses: 401 for a permission, 404 for a bad name. */
  private async lookupPathOr404(path: string): Promise<Found> {
    try {
      return await this.lookupPath(path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "EACCES" || code === "EPERM") throw new HTTPException(401);
      if (code === "ENAMETOOLONG" || code === "ERR_INVALID_ARG_VALUE" || code === "ERR_INVALID_ARG_TYPE") {
        throw new HTTPException(404);
      }
      throw error;
    }
  }

  /** The file of `path` in the first directory holding it, never outside that directory, or `["", null]`. */
  async lookupPath(path: string): Promise<Found> {
    if (path.startsWith("/") || path.startsWith("\\")) return ["", null];
    if (path.includes("\0")) throw Object.assign(new TypeError("path contains a null byte"), { code: "ERR_INVALID_ARG_VALUE" });
    for (const base of this.allDirectories) {
      const joined = join(base, path);
      const fullPath = this.followSymlink ? resolve(joined) : await pyRealpath(joined);
      const directory = this.followSymlink ? resolve(base) : await pyRealpath(base);
      if (!isInside(fullPath, directory)) continue;
      try {
        return [fullPath, await stat(fullPath)];
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === "ENOENT" || code === "ENOTDIR") continue;
        throw error;
      }
    }
    return ["", null];
  }

  fileResponse(fullPath: string, stats: Stats, scope: Scope, status = 200): Response {
    const requestHeaders = new Headers({ scope: scope as { headers: [string, string][] } });
    const response = new FileResponse(fullPath, { status, statResult: stats });
    if (this.isNotModified(response.headers, requestHeaders)) return new NotModifiedResponse(response.headers);
    return response;
  }

  /** Once, on the first request: the directory exists and is one (a loud error rather than 404 for everything). */
  async checkConfig(): Promise<void> {
    if (this.directory === null) return;
    let stats: Stats;
    try {
      stats = await stat(this.directory);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") {
        throw new Error(`StaticFiles directory '${this.directory}' does not exist.`);
      }
      throw error;
    }
    if (!stats.isDirectory() && !stats.isSymbolicLink()) {
      throw new Error(`StaticFiles path '${this.directory}' is not a directory.`);
    }
  }

  /** A matching `If-None-Match` (weak tags compared strongly, `*` matches), else an `If-Modified-Since` not before the file's date. */
  isNotModified(responseHeaders: Headers, requestHeaders: Headers): boolean {
    const ifNoneMatch = requestHeaders.get("if-none-match");
    if (ifNoneMatch !== undefined && ifNoneMatch !== "") {
      if (ifNoneMatch.trim() === "*") return true;
      const etag = responseHeaders.get("etag");
      return ifNoneMatch.split(",").some((tag) => {
        const trimmed = tag.trim();
        return (trimmed.startsWith("W/") ? trimmed.slice(2) : trimmed) === etag;
      });
    }
    const ifModifiedSince = parsedate(requestHeaders.get("if-modified-since"));
    const lastModified = parsedate(responseHeaders.get("last-modified"));
    return ifModifiedSince !== null && lastModified !== null && compareTuples(ifModifiedSince, lastModified) >= 0;
  }
}

function isDirSync(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function isInside(fullPath: string, directory: string): boolean {
  if (fullPath === directory) return true;
  return fullPath.startsWith(directory.endsWith("/") ? directory : directory + "/");
}

/** Python's non-strict `os.path.realpath`: symlinks resolved as far as the path exists, the rest kept as written. */
async function pyRealpath(path: string): Promise<string> {
  const absolute = resolve(path);
  try {
    return await realpath(absolute);
  } catch {
    const parent = dirname(absolute);
    if (parent === absolute) return absolute;
    return join(await pyRealpath(parent), basename(absolute));
  }
}

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
const RFC_DATE = /^\s*(?:[A-Za-z]+,?\s+)?(\d{1,2})[\s-]+([A-Za-z]{3})[A-Za-z]*[\s-]+(\d{2,4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?/;
const ASCTIME = /^\s*[A-Za-z]+\s+([A-Za-z]{3})\s+(\d{1,2})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s+(\d{2,4})/;

/**
 * Python's `email.utils.parsedate` as far as HTTP dates go (RFC 1123, RFC 850, asctime): year, month, day, hour,
 * minute, second, the zone ignored as it does; null for anything else.
 */
function parsedate(value: string | undefined): number[] | null {
  if (value === undefined) return null;
  let parts: (string | undefined)[];
  const rfc = RFC_DATE.exec(value);
  const asc = rfc === null ? ASCTIME.exec(value) : null;
  if (rfc !== null) parts = [rfc[3], rfc[2], rfc[1], rfc[4], rfc[5], rfc[6]];
  else if (asc !== null) parts = [asc[6], asc[1], asc[2], asc[3], asc[4], asc[5]];
  else return null;
  const month = MONTHS.indexOf((parts[1] as string).toLowerCase()) + 1;
  if (month === 0) return null;
  let year = Number(parts[0]);
  if (year < 100) year += year > 68 ? 1900 : 2000;
  return [year, month, Number(parts[2]), Number(parts[3]), Number(parts[4]), Number(parts[5] ?? 0)];
}

function compareTuples(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) {
    const diff = (a[i] as number) - (b[i] as number);
    if (diff !== 0) return diff;
  }
  return 0;
}
