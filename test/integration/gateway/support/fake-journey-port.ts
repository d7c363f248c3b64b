import { randomBytes } from 'node:crypto';

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';
/** A fresh id in the real journey id format (domain journeyWorkflowId): `journey-<type>-<32 base32>`. */
export const aJourneyId = (type: string): string => `journey-${type}-${Array.from(randomBytes(32), (b) => BASE32[b % 32]).join('')}`;
import {
  TemporalUnavailableError, type CancelOutcome, type ChangeOutcome, type EscalationFilter, type EscalationOutcomeResult,
  type EscalationView, type IdempotencyContext, type JourneyFilter, type JourneyPort, type JourneyTimeline, type Page, type StartOutcome,
} from '../../../../src/contracts/ports';
import type {
  EscalationOutcomeRequest, ValidAppointmentChange, ValidCancelJourneyRequest, ValidStartJourneyRequest,
} from '../../../../src/domain/messages/commands/v1';

interface Stored {
  journey: JourneyTimeline;
  requestHash: string;
}

/**
 * An in-memory JourneyPort with the semantics the Temporal adapter must have: the business key
 * (type, NHS number, eventId) is the idempotency key; a repeat with the same hash is a duplicate, with a
 * different hash a conflict. Everything is synchronous between awaits, so concurrent starts are atomic.
 */
export class FakeJourneyPort implements JourneyPort {
  readonly byKey = new Map<string, Stored>();
  readonly escalations = new Map<string, EscalationView>();
  readonly calls: { method: string; args: unknown[] }[] = [];
  down = false;
  /** ChangeOutcome to return instead of applying the change, for error-path tests. */
  changeOverride: ChangeOutcome | undefined;

  private guard(method: string, ...args: unknown[]): void {
    this.calls.push({ method, args });
    if (this.down) throw new TemporalUnavailableError(11);
  }

  private byId(id: string): Stored | undefined {
    return [...this.byKey.values()].find((s) => s.journey.journeyId === id);
  }

  async start(request: ValidStartJourneyRequest, idempotency: IdempotencyContext): Promise<StartOutcome> {
    await Promise.resolve();
    this.guard('start', request, idempotency);
    const key = `${request.journeyType}|${request.patient.nhsNumber}|${request.eventId}`;
    const existing = this.byKey.get(key);
    if (existing !== undefined) return existing.requestHash === idempotency.requestHash ? { kind: 'duplicate', journey: existing.journey } : { kind: 'conflict' };
    const now = new Date().toISOString();
    const journey: JourneyTimeline = { journeyId: aJourneyId(request.journeyType), type: request.journeyType, status: 'running', createdAt: now,
      timeline: [{ at: now, kind: 'started' }] };
    this.byKey.set(key, { journey, requestHash: idempotency.requestHash });
    return { kind: 'new', journey };
  }

  get(journeyId: string): Promise<JourneyTimeline | undefined> {
    this.guard('get', journeyId);
    return Promise.resolve(this.byId(journeyId)?.journey);
  }

  list(filter: JourneyFilter): Promise<Page<JourneyTimeline>> {
    this.guard('list', filter);
    const items = [...this.byKey.values()].map((s) => s.journey)
      .filter((j) => (filter.type === undefined || j.type === filter.type) && (filter.status === undefined || j.status === filter.status));
    return Promise.resolve({ items: items.slice(0, filter.limit), ...(items.length > filter.limit ? { nextCursor: 'next' } : {}) });
  }

  change(journeyId: string, patch: ValidAppointmentChange): Promise<ChangeOutcome> {
    this.guard('change', journeyId, patch);
    if (this.changeOverride !== undefined) return Promise.resolve(this.changeOverride);
    const stored = this.byId(journeyId);
    if (stored === undefined) return Promise.resolve({ kind: 'not-found' });
    if (stored.journey.status !== 'running') return Promise.resolve({ kind: 'closed' });
    stored.journey = { ...stored.journey, updatedAt: new Date().toISOString(), timeline: [...stored.journey.timeline, { at: patch.eventTime, kind: 'changed' }] };
    return Promise.resolve({ kind: 'changed', journey: stored.journey });
  }

  cancel(journeyId: string, request: ValidCancelJourneyRequest): Promise<CancelOutcome> {
    this.guard('cancel', journeyId, request);
    const stored = this.byId(journeyId);
    if (stored === undefined) return Promise.resolve({ kind: 'not-found' });
    if (stored.journey.status === 'completed') return Promise.resolve({ kind: 'closed' });
    stored.journey = { ...stored.journey, status: 'cancelled' };
    return Promise.resolve({ kind: 'cancelled', journey: stored.journey });
  }

  listEscalations(filter: EscalationFilter): Promise<Page<EscalationView>> {
    this.guard('listEscalations', filter);
    const items = [...this.escalations.values()].filter((e) => filter.status === undefined || e.status === filter.status);
    return Promise.resolve({ items: items.slice(0, filter.limit) });
  }

  recordEscalationOutcome(escalationId: string, outcome: EscalationOutcomeRequest): Promise<EscalationOutcomeResult> {
    this.guard('recordEscalationOutcome', escalationId, outcome);
    const existing = this.escalations.get(escalationId);
    if (existing === undefined) return Promise.resolve({ kind: 'not-found' });
    if (existing.status === 'closed') return Promise.resolve({ kind: 'closed' });
    const escalation: EscalationView = { ...existing, status: 'closed', outcome: outcome.outcome, closedAt: new Date().toISOString() };
    this.escalations.set(escalationId, escalation);
    return Promise.resolve({ kind: 'recorded', escalation });
  }

  /** Seeds an open escalation and returns its id. */
  raiseEscalation(journeyId = aJourneyId('appointment-reminder')): string {
    const escalationId = `${journeyId}:${this.escalations.size + 1}`;
    this.escalations.set(escalationId, { escalationId, journeyId, reason: 'ALL_CHANNELS_FAILED', status: 'open', raisedAt: new Date().toISOString() });
    return escalationId;
  }
}
