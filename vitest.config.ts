import { defineConfig } from 'vitest/config';

// `npm test` must never run on an end-of-life Node: the project installs Node 24 for itself
// (the `node` dev dependency), and npm scripts put it first on PATH.
const nodeMajor = Number(process.versions.node.split('.')[0]);
if (nodeMajor < 22) {
  throw new Error(
    `bulwark's tests need Node >= 22 (this is ${process.version}); run them through npm so the project's Node 24 is used.`,
  );
}

// The library's tests. The drill's are in its own package (packages/drill/vitest.config.ts),
// run after these by `npm test` and on their own by `npm run test:drill`.
export default defineConfig({
  test: {
    reporters: process.env['CI'] ? ['default', 'json'] : ['default'],
    outputFile: { json: '.vitest-results.json' },
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'tests/unit/**/*.test.ts', 'examples/**/*.test.ts'],
        },
      },
      {
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          // Real services, started once per run (see tests/integration/README.md).
          globalSetup: ['src/testkit/vitest/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
