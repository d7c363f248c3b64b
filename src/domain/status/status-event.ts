/**
 * One NHS Notify status callback item as plain data: what the gateway signals to a journey workflow.
 * Plain (no classes, ms timestamps) so it survives Temporal's JSON payloads unchanged. No patient data:
 * callbacks carry none, and nothing here may be added that does.
 */
import type { Channel } from '../channel';
import type { EpochMs } from '../durations';
import type { ChannelStatus, MessageStatus, SupplierStatus } from './statuses';

interface StatusEventBase {
  /** NHS Notify's id (KSUID). Known only from a 201 or a callback; a 422 duplicate never returns it. */
  readonly messageId: string;
  /** Our de-duplication key: the primary correlation key everywhere. */
  readonly messageReference: string;
  /** When the status changed at NHS Notify (the callback's `timestamp`), epoch ms. */
  readonly timestamp: EpochMs;
  /** The callback's `meta.idempotencyKey`: a redelivery carries the same key. */
  readonly idempotencyKey: string;
}

/** A MessageStatus callback: the message as a whole moved on. */
export interface MessageStatusEvent extends StatusEventBase {
  readonly kind: 'message';
  readonly status: MessageStatus;
  /** Which wording and plan version was used (C4); always present on message callbacks. */
  readonly routingPlan: { readonly id: string; readonly version: string };
  /** MFR_* reason code on failure (docs/nhs-notify.md, failure reasons). */
  readonly failureCode?: string;
  /** NHS Notify's status description ("Failed reason: ..."); never contains patient data. */
  readonly description?: string;
  /** The per-channel summary a message callback includes. */
  readonly channels?: readonly { readonly channel: Channel; readonly status: ChannelStatus }[];
}

/** A ChannelStatus callback: one channel (or its supplier) moved on. */
export interface ChannelStatusEvent extends StatusEventBase {
  readonly kind: 'channel';
  readonly channel: Channel;
  readonly status: ChannelStatus;
  readonly supplierStatus?: SupplierStatus;
  readonly cascadeOrder?: number;
  readonly retryCount?: number;
  /** CFR_* reason code on failure (docs/nhs-notify.md, failure reasons). */
  readonly failureCode?: string;
  readonly description?: string;
}

export type NotifyStatusEvent = MessageStatusEvent | ChannelStatusEvent;
