/**
 * Known answers (style lesson 9): a committed TEST-ONLY key gives exactly the recorded assertion (RS512 is
 * deterministic for a fixed key, clock and jti) and exactly the recorded JWKS, and jose verifies the one
 * with the other. The HMAC vectors pin callback-signature.ts (shared with S1 in the gateway).
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { run as runJwksCli } from '../../../src/cli/notify-jwks';
import { callbackHmacKey, hmacSha256Hex, signCallbackBody } from '../../../src/contracts/nhs-notify/callback-signature';
import { buildClientAssertion } from '../../../src/notify/client-assertion';
import { createKeyRing } from '../../../src/notify/signing-keys';

const FIXTURES = join(__dirname, '../../fixtures/notify');
const KID = 'TEST-ONLY-fixture-key-1';
const KEY_PATH = join(FIXTURES, `${KID}.private.pem`);
const RECORDED_JWKS = JSON.parse(readFileSync(join(FIXTURES, `${KID}.jwks.json`), 'utf8')) as { keys: Record<string, string>[] };
const TOKEN_URL = 'https://int.api.service.nhs.uk/oauth2/token';
const FIXED_NOW = Date.UTC(2027, 0, 15, 9, 0, 0);
const RECORDED_FIXTURE_DIGEST = '12220b86112ed857f84724a30419912cd82ff8100cdfa98040909a6dbf6eb289';
const FIXED_JTI = '6f1c2a9e-4b7d-4e1a-9c3f-000000000001';
// Recorded once from the fixture key with the inputs above.
const RECORDED_ASSERTION = 'eyJhbGciOiJSUzUxMiIsImtpZCI6IlRFU1QtT05MWS1maXh0dXJlLWtleS0xIiwidHlwIjoiSldUIn0.eyJpc3MiOiJURVNULU9OTFktYXBpLWtleSIsInN1YiI6IlRFU1QtT05MWS1hcGkta2V5IiwiYXVkIjoiaHR0cHM6Ly9pbnQuYXBpLnNlcnZpY2UubmhzLnVrL29hdXRoMi90b2tlbiIsImp0aSI6IjZmMWMyYTllLTRiN2QtNGUxYS05YzNmLTAwMDAwMDAwMDAwMSIsImV4cCI6MTgwMDAwMzc4MH0.0w1ENWeAD1Nl3UP4jsXtfYMjOTExgpSjA5kI1Aj5OzM5JeAYcYG8_EAPxP33YT93L9gOg5QwjnPbrS90MelROwUsvLpyZ2lfXrRVBYiZ0bNrtxPVMQgbpClD4xxrm7oTPCcqQBE8Ye640McRHLjS2alrlqkC-lyqhxcVFX5vUYak3e0VpgLtvCSlszrWC4LJlrhb8sxbrSMGpMdlsqO6dKWByRhSiMZwD4RcnU6ROBShb1aNCIpppY5YCE8UNSyPAnt2QZHG5wrD5bxYna2l9Hpo814ecEC4n7Co_VkVqDg9Spr04oT5IGmeNmobvEV2TCAKxiXtKE2oJkQyZci1Hw';

function captureConsoleLog(): { output: () => string } {
  const spy = vi.spyOn(console, 'log').mockImplementation(() => undefined);
  vi.spyOn(console, 'error').mockImplementation(() => undefined);
  return { output: () => spy.mock.calls.map((c) => String(c[0])).join('\n') };
}

describe('known answers: client assertion and JWKS from the TEST-ONLY fixture key', () => {
  afterEach(() => vi.restoreAllMocks());

  it('A1: the fixture key, a fixed clock and a fixed jti give exactly the recorded assertion', async () => {
    const ring = createKeyRing([{ kid: KID, path: KEY_PATH }]);
    const jwt = await buildClientAssertion({
      apiKey: 'TEST-ONLY-api-key', tokenUrl: TOKEN_URL, key: ring.active(), clock: { now: () => FIXED_NOW }, newJti: () => FIXED_JTI,
    });
    expect(jwt).toBe(RECORDED_ASSERTION);
  });

  it('A1: the key ring exports exactly the recorded JWKS, and the CLI prints it', () => {
    expect(createKeyRing([{ kid: KID, path: KEY_PATH }]).toPublicJwks()).toEqual(RECORDED_JWKS);
    const log = captureConsoleLog();
    runJwksCli(['node', 'notify-jwks', '--key', `${KID}=${KEY_PATH}`]);
    expect(JSON.parse(log.output())).toEqual(RECORDED_JWKS);
  });

  it('A1: jose verifies the recorded assertion against the recorded JWKS', async () => {
    const { payload, protectedHeader } = await jwtVerify(RECORDED_ASSERTION, createLocalJWKSet(RECORDED_JWKS as never), {
      algorithms: ['RS512'], issuer: 'TEST-ONLY-api-key', subject: 'TEST-ONLY-api-key', audience: TOKEN_URL, currentDate: new Date(FIXED_NOW),
    });
    expect(protectedHeader).toEqual({ alg: 'RS512', kid: KID, typ: 'JWT' });
    expect(payload).toEqual({ iss: 'TEST-ONLY-api-key', sub: 'TEST-ONLY-api-key', aud: TOKEN_URL, jti: FIXED_JTI, exp: FIXED_NOW / 1000 + 180 });
  });

  it('the CLI generates a new key pair (0600, never overwritten) whose JWKS verifies its own assertions', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'notify-jwks-'));
    try {
      const log = captureConsoleLog();
      runJwksCli(['node', 'notify-jwks', '--generate', '--kid', 'kid-2027-07', '--out', dir, '--bits', '2048']);
      const jwks = JSON.parse(log.output()) as { keys: { kid: string }[] };
      expect(jwks.keys.map((k) => k.kid)).toEqual(['kid-2027-07']);
      expect(log.output()).not.toMatch(/PRIVATE KEY/);
      expect(statSync(join(dir, 'kid-2027-07.pem')).mode & 0o777).toBe(0o600);
      const ring = createKeyRing([{ kid: 'kid-2027-07', path: join(dir, 'kid-2027-07.pem') }]);
      const jwt = await buildClientAssertion({ apiKey: 'k', tokenUrl: TOKEN_URL, key: ring.active(), clock: { now: () => Date.now() } });
      await jwtVerify(jwt, createLocalJWKSet(jwks as never), { audience: TOKEN_URL });

      const before = readFileSync(join(dir, 'kid-2027-07.pem'), 'utf8');
      process.exitCode = undefined;
      runJwksCli(['node', 'notify-jwks', '--generate', '--kid', 'kid-2027-07', '--out', dir, '--bits', '2048']);
      expect(process.exitCode).toBe(1);
      process.exitCode = undefined;
      expect(readFileSync(join(dir, 'kid-2027-07.pem'), 'utf8')).toBe(before);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('known answers: callback HMAC (shared with S1)', () => {
  it("S1: GitHub's published vector through the repo's HMAC-SHA256 hex helper", () => {
    expect(hmacSha256Hex("It's a Secret to Everybody", 'Hello, World!'))
      .toBe('757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17');
  });

  it('S1: a fixture body and "<appId>.<apiKey>" secret give the recorded digest', () => {
    // Recorded independently: printf '%s' '{"data":[]}' | openssl dgst -sha256 -hmac 'TEST-ONLY-app.TEST-ONLY-key'
    const secret = { applicationId: 'TEST-ONLY-app', apiKey: 'TEST-ONLY-key' };
    expect(callbackHmacKey(secret)).toBe('TEST-ONLY-app.TEST-ONLY-key');
    expect(signCallbackBody('{"data":[]}', secret)).toBe(RECORDED_FIXTURE_DIGEST);
    expect(signCallbackBody(Buffer.from('{"data":[]}'), secret)).toBe(RECORDED_FIXTURE_DIGEST);
  });
});
