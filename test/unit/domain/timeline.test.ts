import { describe, expect, it } from 'vitest';
import {
  acceptedEvent, applyStatusEvent, emptyMessageState, messageReference, openEscalations, statusHistory, withMessageState,
  type JourneyTimeline, type MessageState, type NotifyStatusEvent, type TimelineStep,
} from '../../../src/domain';
import { CANARY } from './support/builders';
import { builtInCatalogue } from '../../../src/catalogue/built-in';

const reminder = builtInCatalogue()['appointment-reminder'];
const smsStep = reminder.steps[1]!;
const workflowId = 'journey-appointment-reminder-abcdefghijklmnopqrstuvwxyz234567';
const reference = messageReference(workflowId, smsStep.id, smsStep.channel);
const T0 = Date.parse('2026-06-05T10:00:00Z');
const plan = { id: '4f8a1a52-0004-4c6e-9b7a-5d0a2f3b1c04', version: 'local-sms-v1' };

function delivered(): MessageState {
  const events: NotifyStatusEvent[] = [
    { kind: 'channel', messageId: '2WL3qFTEFM0qMY8xjRbt1LIKCzM', messageReference: reference, channel: 'sms', status: 'delivered', supplierStatus: 'delivered', timestamp: T0 + 3_000, idempotencyKey: 'c1' },
    acceptedEvent({ messageId: '2WL3qFTEFM0qMY8xjRbt1LIKCzM', messageReference: reference, createdAt: T0, routingPlan: plan }),
    { kind: 'message', messageId: '2WL3qFTEFM0qMY8xjRbt1LIKCzM', messageReference: reference, status: 'delivered', timestamp: T0 + 4_000, idempotencyKey: 'm1', routingPlan: plan },
  ];
  return events.reduce((state, event) => applyStatusEvent(state, event).state, emptyMessageState(reference));
}

describe('timeline', () => {
  it('C4: a step records channel, template version, routing plan id and version, message id and times', () => {
    const step: TimelineStep = {
      stepId: smsStep.id, channel: smsStep.channel, template: smsStep.template, routingPlan: { name: smsStep.routingPlan },
      messageReference: reference, status: 'sent', sentAt: T0, history: [],
    };
    const filled = withMessageState(step, delivered());
    expect(filled).toMatchObject({
      status: 'delivered', messageId: '2WL3qFTEFM0qMY8xjRbt1LIKCzM',
      template: { id: 'appointment-reminder-sms', version: '1' }, routingPlan: { name: 'sms-only', ...plan },
    });
    expect(filled.history).toEqual([
      { at: T0, source: 'message', status: 'created' },
      { at: T0 + 3_000, source: 'sms', status: 'delivered' },
      { at: T0 + 3_000, source: 'sms', status: 'delivered', supplierStatus: 'delivered' },
      { at: T0 + 4_000, source: 'message', status: 'delivered' },
    ]);
  });

  it('holds no contact details or personalisation, and lists open escalations', () => {
    const timeline: JourneyTimeline = {
      workflowId, journeyType: 'appointment-reminder', journeyVersion: 1, status: 'escalated', startedAt: T0, deadline: T0 + 86_400_000,
      steps: [withMessageState({ stepId: 'sms', channel: 'sms', template: smsStep.template, routingPlan: { name: 'sms-only' }, messageReference: reference, status: 'sent', history: [] }, delivered())],
      escalations: [
        { reason: 'outcome_unknown', openedAt: T0, dueBy: T0 + 1, outcome: 'phoned', closedAt: T0 + 1, closedByRole: 'clinician' },
        { reason: 'no_step_can_arrive_in_time', openedAt: T0 + 2, dueBy: T0 + 3 },
      ],
    };
    const text = JSON.stringify(timeline);
    for (const canary of Object.values(CANARY)) expect(text).not.toContain(canary);
    expect(openEscalations(timeline)).toEqual([timeline.escalations[1]]);
    expect(statusHistory(emptyMessageState(reference))).toEqual([]);
  });
});
