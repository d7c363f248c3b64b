import { describe, expect, it } from 'vitest';
import { defaultPayloadConverter, METADATA_ENCODING_KEY, type Payload } from '@temporalio/common';
import {
  AesGcmPayloadCodec, ENCRYPTED_ENCODING, METADATA_KEY_ID, newPayloadKeyEntry, parsePayloadKeyRing, PayloadCodecError,
} from '../../../src/temporal/payload-codec';

const CANARY = { nhsNumber: '9990001234', email: 'canary.patient@example.test', personalisation: { clinic: 'Canary Ward 7' } };
const plain = (): Payload => defaultPayloadConverter.toPayload(CANARY);
const text = (bytes: Uint8Array | null | undefined) => Buffer.from(bytes ?? []).toString('utf8');

async function codecError(promise: Promise<unknown>): Promise<PayloadCodecError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(PayloadCodecError);
  return error as PayloadCodecError;
}

describe('payload codec (AES-256-GCM)', () => {
  const ring = parsePayloadKeyRing([newPayloadKeyEntry('k1')]);
  const codec = new AesGcmPayloadCodec(ring);

  it('round trips a payload and leaves no plaintext in the sealed form', async () => {
    const [sealed] = await codec.encode([plain()]);
    expect(text(sealed!.metadata![METADATA_ENCODING_KEY])).toBe(ENCRYPTED_ENCODING);
    expect(text(sealed!.metadata![METADATA_KEY_ID])).toBe('k1');
    const raw = Buffer.from(sealed!.data!).toString('latin1');
    for (const value of ['9990001234', 'canary.patient', 'Canary Ward']) expect(raw).not.toContain(value);
    const [opened] = await codec.decode([sealed!]);
    expect(defaultPayloadConverter.fromPayload(opened!)).toEqual(CANARY);
  });

  it('uses a fresh IV: the same payload never seals to the same bytes', async () => {
    const [a, b] = await codec.encode([plain(), plain()]);
    expect(Buffer.from(a!.data!).equals(Buffer.from(b!.data!))).toBe(false);
  });

  it('detects tampering (GCM authentication failure)', async () => {
    const [sealed] = await codec.encode([plain()]);
    const data = Buffer.from(sealed!.data!);
    data[20] = data[20]! ^ 0x01;
    expect((await codecError(codec.decode([{ ...sealed!, data }]))).code).toBe('PAYLOAD_AUTH_FAILED');
  });

  it('detects a payload relabelled with another key id (the key id is authenticated)', async () => {
    const two = new AesGcmPayloadCodec(parsePayloadKeyRing([newPayloadKeyEntry('k1'), newPayloadKeyEntry('k2')], 'k1'));
    const [sealed] = await two.encode([plain()]);
    const relabelled = { ...sealed!, metadata: { ...sealed!.metadata, [METADATA_KEY_ID]: Buffer.from('k2') } };
    expect((await codecError(two.decode([relabelled]))).code).toBe('PAYLOAD_AUTH_FAILED');
  });

  it('rotation: a payload sealed with the old key opens after the new key becomes active', async () => {
    const old = newPayloadKeyEntry('2026-01');
    const [sealedOld] = await new AesGcmPayloadCodec(parsePayloadKeyRing([old])).encode([plain()]);
    const rotated = new AesGcmPayloadCodec(parsePayloadKeyRing([old, newPayloadKeyEntry('2026-07')], '2026-07'));
    const [sealedNew] = await rotated.encode([plain()]);
    expect(text(sealedNew!.metadata![METADATA_KEY_ID])).toBe('2026-07');
    const opened = await rotated.decode([sealedOld!, sealedNew!]);
    expect(opened.map((p) => defaultPayloadConverter.fromPayload(p))).toEqual([CANARY, CANARY]);
  });

  it('an unknown key id is a clear, typed error naming the id and the variable', async () => {
    const [sealed] = await new AesGcmPayloadCodec(parsePayloadKeyRing([newPayloadKeyEntry('retired')])).encode([plain()]);
    const error = await codecError(codec.decode([sealed!]));
    expect(error.code).toBe('PAYLOAD_KEY_UNKNOWN');
    expect(error.message).toMatch(/retired.*PAYLOAD_ENCRYPTION_KEYS/);
  });

  it('passes unencrypted payloads through on decode (histories recorded before encryption)', async () => {
    const [opened] = await codec.decode([plain()]);
    expect(defaultPayloadConverter.fromPayload(opened!)).toEqual(CANARY);
  });

  it('refuses bad key configuration with typed errors', () => {
    const code = (fn: () => unknown) => { try { fn(); } catch (e) { return (e as PayloadCodecError).code; } return 'none'; };
    expect(code(() => parsePayloadKeyRing(['k1=' + Buffer.alloc(16).toString('base64')]))).toBe('PAYLOAD_KEY_INVALID');
    expect(code(() => parsePayloadKeyRing(['no-equals-sign']))).toBe('PAYLOAD_KEY_INVALID');
    expect(code(() => parsePayloadKeyRing([]))).toBe('PAYLOAD_KEY_INVALID');
    expect(code(() => parsePayloadKeyRing([newPayloadKeyEntry('a'), newPayloadKeyEntry('a')]))).toBe('PAYLOAD_KEY_INVALID');
    expect(code(() => parsePayloadKeyRing([newPayloadKeyEntry('a')], 'b'))).toBe('PAYLOAD_KEY_UNKNOWN');
  });
});
