import { describe, expect, it } from 'vitest';
import {
  callbackWaitUntil, chooseFallback, DAY_MS, escalationDueBy, HOUR_MS, isTooLate, journeyWindow, planNextSend,
} from '../../../src/domain';
import { builtInCatalogue } from '../../../src/catalogue/built-in';

const catalogue = builtInCatalogue();
const reminder = catalogue['appointment-reminder'];
const [nhsapp, sms, letter] = reminder.steps;
const appointment = Date.parse('2026-06-15T09:30:00+01:00');
const window = journeyWindow(reminder, appointment);
const base = { deadline: window.deadline, letterLeadTimeMs: reminder.letterLeadTimeMs, quietHours: reminder.quietHours };

describe('planner', () => {
  it('works out the reminder window from the appointment time', () => {
    expect(window).toEqual({ notBefore: appointment - 10 * DAY_MS, deadline: appointment - DAY_MS });
  });

  it('waits for the window to open, then sends the first step', () => {
    const now = appointment - 20 * DAY_MS;
    expect(planNextSend(reminder, window, reminder.steps, now)).toEqual({ kind: 'send', step: nhsapp, at: window.notBefore, skipped: [] });
  });

  it('falls back to SMS while there is time, after quiet hours (London)', () => {
    const now = Date.parse('2026-06-12T21:30:00+01:00'); // 21:30 BST, SMS quiet until 08:00
    const decision = chooseFallback({ ...base, now, remainingSteps: [sms!, letter!] });
    expect(decision).toEqual({ kind: 'send', step: sms, at: Date.parse('2026-06-13T08:00:00+01:00'), skipped: [] });
  });

  it('sends a letter only if it can arrive before the deadline', () => {
    const early = chooseFallback({ ...base, now: window.deadline - 6 * DAY_MS, remainingSteps: [letter!] });
    expect(early).toMatchObject({ kind: 'send', step: letter });
    const late = chooseFallback({ ...base, now: window.deadline - 4 * DAY_MS, remainingSteps: [letter!] });
    expect(late).toEqual({ kind: 'escalate', reason: 'no_step_can_arrive_in_time', skipped: [{ stepId: 'letter', reason: 'letter_cannot_arrive_in_time' }] });
  });

  it('escalates when quiet hours last past the deadline, naming each skipped step', () => {
    const deadline = Date.parse('2026-06-13T07:00:00+01:00');
    const decision = chooseFallback({ ...base, deadline, now: Date.parse('2026-06-12T22:00:00+01:00'), remainingSteps: [sms!, letter!] });
    expect(decision).toEqual({
      kind: 'escalate', reason: 'no_step_can_arrive_in_time',
      skipped: [{ stepId: 'sms', reason: 'quiet_hours_until_deadline' }, { stepId: 'letter', reason: 'letter_cannot_arrive_in_time' }],
    });
  });

  it('escalates at the deadline and when no steps are left', () => {
    expect(isTooLate(window.deadline, window.deadline)).toBe(true);
    expect(isTooLate(window.deadline - 1, window.deadline)).toBe(false);
    expect(chooseFallback({ ...base, now: window.deadline, remainingSteps: [sms!] }))
      .toEqual({ kind: 'escalate', reason: 'deadline_passed', skipped: [{ stepId: 'sms', reason: 'deadline_passed' }] });
    expect(chooseFallback({ ...base, now: window.deadline - HOUR_MS, remainingSteps: [] }))
      .toEqual({ kind: 'escalate', reason: 'no_steps_left', skipped: [] });
  });

  it('R12: an SMS planned across the spring clock change lands at 08:00 BST', () => {
    const decision = chooseFallback({
      now: Date.parse('2026-03-28T20:30:00Z'), deadline: Date.parse('2026-03-30T12:00:00Z'), remainingSteps: [sms!],
      letterLeadTimeMs: reminder.letterLeadTimeMs, quietHours: reminder.quietHours,
    });
    expect(decision).toMatchObject({ kind: 'send', at: Date.parse('2026-03-29T07:00:00Z') });
  });

  it('plans the next send from the steps still untried, inside the window', () => {
    const now = Date.parse('2026-06-12T21:30:00+01:00'); // inside the window, SMS quiet until 08:00
    expect(planNextSend(reminder, window, [sms!, letter!], now))
      .toEqual({ kind: 'send', step: sms, at: Date.parse('2026-06-13T08:00:00+01:00'), skipped: [] });
    expect(planNextSend(reminder, window, [], now)).toEqual({ kind: 'escalate', reason: 'no_steps_left', skipped: [] });
  });

  it('waits for a callback for the step\'s own timeout', () => {
    expect(callbackWaitUntil(1_000, nhsapp!)).toBe(1_000 + 26 * HOUR_MS);
  });

  it('gives an escalation its SLA from when it opened', () => {
    expect(escalationDueBy(1_000, reminder)).toBe(1_000 + reminder.escalationSlaMs);
  });
});
