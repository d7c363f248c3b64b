/**
 * The embedded NHS Notify simulator for the local tier: it knows our application's API key and public keys
 * (so the real signed-JWT flow runs end to end) and sends its signed callbacks to our own gateway, so
 * `npm start` + `npm run demo` is a full loop over real HTTP.
 */
import { join } from 'node:path';
import { startSimulator, type RunningSimulator } from '../simulator';
import type { Config } from '../config';
import type { KeyRing } from '../notify';
import type { Logger } from '../observability/logger';

export function callbackUrl(config: Config): string {
  return `http://127.0.0.1:${config.api.port}/v1/callbacks/nhs-notify`;
}

export async function startEmbeddedSimulator(config: Config, keyRing: KeyRing | undefined, logger: Logger): Promise<RunningSimulator | undefined> {
  if (!config.simulator) return undefined;
  const { notify } = config;
  const callbackApiKey = notify.callbackApiKeys[0];
  return startSimulator({
    port: config.simulator.port,
    logger: logger.child({ component: 'simulator' }),
    openAccess: notify.auth.kind === 'none',
    applications: notify.auth.kind === 'signed-jwt' && keyRing
      ? [{ apiKey: notify.auth.apiKey, applicationId: notify.applicationId, jwks: { keys: [...keyRing.toPublicJwks().keys] } }]
      : [],
    callbacks: callbackApiKey ? { url: callbackUrl(config), applicationId: notify.applicationId, apiKey: callbackApiKey } : undefined,
    ledgerFile: join(config.dataDir, 'simulator-ledger.jsonl'),
  });
}
