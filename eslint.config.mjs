// Lint rules that guard the architecture, not just style.
// - workflows/ runs inside Temporal's deterministic sandbox: no Node built-ins, no I/O libraries.
//   A violation is a lint error, not a code-review comment.
// - src/domain/ is pure: it never imports the adapters around it.
// - Every promise is awaited or explicitly voided.
// - console.* only in command-line entry points; everything else logs through src/observability/logger.
// `npm run lint` then checks the import graph (.dependency-cruiser.cjs: no cycles, the simulator only from the
// composition root, the NHS Notify client on its own, the gateway and the Temporal adapter meeting only in src/contracts),
// what the workflow bundle may hold (.dependency-cruiser.workflow-bundle.cjs: no zod), and unused files and exports
// (knip.jsonc).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];
const ioLibraries = ['undici', 'express', 'jose', 'pino', 'prom-client', 'commander', '@temporalio/client',
  '@temporalio/worker', '@temporalio/activity', '@temporalio/testing', '@temporalio/envconfig'];

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', '.build/**', '.data/**', 'coverage/**', 'eslint.config.mjs', '.dependency-cruiser.cjs', '.dependency-cruiser.workflow-bundle.cjs', 'bin/*.cjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
    },
  },
  {
    files: ['workflows/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [...nodeBuiltins, ...ioLibraries].map((name) => ({
          name,
          message: 'workflows/ is deterministic: no Node built-ins or I/O. Do side effects in activities/.',
        })),
        patterns: [
          { group: ['**/src/contracts/**', '**/src/notify/**', '**/src/gateway/**', '**/src/temporal/**', '**/src/simulator/**', '**/activities/**'],
            allowTypeImports: true,
            message: 'workflows/ may import only @temporalio/workflow, src/domain and type-only imports.' },
        ],
      }],
      'no-restricted-globals': ['error', 'process', 'setTimeout', 'setInterval', 'fetch', 'require'],
    },
  },
  {
    files: ['src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        // The domain runs inside workflows too, so the same sandbox rules apply: no Node built-ins.
        paths: nodeBuiltins.map((name) => ({ name, message: 'src/domain/ is pure and runs in the workflow sandbox: no Node built-ins.' })),
        patterns: [{ group: ['**/contracts/**', '**/notify/**', '**/gateway/**', '**/temporal/**', '**/simulator/**', '**/activities/**', '@temporalio/*', 'undici', 'express'],
          message: 'src/domain/ is pure: it must not depend on adapters.' }],
      }],
    },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts', 'src/cli/**/*.ts', 'scripts/**/*.ts'],
    rules: {
      'no-console': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
    },
  },
  {
    // S5: signatures are compared in constant time only; never with === / !== in the gateway.
    files: ['src/gateway/**/*.ts'],
    rules: {
      'no-restricted-syntax': ['error', {
        selector: "BinaryExpression[operator=/^[!=]==?$/][left.name=/[sS]ignature|[hH]mac|[dD]igest/], BinaryExpression[operator=/^[!=]==?$/][right.name=/[sS]ignature|[hH]mac|[dD]igest/]",
        message: 'Compare signatures with timingSafeEqual after a length check (S5).',
      }],
    },
  },
);
