import { defineConfig } from "vitest/config";
import { busyMachine } from "../../scripts/vitest.shared.mjs";

// Test files carry Starlette's names (tests/test_cors.ts beside tests/middleware/test_cors.py).
export default defineConfig({
  test: {
    ...busyMachine,
    include: ["tests/**/test_*.ts"],
  },
});
