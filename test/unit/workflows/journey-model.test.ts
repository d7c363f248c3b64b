import { describe, expect, it } from 'vitest';
import { messageReference } from '../../../src/domain';
import { searchAttributeCliArgs } from '../../../src/temporal/search-attributes';
import { journeyIdOfEscalation } from '../../../src/temporal/journeys/escalations';
import { entriesOf } from '../../../src/temporal/journeys/journey-answers';
import { equals } from '../../../src/temporal/journeys/visibility';
import { journeyTypeOfId } from '../../../src/temporal/journey-service';
import { anchorClock, journeyClock } from '../../../workflows/journey/journey-clock';
import type { JourneyState } from '../../../workflows/journey/journey-state';
import { buildView } from '../../../workflows/journey/journey-view';
import { SEARCH_ATTRIBUTES } from '../../../workflows/common/search-attributes';
import { ApplicationFailure } from '@temporalio/workflow';
import { checkedInput } from '../../../workflows/journey/validate-input';
import { carriedInput } from '../../../workflows/journey/published-plan';
import { toJourneyPlan, type JourneyInput } from '../../../workflows';
import { builtInCatalogue } from '../../../src/catalogue/built-in';

const reminder = builtInCatalogue()['appointment-reminder'];
const journeyId = 'journey-appointment-reminder-abcdefghijklmnopqrstuvwxyz234567';

function aState(overrides: Partial<JourneyState> = {}): JourneyState {
  return {
    status: 'awaiting_outcome', createdAt: 1_000, updatedAt: 5_000, eventAt: 900_000_000, personalisation: { provided: { clinicName: 'Canary Clinic' }, values: { clinicName: 'Canary Clinic' } },
    steps: [{
      stepId: 'nhsapp', channel: 'nhsapp', messageReference: messageReference(journeyId, 'nhsapp', 'nhsapp'), template: { id: 'appointment-reminder-nhsapp', version: '1' },
      routingPlan: { name: 'nhsapp-only', id: 'plan-1', version: 'v3' }, startedAt: 2_000, scheduledAt: 2_000, accepted: 'now', acceptedAt: new Date(3_000).toISOString(), messageId: 'msg-1',
      outcome: 'failed', failureCode: 'CFR_SUPE_0001', finishedAt: 4_000,
      message: { messageReference: messageReference(journeyId, 'nhsapp', 'nhsapp'), messageId: 'msg-1', status: 'failed', reachedAt: { created: 3_000, failed: 3_500 }, channels: {}, seenIdempotencyKeys: ['a', 'b'] },
    }],
    escalations: [], skipped: [{ stepId: 'letter', reason: 'letter_cannot_arrive_in_time', at: 4_000 }],
    log: [{ at: 1_000, kind: 'journey-started' }, { at: 4_000, kind: 'step-finished', stepId: 'nhsapp', stepOutcome: 'failed', failureCode: 'CFR_SUPE_0001' }],
    phase: 'planning', ...overrides,
  };
}

describe('the journey view (timeline query answer)', () => {
  const view = buildView({ journeyId, journeyType: 'appointment-reminder', journeyVersion: 1, steps: reminder.steps, deadline: 800_000_000 }, aState());

  it('C4: lists every step in journey order with template, routing plan version, message id and statuses with times', () => {
    expect(view.steps.map((s) => [s.stepId, s.status])).toEqual([['nhsapp', 'failed'], ['sms', 'pending'], ['letter', 'skipped']]);
    expect(view.steps[0]).toMatchObject({ template: { version: '1' }, routingPlan: { id: 'plan-1', version: 'v3' }, messageId: 'msg-1', sentAt: 3_000 });
    expect(view.steps[0]?.history.map((h) => h.status)).toEqual(['created', 'failed']);
    expect(view.steps[2]).toMatchObject({ skipReason: 'letter_cannot_arrive_in_time', messageReference: messageReference(journeyId, 'letter', 'letter') });
  });

  it('P1: carries no personalisation values or contact details', () => {
    expect(JSON.stringify(view)).not.toContain('Canary Clinic');
    expect(JSON.stringify(entriesOf(view))).not.toContain('Canary Clinic');
  });

  it('flattens to an oldest-first timeline for the API', () => {
    const entries = entriesOf(view);
    expect(entries.map((e) => e.at)).toEqual([...entries.map((e) => e.at)].sort());
    expect(entries.find((e) => e.kind === 'message-sent')).toMatchObject({ channel: 'nhsapp', templateVersion: '1', routingPlan: { id: 'plan-1', version: 'v3' } });
  });
});

