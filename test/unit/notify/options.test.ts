import { describe, expect, it } from 'vitest';
import { createNotifyClient, NotifyClientConfigError, type NotifyClientOptions } from '../../../src/notify';
import { aKeyRing } from './support/builders';

const ok = async (): Promise<NotifyClientOptions> => ({
  baseUrl: 'https://int.api.service.nhs.uk/comms',
  auth: { kind: 'signed-jwt', tokenUrl: 'https://int.api.service.nhs.uk/oauth2/token', apiKey: 'k', keyRing: (await aKeyRing()).ring },
});

function refused(options: NotifyClientOptions, option: string): void {
  let thrown: unknown;
  try {
    void createNotifyClient(options).close();
  } catch (err) {
    thrown = err;
  }
  expect(thrown).toBeInstanceOf(NotifyClientConfigError);
  expect(thrown).toMatchObject({ option, code: 'NOTIFY_CLIENT_CONFIG', kind: 'permanent' });
}

describe('A7: client options', () => {
  it('A7: http: base or token URLs are refused unless the host is loopback', async () => {
    const base = await ok();
    refused({ ...base, baseUrl: 'http://int.api.service.nhs.uk/comms' }, 'baseUrl');
    refused({ ...base, auth: { ...base.auth, tokenUrl: 'http://int.api.service.nhs.uk/oauth2/token' } as never }, 'auth.tokenUrl');
    refused({ ...base, baseUrl: 'http://10.0.0.5:3100/comms' }, 'baseUrl');
    for (const local of ['http://127.0.0.1:3100/comms', 'http://localhost:3100/comms', 'http://[::1]:3100/comms']) {
      await createNotifyClient({ ...base, baseUrl: local }).close();
    }
  });

  it('A7: URLs with credentials, a query or a fragment, or a base not ending in /comms, are refused', async () => {
    const base = await ok();
    refused({ ...base, baseUrl: 'https://user:secret@api.service.nhs.uk/comms' }, 'baseUrl');
    refused({ ...base, baseUrl: 'https://api.service.nhs.uk/comms?x=1' }, 'baseUrl');
    refused({ ...base, baseUrl: 'https://api.service.nhs.uk/' }, 'baseUrl');
    refused({ ...base, baseUrl: 'ftp://api.service.nhs.uk/comms' }, 'baseUrl');
    refused({ ...base, baseUrl: 'not a url' }, 'baseUrl');
  });

  it('A7: errors name the option but never echo a secret value', async () => {
    const base = await ok();
    try {
      createNotifyClient({ ...base, baseUrl: 'https://user:hunter2@api.service.nhs.uk/comms' });
    } catch (err) {
      expect((err as Error).message).toMatch(/^baseUrl: /);
      expect((err as Error).message).not.toContain('hunter2');
    }
    refused({ ...base, auth: { ...base.auth, apiKey: 'has space' } as never }, 'auth.apiKey');
  });

  it('timeouts and batch limits must be sane', async () => {
    const base = await ok();
    refused({ ...base, timeouts: { headersMs: 0 } }, 'timeouts.headersMs');
    refused({ ...base, timeouts: { totalMs: 1.5 } }, 'timeouts.totalMs');
    refused({ ...base, batchLimits: { maxMessages: 45_001 } }, 'batchLimits.maxMessages');
  });
});
