/**
 * The whole HTTP API under generated traffic: every route (journeys, batch, escalations, callbacks, codec, metrics,
 * openapi, health) with well-formed and malformed methods, ids, credentials, content types, headers and bodies,
 * including callbacks signed with the real key so fuzzed content gets past the HMAC. Real validators, real codec,
 * real HTTP over loopback; the ports are in-memory fakes (no Temporal needed to fuzz the edge).
 *
 * Every string the generator makes carries the marker ECHO, so "no echoed input" is one check on each response:
 * the marker never comes back, in the body or a header. Also: no 5xx, and the heap returns to its baseline.
 */
import { randomUUID } from 'node:crypto';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import fc from 'fast-check';
import { Agent, request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGatewayApp } from '../../../src/gateway/app';
import { createApiKey } from '../../../src/gateway/auth/api-keys';
import { gatewayRoutesFromSettings, type GatewaySettings } from '../../../src/gateway/from-settings';
import { signCallbackBody } from '../../../src/contracts/nhs-notify/callback-signature';
import { createMetricsRegistry, createGatewayMetrics } from '../../../src/observability/metrics';
import { journeyValidators } from '../../../src/stack/validators';
import { AesGcmPayloadCodec, newPayloadKeyEntry, parsePayloadKeyRing } from '../../../src/temporal/payload-codec';
import { aMessageStatusItem, FakeCallbackSink } from '../gateway/support/callbacks';
import { aJourneyId, FakeJourneyPort } from '../gateway/support/fake-journey-port';
import { captureLogger } from '../gateway/support/log-capture';
import { listen, type RunningServer } from '../gateway/support/server';
import { builtInCatalogue } from '../../../src/catalogue/built-in';

const REQUESTS = Number(process.env.HTTP_FUZZ_REQUESTS ?? 10_000);
const CONCURRENCY = 8;
const MARK = 'ECHO';
const UI = 'http://localhost:8233';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const heapAfterGc = (): number => { gc(); gc(); return process.memoryUsage().heapUsed; };

// ---------------------------------------------------------------- generators

const marked = fc.string({ maxLength: 40, unit: 'grapheme' }).map((s) => `${MARK}${s}`);
const markedJson: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true },
    marked, fc.integer(), fc.double(), fc.boolean(), fc.constant(null),
    fc.array(tie('value'), { maxLength: 5 }),
    fc.dictionary(marked, tie('value'), { maxKeys: 5 })),
})).value;

function validStart(): Record<string, unknown> {
  return {
    journeyType: 'appointment-reminder', eventId: `appt-${randomUUID()}`, eventTime: new Date(Date.now() + 86_400_000).toISOString(),
    patient: { nhsNumber: '9434765919' }, personalisation: { clinicName: 'Canary Clinic' },
  };
}

/** A valid object with one member replaced or added: what gets deepest into a validator. */
const mutated = (base: () => Record<string, unknown>) => fc.tuple(fc.oneof(fc.constantFrom(...Object.keys(base())), marked), markedJson, fc.boolean())
  .map(([key, value, keep]) => (keep ? base() : { ...base(), [key]: value }));

const jsonBody = fc.oneof(
  mutated(validStart).map((v) => JSON.stringify(v)),
  mutated(() => ({ items: [validStart()] })).map((v) => JSON.stringify(v)),
  mutated(() => ({ eventTime: new Date().toISOString() })).map((v) => JSON.stringify(v)),
  mutated(() => ({ reason: 'patient_request' })).map((v) => JSON.stringify(v)),
  mutated(() => ({ outcome: 'phoned', staffRole: 'nurse' })).map((v) => JSON.stringify(v)),
  mutated(() => ({ payloads: [{ metadata: { encoding: 'YmluYXJ5L2VuY3J5cHRlZA==' }, data: 'AAAA' }] })).map((v) => JSON.stringify(v)),
  markedJson.map((v) => JSON.stringify(v)),
  marked.map((s) => `{"${s}`),
);

/** A callback body: a valid item with one attribute mutated, or anything at all; signed with the live key when `sign`. */
const callbackBody = fc.oneof(
  fc.tuple(fc.constantFrom('messageReference', 'messageId', 'messageStatus', 'timestamp', 'routingPlan', 'channels', 'messageStatusDescription', 'extra'), markedJson)
    .map(([key, value]) => {
      const item = aMessageStatusItem();
      (item.attributes as Record<string, unknown>)[key] = value;
      return JSON.stringify({ data: [item] });
    }),
  fc.constant(null).map(() => JSON.stringify({ data: [aMessageStatusItem()] })),
  markedJson.map((v) => JSON.stringify({ data: [v] })),
  jsonBody,
);

