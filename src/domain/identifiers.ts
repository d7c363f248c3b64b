/**
 * What each identifier that crosses the HTTP edge looks like, so the gateway can refuse anything else before it
 * reaches Temporal, a log line or a metric. Each shape is the one its producer makes:
 * - journey id: `journeyWorkflowId` (idempotency.ts), `journey-<type>-<32 base32>`, at most 80 characters;
 * - escalation id: the journey workflow's `<journeyId>:<n>`;
 * - cohort id: `cohortWorkflowId` (idempotency.ts), `cohort-<32 base32>`;
 * - messageReference: `messageReference` (idempotency.ts), a UUID (NHS Notify echoes it in callbacks);
 * - NHS Notify message id: a KSUID (27 base62 characters), checked where it arrives, by the callback wire schema.
 * A value that fails its check is not ours: the edge answers "not found" (or, for a callback, "not ours")
 * without asking Temporal, and never logs the value.
 */
const JOURNEY_ID = /^journey-[a-z][a-z0-9-]{0,47}-[a-z2-7]{32}$/;
const ESCALATION_ID = /^(journey-[a-z][a-z0-9-]{0,47}-[a-z2-7]{32}):(0|[1-9][0-9]{0,5})$/;
const COHORT_ID = /^cohort-[a-z2-7]{32}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The shapes as regular expression sources, for documents such as /openapi.json. */
export const ID_PATTERNS = { journeyId: JOURNEY_ID.source, escalationId: ESCALATION_ID.source, cohortId: COHORT_ID.source } as const;

export const isJourneyId = (value: unknown): value is string => typeof value === 'string' && JOURNEY_ID.test(value);
export const isCohortId = (value: unknown): value is string => typeof value === 'string' && COHORT_ID.test(value);
export const isEscalationId = (value: unknown): value is string => typeof value === 'string' && ESCALATION_ID.test(value);
/**
 * A lowercase RFC 9562 UUID (any version), as `randomUUID` and `messageReference` write them. NHS Notify returns
 * our messageReference byte for byte, so a callback whose reference is anything else is not ours.
 */
export const isUuid = (value: unknown): value is string => typeof value === 'string' && UUID.test(value);

/** The journey type inside a journey id (`journey-<type>-<hash>`), or undefined if it is not one. */
export function journeyTypeOfId(journeyId: string): string | undefined {
  return isJourneyId(journeyId) ? journeyId.slice('journey-'.length, -33) : undefined;
}

/** The journey an escalation id belongs to, or undefined if it is not one. */
export function journeyIdOfEscalation(escalationId: string): string | undefined {
  return ESCALATION_ID.exec(escalationId)?.[1];
}
