/**
 * P1 on the assembled stack (as `npm start` builds it) against the run's real Temporal server: journeys started
 * over HTTP with canary patient data, then every place data comes to rest is scanned: the log stream (debug
 * level), /metrics, and every workflow history as the CLI prints it without the key. Only ops with the
 * `codec` scope read the history back, through the gateway's codec endpoint.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/observability/logger';
import { startTestStack, type TestStack } from '../../support/stack';
import { CANARY, CANARY_PERSONALISATION, canariesIn } from './support/canary';
import { childWorkflowIds, rawHistoryJson } from './support/history';

const JOURNEYS = 3;

describe('P1: canary PII never appears in logs, metrics or history', () => {
  const logLines: string[] = [];
  let test: TestStack;
  beforeAll(async () => {
    test = await startTestStack('p1', {
      env: { LOG_LEVEL: 'debug' },
      logger: createLogger({ level: 'debug', destination: { write: (line: string) => { logLines.push(line); } } }),
    });
  });
  afterAll(async () => {
    await test?.close();
  });
  const api = (path: string, init?: RequestInit) => test.api(path, init);

  const startBody = (personalisation: Record<string, string>) => JSON.stringify({
    journeyType: 'appointment-reminder', eventId: `appt-${randomUUID()}`, eventTime: new Date(Date.now() + 60_000).toISOString(),
    patient: { nhsNumber: CANARY.nhsNumber }, personalisation,
  });

  it('P1: canary PII never appears in logs, metrics or history', async () => {
    const ids: string[] = [];
    for (let i = 0; i < JOURNEYS; i += 1) {
      const started = await api('/v1/journeys', { method: 'POST', body: startBody(CANARY_PERSONALISATION) });
      expect(started.status).toBe(201);
      ids.push(((await started.json()) as { journey: { journeyId: string } }).journey.journeyId);
    }
    // A request the validator refuses while holding canaries: neither the 400 nor the logs may echo them.
    const refused = await api('/v1/journeys', { method: 'POST', body: startBody({ ...CANARY_PERSONALISATION, contactPhone: `call ${CANARY.email}` }) });
    expect(refused.status).toBe(400);
    expect(canariesIn(await refused.text())).toEqual([]);

    for (const id of ids) {
      let status = '';
      for (let i = 0; i < 150 && status !== 'delivered'; i += 1) {
        await new Promise((r) => setTimeout(r, 200));
        status = ((await (await api(`/v1/journeys/${id}`)).json()) as { journey: { status: string } }).journey.status;
      }
      expect(status, id).toBe('delivered');
    }

    const metrics = await (await fetch(`${test.stack.urls.api}/metrics`)).text();
    const histories = ids.flatMap((id) => {
      const json = rawHistoryJson(id);
      return [json, ...childWorkflowIds(json).map(rawHistoryJson)];
    });
    expect(logLines.length).toBeGreaterThan(JOURNEYS); // the scan has something to read
    expect(metrics).toContain('gateway_http_request_duration_seconds');
    expect(histories.length).toBeGreaterThan(JOURNEYS);
    expect(canariesIn(logLines.join('\n')), 'logs').toEqual([]);
    expect(canariesIn(metrics), 'metrics').toEqual([]);
    for (const history of histories) expect(canariesIn(history), 'history').toEqual([]);

    // Ops with the codec scope read the wording back through the gateway, as the Web UI does.
    const start = JSON.parse(histories[0]!) as { events: Array<{ workflowExecutionStartedEventAttributes?: { input?: { payloads?: unknown[] } } }> };
    const decoded = await api('/codec/decode', { method: 'POST', body: JSON.stringify({ payloads: start.events[0]?.workflowExecutionStartedEventAttributes?.input?.payloads }) });
    expect(decoded.status).toBe(200);
    const payloads = ((await decoded.json()) as { payloads: Array<{ data: string }> }).payloads;
    expect(Buffer.from(payloads[0]!.data, 'base64').toString('utf8')).toContain(CANARY.name);
  }, 60_000);
});
