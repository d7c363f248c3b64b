/** Assertions shared by the journey tests: ledger exactly-once and the C4 audit trail. */
import { expect } from 'vitest';
import type { RunningSimulator } from '../../../../src/simulator';
import type { JourneyDetails } from '../../../../src/temporal/journeys/journey-answers';

/** Every message NHS Notify accepted for this journey: at most one per (step, channel) reference (R1). */
export function acceptedFor(sim: RunningSimulator, details: JourneyDetails): ReturnType<RunningSimulator['ledger']['entries']> {
  const references = new Set(details.steps.map((s) => s.messageReference));
  return sim.ledger.entries().filter((e) => references.has(e.messageReference));
}

/**
 * C4: for every message NHS Notify accepted, the journey answers channel, status, template id and version,
 * routing plan and times, from its own timeline.
 */
export function expectAuditTrail(sim: RunningSimulator, details: JourneyDetails): number {
  const accepted = acceptedFor(sim, details);
  for (const entry of accepted) {
    const step = details.steps.find((s) => s.messageReference === entry.messageReference);
    expect(step, `step for ${entry.messageReference}`).toBeDefined();
    expect(step!.channel).toMatch(/^(nhsapp|email|sms|letter)$/);
    expect(step!.template.version).toMatch(/\S/);
    expect(step!.routingPlan.id).toBe(entry.routingPlanId);
    expect(step!.messageId).toBe(entry.messageId);
    expect(step!.status).not.toBe('pending');
    expect(Date.parse(step!.sentAt ?? step!.history[0]?.at ?? '')).toBeGreaterThan(0);
    const sent = details.timeline.find((e) => e.messageReference === entry.messageReference && (e.kind === 'message-sent' || e.kind === 'message-status'));
    expect(sent?.templateVersion).toBe(step!.template.version);
    expect(sent?.channel).toBe(step!.channel);
    expect(Date.parse(sent!.at)).toBeGreaterThan(0);
  }
  return accepted.length;
}
