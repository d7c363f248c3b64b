import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  acceptedEvent, applyStatusEvent, deliveredChannel, emptyMessageState, isTerminal, outcome,
  type ChannelStatus, type MessageState, type MessageStatus, type NotifyStatusEvent, type SupplierStatus,
} from '../../../src/domain';

const REF = 'a3f1c0de-0000-8000-8000-000000000001';
const MESSAGE_ID = '2WL3qFTEFM0qMY8xjRbt1LIKCzM';
const PLAN = { id: '4f8a1a52-0002-4c6e-9b7a-5d0a2f3b1c02', version: 'v1' };
const T0 = Date.parse('2026-03-29T00:30:00Z');

let keyCounter = 0;
const nextKey = (): string => `key-${(keyCounter += 1)}`;

function messageEvent(status: MessageStatus, at: number, extra: Partial<NotifyStatusEvent> = {}): NotifyStatusEvent {
  return { kind: 'message', messageId: MESSAGE_ID, messageReference: REF, status, timestamp: at, idempotencyKey: nextKey(), routingPlan: PLAN, ...extra } as NotifyStatusEvent;
}

function channelEvent(status: ChannelStatus, at: number, supplierStatus?: SupplierStatus, extra: Partial<NotifyStatusEvent> = {}): NotifyStatusEvent {
  return {
    kind: 'channel', messageId: MESSAGE_ID, messageReference: REF, channel: 'nhsapp', status, timestamp: at,
    idempotencyKey: nextKey(), cascadeOrder: 1, retryCount: 0, ...(supplierStatus ? { supplierStatus } : {}), ...extra,
  } as NotifyStatusEvent;
}

function fold(events: readonly NotifyStatusEvent[]): { state: MessageState; trace: ReturnType<typeof applyStatusEvent>[] } {
  let state = emptyMessageState(REF);
  const trace = events.map((event) => {
    const result = applyStatusEvent(state, event);
    state = result.state;
    return result;
  });
  return { state, trace };
}

/** A realistic life of one message: an ordered subset of progress statuses, one terminal, channel events. */
const arbLife = fc.record({
  progress: fc.subarray(['created', 'pending_enrichment', 'enriched', 'sending'] as const),
  terminal: fc.constantFrom('delivered', 'failed'),
  supplier: fc.subarray(['received', 'notified', 'read'] as const),
  withSummary: fc.boolean(),
}).map(({ progress, terminal, supplier, withSummary }) => {
  let at = T0;
  const tick = (): number => (at += 60_000);
  const events: NotifyStatusEvent[] = progress.map((status) => messageEvent(status, tick()));
  events.push(channelEvent('sending', tick()));
  for (const s of supplier) events.push(channelEvent('sending', tick(), s));
  const channelTerminal = terminal === 'delivered' ? 'delivered' : 'failed';
  events.push(channelEvent(channelTerminal, tick(), terminal === 'delivered' ? 'read' : undefined,
    terminal === 'failed' ? { failureCode: 'CFR_SUPE_0001', description: 'Failed reason: Not registered with NHS App' } : {}));
  events.push(messageEvent(terminal, tick(), {
    ...(withSummary ? { channels: [{ channel: 'nhsapp', status: channelTerminal }] } : {}),
    ...(terminal === 'failed' ? { failureCode: 'MFR_SUPE_0007' } : {}),
  }));
  return { events, terminal };
});

/** The events of a life, with some redelivered (same idempotency key), in an arbitrary order. */
const arbDelivery = arbLife.chain(({ events, terminal }) => fc.record({
  events: fc.constant(events),
  terminal: fc.constant(terminal),
  delivered: fc.array(fc.constantFrom(...events), { maxLength: 8 })
    .chain((dupes) => fc.shuffledSubarray([...events, ...dupes], { minLength: events.length + dupes.length })),
}));

