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

// Journey catalogue
export * from './journeys/types';
export { JourneyDefinitionDocument } from './catalogue/definition-schema';
export { compileDefinition } from './catalogue/compile';
export { assembleCatalogue, findPublishedVersion } from './catalogue/catalogue-set';
export * from './channel-limits';
export { cancellationNotice } from './journeys/cancellation';
export { resolvePersonalisation } from './journeys/resolve-personalisation';

// Commands (v1)
export * from './messages/commands/v1';

// Status projection
export * from './status/statuses';
export type { NotifyStatusEvent } from './status/status-event';
export * from './status/message-state';
export { applyStatusEvent } from './status/apply-status-event';
export { statusEventFromCallback } from './status/from-callback';

// Planning
export { isQuietAt, nextSendTime, parseLocalTime, type ChannelQuietHours } from './planning/quiet-hours';
export { callbackWaitUntil, escalationDueBy, isTooLate, journeyWindow } from './planning/journey-window';
export { chooseFallback, planNextSend } from './planning/choose-fallback';

// Timeline (query answer)
export * from './timeline';
