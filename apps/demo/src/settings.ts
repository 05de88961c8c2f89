/** @module The demo's settings: pydantic-settings' `BaseSettings` idiom (the framework's `settings` helper) read
 * from `DEMO_*` environment variables, with command-line flags taking precedence; a bad value names its source.
 */
import { parseArgs } from "node:util";
import { SettingsError, settings } from "@mono/framework";
import { z } from "zod";

/** The origins of FastAPI's CORS tutorial (docs_src/cors/tutorial001.py), in its order. */
export const TUTORIAL_ORIGINS: readonly string[] = Object.freeze([
  "http://localhost.tiangolo.com",
  "https://localhost.tiangolo.com",
  "http://localhost",
  "http://localhost:8080",
]);

/** Prefix of every environment variable: field `backend_port` reads `DEMO_BACKEND_PORT`. */
export const ENV_PREFIX = "DEMO_";

/** Everything the demo reads at start-up, after validation. */
export interface DemoSettings {
  /**
   * Interface both servers bind. Loopback by default: the browser reaches it as `localhost` and as `127.0.0.1`.
   * @default "127.0.0.1"
   */
  readonly host: string;
  /** Port of the backend (the tutorial's API). 0 picks a free one. @default 8000 */
  readonly backendPort: number;
  /** Port of the frontend (the static page). 0 picks a free one. @default 8080 */
  readonly frontendPort: number;
  /**
   * Origins the backend's CORSMiddleware allows, each as a browser writes it in `Origin`
   * (`scheme://host[:port]`, no path, no default port), or `"*"`.
   * @default the tutorial's four: http://localhost.tiangolo.com, https://localhost.tiangolo.com, http://localhost, http://localhost:8080
   */
  readonly allowOrigins: readonly string[];
  /** The backend's `allowCredentials`: answer credentialed (cookie-carrying) requests. @default true */
  readonly allowCredentials: boolean;
  /**
   * The backend's `checkWebSocketOrigin` (an opt-in of @mono/cors): refuse websocket handshakes from origins
   * outside `allowOrigins`. Off, as in Starlette, so the WebSocket card shows that CORS does not apply to sockets.
   * @default false
   */
  readonly checkWebSocketOrigin: boolean;
  /**
   * Origin the page calls for the backend. Empty: the page's own scheme and hostname with the backend's port, so
   * the page opened as `localhost` calls `localhost` and opened as `127.0.0.1` calls `127.0.0.1`.
   * @default ""
   */
  readonly backendUrl: string;
}

/** A browser's serialization of an http(s) origin: what `new URL(text).origin` gives back unchanged. */
function originProblem(text: string): string | null {
  const example = 'write scheme://host[:port], such as "http://localhost:8080"';
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return `${JSON.stringify(text)} is not a URL; ${example}`;
  }
  if (!text.includes("://") || (url.protocol !== "http:" && url.protocol !== "https:")) {
    return `${JSON.stringify(text)} is not an http or https origin; ${example}`;
  }
  if (url.origin !== text) return `${JSON.stringify(text)} is not an origin as a browser sends it; did you mean "${url.origin}"?`;
  return null;
}

const origin = z.string().superRefine((text, ctx) => {
  const problem = text === "*" ? null : originProblem(text);
  if (problem !== null) ctx.addIssue({ code: "custom", message: problem, input: text });
});

const port = z.int().min(0).max(65535);

const schema = z.object({
  host: z.string().min(1).default("127.0.0.1"),
  backend_port: port.default(8000),
  frontend_port: port.default(8080),
  allow_origins: z.array(origin).default([...TUTORIAL_ORIGINS]),
  allow_credentials: z.boolean().default(true),
  check_websocket_origin: z.boolean().default(false),
  backend_url: z
    .string()
    .superRefine((text, ctx) => {
      const problem = text === "" ? null : originProblem(text);
      if (problem !== null) ctx.addIssue({ code: "custom", message: problem, input: text });
    })
    .default(""),
});

type SettingKey = keyof z.output<typeof schema>;

/** Each setting's command-line flag, beside its environment variable `DEMO_<KEY>`. */
export const FLAGS: Readonly<Record<SettingKey, string>> = {
  host: "--host",
  backend_port: "--backend-port",
  frontend_port: "--frontend-port",
  allow_origins: "--allow-origins",
  allow_credentials: "--allow-credentials",
  check_websocket_origin: "--check-websocket-origin",
  backend_url: "--backend-url",
};

