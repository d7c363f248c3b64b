// Every activity the worker registers, built from its ports (so tests swap ports, not modules).
export { createBaselineActivities } from './baseline.activities';
export { createNotifyActivities, type NotifyActivityDeps } from './notify/notify.activities';
export { backoffDelayMs, type BackoffOptions } from './notify/notify-failure';
export type * from './notify/send-contract';
export type { EscalationWorklist } from './escalation/worklist';
export { createInMemoryWorklist, type InMemoryWorklist } from './escalation/in-memory-worklist';
export { createJsonlWorklist } from './escalation/jsonl-worklist';
export { createJourneyActivities, localRoutingPlanIds } from './journey-activities';
export type { FactSubscriber } from './audit/fact-sink.activities';
