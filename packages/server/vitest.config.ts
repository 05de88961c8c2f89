import { defineConfig } from "vitest/config";

// Test files carry uvicorn's names (tests/test_http.ts beside tests/protocols/test_http.py).
// The CLI tests run the built bin (dist/cli.js), so the package is built once before the run.
export default defineConfig({
  test: {
    include: ["tests/**/test_*.ts"],
    globalSetup: ["tests/globalSetup.ts"],
  },
});
