// Every activity the worker registers, built from its ports (so tests swap ports, not modules).
export { createBaselineActivities } from './baseline.activities';
export { createNotifyActivities, type NotifyActivities, type NotifyActivityDeps } from './notify/notify.activities';
export { DEFAULT_BACKOFF, backoffDelayMs, type BackoffOptions } from './notify/notify-failure';
export type * from './notify/send-contract';
export { SEND_FAILURE_TYPES } from './notify/send-contract';
export { createEscalationActivities, type EscalationActivities, type EscalationActivityDeps } from './escalation/escalation.activities';
export type { EscalationWorklist, EscalationTicket, EscalationClosure } from './escalation/worklist';
export { createInMemoryWorklist, type InMemoryWorklist } from './escalation/in-memory-worklist';
export { createJsonlWorklist } from './escalation/jsonl-worklist';
export { createJourneyActivities, localRoutingPlanIds, type JourneyActivityPorts } from './journey-activities';
