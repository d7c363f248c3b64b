/**
 * The live NHS Notify callback credentials. During rotation several are live at once (S8); a source is a
 * function so the list can change without a restart (the caller decides how: SIGHUP, a file watch, ...).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { CallbackSecret } from '../../contracts/nhs-notify/callback-signature';

export type { CallbackSecret } from '../../contracts/nhs-notify/callback-signature';
export type CallbackSecretSource = () => readonly CallbackSecret[];

export class CallbackSecretsConfigError extends Error {
  constructor(readonly variable: string, problem: string) {
    super(`${variable}: ${problem}`);
    this.name = 'CallbackSecretsConfigError';
  }
}

const TOKEN = /^[A-Za-z0-9._~-]{8,256}$/;

/**
 * Parses NOTIFY_CALLBACK_API_KEYS (a comma list, or the list config already split): each entry is `apiKey`
 * (paired with NOTIFY_APPLICATION_ID) or `applicationId:apiKey` (when the application changes too).
 * All entries are live; list the new key beside the old one to rotate. Errors name the variable, never a value.
 */
export function parseCallbackSecrets(defaultApplicationId: string | undefined, apiKeys: string | readonly string[],
  variable = 'NOTIFY_CALLBACK_API_KEYS'): CallbackSecret[] {
  const list = typeof apiKeys === 'string' ? apiKeys.split(',') : apiKeys;
  const entries = list.map((s) => s.trim()).filter((s) => s.length > 0);
  if (entries.length === 0) throw new CallbackSecretsConfigError(variable, 'at least one API key is required');
  return entries.map((entry, index) => {
    const colon = entry.indexOf(':');
    const applicationId = colon < 0 ? defaultApplicationId : entry.slice(0, colon);
    const apiKey = colon < 0 ? entry : entry.slice(colon + 1);
    if (applicationId === undefined || !TOKEN.test(applicationId)) {
      throw new CallbackSecretsConfigError(variable, `entry ${index + 1} has no valid application id (set NOTIFY_APPLICATION_ID or use appId:apiKey)`);
    }
    if (!TOKEN.test(apiKey)) throw new CallbackSecretsConfigError(variable, `entry ${index + 1} is not a valid API key`);
    return { applicationId, apiKey };
  });
}

export function staticSecrets(secrets: readonly CallbackSecret[]): CallbackSecretSource {
  const frozen = Object.freeze([...secrets]);
  return () => frozen;
}

const sha256 = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

/**
 * The live secrets whose API key equals the presented `x-api-key`, compared in constant time: both sides are
 * hashed to 32 bytes first (so lengths never differ) and every secret is checked (no early exit).
 */
export function secretsForApiKey(presented: string | undefined, secrets: readonly CallbackSecret[]): CallbackSecret[] {
  if (presented === undefined || presented.length === 0) return [];
  const presentedHash = sha256(presented);
  return secrets.filter((secret) => timingSafeEqual(sha256(secret.apiKey), presentedHash));
}
