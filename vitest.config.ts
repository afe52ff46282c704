import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['server/**/*.test.ts', 'test/**/*.test.ts', 'overlay-ui/**/*.test.ts'],
    globalSetup: ['test/harness/global-setup.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // Each worker keeps its module cache from file to file: a fresh process per file spent about
    // half of the suite's time importing the server again.
    isolate: false,
  },
});