const id = fc.oneof(marked.map(encodeURIComponent), fc.constant(null).map(() => aJourneyId('appointment-reminder')),
  fc.constant(null).map(() => `${aJourneyId('appointment-reminder')}:1`), marked.map((s) => encodeURIComponent(`journey-${s}`)));
const query = fc.array(fc.tuple(fc.oneof(fc.constantFrom('type', 'status', 'limit', 'cursor'), marked), fc.oneof(marked, fc.constantFrom('open', '5', '0', 'appointment-reminder'))), { maxLength: 3 })
  .map((pairs) => (pairs.length === 0 ? '' : `?${pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&')}`));

type Credential = 'writer' | 'reader' | 'escalations' | 'codec' | 'none' | 'garbage';
interface Generated {
  readonly method: string;
  readonly path: string;
  readonly credential: Credential;
  readonly contentType: string | undefined;
  readonly body: string | undefined;
  readonly sign: boolean;
  readonly correlationId: string | undefined;
  readonly origin: string | undefined;
}

const route = fc.oneof(
  fc.record({ method: fc.constant('POST'), path: fc.constant('/v1/journeys'), body: jsonBody }),
  fc.record({ method: fc.constant('GET'), path: query.map((q) => `/v1/journeys${q}`), body: fc.constant(undefined) }),
  fc.record({ method: fc.constant('POST'), path: fc.constant('/v1/journeys/batch'), body: jsonBody }),
  fc.record({ method: fc.constantFrom('GET', 'PATCH'), path: id.map((i) => `/v1/journeys/${i}`), body: jsonBody }),
  fc.record({ method: fc.constant('POST'), path: id.map((i) => `/v1/journeys/${i}/cancel`), body: jsonBody }),
  fc.record({ method: fc.constant('GET'), path: query.map((q) => `/v1/escalations${q}`), body: fc.constant(undefined) }),
  fc.record({ method: fc.constant('POST'), path: id.map((i) => `/v1/escalations/${i}/outcome`), body: jsonBody }),
  fc.record({ method: fc.constant('POST'), path: fc.constant('/v1/callbacks/nhs-notify'), body: callbackBody }),
  fc.record({ method: fc.constantFrom('POST', 'OPTIONS'), path: fc.constantFrom('/codec/decode', '/codec/encode'), body: jsonBody }),
  fc.record({ method: fc.constant('GET'), path: fc.constantFrom('/metrics', '/openapi.json', '/healthz', '/readyz'), body: fc.constant(undefined) }),
  fc.record({ method: fc.constantFrom('GET', 'POST'), path: marked.map((s) => `/v1/${encodeURIComponent(s)}`), body: fc.option(jsonBody, { nil: undefined }) }),
);

