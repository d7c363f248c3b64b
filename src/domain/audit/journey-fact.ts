/**
 * A journey fact: one thing that happened in a journey, as the communications record keeps it. The journey
 * emits each fact once per natural key (`key`, unique within the journey), so a replay, a retry or a repeated
 * callback can only present a fact the record already has. Facts carry no patient data: no NHS number (the
 * batch's patient is keyed by an HMAC before anything is stored), no contact detail, no personalisation value
 * (only field names).
 *
 * The journey's one fact sink: the audit store subscribes to it, and metrics or webhooks can subscribe beside it.
 */
export const JOURNEY_FACT_KINDS = [
  'journey-started', 'send-scheduled', 'message-accepted', 'status-changed', 'channel-status-changed', 'step-finished',
  'fallback-decided', 'step-skipped', 'escalation-opened', 'escalation-closed', 'journey-cancelled', 'appointment-changed',
  'notice-started', 'journey-finished',
  // The sending controls (kill switch, dry run): a send held, released, or recorded instead of made.
  'sending-held', 'sending-released', 'send-dry-run',
  // A cohort patient whose first message (sent in a batch) needed their own journey: failed, refused or no final status.
  'batch-followed-up',
] as const;
export type JourneyFactKind = (typeof JOURNEY_FACT_KINDS)[number];

/** Plain, JSON-safe detail values (hashed in canonical form). */
export type FactDetail = Readonly<Record<string, string | number | boolean | readonly string[]>>;

export interface JourneyFact {
  /** Natural key, unique within the journey: the same fact always has the same key. */
  readonly key: string;
  readonly kind: JourneyFactKind;
  /** When it happened (ms since the epoch, journey clock). */
  readonly at: number;
  readonly detail: FactDetail;
}

/** What the journey hands its fact sink at one point: the new facts of one journey. */
export interface JourneyFactBatch {
  readonly journeyId: string;
  readonly journeyType: string;
  /** Keyed (HMAC) by the sink before it is stored or spooled; never written as it is. */
  readonly nhsNumber: string;
  readonly facts: readonly JourneyFact[];
}
