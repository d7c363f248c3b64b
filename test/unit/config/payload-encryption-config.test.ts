import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, redactedConfig } from '../../../src/config';
import { newPayloadKeyEntry } from '../../../src/temporal/payload-codec';

function problemsOf(env: NodeJS.ProcessEnv): { variable: string; message: string }[] {
  try {
    loadConfig(env);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
}

describe('config: Temporal payload encryption keys', () => {
  it('parses several keys (rotation) and the active key id', () => {
    const [a, b] = [newPayloadKeyEntry('2026-01'), newPayloadKeyEntry('2026-07')];
    const config = loadConfig({ PAYLOAD_ENCRYPTION_KEYS: `${a}, ${b}`, PAYLOAD_ENCRYPTION_ACTIVE_KEY: '2026-01' });
    expect(config.payloadEncryption).toEqual({ keys: [a, b], activeKeyId: '2026-01', codecCorsOrigins: [] });
  });

  it('is optional in local (a key is generated into DATA_DIR)', () => {
    expect(loadConfig({}).payloadEncryption).toEqual({ keys: undefined, activeKeyId: undefined, codecCorsOrigins: [] });
  });

  it.each([
    ['k1=tooshort'],
    [`k1=${Buffer.alloc(31).toString('base64')}`],
    [`no id=${Buffer.alloc(32).toString('base64')}`],
  ])('refuses a malformed entry without echoing it: %s', (entry) => {
    const problems = problemsOf({ PAYLOAD_ENCRYPTION_KEYS: entry });
    expect(problems.map((p) => p.variable)).toEqual(['PAYLOAD_ENCRYPTION_KEYS']);
    expect(JSON.stringify(problems)).not.toContain(entry.slice(3));
  });

  it('refuses an active key id that is not listed, and a duplicated id', () => {
    expect(problemsOf({ PAYLOAD_ENCRYPTION_KEYS: newPayloadKeyEntry('a'), PAYLOAD_ENCRYPTION_ACTIVE_KEY: 'b' }).map((p) => p.variable))
      .toEqual(['PAYLOAD_ENCRYPTION_ACTIVE_KEY']);
    expect(problemsOf({ PAYLOAD_ENCRYPTION_KEYS: `${newPayloadKeyEntry('a')},${newPayloadKeyEntry('a')}` }).map((p) => p.variable))
      .toEqual(['PAYLOAD_ENCRYPTION_KEYS']);
  });

  it('P7: the keys are a secret in the loggable view', () => {
    const entry = newPayloadKeyEntry('k1');
    expect(JSON.stringify(redactedConfig(loadConfig({ PAYLOAD_ENCRYPTION_KEYS: entry })))).not.toContain(entry.slice(3));
  });
});
