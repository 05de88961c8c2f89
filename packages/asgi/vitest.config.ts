import { defineConfig } from "vitest/config";

// Test files carry Starlette's names (tests/test_cors.ts beside tests/middleware/test_cors.py).
export default defineConfig({
  test: {
    include: ["tests/**/test_*.ts"],
  },
});