const generated: fc.Arbitrary<Generated> = fc.record({
  route,
  // Mostly the route's own method; now and then any other.
  otherMethod: fc.oneof({ arbitrary: fc.constant(undefined), weight: 8 }, { arbitrary: fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD'), weight: 1 }),
  credential: fc.constantFrom<Credential>('writer', 'writer', 'reader', 'escalations', 'codec', 'none', 'garbage'),
  contentType: fc.option(fc.oneof(fc.constantFrom('application/json', 'application/json', 'application/vnd.api+json', 'application/json; charset=latin1', 'text/plain'), marked), { freq: 8, nil: undefined }),
  sign: fc.boolean(),
  correlationId: fc.option(fc.oneof(marked, fc.constant(null).map(() => randomUUID())), { nil: undefined }),
  origin: fc.option(fc.oneof(fc.constant(UI), marked), { nil: undefined }),
}).map(({ route: r, otherMethod, ...rest }) => ({ ...rest, method: otherMethod ?? r.method, path: r.path, body: ['GET', 'HEAD'].includes(otherMethod ?? r.method) ? undefined : r.body }));

// ---------------------------------------------------------------- the gateway under test

describe('HTTP API fuzz', () => {
  const keys = { writer: createApiKey(['journeys:write']), reader: createApiKey(['journeys:read']), escalations: createApiKey(['escalations']), codec: createApiKey(['codec']) };
  const settings: GatewaySettings = {
    applicationId: 'app-fuzz-00000001', callbackApiKeys: ['fuzz-callback-key-01'], callbackBodyLimitBytes: 64 * 1024,
    callbackDedupeTtlMs: 3 * 60 * 60 * 1000, gatewayApiKeys: Object.values(keys).map((k) => k.configEntry), fingerprintSecret: 'fuzz-fingerprint-secret-0123456789abcdef',
  };
  const secret = { applicationId: settings.applicationId, apiKey: settings.callbackApiKeys[0]! };
  const log = captureLogger();
  let server: RunningServer;
  const agent = new Agent({ connections: CONCURRENCY, pipelining: 1 });

  beforeAll(async () => {
    const metrics = createGatewayMetrics(createMetricsRegistry());
    const catalogue = builtInCatalogue();
    const validators = journeyValidators(catalogue);
    const journeys = new FakeJourneyPort();
    const codec = { codec: new AesGcmPayloadCodec(parsePayloadKeyRing([newPayloadKeyEntry('k1')])), allowedOrigins: [UI], anonymousOrigins: [UI] };
    const routes = gatewayRoutesFromSettings(settings, { logger: log.logger, metrics, sink: new FakeCallbackSink(), journeys, validators, codec });
    server = await listen(createGatewayApp({ temporalReachable: () => Promise.resolve(true), logger: log.logger, metrics, routes }));
  });
  afterAll(async () => { await agent.close(); await server.close(); });

  async function fire(g: Generated): Promise<{ status: number; echoed: boolean }> {
    const headers: Record<string, string> = {};
    if (g.contentType !== undefined) headers['content-type'] = g.contentType;
    if (g.credential === 'garbage') headers.authorization = `Bearer ${MARK}-not-a-key`;
    else if (g.credential !== 'none') headers.authorization = `Bearer ${keys[g.credential].key}`;
    if (g.correlationId !== undefined) headers['x-correlation-id'] = g.correlationId;
    if (g.origin !== undefined) headers.origin = g.origin;
    if (g.path.startsWith('/v1/callbacks') && g.body !== undefined) {
      headers['x-api-key'] = g.sign ? secret.apiKey : `${MARK}key`;
      headers['x-hmac-sha256-signature'] = g.sign ? signCallbackBody(g.body, secret) : `${MARK}sig`;
    }
    // Header values must be latin1 on the wire; a generated one that is not is sent percent-encoded.
    for (const [k, v] of Object.entries(headers)) if (!/^[\t\x20-\x7e\x80-\xff]*$/.test(v)) headers[k] = encodeURIComponent(v);
    const response = await request(`${server.url}${g.path}`, { method: g.method as 'GET', headers, dispatcher: agent, ...(g.body === undefined ? {} : { body: g.body }) });
    const text = await response.body.text();
    const headerText = JSON.stringify(response.headers);
    return { status: response.statusCode, echoed: text.includes(MARK) || headerText.includes(MARK) };
  }

  it(`S10/P6: ${REQUESTS} generated requests across the whole API give no 5xx and echo no input; the heap returns to its baseline`, async () => {
    const seed = Number(process.env.FC_SEED ?? Date.now() % 2_147_483_647);
    console.log(`HTTP API fuzz: seed=${seed} requests=${REQUESTS} (rerun with FC_SEED=${seed})`);
    const sampling = Date.now();
    const requests = fc.sample(generated, { numRuns: REQUESTS, seed });
    console.log(`HTTP API fuzz: generated in ${((Date.now() - sampling) / 1000).toFixed(1)} s`);
    await Promise.all(requests.slice(0, 200).map(fire)); // warm up (JIT, lazy modules) before the baseline
    const baseline = heapAfterGc();
    const started = Date.now();
    const statuses = new Map<number, number>();
    const failures: { index: number; status: number; echoed: boolean; request: Generated }[] = [];
    let next = 0;
    await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
      while (next < requests.length) {
        const index = next++;
        const g = requests[index]!;
        const { status, echoed } = await fire(g);
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
        if (status >= 500 || echoed) failures.push({ index, status, echoed, request: g });
      }
    }));
    const seconds = (Date.now() - started) / 1000;
    const after = heapAfterGc();
    const growthMb = (after - baseline) / 2 ** 20;
    console.log(`HTTP API fuzz: ${requests.length} requests in ${seconds.toFixed(1)} s; statuses ${JSON.stringify(Object.fromEntries([...statuses].sort()))}; heap ${(baseline / 2 ** 20).toFixed(1)} → ${(after / 2 ** 20).toFixed(1)} MB`);
    expect(failures.slice(0, 3)).toEqual([]);
    expect(log.raw()).not.toContain(MARK);
    // Back to baseline: what remains is bounded state (dedupe keys, started fake journeys), never the traffic.
    expect(growthMb).toBeLessThan(32);
    expect([...statuses.keys()].filter((s) => s < 300).length).toBeGreaterThan(0);
  }, 300_000); // about 10 s on an idle 2-core machine; the bound is for a machine shared with other work
});
