/** @module The `demo` command (mirrors the shape of uvicorn/main.py's `main`): read the settings, start both servers,
 * say where they are, and stop them cleanly on Ctrl-C or SIGTERM.
 */
import { formatFindings, lint } from "@mono/cors";
import { defaultLogHandler, LOG_LEVELS, type LogRecord, StartupFailure, STARTUP_FAILURE } from "@mono/server";
import { backendCORSOptions } from "./backend.js";
import { startDemo, type Demo, type DemoOptions } from "./demo.js";
import type { DemoSettings } from "./settings.js";
import { DemoSettingsError, HELP, parseCommandLine, settingsFrom } from "./settings.js";

/** click's exit code for a usage error: a bad flag or setting. */
export const USAGE_ERROR = 2;

/** Where `main` writes and what it waits for; a test passes its own. */
export interface MainIO extends DemoOptions {
  /** Where the `DEMO_*` settings are read from. @default process.env */
  env?: NodeJS.ProcessEnv;
  /** Where the URLs and `--help` are printed. @default process.stdout.write */
  stdout?: (text: string) => void;
  /** Where a settings or start-up error is printed. @default process.stderr.write */
  stderr?: (text: string) => void;
  /** Settles when the demo should stop. @default the first SIGINT or SIGTERM */
  stopped?: (demo: Demo) => Promise<unknown>;
}

/** The first SIGINT (Ctrl-C) or SIGTERM; a second SIGINT while stopping quits at once, as uvicorn's does. */
function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const onSignal = (signal: NodeJS.Signals): void => {
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
      process.once("SIGINT", () => process.exit(130));
      resolve(signal);
    };
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);
  });
}

/**
 * The servers' log less what the banner says once and better: each server's start and stop lines (eight lines, one
 * pid twice), and a bind error, which the demo's own `Error:` line names with the flag to change. Warnings, errors
 * and the access lines stay.
 */
function demoLogHandler(record: LogRecord): void {
  if (record.name === "mono.error" && LOG_LEVELS[record.level] < LOG_LEVELS.warning) return;
  if (record.message.includes("error while attempting to bind")) return;
  defaultLogHandler(record);
}

/** `mono-cors lint` on the backend's CORS options, when it finds an error or a warning; else "". */
export function lintReport(settings: DemoSettings): string {
  const findings = lint(backendCORSOptions(settings));
  if (!findings.some((finding) => finding.severity !== "info")) return "";
  return `The backend's CORSMiddleware options, as \`mono-cors lint\` sees them:\n${formatFindings(findings)}`;
}

/** What a person needs to see first: which URL to open, and which one to compare it with. */
export function banner(demo: Demo): string {
  const { settings } = demo;
  const listed = (url: string): boolean => settings.allowOrigins.includes(url) || settings.allowOrigins.includes("*");
  const verdict = (url: string): string =>
    listed(url) ? "in allowOrigins: the browser lets its calls through" : "not in allowOrigins: the browser blocks its calls";
  const lines = [
    "",
    `CORS demo (FastAPI's CORS tutorial, made real), process ${process.pid}`,
    `  backend   ${demo.backendURL}   allowOrigins: ${settings.allowOrigins.join(", ")}`,
    `            allowCredentials: ${settings.allowCredentials}, docs at ${demo.backendURL}/docs`,
    `  frontend  ${demo.pageURL}   ${verdict(demo.pageURL)}`,
  ];
  if (demo.otherPageURL !== null) lines.push(`            ${demo.otherPageURL}   ${verdict(demo.otherPageURL)}`);
  if (!listed(demo.pageURL)) {
    lines.push(`  To see the calls allowed, list the page's origin: --allow-origins ${[...settings.allowOrigins, demo.pageURL].join(",")}`);
  }
  lines.push("Open the frontend in a browser. Press CTRL+C to stop.", "");
  return lines.join("\n");
}

/** Runs the demo until it is told to stop; resolves to the process's exit code. */
export async function main(argv: readonly string[], io: MainIO = {}): Promise<number> {
  const stdout = io.stdout ?? ((text: string) => void process.stdout.write(text));
  const stderr = io.stderr ?? ((text: string) => void process.stderr.write(text));
  const stopping = io.stopped ?? untilSignal;
  let demo: Demo;
  try {
    const commandLine = parseCommandLine(argv);
    if (commandLine.help) {
      stdout(HELP);
      return 0;
    }
    const settings = settingsFrom(commandLine.values, io.env ?? process.env);
    const report = lintReport(settings);
    if (report !== "") stderr(report);
    demo = await startDemo(settings, { logHandler: io.logHandler ?? demoLogHandler });
  } catch (error: unknown) {
    if (error instanceof DemoSettingsError) {
      stderr(`Error: ${error.message}\nTry 'demo --help' for help.\n`);
      return USAGE_ERROR;
    }
    if (error instanceof StartupFailure) {
      stderr(`Error: ${error.message}\n`);
      return STARTUP_FAILURE;
    }
    throw error;
  }
  // Listen for Ctrl-C before saying it may be pressed: a signal in between would kill the process mid-way.
  const stopped = stopping(demo);
  stdout(banner(demo));
  await stopped;
  await demo.close();
  stdout("Demo stopped.\n");
  return 0;
}