describe('the journey clock (R12: compressed calendars)', () => {
  it('maps journey time to real time at the chosen speed, and never waits a negative time', () => {
    const clock = journeyClock(anchorClock({ speed: 3_600, startAt: Date.parse('2026-10-24T19:30:00Z') }, Date.now()));
    expect(clock.realMs(3_600_000)).toBe(1_000);
    expect(clock.realMsUntil(clock.now() - 1)).toBe(0);
    expect(Math.abs(clock.now() - Date.parse('2026-10-24T19:30:00Z'))).toBeLessThan(3_600 * 50);
  });
  it('defaults to real time', () => {
    const clock = journeyClock(anchorClock(undefined, 1_000));
    expect(clock.anchor).toEqual({ speed: 1, journeyMs: 1_000, realMs: 1_000 });
  });
});

describe('journey input checks and identifiers', () => {
  const input: JourneyInput = {
    plan: toJourneyPlan(reminder), eventAt: Date.now(), recipient: { nhsNumber: '9990000018' },
    personalisation: { provided: {}, values: {} }, requestFingerprint: 'f',
  };
  const problemOf = (value: unknown) => {
    const checked = checkedInput(value as JourneyInput);
    return checked.ok ? undefined : checked.problem;
  };
  it('a bad input gets a named problem instead of a stuck workflow', () => {
    expect(checkedInput(input)).toEqual({ ok: true, input });
    expect(problemOf({ ...input, eventAt: Number.NaN })).toBe('INVALID_EVENT_TIME');
    expect(problemOf({ ...input, plan: { ...input.plan, steps: [] } })).toBe('INVALID_JOURNEY_PLAN');
    expect(problemOf({ ...input, clock: { speed: 0 } })).toBe('INVALID_CLOCK');
  });
  it('L5: a planRef names a published version the bundle holds: the journey runs on exactly the plan it names', () => {
    const { plan, ...fields } = input;
    const planRef = { type: 'appointment-reminder', version: 1 };
    expect(checkedInput({ ...fields, planRef })).toEqual({ ok: true, input: { ...fields, planRef, plan } });
    // Exactly one of the two: both, neither, or a malformed reference is a bad input, not a retried task.
    expect(problemOf({ ...fields, plan, planRef })).toBe('INVALID_JOURNEY_PLAN');
    expect(problemOf(fields)).toBe('INVALID_JOURNEY_PLAN');
    expect(problemOf({ ...fields, planRef: { type: 'appointment-reminder', version: '1' } })).toBe('INVALID_JOURNEY_PLAN');
  });
  it('L5: a planRef to a version this bundle lacks throws a plain Error (a workflow task failure, retried), not a journey failure', () => {
    const { plan: _plan, ...fields } = input;
    let thrown: unknown;
    try { checkedInput({ ...fields, planRef: { type: 'appointment-reminder', version: 99 } }); } catch (error) { thrown = error; }
    expect(thrown).toBeInstanceOf(Error);
    expect(thrown).not.toBeInstanceOf(ApplicationFailure);
    expect(String(thrown)).toContain('appointment-reminder@99 is not in this worker');
  });
  it('L5: a continue-as-new carries what the journey started with: the planRef, not the plan it names', () => {
    const { plan, ...fields } = input;
    const planRef = { type: 'appointment-reminder', version: 1 };
    expect(carriedInput({ ...fields, planRef, plan })).toEqual({ ...fields, planRef });
    expect(carriedInput(input)).toEqual(input);
  });
  it('journey and escalation ids parse back; visibility filters refuse anything but a safe charset', () => {
    expect(journeyTypeOfId(journeyId)).toBe('appointment-reminder');
    expect(journeyTypeOfId('notify-message-x')).toBeUndefined();
    expect(journeyIdOfEscalation(`${journeyId}:3`)).toBe(journeyId);
    expect(journeyIdOfEscalation(journeyId)).toBeUndefined();
    expect(equals('JourneyStatus', 'escalated')).toBe("JourneyStatus = 'escalated'");
    expect(() => equals('JourneyStatus', "x' OR 1=1")).toThrow(RangeError);
  });
  it('the dev server registers every journey search attribute with its type', () => {
    expect(searchAttributeCliArgs()).toEqual([
      '--search-attribute', 'JourneyType=Keyword', '--search-attribute', 'JourneyStatus=Keyword', '--search-attribute', 'JourneyStep=Keyword',
      '--search-attribute', 'NotifyMessageId=Keyword', '--search-attribute', 'EscalationOpen=Bool',
      '--search-attribute', 'WebhookSubscription=Keyword', '--search-attribute', 'JourneyCohort=Keyword',
    ]);
    expect(SEARCH_ATTRIBUTES).toHaveLength(7);
  });
});
