import { defineConfig } from "vitest/config";

/** The browser tests of the sandbox (`npm run test:sandbox`): real headless Chromium, kept out of `npm test`. */
export default defineConfig({
  test: {
    include: ["test/browser/**/*.test.ts"],
    exclude: ["node_modules/**", "dist/**"],
    testTimeout: 180_000,
    hookTimeout: 60_000,
    pool: "forks",
    fileParallelism: true,
    maxWorkers: 2,
  },
});
