import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

// One run, three kinds of tests: Node (core, shared, CLI, bridge, Electron shell with electron mocked),
// jsdom (renderer components) and end to end (the built renderer in Debian's Chromium over the bridge).
export default defineConfig({
  test: {
    reporters: ['default', './test/support/summaryReporter.ts'],
    // both cores: Vitest's default on a 2-core machine is one file at a time, and the suite then takes twice as long.
    // Two files at once, of any kind (two browsers included), is the load the tests are sized for
    maxWorkers: 2,
    projects: [
      {
        test: {
          name: 'node',
          environment: 'node',
          include: ['test/**/*.test.ts'],
          exclude: ['test/e2e/**', 'test/renderer/**', 'node_modules/**'],
          globalSetup: ['./test/support/demoTemplateSetup.ts'],
          // sized for a 2-core machine running other work beside the suite (a benchmark, the e2e browser)
          testTimeout: 90_000,
          hookTimeout: 120_000,
        },
      },
      {
        plugins: [react()],
        test: {
          name: 'renderer',
          environment: 'jsdom',
          include: ['test/renderer/**/*.test.tsx'],
          setupFiles: ['./test/support/jsdomSetup.ts'],
          testTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['test/e2e/**/*.e2e.test.ts'],
          globalSetup: ['./test/e2e/globalSetup.ts', './test/support/demoTemplateSetup.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
