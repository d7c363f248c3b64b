/**
 * The key ring for NHS Notify's signed-JWT auth (docs/nhs-notify.md §11): RSA private keys by `kid`, one of
 * them active. Rotation (reliability.md A4): publish the new public key next to the old one, `use()` the new
 * kid, and `remove()` the old one once assertions signed with it have expired.
 * Key material never leaves this module except as public JWKs; errors name the kid, never the PEM.
 */
import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { NotifyAuthConfigError } from './errors';

export interface PublicJwk {
  readonly kty: 'RSA';
  readonly n: string;
  readonly e: string;
  readonly kid: string;
  readonly alg: 'RS512';
  readonly use: 'sig';
}
export interface PublicJwks {
  readonly keys: readonly PublicJwk[];
}

export type SigningKeySource = { readonly kid: string; readonly pem: string } | { readonly kid: string; readonly path: string };

export interface SigningKey {
  readonly kid: string;
  readonly privateKey: KeyObject;
}

export interface KeyRing {
  active(): SigningKey;
  activeKid(): string;
  kids(): readonly string[];
  add(source: SigningKeySource): void;
  use(kid: string): void;
  remove(kid: string): void;
  toPublicJwks(): PublicJwks;
}

const KID = /^[A-Za-z0-9._-]{1,128}$/;
const MIN_MODULUS_BITS = 2048;

function loadPrivateKey(source: SigningKeySource): KeyObject {
  if (!KID.test(source.kid)) throw new NotifyAuthConfigError('signing key kid must be 1-128 of [A-Za-z0-9._-]');
  let pem: string;
  try {
    pem = 'pem' in source ? source.pem : readFileSync(source.path, 'utf8');
  } catch {
    throw new NotifyAuthConfigError(`signing key ${source.kid}: key file could not be read`);
  }
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: pem, format: 'pem' });
  } catch {
    throw new NotifyAuthConfigError(`signing key ${source.kid}: not a PEM private key`);
  }
  if (key.asymmetricKeyType !== 'rsa' || (key.asymmetricKeyDetails?.modulusLength ?? 0) < MIN_MODULUS_BITS) {
    throw new NotifyAuthConfigError(`signing key ${source.kid}: must be an RSA key of at least ${MIN_MODULUS_BITS} bits (RS512)`);
  }
  return key;
}

export function publicJwkOf(kid: string, privateKey: KeyObject): PublicJwk {
  const jwk = createPublicKey(privateKey).export({ format: 'jwk' });
  if (typeof jwk.n !== 'string' || typeof jwk.e !== 'string') throw new NotifyAuthConfigError(`signing key ${kid}: not an RSA key`);
  return { kty: 'RSA', n: jwk.n, e: jwk.e, kid, alg: 'RS512', use: 'sig' };
}

export function createKeyRing(sources: readonly SigningKeySource[], activeKid?: string): KeyRing {
  const keys = new Map<string, KeyObject>();
  const add = (source: SigningKeySource): void => {
    if (keys.has(source.kid)) throw new NotifyAuthConfigError(`signing key ${source.kid}: kid is already in the key ring`);
    keys.set(source.kid, loadPrivateKey(source));
  };
  sources.forEach(add);
  let current = activeKid ?? sources[0]?.kid;
  if (current === undefined || !keys.has(current)) {
    throw new NotifyAuthConfigError(current === undefined ? 'key ring is empty' : `active kid ${current} is not in the key ring`);
  }
  return {
    active: () => ({ kid: current as string, privateKey: keys.get(current as string) as KeyObject }),
    activeKid: () => current as string,
    kids: () => [...keys.keys()],
    add,
    use: (kid) => {
      if (!keys.has(kid)) throw new NotifyAuthConfigError(`cannot activate kid ${kid}: not in the key ring`);
      current = kid;
    },
    remove: (kid) => {
      if (kid === current) throw new NotifyAuthConfigError(`cannot remove kid ${kid}: it is the active signing key`);
      keys.delete(kid);
    },
    toPublicJwks: () => ({ keys: [...keys].map(([kid, key]) => publicJwkOf(kid, key)) }),
  };
}

/** Parses "kid=path" pairs (CLI flags, or a comma-separated env var such as NOTIFY_SIGNING_KEYS). */
export function parseKeyFileSpecs(specs: readonly string[]): SigningKeySource[] {
  return specs.flatMap((s) => s.split(',')).map((s) => s.trim()).filter((s) => s.length > 0).map((spec) => {
    const eq = spec.indexOf('=');
    if (eq <= 0 || eq === spec.length - 1) throw new NotifyAuthConfigError('key spec must look like kid=path/to/key.pem');
    return { kid: spec.slice(0, eq), path: spec.slice(eq + 1) };
  });
}
