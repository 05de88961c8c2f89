#!/usr/bin/env node
/** @module The `mono-cors` command: `mono-cors explain` and `mono-cors lint` on CORSMiddleware options read from a JSON file or a module export. */

import { readFile, realpath } from "node:fs/promises";
import { extname, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";

import { noSuchOption } from "@mono/asgi";

import { explain } from "./explain.js";
import type { ExplainRequest } from "./explain.js";
import type { CredentialsMode } from "./fetch.js";
import { lint, oneOrigin } from "./lint.js";
import type { CORSOptions } from "./options.js";
import { formatExplanation, formatFindings } from "./report.js";

export const USAGE = `Usage:
  mono-cors explain <options> [--origin ORIGIN] [--method METHOD] [--path PATH] [-H "Name: value"]...
                              [--credentials omit|same-origin|include] [--private-network]
                              [--status CODE] [--response-header "Name: value"]... [--json]
  mono-cors lint <options> [--json]

<options> is a JSON file (*.json) holding CORSMiddleware's options, or a JavaScript module:
"config.mjs" uses its default export, "config.mjs#cors" its export named cors.

explain runs CORSMiddleware on the requests a browser sends for fetch(PATH, {method, headers, credentials})
from ORIGIN (no --origin: a request without Origin) and prints the trace and the browser's verdict.
lint prints findings with stable codes; it exits 1 when one is an error.
Exit status 2: bad arguments or options.
`;

/** Where the command writes; the bin passes process streams, tests pass buffers. */
export interface CLIOutput {
  stdout(text: string): void;
  stderr(text: string): void;
}

class UsageError extends Error {
  override readonly name = "UsageError";
}

/** A usage error printed as click prints one: the usage line, where to find help, then `Error: ...`. */
class ClickUsageError extends UsageError {
  constructor(
    readonly command: "explain" | "lint",
    message: string,
  ) {
    super(message);
  }
}

/** Runs `mono-cors` with `args` (without node and the script); resolves to the exit status. */
export async function main(args: readonly string[], out: CLIOutput, cwd: string = process.cwd()): Promise<number> {
  try {
    return await run(args, out, cwd);
  } catch (error) {
    if (error instanceof ClickUsageError) {
      const usage = `Usage: mono-cors ${error.command} [OPTIONS] <options>`;
      out.stderr(`${usage}\nTry 'mono-cors --help' for help.\n\nError: ${error.message}\n`);
      return 2;
    }
    if (error instanceof UsageError || error instanceof TypeError || error instanceof SyntaxError) {
      out.stderr(`mono-cors: ${error.message}\n${error instanceof UsageError ? `\n${USAGE}` : ""}`);
      return 2;
    }
    throw error;
  }
}

async function run(args: readonly string[], out: CLIOutput, cwd: string): Promise<number> {
  const [command, ...rest] = args;
  if (command === undefined || command === "--help" || command === "-h" || command === "help") {
    out.stdout(USAGE);
    return command === undefined ? 2 : 0;
  }
  if (command !== "explain" && command !== "lint") throw new UsageError(`unknown command ${JSON.stringify(command)}`);
  const parsed = parse(command, rest);
  const [source, ...extra] = parsed.positionals;
  if (source === undefined) throw new UsageError(`${command} needs the options: a JSON file or a module`);
  if (extra.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(extra[0])}`);
  const options = await loadOptions(source, cwd);
  const json = parsed.values.json === true;

  if (command === "lint") {
    const findings = lint(options);
    out.stdout(json ? `${JSON.stringify(findings, null, 2)}\n` : formatFindings(findings));
    return findings.some((f) => f.severity === "error") ? 1 : 0;
  }
  const v = parsed.values as Record<string, string | boolean | string[] | undefined>;
  const request = explainRequest(v);
  if (typeof request.origin === "string") out.stderr(originWarnings(request.origin));
  const explanation = await explain(options, request);
  out.stdout(json ? `${JSON.stringify(explanation, null, 2)}\n` : formatExplanation(explanation));
  return 0;
}

/** lint's findings on an `--origin` no browser sends (no scheme, a trailing slash, ...), as warnings: explain still runs. */
function originWarnings(origin: string): string {
  // "null" is an Origin browsers do send (sandboxed iframes, file: pages).
  const findings = oneOrigin(origin).filter((f) => f.code !== "CORS102");
  return findings
    .map((f) => `warning ${f.code} ${f.name}  --origin: ${JSON.stringify(origin)}\n        ${f.message}\n        fix: ${f.fix}\n`)
    .join("");
}

function parse(command: "explain" | "lint", rest: readonly string[]) {
  const explainFlags = {
    origin: { type: "string" },
    method: { type: "string" },
    path: { type: "string" },
    header: { type: "string", short: "H", multiple: true },
    credentials: { type: "string" },
    "private-network": { type: "boolean" },
    status: { type: "string" },
    "response-header": { type: "string", multiple: true },
  } as const;
  const options = { json: { type: "boolean", default: false }, ...(command === "explain" ? explainFlags : {}) } as const;
  try {
    return parseArgs({ args: [...rest], allowPositionals: true, options });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const unknown = /Unknown option '([^']+)'/.exec(message);
    if (unknown) throw new ClickUsageError(command, noSuchOption(unknown[1] as string, Object.keys(options)));
    throw new UsageError(message);
  }
}

function explainRequest(v: Record<string, string | boolean | string[] | undefined>): ExplainRequest {
  const str = (key: string): string | undefined => (typeof v[key] === "string" ? v[key] : undefined);
  const credentials = str("credentials");
  if (credentials !== undefined && !["omit", "same-origin", "include"].includes(credentials)) {
    throw new UsageError(`--credentials must be omit, same-origin or include, not ${JSON.stringify(credentials)}`);
  }
  const status = str("status");
  if (status !== undefined && !/^[1-5]\d\d$/.test(status)) throw new UsageError(`--status must be an HTTP status code, not ${JSON.stringify(status)}`);
  const request: Record<string, unknown> = {
    headers: headerPairs(v.header, "-H"),
    response: { status: status === undefined ? 200 : Number(status), headers: headerPairs(v["response-header"], "--response-header") },
  };
  for (const key of ["origin", "method", "path"]) if (str(key) !== undefined) request[key] = str(key);
  if (credentials !== undefined) request.credentials = credentials as CredentialsMode;
  if (v["private-network"] === true) request.privateNetwork = true;
  return request;
}

function headerPairs(values: string | boolean | string[] | undefined, flag: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const item of Array.isArray(values) ? values : []) {
    const colon = item.indexOf(":");
    if (colon <= 0) throw new UsageError(`${flag} takes "Name: value", not ${JSON.stringify(item)}`);
    headers[item.slice(0, colon).trim()] = item.slice(colon + 1).trim();
  }
  return headers;
}

/** Options from `file.json`, or from a module's default export (`mod.mjs`) or named export (`mod.mjs#name`). */
export async function loadOptions(source: string, cwd: string): Promise<CORSOptions> {
  const hash = source.lastIndexOf("#");
  const file = resolve(cwd, hash === -1 ? source : source.slice(0, hash));
  const name = hash === -1 ? "default" : source.slice(hash + 1);
  let value: unknown;
  if (hash === -1 && extname(file).toLowerCase() === ".json") {
    let text: string;
    try {
      text = await readFile(file, "utf8");
    } catch (error) {
      throw new UsageError(`cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
    }
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new UsageError(`${file} is not JSON: ${error instanceof Error ? error.message : String(error)}`);
    }
  } else {
    let module: Record<string, unknown>;
    try {
      module = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    } catch (error) {
      throw new UsageError(`cannot import ${file}: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (!(name in module)) throw new UsageError(`${file} has no export ${JSON.stringify(name)} (exports: ${Object.keys(module).sort().join(", ") || "none"})`);
    value = module[name];
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new UsageError(`${source} must hold an options object such as {"allowOrigins": ["https://app.example"]}`);
  }
  return value as CORSOptions;
}

// Run when executed as the bin (through a symlink or not), not when imported by tests.
const entry = process.argv[1];
if (entry !== undefined && import.meta.url === pathToFileURL(await realpath(entry).catch(() => entry)).href) {
  process.exitCode = await main(process.argv.slice(2), {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
  });
}
