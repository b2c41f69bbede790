import { defineConfig } from "vitest/config";

/** The production install test (`npm run test:deploy`): slow, as a fresh install builds the SQLite driver. */
export default defineConfig({
  test: {
    include: ["test/deploy/**/*.test.ts"],
    exclude: ["node_modules/**", "dist/**"],
    testTimeout: 120_000,
    hookTimeout: 16 * 60_000,
    pool: "forks",
  },
});
