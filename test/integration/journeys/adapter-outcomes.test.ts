import { randomBytes, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Client, Connection } from '@temporalio/client';
import { messageReference } from '../../../src/domain';
import { TemporalUnavailableError, type VerifiedStatusEvent } from '../../../src/contracts/ports';
import { createJourneyService } from '../../../src/temporal/journey-service';
import { freePort } from '../../../src/temporal/tcp-ports';
import { TEST_DATA_CONVERTER } from '../../support/temporal';
import { useJourneySuite } from './support/journey-suite';
import { messageStatusItem } from './support/signed-callbacks';

function anEvent(reference: string): VerifiedStatusEvent {
  const item = messageStatusItem({ messageId: '2WL3qFTEFM0qMY8xjRbt1LIKCzM', messageReference: reference, routingPlan: { id: 'plan', version: 'v1' } }, 'delivered', Date.now());
  return { idempotencyKey: item.meta.idempotencyKey, messageReference: reference, messageId: item.attributes.messageId, item, receivedAt: new Date().toISOString() };
}

describe('the Temporal adapter answers expected outcomes as results and only unreachability as an error', () => {
  const s = useJourneySuite();

  it('S12: a callback for an unknown message is unknown-journey; for a finished one, closed-journey', async () => {
    expect(await s.h.service.deliver(anEvent(randomUUID()))).toBe('unknown-journey');
    const journeyId = await s.start({ recipient: 'deliveredFirstChannel' });
    await s.resultOf(journeyId);
    expect(await s.h.service.deliver(anEvent(messageReference(journeyId, 'nhsapp', 'nhsapp')))).toBe('closed-journey');
    expect(await s.h.service.get('journey-appointment-reminder-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa')).toBeUndefined();
    expect(await s.h.service.cancel('journey-appointment-reminder-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', { reason: 'patient_request' })).toEqual({ kind: 'not-found' });
    expect(await s.h.service.cancel(journeyId, { reason: 'patient_request' })).toEqual({ kind: 'closed' });
  });

  it('lists journeys by type and status from visibility, with a cursor', async () => {
    const ids = await Promise.all([1, 2, 3].map(() => s.start({ recipient: 'deliveredFirstChannel' })));
    await Promise.all(ids.map((id) => s.resultOf(id)));
    const seen = new Set<string>();
    let cursor: string | undefined;
    for (let page = 0; page < 100 && !ids.every((id) => seen.has(id)); page += 1) {
      const result = await s.h.service.list({ type: 'appointment-reminder', status: 'delivered', limit: 2, ...(cursor === undefined ? {} : { cursor }) });
      result.items.forEach((item) => { expect(item.status).toBe('delivered'); seen.add(item.journeyId); });
      cursor = result.nextCursor;
      if (cursor === undefined) await new Promise((r) => setTimeout(r, 200)); // visibility is eventually consistent
    }
    expect(ids.every((id) => seen.has(id))).toBe(true);
  });

  it('Temporal unreachable → TemporalUnavailableError (the gateway answers 503 + Retry-After), for every call', async () => {
    const connection = Connection.lazy({ address: `127.0.0.1:${await freePort()}`, connectTimeout: 500 });
    const service = createJourneyService({ client: new Client({ connection, dataConverter: TEST_DATA_CONVERTER }), taskQueue: 'nowhere', catalogue: s.h.catalogue, journeyIdSecret: randomBytes(32), callTimeoutMs: 1_000 });
    await expect(service.deliver(anEvent(randomUUID()))).rejects.toBeInstanceOf(TemporalUnavailableError);
    await expect(service.get('journey-appointment-reminder-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa')).rejects.toBeInstanceOf(TemporalUnavailableError);
    await expect(service.list({ limit: 5 })).rejects.toBeInstanceOf(TemporalUnavailableError);
    await connection.close();
  });
});
