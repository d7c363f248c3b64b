import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signCallbackBody } from '../../../src/contracts/nhs-notify/callback-signature';
import { aCallbackBody, aMessageStatusItem, aSecret, signedHeaders } from './support/callbacks';
import { startCallbackGateway, type CallbackGateway } from './support/callback-gateway';
import { expectErrorEnvelope, send } from './support/http';

describe('NHS Notify callback authentication', () => {
  let gw: CallbackGateway;
  const canary = `canary-${randomUUID()}`;
  beforeAll(async () => { gw = await startCallbackGateway(); });
  afterAll(async () => { await gw.close(); });

  const bodyWithCanary = (): string => aCallbackBody(aMessageStatusItem({ messageReference: gw.sink.openJourney(), messageStatusDescription: canary }));

  it('a genuine callback is accepted with 202 and reaches the sink', async () => {
    const body = bodyWithCanary();
    const reply = await send(gw.callbackUrl, { body, headers: signedHeaders(body, gw.secret) });
    expect(reply.status).toBe(202);
    expect(gw.sink.delivered).toHaveLength(1);
    expect(reply.headers['x-correlation-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('S2: x-api-key missing or wrong gives 401, generic body, no sink call, body never logged', async () => {
    const calls = gw.sink.calls;
    const body = bodyWithCanary();
    const { 'x-api-key': _drop, ...withoutKey } = signedHeaders(body, gw.secret);
    for (const headers of [withoutKey, { ...withoutKey, 'x-api-key': 'not-the-key' }, { ...withoutKey, 'x-api-key': '' }]) {
      const reply = await send(gw.callbackUrl, { body, headers });
      expect(reply.status).toBe(401);
      expectErrorEnvelope(reply, 'UNAUTHENTICATED');
      expect(reply.text).not.toContain(canary);
    }
    expect(gw.sink.calls).toBe(calls);
    expect(gw.log.raw()).not.toContain(canary);
    expect(gw.log.raw()).not.toContain(gw.secret.apiKey);
    expect(await gw.counter('gateway_callback_auth_failures_total', { reason: 'api_key' })).toBe(3);
  });

  it('S3: signature missing, wrong, truncated, non-hex or of a different length gives 403 and no side effect', async () => {
    const calls = gw.sink.calls;
    const body = bodyWithCanary();
    const good = signCallbackBody(body, gw.secret);
    const bad = [undefined, signCallbackBody(body, aSecret()), good.slice(0, 40), 'g'.repeat(64), `${good}ab`, `sha256=${good}`, '', '  '];
    for (const signature of bad) {
      const headers: Record<string, string> = { 'content-type': 'application/json', 'x-api-key': gw.secret.apiKey };
      if (signature !== undefined) headers['x-hmac-sha256-signature'] = signature;
      const reply = await send(gw.callbackUrl, { body, headers });
      expect(reply.status).toBe(403);
      expectErrorEnvelope(reply, 'INVALID_SIGNATURE');
    }
    expect(gw.sink.calls).toBe(calls);
    expect(gw.log.raw()).not.toContain(good);
  });

  it('S4: the raw bytes are verified: odd whitespace and unicode escapes pass, a re-serialised copy fails', async () => {
    const messageReference = gw.sink.openJourney();
    const item = JSON.stringify(aMessageStatusItem({ messageReference }))
      .replace('"messageStatus":', '\t"messageStatus" :\r\n  ')
      .replace('"Plan Abc"', '"Pl\\u0061n \\u00e9\\u2028\\ud83d\\ude00 Abc"');
    const raw = `\n {  "data" :[ ${item} ]  }\n\n`;
    const accepted = await send(gw.callbackUrl, { body: raw, headers: signedHeaders(raw, gw.secret, 'application/vnd.api+json') });
    expect(accepted.status).toBe(202);

    const reserialised = JSON.stringify(JSON.parse(raw));
    const rejected = await send(gw.callbackUrl, { body: reserialised, headers: signedHeaders(raw, gw.secret) });
    expect(rejected.status).toBe(403);
  });

  it('S8: two live secrets both verify; after the old one is revoked only the new one does, with no restart', async () => {
    const oldSecret = aSecret();
    const newSecret = { ...aSecret(), applicationId: oldSecret.applicationId };
    let live = [oldSecret, newSecret];
    const rotating = await startCallbackGateway({ secrets: () => live });
    try {
      const post = async (secret: typeof oldSecret): Promise<number> => {
        const body = aCallbackBody(aMessageStatusItem({ messageReference: rotating.sink.openJourney() }));
        return (await send(rotating.callbackUrl, { body, headers: signedHeaders(body, secret) })).status;
      };
      expect([await post(oldSecret), await post(newSecret)]).toEqual([202, 202]);
      live = [newSecret];
      expect([await post(oldSecret), await post(newSecret)]).toEqual([401, 202]);
      // The new key with a signature made under the revoked secret is still refused.
      const body = aCallbackBody();
      const forged = { ...signedHeaders(body, oldSecret), 'x-api-key': newSecret.apiKey };
      expect((await send(rotating.callbackUrl, { body, headers: forged })).status).toBe(403);
    } finally {
      await rotating.close();
    }
  });

  it('S9: 415, 413 and 405 are answered before any API key or HMAC check', async () => {
    const failuresBefore = await gw.counter('gateway_callback_auth_failures_total', { reason: 'signature' });
    const body = aCallbackBody();
    for (const contentType of ['text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=latin1', '']) {
      const reply = await send(gw.callbackUrl, { body, headers: contentType === '' ? {} : { 'content-type': contentType } });
      expect(reply.status).toBe(415);
      expectErrorEnvelope(reply, 'UNSUPPORTED_MEDIA_TYPE');
    }
    const gzip = await send(gw.callbackUrl, { body, headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' } });
    expect(gzip.status).toBe(415);

    const big = Buffer.alloc(256 * 1024 + 1, 0x20);
    const declared = await send(gw.callbackUrl, { body: big, headers: { 'content-type': 'application/json' } });
    expect(declared.status).toBe(413);
    expectErrorEnvelope(declared, 'PAYLOAD_TOO_LARGE');
    // Chunked (no Content-Length): the raw parser stops at the limit. The API key is valid so the stream is read.
    const chunks = Readable.from(Array.from({ length: 5 }, () => Buffer.alloc(64 * 1024, 0x20)));
    const chunked = await send(gw.callbackUrl, { body: chunks, headers: { 'content-type': 'application/json', 'x-api-key': gw.secret.apiKey } });
    expect(chunked.status).toBe(413);

    for (const method of ['GET', 'PUT', 'PATCH', 'DELETE'] as const) {
      const reply = await send(gw.callbackUrl, { method, headers: {} });
      expect(reply.status).toBe(405);
      expect(reply.headers.allow).toBe('POST');
      expectErrorEnvelope(reply, 'METHOD_NOT_ALLOWED');
    }
    expect(await gw.counter('gateway_callback_auth_failures_total', { reason: 'signature' })).toBe(failuresBefore);
    expect(await gw.counter('gateway_callback_requests_total', { outcome: 'too_large' })).toBe(2);
  });
});
