/**
 * Renders a SimMessage in NHS Notify's response shapes: the 201 of POST /v1/messages (§3) and the live
 * state of GET /v1/messages/{id} (§5). Never contact details or personalisation: the API returns neither.
 */
import type { MessageChannel, MessageCreatedResponse, MessageResponse } from '../../contracts/nhs-notify/wire';
import type { SimChannel, SimMessage } from './message-model';
import { planReference } from './plans';

export function createdBody(m: SimMessage, selfUrl: string): MessageCreatedResponse {
  return {
    data: {
      type: 'Message',
      id: m.id,
      attributes: {
        messageReference: m.messageReference,
        messageStatus: 'created',
        timestamps: { created: m.timestamps.created },
        routingPlan: planReference(m.plan),
      },
      links: { self: selfUrl },
    },
  };
}

function channelView(m: SimMessage, c: SimChannel): MessageChannel & { metadata?: unknown[] } {
  const view: MessageChannel & { metadata?: unknown[] } = {
    type: c.type,
    cascadeType: c.cascadeType,
    cascadeOrder: c.cascadeOrder,
    channelStatus: c.channelStatus,
    timestamps: { ...c.timestamps },
    routingPlan: { id: m.plan.id, version: m.plan.version, type: 'original' },
  };
  if (c.retryCount !== undefined && c.retryCount > 0) view.retryCount = c.retryCount;
  if (c.channelStatusDescription !== undefined) view.channelStatusDescription = c.channelStatusDescription;
  if (c.channelFailureReasonCode !== undefined) view.channelFailureReasonCode = c.channelFailureReasonCode;
  if (c.supplierStatus !== undefined) view.supplierStatus = c.supplierStatus;
  if (c.outcome !== 'noContactDetail') view.metadata = [{ id: `${m.id.slice(-8)}${c.cascadeOrder}`, source: 'pds', label: 'recipient_contact' }];
  return view;
}

export function messageBody(m: SimMessage, selfUrl: string): MessageResponse & { data: { relationships?: unknown } } {
  const attributes: MessageResponse['data']['attributes'] & { metadata?: unknown[] } = {
    messageReference: m.messageReference,
    messageStatus: m.status,
    routingPlan: planReference(m.plan),
    timestamps: { ...m.timestamps },
  };
  if (m.statusDescription !== undefined) attributes.messageStatusDescription = m.statusDescription;
  if (m.failureReasonCode !== undefined) attributes.messageFailureReasonCode = m.failureReasonCode;
  if (m.channels.length > 0) attributes.channels = m.channels.map((c) => channelView(m, c));
  if (m.pdsQueriedAt !== undefined) {
    const labels = m.channels.filter((c) => c.outcome !== 'noContactDetail').map((c) => c.type);
    attributes.metadata = [{ queriedAt: m.pdsQueriedAt, version: '1', source: 'pds', labels }];
  }
  const data: MessageResponse['data'] & { relationships?: unknown } = { type: 'Message', id: m.id, attributes, links: { self: selfUrl } };
  if (m.batchId !== undefined) data.relationships = { messageBatch: { data: { type: 'MessageBatch', id: m.batchId } } };
  return { data };
}
