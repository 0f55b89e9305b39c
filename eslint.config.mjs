// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** One flat config for every package (typescript-eslint's recommended rules, no type-aware rules: fast). */
export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      '**/.data/**',
      '**/.turbo/**',
      'client/src/gql/**',
      'packages/source-data/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-unsafe-function-type': 'off',
      'no-console': ['error', { allow: ['warn', 'error', 'log'] }],
    },
  },
);
