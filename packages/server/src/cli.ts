#!/usr/bin/env node
/** @module The `mono-serve` executable (uvicorn's `uvicorn` console script): parse, serve, exit with uvicorn's codes. */
import { main } from "./main.js";

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
    // Servers are closed by now; leave even if an app left a timer behind, as uvicorn's process ends with its loop.
    setImmediate(() => process.exit(code));
  },
  (exc: unknown) => {
    console.error(exc);
    process.exit(1);
  },
);
