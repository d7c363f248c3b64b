import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfigSubscriptions, parseCreateWebhookRequest, subscriptionMatches } from '../../../src/domain/webhooks/subscription';
import { parseDeliveryWorkflowId, webhookDeliveryWorkflowId, webhookMessageId } from '../../../src/domain/webhooks/delivery-ids';
import { hostProblem, isBlockedAddress } from '../../../src/webhooks/address-guard';
import { createWebhookHttp } from '../../../src/webhooks/post-webhook';
import { newWebhookSecret, signWebhook } from '../../../src/webhooks/signing';

describe('webhook subscriptions: URL policy and SSRF', () => {
  it('outside local only https is accepted, and never credentials in the URL', () => {
    const strict = { requireHttps: true };
    const base = { eventTypes: ['journey.delivered'] };
    expect(parseCreateWebhookRequest({ ...base, url: 'https://clinic.example.nhs.uk/hooks' }, strict).ok).toBe(true);
    for (const url of ['http://clinic.example.nhs.uk/hooks', 'ftp://clinic.example.nhs.uk', 'https://user:pw@clinic.example.nhs.uk', '/relative', 'not a url']) {
      const result = parseCreateWebhookRequest({ ...base, url }, strict);
      expect(result.ok, url).toBe(false);
      if (!result.ok) expect(result.problems[0]?.path).toBe('url');
    }
    expect(parseCreateWebhookRequest({ ...base, url: 'http://localhost:4000/hooks' }, { requireHttps: false }).ok).toBe(true);
  });

  it('refuses unknown event types and extra fields with a field problem', () => {
    const result = parseCreateWebhookRequest({ url: 'https://a.example', eventTypes: ['journey.exploded'], secret: 'x' }, { requireHttps: true });
    expect(result.ok).toBe(false);
  });

  it('private, loopback, link-local, CGNAT and mapped addresses are blocked; public ones are not', () => {
    for (const address of ['127.0.0.1', '10.1.2.3', '172.16.0.1', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', 'fe80::1', 'fd00::1', '::ffff:127.0.0.1', '::ffff:10.0.0.1']) {
      expect(isBlockedAddress(address), address).toBe(true);
    }
    for (const address of ['8.8.8.8', '2001:4860:4860::8888', '51.140.1.1']) expect(isBlockedAddress(address), address).toBe(false);
  });

  it('SSRF: at subscription time a host that resolves to loopback is refused when so configured', async () => {
    expect(await hostProblem('https://localhost/hooks', true)).toMatch(/private, loopback/);
    expect(await hostProblem('https://127.0.0.1/hooks', true)).toMatch(/private, loopback/);
    expect(await hostProblem('https://[::1]/hooks', true)).toMatch(/private, loopback/);
    expect(await hostProblem('https://localhost/hooks', false)).toBeUndefined();
  });

  it('config subscriptions name the bad entry and field, never the secret', () => {
    const secret = newWebhookSecret();
    const good = [{ id: 'clinic-a', url: 'https://a.example/hooks', eventTypes: ['journey.failed'], secrets: [secret] }];
    expect(parseConfigSubscriptions(JSON.stringify(good), { requireHttps: true }, '2026-12-01T00:00:00Z')[0]).toMatchObject({ id: 'clinic-a', source: 'config' });
    const insecure = [{ ...good[0], url: 'http://a.example/hooks' }];
    expect(() => parseConfigSubscriptions(JSON.stringify(insecure), { requireHttps: true }, '')).toThrow(/0\.url must use https/);
    const badSecret = [{ ...good[0], secrets: ['not-a-secret-value'] }];
    expect(() => parseConfigSubscriptions(JSON.stringify(badSecret), { requireHttps: true }, '')).toThrow(/secrets/);
    try {
      parseConfigSubscriptions(JSON.stringify(badSecret), { requireHttps: true }, '');
    } catch (error) {
      expect(String(error)).not.toContain('not-a-secret-value');
    }
  });

  it('a subscription matches by event type, journey type and requesting system', () => {
    const sub = { id: 's-1', url: 'https://a', eventTypes: ['journey.delivered' as const], journeyTypes: ['appointment-reminder'], system: 'key-a', secrets: [], source: 'api' as const, createdAt: '' };
    expect(subscriptionMatches(sub, 'journey.delivered', { journeyType: 'appointment-reminder', requestedBy: 'key-a' })).toBe(true);
    expect(subscriptionMatches(sub, 'journey.delivered', { journeyType: 'appointment-reminder', requestedBy: 'key-b' })).toBe(false);
    expect(subscriptionMatches(sub, 'journey.delivered', { journeyType: 'screening-invitation', requestedBy: 'key-a' })).toBe(false);
    expect(subscriptionMatches(sub, 'journey.failed', { journeyType: 'appointment-reminder', requestedBy: 'key-a' })).toBe(false);
  });

  it('one delivery has one workflow id and one webhook-id; any other event, occurrence or subscription another', () => {
    const key = { subscriptionId: 'clinic-a', subject: 'j-1', eventType: 'journey.escalated', occurrence: '1' };
    expect(webhookDeliveryWorkflowId(key)).toBe(webhookDeliveryWorkflowId({ ...key }));
    expect(webhookMessageId(key)).toMatch(/^msg_[a-z2-7]{32}$/);
    expect(parseDeliveryWorkflowId(webhookDeliveryWorkflowId(key))).toEqual({ eventType: 'journey.escalated', webhookId: webhookMessageId(key) });
    const others = [{ ...key, occurrence: '2' }, { ...key, eventType: 'escalation.closed' }, { ...key, subscriptionId: 'clinic-b' }, { ...key, subject: 'j-2' }];
    for (const other of others) expect(webhookMessageId(other)).not.toBe(webhookMessageId(key));
  });
});

describe('delivery-time address check', () => {
  let server: Server;
  let hits = 0;
  let port = 0;
  beforeAll(async () => {
    server = createServer((_req, res) => { hits += 1; res.writeHead(204).end(); });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('SSRF: a delivery to a name or literal that resolves to loopback is refused before any byte is sent', async () => {
    const http = createWebhookHttp({ timeoutMs: 2_000, blockPrivateAddresses: true });
    const headers = signWebhook([newWebhookSecret()], 'msg_x', new Date(), '{}');
    expect(await http.post(`http://localhost:${port}/hooks`, headers, '{}')).toEqual({ kind: 'failed', code: 'WEBHOOK_ADDRESS_REFUSED' });
    expect(await http.post(`http://127.0.0.1:${port}/hooks`, headers, '{}')).toEqual({ kind: 'failed', code: 'WEBHOOK_ADDRESS_REFUSED' });
    expect(hits).toBe(0);
    await http.close();
    const open = createWebhookHttp({ timeoutMs: 2_000, blockPrivateAddresses: false });
    expect(await open.post(`http://localhost:${port}/hooks`, headers, '{}')).toEqual({ kind: 'delivered', status: 204 });
    expect(hits).toBe(1);
    await open.close();
  });
});
