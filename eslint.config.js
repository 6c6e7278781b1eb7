// Lint catches real defects and keeps the module boundaries checked, not hoped:
//  - src/core is pure: it imports nothing outside src/core and never touches the extension API;
//  - panel components never reach the extension: only the transport modules named below may.
// Style is left to the authors (no formatting or taste rules: they would bury the real findings).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const EXTENSION_GLOBALS = [
  { name: 'chrome', message: 'The extension API lives behind src/platform; core and panel components never call it.' },
  { name: 'browser', message: 'The extension API lives behind src/platform; core and panel components never call it.' },
];

const EXTENSION_PACKAGES = [
  { name: 'webextension-polyfill', message: 'Only src/platform/polyfill.ts imports the polyfill.' },
];

/** Relative imports that climb out of src/core from a file `depth` folders below it. */
function outOfCore(depth) {
  return {
    regex: `^${'\\.\\./'.repeat(depth + 1)}`,
    message: 'src/core is pure: it imports nothing outside src/core.',
  };
}

export default tseslint.config(
  { ignores: ['dist/**', 'artifacts/**', 'node_modules/**', 'coverage/**', '**/*.snap'] },
  {
    files: ['src/**/*.{ts,tsx}'],
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
    rules: {
      // TypeScript checks names and types itself; these rules only repeat it, or are taste.
      'no-undef': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      'no-control-regex': 'off',
      // Page-world hooks wrap arbitrary natives (`Function` is the honest type there).
      '@typescript-eslint/no-unsafe-function-type': 'off',
      // `let x = fallback; try { x = … } catch { … }` is a clear idiom here, not a defect.
      'no-useless-assignment': 'off',
    },
  },
  {
    files: ['src/core/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: EXTENSION_PACKAGES, patterns: [outOfCore(0), { group: ['preact', 'preact/*'], message: 'src/core has no UI.' }] }],
      'no-restricted-globals': ['error', ...EXTENSION_GLOBALS],
    },
  },
  ...[1, 2].map((depth) => ({
    files: [`src/core/${'*/'.repeat(depth)}*.ts`],
    rules: {
      'no-restricted-imports': ['error', { paths: EXTENSION_PACKAGES, patterns: [outOfCore(depth), { group: ['preact', 'preact/*'], message: 'src/core has no UI.' }] }],
      'no-restricted-globals': ['error', ...EXTENSION_GLOBALS],
    },
  })),
  {
    // The evaluator's rules and walk are browser-neutral: a difference between browsers is a row of
    // ENGINES (src/core/engine-specs.ts) or of a message table (src/core/messages/*-table.ts).
    files: ['src/core/rules/*.ts', 'src/core/engine*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "BinaryExpression[operator=/^[!=]==?$/] > Literal[value=/^(chrome|firefox|safari)$/]",
          message: 'Rules never ask which browser they run for: add an EngineSpec field (rules/types.ts) with a value per engine (engine-specs.ts), or a message-table row (messages/*-table.ts).',
        },
      ],
    },
  },
  {
    files: ['src/panel/**/*.{ts,tsx}'],
    // The panel's transport and wiring: the only panel modules that talk to the extension.
    ignores: ['src/panel/main.tsx', 'src/panel/port-transport.ts', 'src/panel/extension-access.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: EXTENSION_PACKAGES,
          patterns: [{ regex: '(^|/)platform(/|$)', message: 'Panel components reach the extension only through the transport (port-transport.ts, extension-access.ts).' }],
        },
      ],
      'no-restricted-globals': ['error', ...EXTENSION_GLOBALS],
    },
  },
);
