import { defineConfig } from "vitest/config";

/** The long reliability and hostile-input runs (`npm run test:reliability`), kept out of `npm test`. */
export default defineConfig({
  test: {
    include: ["test/reliability/**/*.test.ts"],
    exclude: ["node_modules/**", "dist/**"],
    testTimeout: 300_000,
    hookTimeout: 60_000,
    pool: "forks",
    fileParallelism: true,
    maxWorkers: 2,
  },
});