export const HELP = `Usage: demo [OPTIONS]

  Starts FastAPI's CORS tutorial backend and a frontend page that calls it.
  Every option can also be set by its environment variable; a flag wins.

Options:
  --host TEXT                 Interface both servers bind (DEMO_HOST).
                              [default: 127.0.0.1]
  --backend-port INTEGER      Port of the backend (DEMO_BACKEND_PORT).
                              [default: 8000]
  --frontend-port INTEGER     Port of the frontend (DEMO_FRONTEND_PORT).
                              [default: 8080]
  --allow-origins LIST        Origins the backend allows, comma-separated or a
                              JSON list; repeat the flag to add more
                              (DEMO_ALLOW_ORIGINS). [default: the tutorial's
                              ${TUTORIAL_ORIGINS.join(",\n                              ")}]
  --allow-credentials / --no-allow-credentials
                              Answer credentialed requests
                              (DEMO_ALLOW_CREDENTIALS). [default: on]
  --check-websocket-origin / --no-check-websocket-origin
                              Refuse websocket handshakes from origins the
                              backend does not allow
                              (DEMO_CHECK_WEBSOCKET_ORIGIN). [default: off]
  --backend-url ORIGIN        Origin the page calls for the backend
                              (DEMO_BACKEND_URL). [default: the page's own
                              scheme and hostname, the backend's port]
  -h, --help                  Show this message and exit.
`;

/** One bad setting: where it came from (flag or variable), and what is wrong. */
export interface SettingProblem {
  readonly setting: string;
  readonly message: string;
}

/** Start-up refused: every bad setting, each named by the flag or variable it came from. */
export class DemoSettingsError extends Error {
  override name = "DemoSettingsError";

  constructor(readonly problems: readonly SettingProblem[]) {
    const lines = problems.map(({ setting, message }) => `  ${setting}: ${message}`);
    super(`Invalid setting${problems.length === 1 ? "" : "s"}; the demo did not start:\n${lines.join("\n")}`);
  }
}

/** What the command line asked for: help, or setting values by key (as text, validated later with the rest). */
export interface CommandLine {
  /** `-h` or `--help` was given. @default false (when neither flag is given) */
  readonly help: boolean;
  /** The text of each setting given by a flag, by setting key; a setting without a flag is absent. @default {} */
  readonly values: Partial<Record<SettingKey, string>>;
}

