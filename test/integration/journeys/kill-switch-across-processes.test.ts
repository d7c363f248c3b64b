/**
 * The sending controls across processes, as in a split deployment: the API changes the switch through its own
 * controls service, and the worker's journeys read theirs through a cache. The worker's cache here is kept for a
 * minute and the periodic re-check set at ten, so passing proves the woken journey asked afresh: a cached
 * "paused" would hold it past the test's wait.
 */
import { describe, expect, it } from 'vitest';
import { createSendingControls } from '../../../src/temporal/controls/sending-controls-service';
import { useJourneySuite, waitFor } from './support/journey-suite';

const PAUSE = { action: 'pause', scope: { kind: 'journey-type', journeyType: 'appointment-reminder' }, role: 'on_call_engineer', reason: 'wrong clinic number' } as const;
const RESUME = { ...PAUSE, action: 'resume', reason: 'template corrected' } as const;

describe('sending controls changed by another process', () => {
  const s = useJourneySuite({ controls: { cacheMs: 60_000, recheckAfterMs: 10 * 60_000 } });
  const statusOf = async (journeyId: string) => (await s.h.service.get(journeyId))?.status;

  it('O9: a resume made by another process releases a held journey at once, though the worker cached "paused" a moment before', async () => {
    const api = createSendingControls({ client: s.env.client, taskQueue: s.taskQueue });
    await api.change(PAUSE);
    const held = await s.start({ recipient: 'deliveredFirstChannel', eventInMs: 250_000 });
    await waitFor(async () => ((await statusOf(held)) === 'paused' ? true : undefined), 90_000, 'the journey held');
    const sentWhileHeld = s.h.sim.ledger.entries().length;

    await api.change(RESUME);
    await waitFor(async () => ((await statusOf(held)) === 'delivered' ? true : undefined), 120_000, 'the released journey delivered');
    expect(sentWhileHeld).toBe(0);
    expect(s.h.sim.ledger.entries().length).toBe(1);
  }, 300_000);
});
