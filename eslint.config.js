// ESLint flat config: typescript-eslint and eslint-plugin-svelte, with Prettier owning the layout.
// https://sveltejs.github.io/eslint-plugin-svelte/user-guide/
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

export default ts.config(
  { ignores: ['build/', '.svelte-kit/', '.data/', 'test-results/', 'node_modules/', 'scripts/tmp/', 'static/'] },
  js.configs.recommended,
  ...ts.configs.recommended,
  ...svelte.configs.recommended,
  prettier,
  ...svelte.configs.prettier,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' }
      ],
      // Layer props and test hooks must be typed, not silenced.
      '@typescript-eslint/no-explicit-any': 'error',
      // The app is served at the root (no kit.paths.base) and most links only change the query
      // string of the page they are on (?area=…): resolve() would add nothing but noise.
      'svelte/no-navigation-without-resolve': 'off'
    }
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts', '**/*.svelte.js'],
    languageOptions: {
      parserOptions: { projectService: true, extraFileExtensions: ['.svelte'], parser: ts.parser, svelteConfig }
    }
  }
);
