// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

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
                '../cli/*',
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
);
