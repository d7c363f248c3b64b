import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { createLogger } from '../../../src/observability/logger';

const CANARY = 'canary-secret-9990000018';

/** Logs one object through the real logger and returns the written line. */
function logged(fields: Record<string, unknown>): string {
  const lines: string[] = [];
  createLogger({ level: 'info', destination: { write: (line: string) => { lines.push(line); } } }).info(fields, 'event');
  expect(lines).toHaveLength(1);
  return lines[0] ?? '';
}

describe('the one logger redacts at a single choke point', () => {
  it.each([
    ['authorization', { headers: { authorization: `Bearer ${CANARY}` } }],
    ['x-api-key', { headers: { 'x-api-key': CANARY } }],
    ['x-hmac-sha256-signature', { req: { headers: { 'x-hmac-sha256-signature': CANARY } } }],
    ['personalisation.*', { message: { personalisation: { clinicName: CANARY } } }],
    ['recipient.*', { attributes: { recipient: { nhsNumber: CANARY } } }],
    ['client_assertion', { form: { client_assertion: CANARY } }],
    ['access_token', { token: { access_token: CANARY } }],
    ['nhsNumber at the top', { nhsNumber: CANARY }],
    ['a nested contact detail', { patient: { contactDetails: { email: CANARY } } }],
  ])('P5: %s is censored', (_path, fields) => {
    const line = logged(fields);
    expect(line).not.toContain(CANARY);
    expect(line).toContain('[redacted]');
  });

  it('P5: keeps what ops need: codes, ids and the logger name', () => {
    const line = JSON.parse(logged({ code: 'NOTIFY_RATE_LIMITED', journeyId: 'journey-appointment-reminder-abc' })) as Record<string, unknown>;
    expect(line).toMatchObject({ code: 'NOTIFY_RATE_LIMITED', journeyId: 'journey-appointment-reminder-abc', name: 'notify-journeys' });
  });

  it('P4: a value with CR/LF and fake JSON stays one escaped line', () => {
    const line = logged({ reason: 'x\r\n{"level":50,"msg":"forged"}' });
    expect(line.trimEnd().split('\n')).toHaveLength(1);
    expect(JSON.parse(line)).toMatchObject({ reason: 'x\r\n{"level":50,"msg":"forged"}' });
  });

  it('P5: a log call that bypasses the shared logger (console.*) fails lint outside CLIs and tests', async () => {
    const eslint = new ESLint({ overrideConfig: [tseslint.configs.disableTypeChecked] });
    const [inSource] = await eslint.lintText("console.log('x');\n", { filePath: 'src/notify/lint-probe.ts' });
    const [inCli] = await eslint.lintText("console.log('x');\n", { filePath: 'src/cli/lint-probe.ts' });
    expect(inSource?.messages.map((m) => m.ruleId)).toContain('no-console');
    expect(inCli?.messages.map((m) => m.ruleId)).not.toContain('no-console');
  });
});
