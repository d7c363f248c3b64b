/**
 * The local tier needs credentials that real tiers get from NHS onboarding and a secrets manager: an RSA
 * signing key registered with the (simulated) token endpoint, the HMAC secret for journey ids, and the key that
 * encrypts Temporal payloads (losing it makes the local history unreadable, so it is kept with it). They are
 * generated once into DATA_DIR (mode 0600) and reused, so journey ids stay the same across restarts and a
 * duplicate trigger after a restart is still recognised. Never used outside the local tier.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { API_KEY_SCOPES, createApiKey, hashApiKey } from '../gateway/auth/api-keys';
import { newPayloadKeyEntry } from '../temporal/payload-codec';

export const LOCAL_SIGNING_KID = 'local-dev-1';

/**
 * Replicas (ROLE=api and ROLE=worker processes) sharing one DATA_DIR may start at the same moment: the value is
 * written to a private file and hard-linked into place, which fails if another process got there first, so
 * every process ends up reading the one complete value.
 */
export function readOrCreate(path: string, create: () => string): string {
  if (existsSync(path)) return readFileSync(path, 'utf8').trim();
  mkdirSync(join(path, '..'), { recursive: true, mode: 0o700 });
  const draft = `${path}.${process.pid}.${randomBytes(4).toString('hex')}`;
  writeFileSync(draft, `${create()}\n`, { mode: 0o600, flag: 'wx' });
  try {
    linkSync(draft, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    unlinkSync(draft);
  }
  return readFileSync(path, 'utf8').trim();
}

export interface LocalDevCredentials {
  readonly signingKey: { readonly kid: string; readonly path: string };
  readonly journeyIdSecret: string;
  /** A PAYLOAD_ENCRYPTION_KEYS entry (`local-1=base64`). */
  readonly payloadKeyEntry: string;
  /** An AUDIT_PATIENT_KEYS entry (`local-1=base64`) keying NHS numbers in the communications record. */
  readonly patientKeyEntry: string;
  /** A development API key with every scope, printed at start-up so a person can try the API at once. */
  readonly apiKey: { readonly key: string; readonly configEntry: string };
}

export function ensureLocalDevCredentials(dataDir: string): LocalDevCredentials {
  const keyPath = join(dataDir, 'keys', `${LOCAL_SIGNING_KID}.pem`);
  readOrCreate(keyPath, () => generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString().trim());
  const journeyIdSecret = readOrCreate(join(dataDir, 'journey-id-secret'), () => randomBytes(32).toString('base64url'));
  const payloadKeyEntry = readOrCreate(join(dataDir, 'payload-encryption-key'), () => newPayloadKeyEntry('local-1'));
  const patientKeyEntry = readOrCreate(join(dataDir, 'audit-patient-key'), () => `local-1=${randomBytes(32).toString('base64')}`);
  const key = readOrCreate(join(dataDir, 'dev-api-key'), () => createApiKey(API_KEY_SCOPES).key);
  const id = key.split('_')[1] ?? '';
  const apiKey = { key, configEntry: `${id}:${hashApiKey(key).toString('hex')}:${API_KEY_SCOPES.join('+')}` };
  return { signingKey: { kid: LOCAL_SIGNING_KID, path: keyPath }, journeyIdSecret, payloadKeyEntry, patientKeyEntry, apiKey };
}
