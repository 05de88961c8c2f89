// The one app every server in the benchmark serves: FastAPI's CORS tutorial
// (docs_src/cors/tutorial001.py), GET / -> {"message":"Hello World"}, with its CORS options.
import { resolve as resolvePath } from "node:path";

/** The tutorial's `origins` list. */
export const ORIGINS = [
  "http://localhost.tiangolo.com",
  "https://localhost.tiangolo.com",
  "http://localhost",
  "http://localhost:8080",
];

/**
 * What Starlette turns `allow_methods=["*"]` into (starlette/middleware/cors.py ALL_METHODS).
 * Peers whose "*" would be sent literally get this list: with credentials a browser does not
 * treat a literal "*" as a wildcard, so the list is what the tutorial really allows.
 */
export const ALL_METHODS = ["DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT", "QUERY"];

export const MESSAGE = { message: "Hello World" };
export const BODY = Buffer.from(JSON.stringify(MESSAGE));

/** Port from argv[2] (the harness picks a free one); host is always loopback. */
export function listenAddress() {
  const port = Number(process.argv[2] ?? process.env.PORT ?? 8000);
  return { host: "127.0.0.1", port };
}

/** Stop on SIGTERM/SIGINT so the harness can read peak RSS first and then end us cleanly. */
export function stopOn(close) {
  for (const sig of ["SIGTERM", "SIGINT"]) process.once(sig, () => { close(); setTimeout(() => process.exit(0), 200).unref(); });
}

/** True when the module at `url` is the script node was started with (peers are also imported by the microbenchmark). */
export function isMain(url) {
  return process.argv[1] !== undefined && new URL(url).pathname === resolvePath(process.argv[1]);
}
