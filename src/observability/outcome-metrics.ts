/**
 * The outcome metrics side effects record (prom-client), beside the ones workflows record through the SDK's
 * replay-aware meter (workflows/common/journey-metrics.ts). Activities count what they did: messages NHS
 * Notify accepted (now, or earlier: a 422 duplicate), send failures by code and kind, escalations opened and
 * closed. An activity runs once per attempt and never on replay, so a replay cannot change these counts.
 * Labels: journey type, channel, outcome and codes only.
 */
import { Counter, type Registry } from 'prom-client';

export interface OutcomeMetrics {
  readonly messagesSent: Counter<'journey_type' | 'channel' | 'accepted'>;
  readonly sendFailures: Counter<'channel' | 'code' | 'kind'>;
  readonly escalationsOpened: Counter<'journey_type' | 'reason'>;
  readonly escalationsClosed: Counter<'outcome'>;
}

/** Idempotent per registry, like the gateway's. */
export function createOutcomeMetrics(registry: Registry): OutcomeMetrics {
  const counter = <L extends string>(name: string, help: string, labelNames: readonly L[]): Counter<L> =>
    (registry.getSingleMetric(name) as Counter<L> | undefined) ?? new Counter({ name, help, labelNames, registers: [registry] });
  return {
    messagesSent: counter('notify_journeys_messages_sent_total', 'Messages NHS Notify accepted, by journey type and channel (accepted=earlier: a 422 duplicate of an earlier send)', ['journey_type', 'channel', 'accepted']),
    sendFailures: counter('notify_journeys_send_failures_total', 'Send attempts that failed, by error code and kind (permanent or transient)', ['channel', 'code', 'kind']),
    escalationsOpened: counter('notify_journeys_escalations_opened_total', 'Staff escalations opened, by reason', ['journey_type', 'reason']),
    escalationsClosed: counter('notify_journeys_escalations_closed_total', 'Staff escalations closed, by outcome (sla_breached: the SLA passed and a new one was raised)', ['outcome']),
  };
}
