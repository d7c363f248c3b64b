import { describe, expect, it } from 'vitest';
import type { CommunicationsRecord, JourneyRecord, PatientLookup, RecordedFact } from '../../../src/audit/communications-record';
import { consolePatientCommunications, journeyOf } from '../../../src/console/communications-record-adapter';
import type { FactDetail } from '../../../src/domain/audit/journey-fact';
import { isValidNhsNumber } from '../../../src/domain/nhs-number';

const T0 = Date.parse('2026-04-01T09:00:00Z');
const MIN = 60_000;

function facts(list: readonly [kind: string, minutes: number, detail: FactDetail][]): RecordedFact[] {
  return list.map(([kind, minutes, detail], i) => {
    const at = new Date(T0 + minutes * MIN).toISOString();
    return { seq: i + 1, kind, at, recordedAt: at, detail, hash: 'h'.repeat(64) };
  });
}

const accepted = (stepId: string, channel: string, reference: string): FactDetail => ({
  stepId, messageReference: reference, channel, templateId: `appointment-reminder-${channel}`, templateVersion: '1',
  routingPlan: `${channel}-only`, routingPlanVersion: `local-${channel}-v1`,
});

/** The NHS App failed, the journey fell back to SMS, which NHS Notify never finished: the step timed out, then staff. */
const escalatedJourney: JourneyRecord = {
  journeyId: 'journey-appointment-reminder-x', journeyType: 'appointment-reminder', chainIntact: true,
  facts: facts([
    ['journey-started', 0, { journeyType: 'appointment-reminder' }],
    ['message-accepted', 1, accepted('nhsapp', 'nhsapp', 'ref-1')],
    ['status-changed', 1, { messageReference: 'ref-1', status: 'created' }],
    ['status-changed', 2, { messageReference: 'ref-1', status: 'failed', failureCode: 'CFR_SUPE_0001' }],
    ['step-finished', 2, { stepId: 'nhsapp', outcome: 'failed', failureCode: 'CFR_SUPE_0001' }],
    ['fallback-decided', 2, { from: 'nhsapp', to: 'sms', reasonCode: 'CFR_SUPE_0001' }],
    ['message-accepted', 3, accepted('sms', 'sms', 'ref-2')],
    ['status-changed', 3, { messageReference: 'ref-2', status: 'sending' }],
    ['step-finished', 30, { stepId: 'sms', outcome: 'timed_out' }],
    ['fallback-decided', 31, { from: 'sms', to: 'staff-escalation', reasonCode: 'timed_out', escalationReason: 'no_channel_in_time' }],
    ['escalation-opened', 31, { escalationId: 'esc-1', reason: 'no_channel_in_time', dueAt: '2026-04-02T09:31:00.000Z' }],
  ]),
};

describe('the console over the communications record', () => {
  it('P8: a journey\'s facts become its messages, newest first, with versions, status history (newest first) and fallbacks', () => {
    const journey = journeyOf(escalatedJourney);
    expect(journey).toMatchObject({ journeyId: escalatedJourney.journeyId, journeyType: 'appointment-reminder', status: 'escalated', startedAt: T0 });
    expect(journey.messages.map((m) => [m.channel, m.fallback, m.status])).toEqual([['sms', true, 'timed_out'], ['nhsapp', false, 'failed']]);
    const [sms, nhsapp] = journey.messages;
    expect(sms?.statusHistory).toEqual([{ at: T0 + 30 * MIN, status: 'timed_out' }, { at: T0 + 3 * MIN, status: 'sending' }]);
    expect(nhsapp).toMatchObject({
      templateId: 'appointment-reminder-nhsapp', templateVersion: '1', routingPlan: { name: 'nhsapp-only', version: 'local-nhsapp-v1' }, sentAt: T0 + MIN,
      statusHistory: [{ at: T0 + 2 * MIN, status: 'failed' }, { at: T0 + MIN, status: 'created' }],
    });
  });

  it('P8: the journey status follows the record: finished, with staff while an escalation is open, held, not yet sent', () => {
    const withFacts = (extra: [string, number, FactDetail][]) => journeyOf({ ...escalatedJourney, facts: [...escalatedJourney.facts, ...facts(extra)] });
    expect(withFacts([['escalation-closed', 40, { escalationId: 'esc-1', outcome: 'phoned' }], ['journey-finished', 41, { outcome: 'handled_by_staff' }]]).status).toBe('handled_by_staff');
    const held = journeyOf({ ...escalatedJourney, facts: facts([['journey-started', 0, {}], ['sending-held', 1, { stepId: 'nhsapp', scope: 'journey-type=appointment-reminder', role: 'staff_console', reason: 'drill' }]]) });
    expect(held.status).toBe('paused');
    expect(journeyOf({ ...escalatedJourney, facts: facts([['journey-started', 0, {}]]) }).status).toBe('scheduled');
  });

  it('K6: a lookup is the record\'s own lookupPatient, as the console viewer, page after page until every journey is read', async () => {
    const calls: PatientLookup[] = [];
    const record: CommunicationsRecord = {
      lookupPatient(lookup) {
        calls.push(lookup);
        return Promise.resolve(lookup.pageToken === undefined
          ? { journeys: [{ ...escalatedJourney, journeyId: 'newer' }], nextPageToken: 'page-2' }
          : { journeys: [{ ...escalatedJourney, journeyId: 'older' }] });
      },
      journeyRecord: () => Promise.reject(new Error('not used by the console')),
    };
    const nhsNumber = '9990000034';
    if (!isValidNhsNumber(nhsNumber)) throw new Error('the test patient has a valid NHS number');
    const journeys = await consolePatientCommunications(record).lookUp({
      nhsNumber, reason: 'patient_enquiry', viewer: { subject: 'sub-123', roles: ['staff', 'ops'] },
    });
    expect(journeys.map((j) => j.journeyId)).toEqual(['newer', 'older']);
    expect(calls.map((c) => [c.principal, c.reason, c.pageToken])).toEqual([
      [{ id: 'sub-123', role: 'console-ops' }, 'patient_enquiry', undefined], [{ id: 'sub-123', role: 'console-ops' }, 'patient_enquiry', 'page-2'],
    ]);
  });
});
