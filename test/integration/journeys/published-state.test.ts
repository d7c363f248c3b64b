import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { temporal } from '@temporalio/proto';
import { BUILT_IN_CATALOGUE_DIR, loadCatalogue } from '../../../src/catalogue/load-catalogue';
import { createJourneyService } from '../../../src/temporal/journey-service';
import { TemporalUnavailableError } from '../../../src/contracts/ports';
import { MEMO_KEYS, timelineQuery, type JourneyView } from '../../../workflows';
import { NotifyMessageId } from '../../../workflows/common/search-attributes';
import { uniqueTaskQueue } from '../../support/temporal';
import { testTimings } from './support/journey-harness';
import { useJourneySuite, waitFor } from './support/journey-suite';
import { aStartRequest, idempotencyOf } from './support/requests';

const EventType = temporal.api.enums.v1.EventType;

describe('L1: journeys answer from what they publish, not from a query per request', () => {
  const s = useJourneySuite();

  it('L1: a journey nobody runs yet (no worker on its queue) is answered from its first published view; its live view is not', async () => {
    const { current: catalogue } = loadCatalogue(BUILT_IN_CATALOGUE_DIR, testTimings());
    const service = createJourneyService({ client: s.env.client, taskQueue: uniqueTaskQueue('no-worker'), catalogue, journeyIdSecret: randomBytes(32), callTimeoutMs: 1_000 });
    const request = aStartRequest(catalogue);
    const started = await service.start(request, idempotencyOf(request));
    expect(started.kind).toBe('new');
    if (started.kind !== 'new') return;
    const published = await service.get(started.journey.journeyId);
    expect(published).toMatchObject({ journeyId: started.journey.journeyId, type: 'appointment-reminder', status: 'scheduled' });
    expect(published?.steps.map((step) => step.status)).toEqual(['pending', 'pending', 'pending']);
    expect(published?.timeline.map((entry) => entry.kind)).toEqual(['journey-started']);
    // Asking the workflow needs a worker: with none, the live read times out (503) where the published one answered.
    await expect(service.get(started.journey.journeyId, { live: true })).rejects.toBeInstanceOf(TemporalUnavailableError);
    await s.env.client.workflow.getHandle(started.journey.journeyId).terminate('test over');
  });

  it('L1: the published view is the query\'s answer; GET shows NHS Notify\'s acceptance while the message is out', async () => {
    const drop = s.h.sim.faults.dropCallbacks(); // no callbacks: the message stays out, accepted but not delivered
    try {
      const journeyId = await s.start({ recipient: 'deliveredFirstChannel' });
      const reference = await waitFor(async () => {
        const step = (await s.h.service.get(journeyId))?.steps[0];
        return step?.status === 'sent' ? step.messageReference : undefined;
      }, 20_000, 'the step published as sent');
      const details = (await s.h.service.get(journeyId))!;
      expect(details.status).toBe('awaiting_outcome');
      const [entry] = s.h.sim.ledger.byReference(reference);
      expect(details.steps[0]).toMatchObject({ messageId: entry!.messageId, routingPlan: { id: entry!.routingPlanId } });

      // The parent's memo is exactly what its query answers (the journey publishes before it waits).
      const handle = s.env.client.workflow.getHandle(journeyId);
      const [memo, queried] = await Promise.all([handle.describe().then((d) => d.memo?.[MEMO_KEYS.journey] as JourneyView), handle.query(timelineQuery)]);
      expect(memo).toEqual(queried);
    } finally {
      s.h.sim.faults.remove(drop.id);
    }
  });

  it('L2: a delivered journey writes its search attributes in fewer upserts; its memo holds the final view', async () => {
    const journeyId = await s.start({ recipient: 'deliveredFirstChannel' });
    const result = await s.resultOf(journeyId);
    expect(result.outcome).toBe('delivered');
    const handle = s.env.client.workflow.getHandle(journeyId);
    const history = await handle.fetchHistory();
    const types = (history.events ?? []).map((event) => event.eventType);
    // Before publishing: sending, step, awaiting_outcome, message id and delivered were five upserts.
    // patched() adds its own upsert (TemporalChangeVersion); the journey's are the ones that write its attributes.
    const upserts = (history.events ?? []).filter((event) => Object.keys(event.upsertWorkflowSearchAttributesEventAttributes?.searchAttributes?.indexedFields ?? {})
      .some((name) => name !== 'TemporalChangeVersion')).length;
    expect(upserts).toBeLessThanOrEqual(3);
    expect(types.filter((t) => t === EventType.EVENT_TYPE_MARKER_RECORDED).length).toBeGreaterThanOrEqual(1); // the patch marker
    const described = await handle.describe();
    expect(described.memo?.[MEMO_KEYS.journey]).toEqual(result.view);
    expect(described.typedSearchAttributes.get(NotifyMessageId)).toBe(result.view.steps[0]!.messageId);
  });

  it('L3: the worklist answers from the published views, and lists every open escalation', async () => {
    // A patient NHS Notify cannot contact goes straight to staff (PDS: not found).
    const ids = await Promise.all([0, 1, 2].map(() => s.start({ recipient: 'patientNotFound' })));
    const listed = await waitFor(async () => {
      const page = await s.h.service.listEscalations({ status: 'open', limit: 50 });
      const mine = page.items.filter((item) => ids.includes(item.journeyId));
      return mine.length === ids.length ? mine : undefined;
    }, 30_000, 'three open escalations listed');
    expect(listed.every((item) => item.status === 'open' && item.reason === 'patient_not_contactable')).toBe(true);
    await Promise.all(ids.map((id) => s.env.client.workflow.getHandle(id).terminate('test over')));
  });
});
