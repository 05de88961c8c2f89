import { defineConfig } from "vitest/config";
import { busyMachine } from "../../scripts/vitest.shared.mjs";

// Test files carry Starlette's and FastAPI's names (tests/test_routing.ts beside tests/test_routing.py).
// The globalSetup installs Debian's Chromium once, before any worker starts, for the docs browser test.
export default defineConfig({
  test: {
    ...busyMachine,
    include: ["tests/**/test_*.ts"],
    globalSetup: ["../../scripts/chromium.mjs"],
  },
});
