// Every workflow type the worker registers. Deterministic code only (see eslint.config.mjs).
export * from './baseline.workflow';
export { journeyWorkflow } from './journey/journey.workflow';
export { deliveryAttemptWorkflow } from './delivery/delivery-attempt.workflow';
export { webhookDeliveryWorkflow } from './webhooks/webhook-delivery.workflow';
export { webhookRegistryWorkflow } from './webhooks/webhook-registry.workflow';
export { sendingControlsWorkflow } from './controls/sending-controls.workflow';
export { cohortWorkflow } from './cohort/cohort.workflow';
export * from './journey/journey-contract';
export * from './delivery/delivery-contract';
export * from './cohort/cohort-contract';
export type { JourneyView, JourneyEscalationView } from './journey/journey-view';
export type { PublishedJourneyView } from './journey/journey-publication';
export type { LogEntry as JourneyEvent } from './journey/journey-state';
export type { JourneyClockSettings } from './journey/journey-clock';
