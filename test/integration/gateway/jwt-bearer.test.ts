import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGatewayApp } from '../../../src/gateway/app';
import { createApiKey } from '../../../src/gateway/auth/api-keys';
import { parseJwtIssuers } from '../../../src/gateway/auth/jwt-bearer';
import { gatewayRoutesFromSettings } from '../../../src/gateway/from-settings';
import { createGatewayMetrics, createMetricsRegistry } from '../../../src/observability/metrics';
import { FakeCallbackSink } from './support/callbacks';
import { FakeJourneyPort } from './support/fake-journey-port';
import { aStartRequest, testValidators } from './support/journey-validators';
import { captureLogger } from './support/log-capture';
import { expectErrorEnvelope, send } from './support/http';
import { listen, type RunningServer } from './support/server';

const ISSUER = 'https://login.trust.example';
const AUDIENCE = 'notify-journeys';

describe('bearer JWTs from a configured issuer (JWKS over loopback)', () => {
  let keys: { privateKey: CryptoKey; other: CryptoKey };
  let jwksServer: ReturnType<typeof createServer>;
  let gateway: RunningServer;
  const apiKey = createApiKey(['journeys:write']);

  beforeAll(async () => {
    const pair = await generateKeyPair('RS256');
    const other = await generateKeyPair('RS256');
    keys = { privateKey: pair.privateKey, other: other.privateKey };
    const jwks = JSON.stringify({ keys: [{ ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' }] });
    jwksServer = createServer((_req, res) => { res.setHeader('content-type', 'application/json'); res.end(jwks); });
    await new Promise<void>((resolve) => jwksServer.listen(0, '127.0.0.1', resolve));
    const jwksUrl = `http://127.0.0.1:${(jwksServer.address() as AddressInfo).port}/jwks.json`;
    const logger = captureLogger().logger;
    const metrics = createGatewayMetrics(createMetricsRegistry());
    const routes = gatewayRoutesFromSettings({
      applicationId: 'app-jwt-000001', callbackApiKeys: ['callback-key-0001'], callbackBodyLimitBytes: 262_144,
      callbackDedupeTtlMs: 3 * 3_600_000, gatewayApiKeys: [apiKey.configEntry], jwtIssuers: parseJwtIssuers(`${ISSUER}|${AUDIENCE}|${jwksUrl}`, true),
    }, { logger, metrics, sink: new FakeCallbackSink(), journeys: new FakeJourneyPort(), validators: testValidators });
    gateway = await listen(createGatewayApp({ temporalReachable: () => Promise.resolve(true), logger, metrics, routes }));
  });
  afterAll(async () => {
    await gateway.close();
    await new Promise((resolve) => jwksServer.close(resolve));
  });

  const token = (claims: Record<string, unknown> = {}, options: { key?: CryptoKey; issuer?: string; audience?: string; expiresIn?: string } = {}) =>
    new SignJWT({ scope: 'journeys:write', azp: 'trust-pas', ...claims }).setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .setIssuer(options.issuer ?? ISSUER).setAudience(options.audience ?? AUDIENCE).setIssuedAt().setExpirationTime(options.expiresIn ?? '5m')
      .sign(options.key ?? keys.privateKey);
  const start = (bearer: string) => send(`${gateway.url}/v1/journeys`, { body: JSON.stringify(aStartRequest()),
    headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' } });

  it('a valid token with the scope starts a journey; API keys keep working beside it', async () => {
    expect((await start(await token())).status).toBe(201);
    expect((await start(apiKey.key)).status).toBe(201);
  });

  it('wrong issuer, wrong audience, expired, foreign key or alg "none" → 401; missing scope → 403', async () => {
    const now = Math.floor(Date.now() / 1000);
    const unsigned = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify({ iss: ISSUER, aud: AUDIENCE, scope: 'journeys:write', iat: now, exp: now + 60 })).toString('base64url')}.x`;
    for (const bad of [await token({}, { issuer: 'https://evil.example' }), await token({}, { audience: 'other' }),
      await token({}, { expiresIn: '-2m' }), await token({}, { key: keys.other }), unsigned]) {
      expectErrorEnvelope(await start(bad), 'UNAUTHENTICATED');
    }
    expectErrorEnvelope(await start(await token({ scope: 'journeys:read' })), 'INSUFFICIENT_SCOPE');
  });

  it('GATEWAY_JWT_ISSUERS must use https JWKS URLs outside local, and errors never quote values', () => {
    expect(() => parseJwtIssuers(`${ISSUER}|${AUDIENCE}|http://idp.example/jwks`)).toThrow(/^GATEWAY_JWT_ISSUERS: entry 1/);
    expect(() => parseJwtIssuers('just-an-issuer')).toThrow(/^GATEWAY_JWT_ISSUERS: entry 1 must be/);
    expect(parseJwtIssuers(`${ISSUER}|${AUDIENCE}|https://idp.example/jwks`)[0]?.issuer).toBe(ISSUER);
  });
});
