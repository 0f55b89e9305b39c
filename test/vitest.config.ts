import { defineConfig } from 'vitest/config';

/** Cross-package suites: the built product started as a user starts it, and the client in a browser. */
export default defineConfig({
  test: {
    include: ['e2e/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    fileParallelism: false,
  },
});
