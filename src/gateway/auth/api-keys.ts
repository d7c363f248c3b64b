/**
 * Journey API credentials (docs/gateway-auth.md). A key is `nj_<id>_<secret>`: a 16-char base32 id that
 * names it in config and logs, and 256 random bits of secret. Config holds only `id:sha256hex:scopes`, so a
 * leaked config or log reveals no usable key. SHA-256 (not scrypt) is enough because the secret is random,
 * not a human password: there is nothing to brute-force.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { bytesToBase32 } from '../../domain/hashing/digest';

export const API_KEY_SCOPES = ['journeys:write', 'journeys:read', 'escalations', 'metrics', 'codec', 'webhooks'] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

export interface ApiKeyRecord {
  readonly id: string;
  /** SHA-256 of the whole key string, 32 bytes. */
  readonly hash: Buffer;
  readonly scopes: ReadonlySet<ApiKeyScope>;
}

export interface Principal {
  readonly keyId: string;
  readonly scopes: ReadonlySet<ApiKeyScope>;
}

const KEY_FORMAT = /^nj_([a-z2-7]{16})_([A-Za-z0-9_-]{43})$/;
const ID_FORMAT = /^[a-z2-7]{16}$/;
const HEX_SHA256 = /^[0-9a-f]{64}$/;

export class ApiKeyConfigError extends Error {
  constructor(readonly variable: string, problem: string) {
    super(`${variable}: ${problem}`);
    this.name = 'ApiKeyConfigError';
  }
}

export function hashApiKey(key: string): Buffer {
  return createHash('sha256').update(key, 'utf8').digest();
}

const isScope = (value: string): value is ApiKeyScope => (API_KEY_SCOPES as readonly string[]).includes(value);

/** Parses GATEWAY_API_KEYS: comma-separated `id:sha256hex:scope1+scope2` entries. Errors never quote a value. */
export function parseApiKeyConfig(entries: string | readonly string[], variable = 'GATEWAY_API_KEYS'): ApiKeyRecord[] {
  const list = (typeof entries === 'string' ? entries.split(',') : entries).map((e) => e.trim()).filter((e) => e.length > 0);
  const seen = new Set<string>();
  return list.map((entry, index) => {
    const where = `entry ${index + 1}`;
    // Scopes contain ':' themselves (journeys:write), so only the first two colons separate fields.
    const [id = '', hashHex = '', ...scopeParts] = entry.split(':');
    const scopeList = scopeParts.join(':');
    if (!ID_FORMAT.test(id)) throw new ApiKeyConfigError(variable, `${where} must be id:sha256hex:scope+scope with a 16-char base32 id`);
    if (!HEX_SHA256.test(hashHex)) throw new ApiKeyConfigError(variable, `${where} needs a 64-char lowercase hex SHA-256`);
    const scopes = scopeList.split('+').filter((s) => s.length > 0);
    if (scopes.length === 0 || !scopes.every(isScope)) {
      throw new ApiKeyConfigError(variable, `${where} needs scopes from ${API_KEY_SCOPES.join(', ')} joined by +`);
    }
    if (seen.has(id)) throw new ApiKeyConfigError(variable, `${where} repeats an id`);
    seen.add(id);
    return { id, hash: Buffer.from(hashHex, 'hex'), scopes: new Set(scopes) };
  });
}

export interface NewApiKey {
  /** Shown once, to the person who asked for it. Never stored. */
  readonly key: string;
  readonly id: string;
  /** The GATEWAY_API_KEYS entry for this key. */
  readonly configEntry: string;
}

export function createApiKey(scopes: readonly ApiKeyScope[]): NewApiKey {
  if (scopes.length === 0 || !scopes.every(isScope)) throw new RangeError(`scopes must be a non-empty subset of ${API_KEY_SCOPES.join(', ')}`);
  let id = bytesToBase32(randomBytes(10));
  // Base32 digits are 2-7; a ten-digit run would trip the PII scanners (P1), however unlikely.
  while (/\d{10}/.test(id)) id = bytesToBase32(randomBytes(10));
  const key = `nj_${id}_${randomBytes(32).toString('base64url')}`;
  return { key, id, configEntry: `${id}:${hashApiKey(key).toString('hex')}:${[...new Set(scopes)].join('+')}` };
}

const DUMMY_HASH = hashApiKey('nj_unknownunknownu_not-a-key');

/**
 * Finds the principal for a presented key. The id picks the record (ids are not secret); the hash is compared
 * in constant time, and an unknown id still costs one comparison so timing does not reveal which ids exist.
 */
export function createApiKeyVerifier(records: readonly ApiKeyRecord[]): (presented: string) => Principal | undefined {
  const byId = new Map(records.map((r) => [r.id, r]));
  return (presented) => {
    const match = KEY_FORMAT.exec(presented);
    if (match === null) return undefined;
    const record = byId.get(match[1] ?? '');
    const equal = timingSafeEqual(hashApiKey(presented), record?.hash ?? DUMMY_HASH);
    return equal && record !== undefined ? { keyId: record.id, scopes: record.scopes } : undefined;
  };
}
