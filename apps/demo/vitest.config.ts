import { defineConfig } from "vitest/config";
import { busyMachine } from "../../scripts/vitest.shared.mjs";

// Test files are named for what they test (tests/test_tutorial001.ts after FastAPI's CORS tutorial test).
// The globalSetup installs Debian's Chromium once, before the two browser test files start in parallel workers.
export default defineConfig({
  test: {
    ...busyMachine,
    include: ["tests/**/test_*.ts"],
    globalSetup: ["../../scripts/chromium.mjs"],
  },
});
