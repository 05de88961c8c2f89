import { defineConfig } from "vitest/config";

// One file: packing and installing once (beforeAll) is most of the cost; the tests then share the project.
export default defineConfig({
  test: {
    include: ["tests/**/test_*.ts"],
    hookTimeout: 300_000,
    testTimeout: 120_000,
  },
});
