/** Builds the NHS Notify client from config: the one place that turns variables into client options. */
import { createKeyRing, createNotifyClient, type KeyRing, type NotifyClient, type SigningKeySource } from '../notify';
import type { NotifyConfig } from '../config';
import type { Logger } from '../observability/logger';

export function keyRingFromConfig(auth: Extract<NotifyConfig['auth'], { kind: 'signed-jwt' }>, extra: readonly SigningKeySource[] = []): KeyRing {
  const sources: SigningKeySource[] = [...auth.keyFiles, ...(auth.keyPem ? [auth.keyPem] : []), ...extra];
  return createKeyRing(sources, auth.activeKid);
}

export function notifyClientFromConfig(notify: NotifyConfig, keyRing: KeyRing | undefined, logger: Logger): NotifyClient {
  const { timeouts } = notify;
  if (notify.auth.kind === 'none') return createNotifyClient({ baseUrl: notify.baseUrl, auth: { kind: 'none' }, timeouts, logger });
  if (!keyRing) throw new Error('a signing key ring is required for signed-jwt auth');
  return createNotifyClient({
    baseUrl: notify.baseUrl, timeouts, logger,
    auth: { kind: 'signed-jwt', tokenUrl: notify.auth.tokenUrl, apiKey: notify.auth.apiKey, keyRing, assertionLifetimeSeconds: notify.assertionLifetimeSeconds },
  });
}
