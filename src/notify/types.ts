/** Public result and option types of the NHS Notify client. */
import type { z } from 'zod';
import type { BatchMessage, MessageAttributes, MessageResponse, RoutingPlanRef, MessageStatus } from '../contracts/nhs-notify/wire';

/** What callers pass in: like the wire types, but nhsNumber is a plain string (it is validated before sending). */
export type MessageAttributesInput = z.input<typeof MessageAttributes>;
export type BatchMessageInput = z.input<typeof BatchMessage>;

export interface SendOptions {
  /** Sent as X-Correlation-ID; generated when absent. Letters, digits, "-", "_" and ":" only (no "."). */
  readonly correlationId?: string;
  readonly signal?: AbortSignal;
}

export interface CreatedMessage {
  readonly messageId: string;
  readonly messageReference: string;
  readonly messageStatus: MessageStatus;
  readonly routingPlan: RoutingPlanRef;
  readonly createdAt: string;
  readonly correlationId: string;
}

export interface BatchPartResult {
  readonly messageBatchReference: string;
  readonly messageCount: number;
  /** Absent when the part was a duplicate (422): NHS Notify accepted it earlier and returns no ids. */
  readonly batchId?: string;
  readonly duplicate: boolean;
}

export interface MessageBatchResult {
  readonly parts: readonly BatchPartResult[];
  /** messageReference → NHS Notify message id, merged over every part that returned ids. */
  readonly messageIds: Readonly<Record<string, string>>;
}

export type MessageDetails = MessageResponse['data'];
