import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { callbackHmacKey, signCallbackBody, verifyCallbackSignature } from '../../../src/contracts/nhs-notify/callback-signature';
import { parseCallbackBody } from '../../../src/gateway/callbacks/callback-body';
import { secretsForApiKey } from '../../../src/gateway/callbacks/callback-secrets';

// NHS Notify's published callback example body (docs/nhs-notify.md), byte for byte, and its digest recorded with an independent implementation:
//   printf '%s' "$BODY" | openssl dgst -sha256 -hmac 'fixture-app-id.fixture-api-key'
const FIXTURE_BODY = '{"data":[{"type":"MessageStatus","attributes":{"messageId":"2WL3qFTEFM0qMY8xjRbt1LIKCzM","messageReference":"1642109b-69eb-447f-8f97-ab70a74f5db4","messageStatus":"delivered","timestamp":"2023-11-17T14:27:51.413Z","routingPlan":{"id":"b838b13c-f98c-4def-93f0-515d4e4f4ee1","name":"Plan Abc","version":"ztoe2qRAM8M8vS0bqajhyEBcvXacrGPp","createdDate":"2023-11-17T14:27:51.413Z"}},"links":{"message":"https://api.service.nhs.uk/comms/v1/messages/2WL3qFTEFM0qMY8xjRbt1LIKCzM"},"meta":{"idempotencyKey":"2515ae6b3a08339fba3534f3b17cd57cd573c57d25b25b9aae08e42dc9f0a445"}}]}';
const FIXTURE_SECRET = { applicationId: 'fixture-app-id', apiKey: 'fixture-api-key' };
const FIXTURE_DIGEST = '434af80bfff772d627663dbbd48023990b3355d7036f54459739465d1d255d10';

// GitHub's published webhook vector (docs "Validating webhook deliveries").
const GITHUB_SECRET = "It's a Secret to Everybody";
const GITHUB_BODY = 'Hello, World!';
const GITHUB_DIGEST = '757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17';

describe('callback HMAC known answers', () => {
  it('S1: the fixture body and "<appId>.<apiKey>" secret give the recorded digest', () => {
    expect(callbackHmacKey(FIXTURE_SECRET)).toBe('fixture-app-id.fixture-api-key');
    expect(signCallbackBody(FIXTURE_BODY, FIXTURE_SECRET)).toBe(FIXTURE_DIGEST);
    expect(signCallbackBody(Buffer.from(FIXTURE_BODY, 'utf8'), FIXTURE_SECRET)).toBe(FIXTURE_DIGEST);
    expect(verifyCallbackSignature(Buffer.from(FIXTURE_BODY), FIXTURE_DIGEST, [FIXTURE_SECRET])).toBe(true);
    expect(verifyCallbackSignature(Buffer.from(FIXTURE_BODY), FIXTURE_DIGEST.toUpperCase(), [FIXTURE_SECRET])).toBe(true);
  });

  it("S1: GitHub's published vector through the same HMAC-SHA256 hex primitive", () => {
    // signCallbackBody always joins "<appId>.<apiKey>" with a dot, and GitHub's secret has none, so the
    // vector runs through the primitive the helper is built on (same algorithm, same hex encoding) ...
    expect(createHmac('sha256', GITHUB_SECRET).update(GITHUB_BODY).digest('hex')).toBe(GITHUB_DIGEST);
    // ... and a key that splits at its first dot reproduces the helper's key exactly.
    const dotted = { applicationId: 'It\'s a Secret', apiKey: 'to Everybody' };
    expect(signCallbackBody(GITHUB_BODY, dotted)).toBe(createHmac('sha256', "It's a Secret.to Everybody").update(GITHUB_BODY).digest('hex'));
  });

  it('S3: missing, wrong, truncated, non-hex and wrong-length signatures are all false, never a throw', () => {
    const body = Buffer.from(FIXTURE_BODY);
    const wrong = signCallbackBody(FIXTURE_BODY, { ...FIXTURE_SECRET, apiKey: 'other' });
    for (const header of [undefined, '', wrong, FIXTURE_DIGEST.slice(0, 63), FIXTURE_DIGEST.slice(0, 32),
      `${FIXTURE_DIGEST}00`, 'z'.repeat(64), `sha256=${FIXTURE_DIGEST}`, ` ${FIXTURE_DIGEST}`, FIXTURE_DIGEST.replace(/.$/, 'g')]) {
      expect(verifyCallbackSignature(body, header, [FIXTURE_SECRET])).toBe(false);
    }
    expect(verifyCallbackSignature(body, FIXTURE_DIGEST, [])).toBe(false);
  });
});

describe('S10: parser fuzz', () => {
  const NUM_RUNS = 10_000;
  const seed = Number(process.env.FC_SEED ?? Date.now() % 2_147_483_647);

  it('S10: signature header parsing and the API key match never throw on arbitrary input', () => {
    console.log(`S10 signature fuzz seed=${seed} numRuns=${NUM_RUNS}`);
    fc.assert(fc.property(
      fc.uint8Array({ maxLength: 512 }),
      fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.stringMatching(/^[0-9a-fA-F]{0,80}$/), fc.constant(undefined)),
      fc.option(fc.string({ unit: 'binary' }), { nil: undefined }),
      (body, header, apiKey) => {
        const verified = verifyCallbackSignature(Buffer.from(body), header, [FIXTURE_SECRET]);
        expect(typeof verified).toBe('boolean');
        expect(Array.isArray(secretsForApiKey(apiKey, [FIXTURE_SECRET]))).toBe(true);
      }), { numRuns: NUM_RUNS, seed });
  });

  it('S10: the callback body parser returns a typed result for arbitrary bytes and JSON', () => {
    console.log(`S10 body fuzz seed=${seed} numRuns=${NUM_RUNS}`);
    const fixture = JSON.parse(FIXTURE_BODY) as unknown;
    const inputs = fc.oneof(
      fc.uint8Array({ maxLength: 1024 }).map((bytes) => Buffer.from(bytes)),
      fc.string({ unit: 'binary' }).map((s) => Buffer.from(s)),
      fc.jsonValue().map((v) => Buffer.from(JSON.stringify(v))),
      // Mutations of a valid body: keep the shape, vary any leaf.
      fc.tuple(fc.jsonValue(), fc.constantFrom('data', 'type', 'attributes', 'meta', 'messageStatus', 'timestamp'))
        .map(([value, key]) => Buffer.from(JSON.stringify(fixture).replace(new RegExp(`"${key}":`), `"${key}":${JSON.stringify(value) ?? 'null'},"_":`))),
    );
    fc.assert(fc.property(inputs, (raw) => {
      const result = parseCallbackBody(raw);
      expect(typeof result.ok).toBe('boolean');
      if (!result.ok) expect(['MALFORMED_JSON', 'INVALID_REQUEST']).toContain(result.code);
    }), { numRuns: NUM_RUNS, seed });
    expect(parseCallbackBody(Buffer.from(FIXTURE_BODY)).ok).toBe(true);
  });
});
