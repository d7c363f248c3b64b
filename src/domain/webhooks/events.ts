/**
 * The events notify-journeys tells a clinical system about, and their payloads. A payload carries ids, the
 * clinical system's own event id, codes and times, never patient data (no NHS number, name, contact detail
 * or personalisation value): a receiver that needs more asks the journey API with its own credentials.
 * Pure: the journey workflow builds these, the publish activity routes them, the receiver helper parses them.
 */
export const JOURNEY_EVENT_TYPES = [
  'journey.accepted', 'journey.delivered', 'journey.escalated', 'escalation.closed', 'journey.failed', 'journey.cancelled',
] as const;
/** The operating switch's events: the control workflow publishes one for each pause or resume that changed it. */
export const SENDING_EVENT_TYPES = ['sending.paused', 'sending.resumed'] as const;
export const WEBHOOK_EVENT_TYPES = [...JOURNEY_EVENT_TYPES, ...SENDING_EVENT_TYPES] as const;

export type SendingEventType = (typeof SENDING_EVENT_TYPES)[number];
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

export function isWebhookEventType(value: unknown): value is WebhookEventType {
  return typeof value === 'string' && (WEBHOOK_EVENT_TYPES as readonly string[]).includes(value);
}

/** Event-specific fields: codes and times only. */
export type JourneyEventData =
  | { readonly type: 'journey.accepted'; readonly stepId: string; readonly channel: string; readonly messageId?: string; readonly acceptedAt: string }
  | { readonly type: 'journey.delivered'; readonly stepId: string; readonly channel: string; readonly messageId?: string; readonly deliveredAt: string }
  | { readonly type: 'journey.escalated'; readonly escalationId: string; readonly reason: string; readonly dueAt: string }
  | { readonly type: 'escalation.closed'; readonly escalationId: string; readonly outcome: string; readonly staffRole?: string }
  | { readonly type: 'journey.failed'; readonly reason: string }
  | { readonly type: 'journey.cancelled'; readonly reason: string };

/** Who asked for the journey and how they name it: the routing key and the receiver's own correlation id. */
export interface JourneySource {
  /** The clinical system's own event id, as it sent it. */
  readonly eventId?: string;
  /** The API credential id that started the journey (a key id or JWT client id, never a secret). */
  readonly requestedBy?: string;
}

/** One event as the journey emits it, before it is routed to subscriptions. */
export interface JourneyEvent {
  readonly journeyId: string;
  readonly journeyType: string;
  readonly source: JourneySource;
  /** 1 for most events; the escalation number for escalation events (a journey may escalate more than once). */
  readonly occurrence: number;
  /** When it happened (ISO 8601, workflow time). */
  readonly occurredAt: string;
  readonly data: JourneyEventData;
}

export interface SendingSwitchEvent {
  readonly type: SendingEventType;
  /** Identifies this pause (or resume) so its deliveries are made once: e.g. the switch's change number. */
  readonly switchChangeId: string;
  readonly scope: string;
  readonly reasonCode: string;
  readonly occurredAt: string;
}

/** The JSON body a receiver gets (Standard Webhooks' recommended `type` / `timestamp` / `data` envelope). */
export interface WebhookBody {
  readonly type: WebhookEventType;
  readonly timestamp: string;
  readonly data: Readonly<Record<string, unknown>>;
}

export function journeyEventBody(event: JourneyEvent): WebhookBody {
  const { type, ...fields } = event.data;
  return {
    type, timestamp: event.occurredAt,
    data: {
      journeyId: event.journeyId, journeyType: event.journeyType,
      ...(event.source.eventId === undefined ? {} : { eventId: event.source.eventId }),
      ...fields,
    },
  };
}

export function sendingSwitchBody(event: SendingSwitchEvent): WebhookBody {
  return { type: event.type, timestamp: event.occurredAt, data: { scope: event.scope, reasonCode: event.reasonCode, switchChangeId: event.switchChangeId } };
}
