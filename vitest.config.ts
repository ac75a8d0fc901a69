import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/e2e/helpers/report-skipped-suites.ts"],
    setupFiles: ["test/setup/process-settings.ts"],
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
