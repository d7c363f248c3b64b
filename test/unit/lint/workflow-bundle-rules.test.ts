import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { afterAll, describe, expect, it } from 'vitest';
import { cruise, type IConfiguration, type IForbiddenRuleType } from 'dependency-cruiser';

// The real rule, pointed at probe files instead of workflows/: what it forbids is what webpack would bundle.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const config = require('../../../.dependency-cruiser.workflow-bundle.cjs') as IConfiguration;
const DOMAIN = resolve(__dirname, '..', '..', '..', 'src', 'domain');
const probes = mkdtempSync(join(tmpdir(), 'nj-depcruise-probe-'));
afterAll(() => rmSync(probes, { recursive: true, force: true }));

async function violationsOf(source: string): Promise<string[]> {
  const file = join(probes, `probe-${Math.random().toString(36).slice(2)}.ts`);
  writeFileSync(file, source);
  const rule = config.forbidden!.find((r) => r.name === 'workflows-without-zod') as IForbiddenRuleType;
  const options = config.options!;
  const result = await cruise([file], {
    ...options,
    // dependency-cruiser names modules relative to the working directory, so the probes are matched by their
    // folder's (random) name, wherever the clone and the temporary folder are.
    ruleSet: { forbidden: [{ ...rule, from: { path: basename(probes).replace(/[.*+?^${}()|[\]\\]/g, '\\$&') } }] },
    validate: true,
  });
  const output = result.output as Exclude<typeof result.output, string>;
  return output.summary.violations.map((v) => v.rule.name);
}

describe('the workflow bundle keeps zod out (dependency-cruiser)', () => {
  it('rejects a workflow that reaches zod through a domain request module', async () => {
    expect(await violationsOf(`import { parseChangeAppointmentRequest } from '${DOMAIN}/messages/commands/v1/change-appointment.request';\nexport const f = parseChangeAppointmentRequest;\n`))
      .toContain('workflows-without-zod');
  });

  it('allows the pure part of the same rule, and types inferred from schemas', async () => {
    expect(await violationsOf([
      `import { applyAppointmentChange } from '${DOMAIN}/messages/commands/v1/appointment-change';`,
      `import type { ValidStartJourneyRequest } from '${DOMAIN}/messages/commands/v1/start-journey.request';`,
      'export const f = applyAppointmentChange;',
      'export type R = ValidStartJourneyRequest;',
    ].join('\n'))).toEqual([]);
  });
});
