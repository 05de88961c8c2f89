// Settings every package's vitest.config.ts shares, so that the suite holds on a busy machine (CI, a laptop, or
// `pnpm test:stress`, which runs two copies of the suite side by side).
// - Deadlines are generous: a test waits on events and conditions, and a slow machine makes it slow, never red.
//   Per-test timeouts are not set anywhere; a hung test still fails, after five minutes. (Two copies of the suite
//   beside the work of other people on 2 cores, load average 40, took up to 80 s for a test that takes 1 s alone.)
// - What a failing assertion prints is capped: a diff or a message never carries a multi-megabyte value.

import { fileURLToPath } from "node:url";

/** @type {import("vitest/node").InlineConfig} */
export const busyMachine = {
  testTimeout: 300_000,
  hookTimeout: 300_000,
  teardownTimeout: 60_000,
  // expect.poll() waits on a condition; its default of one second is a race on a busy machine.
  expect: { poll: { timeout: 60_000 } },
  chaiConfig: { truncateThreshold: 400 },
  diff: { truncateThreshold: 200, printBasicPrototype: false },
  setupFiles: [fileURLToPath(new URL("./vitest.capOutput.mjs", import.meta.url))],
};
