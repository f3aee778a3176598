import { defineConfig } from 'vitest/config';

// The drill's tests, run by `npm test` at the repository root (after the library's) or by
// `npm run test:drill` there. Like the root config, it refuses an end-of-life Node.
const nodeMajor = Number(process.versions.node.split('.')[0]);
if (nodeMajor < 22) {
  throw new Error(
    `the drill's tests need Node >= 22 (this is ${process.version}); run them through npm so the project's Node 24 is used.`,
  );
}

// `bulwark` is imported by its public entry points only, and resolved to the library's
// sources (the root package.json's `bulwark-source` export condition) so that no build is
// needed: in the test workers (vite's `ssr` environment) and in vitest's own process, which
// loads the global setup (`__vitest__`); vitest adds its default conditions to these. The
// command the tests spawn gets the same condition (tests/drill/run-bulwark.ts).
const conditions = ['bulwark-source'];

export default defineConfig({
  environments: {
    ssr: { resolve: { conditions } },
    __vitest__: { resolve: { conditions } },
  },
  test: {
    reporters: process.env['CI'] ? ['default', 'json'] : ['default'],
    // Beside the root's: `.ci/run` adds both up.
    outputFile: { json: '.vitest-results.json' },
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['tests/**/*.test.ts'],
          // Real services, started once per run, as for the library's integration tests.
          globalSetup: ['tests/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