describe('status projection', () => {
  it('R14: status projection is monotone under any order and duplicates', () => {
    fc.assert(fc.property(arbDelivery, ({ events, terminal, delivered }) => {
      const inOrder = fold(events).state;
      const { state, trace } = fold(delivered);
      // Same final state for every permutation, duplicates included.
      expect(state).toEqual(inOrder);
      expect(state.status).toBe(terminal);
      expect(outcome(state)).toBe(terminal);
      // Terminal never regresses.
      let terminalSeen: MessageStatus | undefined;
      for (const step of trace) {
        if (terminalSeen !== undefined) expect(step.state.status).toBe(terminalSeen);
        if (isTerminal(step.state)) terminalSeen = step.state.status;
      }
      // Each idempotency key is applied at most once.
      const appliedPerKey = new Map<string, number>();
      trace.forEach((step, i) => {
        if (step.applied) appliedPerKey.set(delivered[i]!.idempotencyKey, (appliedPerKey.get(delivered[i]!.idempotencyKey) ?? 0) + 1);
        if (delivered.slice(0, i).some((e) => e.idempotencyKey === delivered[i]!.idempotencyKey)) expect(step.reason).toBe('duplicate');
      });
      for (const count of appliedPerKey.values()) expect(count).toBe(1);
    }), { numRuns: 1_000 });
  });

  it('R14: a replayed old callback (after any dedup TTL) cannot change a terminal state', () => {
    const created = messageEvent('created', T0);
    const { state } = fold([created, messageEvent('delivered', T0 + 5_000)]);
    const replay = applyStatusEvent({ ...state, seenIdempotencyKeys: [] }, created); // the dedup store forgot it
    expect(replay.state.status).toBe('delivered');
    expect(replay.reason).toBe('after_terminal');
  });

  it('keeps the first terminal status and reports a conflicting one', () => {
    const { state, trace } = fold([messageEvent('delivered', T0), messageEvent('failed', T0 + 1)]);
    expect(state.status).toBe('delivered');
    expect(trace[1]).toMatchObject({ applied: false, reason: 'terminal_conflict' });
  });

  it('progress order beats clock skew: a terminal event with an earlier timestamp still applies', () => {
    const { state, trace } = fold([messageEvent('sending', T0 + 10_000), messageEvent('delivered', T0)]);
    expect(state.status).toBe('delivered');
    expect(trace[1]?.reason).toBe('advanced');
  });

  it('ignores a stale supplier status (older timestamp) but records an earlier progress time', () => {
    const { state, trace } = fold([channelEvent('sending', T0 + 2_000, 'notified'), channelEvent('sending', T0 + 1_000, 'received')]);
    expect(state.channels.nhsapp?.supplierStatus).toBe('notified');
    expect(state.channels.nhsapp?.reachedAt.sending).toBe(T0 + 1_000);
    expect(trace[1]?.reason).toBe('recorded');
    const stale = applyStatusEvent(state, channelEvent('created', T0 + 3_000));
    expect(stale.state.channels.nhsapp?.status).toBe('sending');
  });

  it('ignores events for another message', () => {
    const result = applyStatusEvent(emptyMessageState(REF), messageEvent('delivered', T0, { messageReference: 'other' }));
    expect(result).toMatchObject({ applied: false, reason: 'wrong_message' });
    expect(result.state.status).toBeUndefined();
  });

  it('tracks channels with supplier status, failure codes and times', () => {
    const { state } = fold([
      acceptedEvent({ messageId: MESSAGE_ID, messageReference: REF, createdAt: T0, routingPlan: PLAN }),
      channelEvent('failed', T0 + 2_000, 'unnotified', { failureCode: 'CFR_SUPE_0001', description: 'Failed reason: Not registered with NHS App' }),
      messageEvent('failed', T0 + 3_000, { failureCode: 'MFR_SUPE_0007', description: 'Failed reason: The provider could not deliver' }),
    ]);
    expect(state).toMatchObject({
      status: 'failed', messageId: MESSAGE_ID, routingPlan: PLAN, failureCode: 'MFR_SUPE_0007',
      reachedAt: { created: T0, failed: T0 + 3_000 },
      channels: { nhsapp: { status: 'failed', supplierStatus: 'unnotified', failureCode: 'CFR_SUPE_0001', reachedAt: { failed: T0 + 2_000 } } },
    });
    expect(deliveredChannel(state)).toBeUndefined();
    // Recording the same 201 twice is a no-op.
    expect(applyStatusEvent(state, acceptedEvent({ messageId: MESSAGE_ID, messageReference: REF, createdAt: T0, routingPlan: PLAN })).reason).toBe('duplicate');
  });
});