/** The flags `--help` shows, for node:util's parseArgs. */
const FLAG_OPTIONS = {
  host: { type: "string" },
  "backend-port": { type: "string" },
  "frontend-port": { type: "string" },
  "allow-origins": { type: "string", multiple: true },
  "allow-credentials": { type: "boolean" },
  "no-allow-credentials": { type: "boolean" },
  "check-websocket-origin": { type: "boolean" },
  "no-check-websocket-origin": { type: "boolean" },
  "backend-url": { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

type Flags = ReturnType<typeof parseArgs<{ options: typeof FLAG_OPTIONS }>>["values"];

/** Reads the flags; an unknown flag or a missing value is a DemoSettingsError naming it. */
export function parseCommandLine(argv: readonly string[]): CommandLine {
  let flags: Flags;
  try {
    flags = parseArgs({ args: [...argv], strict: true, allowPositionals: false, options: FLAG_OPTIONS }).values;
  } catch (error: unknown) {
    const message = error instanceof Error ? error.message : String(error);
    throw new DemoSettingsError([{ setting: "command line", message: `${message}; see --help` }]);
  }
  return { help: flags.help === true, values: settingValues(flags) };
}

/** The flags as setting text by key, validated later with the variables (so both kinds of error come together). */
function settingValues(flags: Flags): Partial<Record<SettingKey, string>> {
  const values: Partial<Record<SettingKey, string>> = {};
  if (flags.host !== undefined) values.host = flags.host;
  if (flags["backend-port"] !== undefined) values.backend_port = flags["backend-port"];
  if (flags["frontend-port"] !== undefined) values.frontend_port = flags["frontend-port"];
  if (flags["backend-url"] !== undefined) values.backend_url = flags["backend-url"];
  const origins = flags["allow-origins"];
  // One flag keeps its text as written (a JSON list stays JSON); repeated flags each add comma-separated origins.
  if (origins !== undefined) {
    const each = origins.flatMap((text) => text.split(",").map((origin) => origin.trim()));
    values.allow_origins = origins.length === 1 ? (origins[0] ?? "") : JSON.stringify(each);
  }
  if (flags["allow-credentials"] && flags["no-allow-credentials"]) {
    throw new DemoSettingsError([{ setting: "--allow-credentials", message: "given together with --no-allow-credentials; pick one" }]);
  }
  if (flags["allow-credentials"]) values.allow_credentials = "true";
  if (flags["no-allow-credentials"]) values.allow_credentials = "false";
  if (flags["check-websocket-origin"] && flags["no-check-websocket-origin"]) {
    throw new DemoSettingsError([
      { setting: "--check-websocket-origin", message: "given together with --no-check-websocket-origin; pick one" },
    ]);
  }
  if (flags["check-websocket-origin"]) values.check_websocket_origin = "true";
  if (flags["no-check-websocket-origin"]) values.check_websocket_origin = "false";
  return values;
}

/**
 * The settings from `DEMO_*` variables, each overridden by its flag; every bad value is reported at once,
 * named by the flag when a flag gave it, else by its variable.
 */
export function loadSettings(argv: readonly string[] = [], env: NodeJS.ProcessEnv = process.env): DemoSettings {
  return settingsFrom(parseCommandLine(argv).values, env);
}

/** One invalid value, named by the flag that gave it, else by its variable. */
function problemOf(detail: SettingsError["errors"][number], flags: CommandLine["values"]): SettingProblem {
  const key = String(detail.loc[0]) as SettingKey;
  const setting = key in flags ? FLAGS[key] : `${ENV_PREFIX}${key}`.toUpperCase();
  const item = detail.loc.length > 1 ? `item ${detail.loc.slice(1).join(".")}: ` : "";
  // Our own checks (origins) already quote the input and say what to write instead.
  if (detail.type === "value_error") return { setting, message: `${item}${detail.msg.replace(/^Value error, /, "")}` };
  return { setting, message: `${item}${detail.msg} (got ${JSON.stringify(detail.input)})` };
}

/** Both servers asked for one port: the second could only fail to bind, and "is it taken?" would mislead. */
function samePortError(port: number, flags: CommandLine["values"]): DemoSettingsError {
  const name = (key: SettingKey): string => (key in flags ? FLAGS[key] : `${ENV_PREFIX}${key}`.toUpperCase());
  const other = port === 8080 ? 8081 : port + 1 <= 65535 ? port + 1 : port - 1;
  return new DemoSettingsError([
    {
      setting: `${name("backend_port")} and ${name("frontend_port")}`,
      message:
        `both are ${port}, but the demo runs two servers of its own (the backend and the frontend) and each needs ` +
        `its own port; choose another for one of them, e.g. --frontend-port ${other}`,
    },
  ]);
}

/** `loadSettings` once the command line is parsed. */
export function settingsFrom(flags: CommandLine["values"], env: NodeJS.ProcessEnv = process.env): DemoSettings {
  const merged: Record<string, string | undefined> = { ...env };
  for (const [key, value] of Object.entries(flags)) {
    const variable = `${ENV_PREFIX}${key}`.toUpperCase();
    // Variables match case-insensitively, so a flag must shadow every spelling of its variable.
    for (const name of Object.keys(merged)) if (name.toUpperCase() === variable) delete merged[name];
    merged[variable] = value;
  }
  let values: z.output<typeof schema>;
  try {
    values = settings(schema, { prefix: ENV_PREFIX, env: merged });
  } catch (error: unknown) {
    if (!(error instanceof SettingsError)) throw error;
    throw new DemoSettingsError(error.errors.map((detail) => problemOf(detail, flags)));
  }
  if (values.backend_port !== 0 && values.backend_port === values.frontend_port) throw samePortError(values.backend_port, flags);
  return {
    host: values.host,
    backendPort: values.backend_port,
    frontendPort: values.frontend_port,
    allowOrigins: values.allow_origins,
    allowCredentials: values.allow_credentials,
    checkWebSocketOrigin: values.check_websocket_origin,
    backendUrl: values.backend_url,
  };
}
