#!/usr/bin/env node
/** @module The executable behind `pnpm demo` (`node dist/cli.js`): runs `main` with this process's arguments. */
import { main } from "./main.js";

process.exitCode = await main(process.argv.slice(2));
