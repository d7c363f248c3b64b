import { describe, expect, it } from 'vitest';
import { CallbackSecretsConfigError, parseCallbackSecrets, secretsForApiKey } from '../../../src/gateway/callbacks/callback-secrets';

describe('callback secrets config', () => {
  it('S8: parses a rotation list, pairing bare keys with NOTIFY_APPLICATION_ID and honouring appId:apiKey', () => {
    expect(parseCallbackSecrets('app-00001', ' key-old-0001 , other-app-1:key-new-0002,')).toEqual([
      { applicationId: 'app-00001', apiKey: 'key-old-0001' },
      { applicationId: 'other-app-1', apiKey: 'key-new-0002' },
    ]);
    expect(parseCallbackSecrets('app-00001', ['key-old-0001'])).toHaveLength(1);
  });

  it('refuses empty lists, missing application ids and malformed keys, naming the variable and never the value', () => {
    const secretLooking = 'bad key with spaces';
    for (const [appId, keys] of [['app-00001', ''], [undefined, 'key-old-0001'], ['app-00001', secretLooking]] as const) {
      try {
        parseCallbackSecrets(appId, keys);
        expect.unreachable();
      } catch (error) {
        expect(error).toBeInstanceOf(CallbackSecretsConfigError);
        expect((error as Error).message).toMatch(/^NOTIFY_CALLBACK_API_KEYS: /);
        expect((error as Error).message).not.toContain(secretLooking);
      }
    }
  });

  it('S8: secretsForApiKey returns every live secret for that key and none for any other', () => {
    const secrets = [{ applicationId: 'a1', apiKey: 'k1' }, { applicationId: 'a2', apiKey: 'k1' }, { applicationId: 'a1', apiKey: 'k2' }];
    expect(secretsForApiKey('k1', secrets).map((s) => s.applicationId)).toEqual(['a1', 'a2']);
    expect(secretsForApiKey('k3', secrets)).toEqual([]);
    expect(secretsForApiKey('', secrets)).toEqual([]);
    expect(secretsForApiKey(undefined, secrets)).toEqual([]);
  });
});
