import { defineConfig } from "vitest/config";
import { busyMachine } from "../../scripts/vitest.shared.mjs";

// Test files carry uvicorn's names (tests/test_http.ts beside tests/protocols/test_http.py).
// The CLI tests run the built bin (dist/cli.js): globalSetup stops the run with the build command when dist/ is stale.
export default defineConfig({
  test: {
    ...busyMachine,
    include: ["tests/**/test_*.ts"],
    globalSetup: ["tests/globalSetup.ts"],
  },
});
