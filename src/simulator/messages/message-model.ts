/**
 * The simulator's record of one accepted message: what GET /v1/messages/{id} shows (docs/nhs-notify.md §5)
 * plus the private cursor the lifecycle advances. Holds no contact details and no personalisation values.
 */
import type { Channel, ChannelStatus, MessageStatus, SupplierStatus } from '../../contracts/nhs-notify/wire';
import type { SimPlan } from './plans';
import type { ChannelOutcome, TestRecipient } from '../lifecycle/test-recipients';

export interface SimChannel {
  readonly type: Channel;
  readonly cascadeType: 'primary';
  readonly cascadeOrder: number;
  channelStatus: ChannelStatus;
  channelStatusDescription?: string;
  channelFailureReasonCode?: string;
  supplierStatus?: SupplierStatus;
  retryCount?: number;
  readonly timestamps: { created: string; delivered?: string; failed?: string };
  /** When this channel started sending (ms), for its window. */
  startedAtMs?: number;
  /** Private: what the supplier will do. */
  readonly outcome: ChannelOutcome;
}

/** Where the lifecycle is; `channel` is the index of the channel being tried. */
export type Cursor =
  | { readonly at: 'created' }
  | { readonly at: 'pending_enrichment' }
  | { readonly at: 'enriched' }
  | { readonly at: 'channel'; readonly index: number; readonly phase: 'start' | 'answer' | 'window' }
  | { readonly at: 'done' };

export interface SimMessage {
  readonly id: string;
  readonly applicationId: string;
  readonly messageReference: string;
  readonly plan: SimPlan;
  readonly batchId: string | undefined;
  /** False for a message sent without an NHS number by a client not set up for anonymous patients. */
  readonly hasNhsNumber: boolean;
  readonly scenario: TestRecipient;
  status: MessageStatus;
  statusDescription?: string;
  failureReasonCode?: string;
  readonly timestamps: { created: string; enriched?: string; delivered?: string; failed?: string };
  channels: SimChannel[];
  pdsQueriedAt?: string;
  cursor: Cursor;
}

export interface NewMessage {
  readonly id: string;
  readonly applicationId: string;
  readonly messageReference: string;
  readonly plan: SimPlan;
  readonly batchId?: string;
  readonly nhsNumber: string | undefined;
  readonly scenario: TestRecipient;
  readonly createdAt: string;
}

export function createSimMessage(input: NewMessage): SimMessage {
  return {
    id: input.id,
    applicationId: input.applicationId,
    messageReference: input.messageReference,
    plan: input.plan,
    batchId: input.batchId,
    hasNhsNumber: input.nhsNumber !== undefined,
    scenario: input.scenario,
    status: 'created',
    timestamps: { created: input.createdAt },
    channels: [],
    cursor: { at: 'created' },
  };
}
