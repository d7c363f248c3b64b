import { createLocalJWKSet, jwtVerify } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { buildClientAssertion } from '../../../src/notify/client-assertion';
import { createNotifyClient, NotifyAuthConfigError } from '../../../src/notify';
import { aKeyRing, aMessage } from './support/builders';
import { aCapturedLogger, aMockAgent, BASE_URL, echoMessageCreated, ORIGIN, TOKEN_URL } from './support/mock-notify';
import { tokenEndpointDouble } from './support/token-endpoint-double';

const API_KEY = 'skew-api-key';
const SERVER_NOW = Date.UTC(2027, 0, 15, 9, 0, 0);
/** NHS's VerifyJWT allows 10 s of clock skew (§11). */
const LEEWAY_SECONDS = 10;

async function clientWithSkew(skewMs: number) {
  const { ring } = await aKeyRing('skew-kid');
  const agent = aMockAgent();
  const token = tokenEndpointDouble({ apiKey: API_KEY, tokenUrl: TOKEN_URL, jwks: () => ring.toPublicJwks() as never, serverNow: () => SERVER_NOW });
  const pool = agent.get(ORIGIN);
  pool.intercept({ path: '/oauth2/token', method: 'POST' }).reply(token.reply).persist();
  pool.intercept({ path: '/comms/v1/messages', method: 'POST' })
    .reply(echoMessageCreated).persist();
  const { logger, lines } = aCapturedLogger();
  const client = createNotifyClient({
    baseUrl: BASE_URL, dispatcher: agent, logger, clock: { now: () => SERVER_NOW + skewMs },
    auth: { kind: 'signed-jwt', tokenUrl: TOKEN_URL, apiKey: API_KEY, keyRing: ring },
  });
  return { client, ring, agent, lines };
}

describe('A5: clock skew between us and the token server', () => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await close?.();
    close = undefined;
  });

  for (const skewSeconds of [-60, -30, 0, 30, 60]) {
    it(`A5: a local clock ${skewSeconds} s off still gets assertions accepted within NHS's leeway`, async () => {
      const { client, ring, agent } = await clientWithSkew(skewSeconds * 1000);
      close = () => agent.close();
      // jose, on the server's clock with NHS's leeway, accepts an assertion made on the skewed clock.
      const jwt = await buildClientAssertion({ apiKey: API_KEY, tokenUrl: TOKEN_URL, key: ring.active(), clock: { now: () => SERVER_NOW + skewSeconds * 1000 } });
      await jwtVerify(jwt, createLocalJWKSet(ring.toPublicJwks() as never), {
        algorithms: ['RS512'], audience: TOKEN_URL, issuer: API_KEY, currentDate: new Date(SERVER_NOW), clockTolerance: LEEWAY_SECONDS,
      });
      // And the end-to-end exchange (token double enforcing NHS's exp rules) succeeds.
      const created = await client.createMessage(aMessage());
      expect(created.messageId).toHaveLength(27);
    });
  }

  it('A5: a local clock far AHEAD (exp > now + 310 s on the server) fails with an error that names clock skew', async () => {
    const { client, agent } = await clientWithSkew(200_000);
    close = () => agent.close();
    const err = await client.createMessage(aMessage()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NotifyAuthConfigError);
    expect(err).toMatchObject({ code: 'NOTIFY_AUTH_CONFIG', kind: 'permanent', status: 400 });
    expect((err as Error).message).toMatch(/clock is probably skewed/);
  });

  it('A5: a local clock far BEHIND (assertion already expired on the server) fails with an error that names clock skew', async () => {
    const { client, agent } = await clientWithSkew(-200_000);
    close = () => agent.close();
    const err = await client.createMessage(aMessage()).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'NOTIFY_AUTH_CONFIG', kind: 'permanent' });
    expect((err as Error).message).toMatch(/clock is probably skewed/);
  });

  it('A5: jose itself rejects the far-skewed assertion beyond the leeway (exp claim)', async () => {
    const { ring } = await aKeyRing('k');
    const jwt = await buildClientAssertion({ apiKey: API_KEY, tokenUrl: TOKEN_URL, key: ring.active(), clock: { now: () => SERVER_NOW - 200_000 } });
    await expect(jwtVerify(jwt, createLocalJWKSet(ring.toPublicJwks() as never), { currentDate: new Date(SERVER_NOW), clockTolerance: LEEWAY_SECONDS }))
      .rejects.toMatchObject({ code: 'ERR_JWT_EXPIRED', claim: 'exp' });
  });

  it('A5: a token server clock more than 30 s away from ours is logged as a warning (without secrets)', async () => {
    const { client, agent, lines } = await clientWithSkew(45_000);
    close = () => agent.close();
    await client.createMessage(aMessage());
    const warning = lines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => typeof l.skewMs === 'number');
    expect(warning?.skewMs).toBe(-45_000);
    expect(lines.join('\n')).not.toMatch(/token-1|BEGIN|client_assertion=/);
  });
});
