import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';

// Lints source text as if it lived in workflows/, with the project's real eslint.config.mjs.
// Type-aware rules are switched off for the probe because the virtual file is not part of the TS project.
async function lintAsWorkflow(code: string) {
  const eslint = new ESLint({ overrideConfig: [tseslint.configs.disableTypeChecked] });
  const [result] = await eslint.lintText(code, { filePath: 'workflows/lint-probe.workflow.ts' });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === 'no-restricted-globals');
}

describe('the workflow sandbox boundary is a lint error', () => {
  it.each([
    ["import { readFileSync } from 'fs';", 'fs'],
    ["import { readFileSync } from 'node:fs';", 'node:fs'],
    ["import http from 'http';", 'http'],
    ["import { request } from 'undici';", 'undici'],
    ["import { Client } from '@temporalio/client';", '@temporalio/client'],
    ["import { createNotifyClient } from '../src/notify/client';", 'src/notify'],
  ])('rejects %s', async (importLine, what) => {
    const problems = await lintAsWorkflow(`${importLine}\nexport const x = 1;\n`);
    expect(problems.length, `expected ${what} to be banned in workflows/`).toBeGreaterThan(0);
  });

  it('rejects Node globals such as process and setTimeout', async () => {
    const problems = await lintAsWorkflow('export const env = process.env.X;\nexport const t = setTimeout(() => 1, 1);\n');
    expect(problems.map((p) => p.ruleId)).toEqual(['no-restricted-globals', 'no-restricted-globals']);
  });

  it('allows @temporalio/workflow, domain code and type-only imports of activities', async () => {
    const problems = await lintAsWorkflow([
      "import { sleep } from '@temporalio/workflow';",
      "import { isValidNhsNumber } from '../src/domain/nhs-number';",
      "import type { createBaselineActivities } from '../activities/baseline.activities';",
      'export type A = ReturnType<typeof createBaselineActivities>;',
      'export const f = async () => { await sleep(1); return isValidNhsNumber("1"); };',
    ].join('\n'));
    expect(problems).toEqual([]);
  });
});
