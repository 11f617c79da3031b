import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const uiAndShell = ['electron', 'react', 'react-dom', 'react/*', 'ag-grid-*', '@ag-grid-community/*', 'ag-grid-react'];

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'test-output/**', 'node_modules/**', '.scratch/**', '.review/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    // the domain core and the shared contract never reach for the shell or the UI
    files: ['main/core/**', 'shared/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: uiAndShell, message: '领域核心和 shared/ 不得引用 electron、React 或界面库。' }] }],
    },
  },
  {
    // CommonJS entry scripts (they start sooner than ES modules)
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['test/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
