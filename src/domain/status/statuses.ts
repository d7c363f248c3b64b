/**
 * NHS Notify status vocabularies (docs/nhs-notify.md) and their order. Domain code cannot import
 * src/contracts/nhs-notify/wire.ts (the dependency points the other way), so the lists live here too; a unit test
 * keeps them equal to the wire schemas.
 */
export const MESSAGE_STATUSES = ['created', 'pending_enrichment', 'enriched', 'sending', 'delivered', 'failed'] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

export const CHANNEL_STATUSES = ['created', 'sending', 'delivered', 'failed', 'skipped'] as const;
export type ChannelStatus = (typeof CHANNEL_STATUSES)[number];

export const SUPPLIER_STATUSES = ['delivered', 'read', 'notification_attempted', 'unnotified', 'rejected', 'notified',
  'received', 'permanent_failure', 'temporary_failure', 'technical_failure', 'accepted', 'cancelled',
  'pending_virus_check', 'validation_failed', 'unknown'] as const;
export type SupplierStatus = (typeof SUPPLIER_STATUSES)[number];

/** Progress order: a status only ever moves to a higher rank. Both terminal statuses share the top rank. */
const MESSAGE_RANK: Readonly<Record<MessageStatus, number>> = {
  created: 0, pending_enrichment: 1, enriched: 2, sending: 3, delivered: 4, failed: 4,
};
const CHANNEL_RANK: Readonly<Record<ChannelStatus, number>> = {
  created: 0, sending: 1, delivered: 2, failed: 2, skipped: 2,
};

export function messageStatusRank(status: MessageStatus): number {
  return MESSAGE_RANK[status];
}

export function channelStatusRank(status: ChannelStatus): number {
  return CHANNEL_RANK[status];
}

export function isTerminalMessageStatus(status: MessageStatus): status is 'delivered' | 'failed' {
  return status === 'delivered' || status === 'failed';
}

export function isTerminalChannelStatus(status: ChannelStatus): status is 'delivered' | 'failed' | 'skipped' {
  return CHANNEL_RANK[status] === 2;
}
