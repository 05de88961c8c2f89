#!/usr/bin/env node
/** @module The `mono-serve` executable (uvicorn's `uvicorn` console script): parse, serve, exit with uvicorn's codes. */
import { main } from "./main.js";

main(process.argv.slice(2)).then(
  (status) => {
    if (typeof status === "string") {
      // As uvicorn's capture_signals: the handlers are gone by now, so the signal's default action ends the process
      // (status 143 for SIGTERM). The timer only matters if the signal is ignored (inherited SIG_IGN).
      process.exitCode = 128 + 15;
      process.kill(process.pid, status);
      setTimeout(() => process.exit(), 1000);
      return;
    }
    process.exitCode = status;
    // Servers are closed by now; leave even if an app left a timer behind, as uvicorn's process ends with its loop.
    setImmediate(() => process.exit(status));
  },
  (exc: unknown) => {
    console.error(exc);
    process.exit(1);
  },
);
