import { join } from 'node:path';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '../../..');
// lintText lints the snippet *as if* it were this file (nothing is written), so the rule's file scoping applies.
// S5 is a syntax rule: type information is switched off, so the test does not wait for a whole typed program to
// build (over a minute on a busy 2-core machine).
const GATEWAY_PATH = join(ROOT, 'src/gateway/callbacks/callback-guards.ts');
const OUTSIDE_PATH = join(ROOT, 'src/contracts/nhs-notify/callback-signature.ts');

async function s5Messages(code: string, filePath = GATEWAY_PATH): Promise<string[]> {
  const eslint = new ESLint({ cwd: ROOT, overrideConfig: [tseslint.configs.disableTypeChecked] });
  const [result] = await eslint.lintText(code, { filePath });
  const fatal = (result?.messages ?? []).filter((m) => m.fatal === true);
  expect(fatal).toEqual([]);
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-syntax').map((m) => m.message);
}

describe('S5: constant-time compare is the only path', () => {
  const VIOLATION = [
    'export function bad(signature: string, expectedHmac: string, digest: string, other: string): boolean {',
    '  if (signature === expectedHmac) return true;',
    '  if (other !== digest) return false;',
    '  return signature == other;',
    '}',
    '',
  ].join('\n');

  it('S5: the lint rule fails === and !== on signature-named values in src/gateway', async () => {
    const messages = await s5Messages(VIOLATION);
    expect(messages).toHaveLength(3);
    for (const message of messages) expect(message).toContain('timingSafeEqual');
  }, 60_000);

  it('S5: the rule is scoped to src/gateway (the same snippet elsewhere is not flagged by it)', async () => {
    expect(await s5Messages(VIOLATION, OUTSIDE_PATH)).toEqual([]);
  }, 60_000);

  it('S5: every file in src/gateway is clean under the rule', async () => {
    const results = await new ESLint({ cwd: ROOT, overrideConfig: [tseslint.configs.disableTypeChecked] }).lintFiles(['src/gateway/**/*.ts']);
    expect(results.length).toBeGreaterThan(5);
    const violations = results.flatMap((r) => r.messages.filter((m) => m.ruleId === 'no-restricted-syntax').map((m) => `${r.filePath}:${m.line}`));
    expect(violations).toEqual([]);
  }, 60_000);
});
