// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * The drill (packages/drill) is an application of bulwark: it reaches the library through its
 * public entry points (`bulwark`, `bulwark/s3`, ..., `bulwark/testkit`) and nothing else, so no
 * relative import may leave the package (and the root package.json's `exports` refuse any other
 * path into bulwark). One block per folder depth: a file `depth` folders below packages/drill
 * may climb at most `depth` levels.
 */
const drillStaysInItsPackage = [0, 1, 2, 3, 4, 5].map((depth) => ({
  files: [`packages/drill/${'*/'.repeat(depth)}*.ts`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          {
            regex: `^(\\.\\./){${depth + 1},}`,
            message:
              "The drill imports bulwark by its public entry points ('bulwark', 'bulwark/testkit', ...), never by a path out of its package.",
          },
        ],
      },
    ],
  },
}));

export default tseslint.config(
  { ignores: ['dist/**', 'coverage/**', 'node_modules/**'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  {
    // One concept per file: a file that grows past 300 lines holds two, and is split by concern.
    files: ['**/*.ts', '**/*.js'],
    rules: { 'max-lines': ['error', { max: 300 }] },
  },
  {
    // Dependencies point one way: the core imports no client, no SDK and no test kit.
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '../s3/*',
                '../postgres/*',
                '../redis/*',
                '../http/*',
                '../testkit/*',
                '../../*',
              ],
              message: 'The core imports no client and no test kit.',
            },
            {
              group: ['@aws-sdk/*', 'pg', 'ioredis', 'undici', 'testcontainers', '@qdrant/*'],
              message: 'The core loads no client SDK.',
            },
          ],
        },
      ],
    },
  },
  ...drillStaysInItsPackage,
);
