/**
 * Helpers for simulator integration tests: real RSA keys generated with jose, real signed client
 * assertions, real HTTP over loopback. Builders give valid defaults with unique references.
 */
import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK, type JWTPayload } from 'jose';
import { ROUTING_PLANS } from '../../../src/domain/routing-plans';
import { createLogger } from '../../../src/observability/logger';
import { FAST_TIMINGS, startSimulator, type RunningSimulator, type SimulatorOptions } from '../../../src/simulator';

export const API_KEY = 'test-api-key';
export const APPLICATION_ID = 'test-application-id';
export const quietLogger = createLogger({ level: 'silent' });

export interface TestKey { readonly kid: string; readonly privateKey: CryptoKey; readonly publicJwk: JWK }

export async function makeKey(kid = `kid-${randomUUID()}`): Promise<TestKey> {
  const { publicKey, privateKey } = await generateKeyPair('RS512', { extractable: true });
  return { kid, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'RS512', use: 'sig' } };
}

export interface AssertionOverrides {
  readonly header?: Record<string, unknown>;
  readonly claims?: JWTPayload;
  readonly expiresInSeconds?: number;
  readonly key?: CryptoKey;
}

export async function signAssertion(key: TestKey, tokenUrl: string, o: AssertionOverrides = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const claims: JWTPayload = { iss: API_KEY, sub: API_KEY, aud: tokenUrl, jti: randomUUID(), exp: now + (o.expiresInSeconds ?? 180), ...o.claims };
  return new SignJWT(claims).setProtectedHeader({ alg: 'RS512', typ: 'JWT', kid: key.kid, ...o.header }).sign(o.key ?? key.privateKey);
}

export const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

export async function postToken(sim: RunningSimulator, assertion: string | undefined, extra: Record<string, string> = {}): Promise<{ status: number; body: Record<string, unknown> }> {
  const form: Record<string, string> = { grant_type: 'client_credentials', client_assertion_type: ASSERTION_TYPE, ...extra };
  if (assertion !== undefined) form.client_assertion = assertion;
  const response = await fetch(sim.tokenUrl, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

export async function startTestSimulator(options: SimulatorOptions = {}): Promise<{ sim: RunningSimulator; key: TestKey }> {
  const key = await makeKey();
  const sim = await startSimulator({
    applications: [{ apiKey: API_KEY, applicationId: APPLICATION_ID, jwks: { keys: [key.publicJwk] } }],
    timings: FAST_TIMINGS,
    logger: quietLogger,
    ...options,
  });
  return { sim, key };
}

export async function getToken(sim: RunningSimulator, key: TestKey): Promise<string> {
  const { status, body } = await postToken(sim, await signAssertion(key, sim.tokenUrl));
  if (status !== 200) throw new Error(`token request failed: ${status} ${JSON.stringify(body)}`);
  return body.access_token as string;
}

export const PLAN_IDS = Object.fromEntries(Object.values(ROUTING_PLANS).map((p) => [p.name, p.localId])) as Record<keyof typeof ROUTING_PLANS, string>;

export function aMessage(overrides: { routingPlanId?: string; messageReference?: string; nhsNumber?: string; personalisation?: Record<string, string> } = {}) {
  return {
    data: {
      type: 'Message',
      attributes: {
        routingPlanId: overrides.routingPlanId ?? PLAN_IDS['nhsapp-email-sms-letter'],
        messageReference: overrides.messageReference ?? randomUUID(),
        recipient: { nhsNumber: overrides.nhsNumber ?? '9990000018' },
        personalisation: overrides.personalisation ?? { appointmentDate: '15 January 2027' },
      },
    },
  };
}

export interface HttpResult {
  readonly status: number;
  readonly headers: Headers;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests inspect response bodies structurally
  readonly body: any;
  readonly text: string;
}

export async function call(url: string, init: { method?: string; headers?: Record<string, string>; body?: unknown } = {}): Promise<HttpResult> {
  const body = init.body === undefined ? undefined : typeof init.body === 'string' ? init.body : JSON.stringify(init.body);
  const response = await fetch(url, { method: init.method ?? (body === undefined ? 'GET' : 'POST'), headers: init.headers, body });
  const text = await response.text();
  let parsed: unknown;
  try { parsed = text === '' ? undefined : JSON.parse(text); } catch { parsed = undefined; }
  return { status: response.status, headers: response.headers, body: parsed, text };
}

export function sendMessage(sim: RunningSimulator, token: string | undefined, body: unknown, headers: Record<string, string> = {}): Promise<HttpResult> {
  const auth: Record<string, string> = token === undefined ? {} : { authorization: `Bearer ${token}` };
  return call(`${sim.baseUrl}/v1/messages`, { method: 'POST', headers: { 'content-type': 'application/json', ...auth, ...headers }, body });
}

/** Polls until `check` returns a value (not undefined) or the deadline passes. */
export async function eventually<T>(check: () => T | undefined | Promise<T | undefined>, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}
