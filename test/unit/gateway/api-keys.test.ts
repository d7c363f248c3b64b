import { describe, expect, it } from 'vitest';
import { ApiKeyConfigError, createApiKey, createApiKeyVerifier, hashApiKey, parseApiKeyConfig } from '../../../src/gateway/auth/api-keys';
import { run } from '../../../src/cli/gateway-key';

describe('journey API keys', () => {
  it('a created key has the documented shape and its config entry admits it with exactly its scopes', () => {
    const created = createApiKey(['journeys:write', 'journeys:read']);
    expect(created.key).toMatch(/^nj_[a-z2-7]{16}_[A-Za-z0-9_-]{43}$/);
    expect(created.configEntry).toBe(`${created.id}:${hashApiKey(created.key).toString('hex')}:journeys:write+journeys:read`);
    const verify = createApiKeyVerifier(parseApiKeyConfig(created.configEntry));
    const principal = verify(created.key);
    expect(principal?.keyId).toBe(created.id);
    expect([...principal?.scopes ?? []]).toEqual(['journeys:write', 'journeys:read']);
  });

  it('rejects a wrong secret, a key for an unknown id, a truncated key and garbage', () => {
    const a = createApiKey(['escalations']);
    const b = createApiKey(['escalations']);
    const verify = createApiKeyVerifier(parseApiKeyConfig([a.configEntry]));
    const wrongSecret = `${a.key.slice(0, -1)}${a.key.endsWith('A') ? 'B' : 'A'}`;
    for (const presented of [wrongSecret, b.key, a.key.slice(0, -2), '', 'nj_', `Bearer ${a.key}`, `${a.key} `]) {
      expect(verify(presented)).toBeUndefined();
    }
  });

  it('parses several entries and refuses bad ones, naming the variable and never a value', () => {
    const entries = [createApiKey(['journeys:read']).configEntry, createApiKey(['metrics', 'escalations']).configEntry];
    expect(parseApiKeyConfig(entries.join(' , '))).toHaveLength(2);
    const good = entries[0] ?? '';
    const [id, hash] = good.split(':');
    const bad = [`${id}:${hash}:`, `${id}:${hash}:journeys:delete`, `${id}:${'x'.repeat(64)}:escalations`, `UPPER:${hash}:escalations`, `${good},${good}`];
    for (const config of bad) {
      expect(() => parseApiKeyConfig(config)).toThrow(ApiKeyConfigError);
      try { parseApiKeyConfig(config); } catch (error) {
        expect((error as Error).message).toMatch(/^GATEWAY_API_KEYS: entry \d/);
        expect((error as Error).message).not.toContain(hash);
      }
    }
  });

  it('the gateway-key CLI prints a working key and its config entry', () => {
    const lines: string[] = [];
    run(['node', 'gateway-key', '--scope', 'journeys:read', '--scope', 'escalations', '--json'], (line) => lines.push(line));
    const printed = JSON.parse(lines[0] ?? '{}') as { key: string; configEntry: string };
    expect(createApiKeyVerifier(parseApiKeyConfig(printed.configEntry))(printed.key)?.scopes.has('escalations')).toBe(true);
  });
});
