/**
 * The pure journey domain: everything a journey workflow, the gateway and activities share.
 * Only pure modules are exported here: no I/O, no Node built-ins, no clock reads, so Temporal workflow code
 * can import this file (test/unit/domain/workflow-sandbox.test.ts bundles it with Temporal's bundler).
 */
export * from './channel';
export * from './nhs-number';
export * from './routing-plans';
export * from './durations';
export * from './errors';
export { canonicalJson } from './hashing/canonical-json';
export { hasTenDigitRun, type SecretInput } from './hashing/digest';
export * from './idempotency';
export * from './identifiers';
export { deepFreeze, type DeepReadonly } from './deep-readonly';

// Journey catalogue
export * from './journeys/types';
export { buildCatalogue, findJourney, isJourneyType } from './journeys/catalogue';
export { DEFAULT_JOURNEY_TIMINGS, DEFAULT_QUIET_HOURS, DURATION_KEYS, scaleTimings, type JourneyTimings } from './journeys/timings';
export { validateCatalogue } from './journeys/validate-catalogue';
export { cancellationNotice } from './journeys/cancellation';
export {
  RESERVED_PERSONALISATION_NAMES, clashesWithReservedName, type FieldFallback, type FieldKind, type PersonalisationField,
  type PersonalisationFields, type PersonalisationSpec,
} from './journeys/personalisation-spec';
export { resolvePersonalisation, type PersonalisationValues, type ResolvedPersonalisation } from './journeys/resolve-personalisation';
export { formatEventDate, formatEventTime } from './journeys/event-wording';

// Commands (v1)
export * from './messages/commands/v1';

// Status projection
export * from './status/statuses';
export type { ChannelStatusEvent, MessageStatusEvent, NotifyStatusEvent } from './status/status-event';
export * from './status/message-state';
export { applyStatusEvent, type ApplyStatusResult, type StatusEventReason } from './status/apply-status-event';
export { statusEventFromCallback, type ChannelStatusCallbackLike, type MessageStatusCallbackLike } from './status/from-callback';

// Planning
export { LONDON } from './planning/zoned-time';
export { isQuietAt, nextSendTime, parseLocalTime, type ChannelQuietHours, type QuietWindow } from './planning/quiet-hours';
export { callbackWaitUntil, escalationDueBy, isTooLate, journeyWindow, type AbsoluteWindow } from './planning/journey-window';
export { chooseFallback, planNextSend, type FallbackDecision, type FallbackInput, type SkippedStep } from './planning/choose-fallback';
export { ESCALATION_REASONS, type EscalationReason, type SkipReason } from './planning/reasons';

// Timeline (query answer)
export * from './timeline';
