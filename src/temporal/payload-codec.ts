/**
 * Patient data must not sit in plaintext in Temporal: every payload (workflow inputs, activity arguments and
 * results, signals, query and update results) and, through the failure converter, every failure message and
 * stack trace is sealed with AES-256-GCM before it leaves this process. The codec runs in the client and the
 * worker, outside the workflow sandbox, so workflow code never sees it.
 *
 * Wire format follows samples-typescript `encryption/`: metadata `encoding: binary/encrypted` and
 * `encryption-key-id`; data is iv(12) ‖ ciphertext ‖ tag(16) of the proto-encoded original payload, so any
 * codec server speaking that format can read it. The key id is bound as associated data, so relabelling a
 * payload with another key id fails authentication instead of decrypting garbage.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { METADATA_ENCODING_KEY, type DataConverter, type Payload, type PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { ensureFailureConverterModule } from './failure-converter';

export const ENCRYPTED_ENCODING = 'binary/encrypted';
export const METADATA_KEY_ID = 'encryption-key-id';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;

export type PayloadCodecErrorCode = 'PAYLOAD_KEY_INVALID' | 'PAYLOAD_KEY_UNKNOWN' | 'PAYLOAD_AUTH_FAILED' | 'PAYLOAD_MALFORMED';

/** Never carries payload bytes or key material: only the code and a key id, both safe to log. */
export class PayloadCodecError extends Error {
  constructor(readonly code: PayloadCodecErrorCode, message: string) {
    super(message);
    this.name = 'PayloadCodecError';
  }
}

/** Every key that may decrypt (old ones stay during rotation); the active one encrypts. */
export interface PayloadKeyRing {
  readonly activeKeyId: string;
  readonly keys: ReadonlyMap<string, Buffer>;
}

const KEY_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** Parses `keyId=base64,keyId=base64` (PAYLOAD_ENCRYPTION_KEYS); the active id defaults to the last entry. */
export function parsePayloadKeyRing(entries: readonly string[], activeKeyId?: string): PayloadKeyRing {
  const keys = new Map<string, Buffer>();
  for (const entry of entries) {
    const at = entry.indexOf('=');
    const id = entry.slice(0, Math.max(at, 0)).trim();
    if (at < 1 || !KEY_ID.test(id)) throw new PayloadCodecError('PAYLOAD_KEY_INVALID', 'entries must be keyId=base64 with a key id of [A-Za-z0-9._-]');
    const key = Buffer.from(entry.slice(at + 1).trim(), 'base64');
    if (key.length !== KEY_BYTES) throw new PayloadCodecError('PAYLOAD_KEY_INVALID', `key ${id} must be ${KEY_BYTES} bytes (base64)`);
    if (keys.has(id)) throw new PayloadCodecError('PAYLOAD_KEY_INVALID', `key ${id} is listed twice`);
    keys.set(id, key);
  }
  const active = activeKeyId ?? [...keys.keys()].at(-1);
  if (active === undefined) throw new PayloadCodecError('PAYLOAD_KEY_INVALID', 'at least one key is required');
  if (!keys.has(active)) throw new PayloadCodecError('PAYLOAD_KEY_UNKNOWN', `active key ${active} is not among the keys`);
  return { activeKeyId: active, keys };
}

/** A fresh key entry for PAYLOAD_ENCRYPTION_KEYS (the local tier, tests, and `keyId=` for operators). */
export function newPayloadKeyEntry(keyId: string): string {
  return `${keyId}=${randomBytes(KEY_BYTES).toString('base64')}`;
}

const utf8 = (value: string): Uint8Array => Buffer.from(value, 'utf8');
const text = (value: Uint8Array | null | undefined): string | undefined => (value ? Buffer.from(value).toString('utf8') : undefined);

/** Runs synchronous crypto so that a codec error is a rejection, never a synchronous throw. */
const settled = <T>(work: () => T): Promise<T> => new Promise((resolve) => resolve(work()));

export class AesGcmPayloadCodec implements PayloadCodec {
  constructor(private readonly ring: PayloadKeyRing) {}

  encode(payloads: Payload[]): Promise<Payload[]> {
    return settled(() => payloads.map((payload) => this.seal(payload)));
  }

  /** Payloads not marked encrypted pass through: histories recorded before encryption still replay and read. */
  decode(payloads: Payload[]): Promise<Payload[]> {
    return settled(() => payloads.map((payload) =>
      text(payload.metadata?.[METADATA_ENCODING_KEY]) === ENCRYPTED_ENCODING ? this.open(payload) : payload));
  }

  private seal(payload: Payload): Payload {
    const keyId = this.ring.activeKeyId;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.keyFor(keyId), iv);
    cipher.setAAD(utf8(keyId));
    const plain = temporal.api.common.v1.Payload.encode(payload).finish();
    const sealed = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
    return { metadata: { [METADATA_ENCODING_KEY]: utf8(ENCRYPTED_ENCODING), [METADATA_KEY_ID]: utf8(keyId) }, data: sealed };
  }

  private open(payload: Payload): Payload {
    const keyId = text(payload.metadata?.[METADATA_KEY_ID]);
    if (keyId === undefined) throw new PayloadCodecError('PAYLOAD_MALFORMED', `an encrypted payload has no ${METADATA_KEY_ID}`);
    const data = Buffer.from(payload.data ?? new Uint8Array());
    if (data.length < IV_BYTES + TAG_BYTES) throw new PayloadCodecError('PAYLOAD_MALFORMED', 'an encrypted payload is too short');
    const decipher = createDecipheriv('aes-256-gcm', this.keyFor(keyId), data.subarray(0, IV_BYTES));
    decipher.setAAD(utf8(keyId));
    decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
    let plain: Buffer;
    try {
      plain = Buffer.concat([decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)), decipher.final()]);
    } catch {
      throw new PayloadCodecError('PAYLOAD_AUTH_FAILED', `payload failed authentication under key ${keyId} (tampered, or the wrong key)`);
    }
    return temporal.api.common.v1.Payload.decode(plain);
  }

  private keyFor(keyId: string): Buffer {
    const key = this.ring.keys.get(keyId);
    if (!key) throw new PayloadCodecError('PAYLOAD_KEY_UNKNOWN', `no payload encryption key with id ${keyId} (add it to PAYLOAD_ENCRYPTION_KEYS)`);
    return key;
  }
}

/**
 * The data converter every client and worker uses. Its failure converter (encodeCommonAttributes) moves failure
 * messages and stack traces into a payload the codec then encrypts (P3). The workflow bundle is built with the
 * same failure converter (workflow-bundle.ts), so failures raised inside the sandbox are encoded too.
 */
export function encryptedDataConverter(ring: PayloadKeyRing): DataConverter {
  return { payloadCodecs: [new AesGcmPayloadCodec(ring)], failureConverterPath: ensureFailureConverterModule() };
}
