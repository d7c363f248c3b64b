/** Posts NHS Notify-shaped callbacks to the real gateway route, signed like NHS Notify signs them. */
import { randomUUID } from 'node:crypto';
import { signCallbackBody } from '../../../../src/contracts/nhs-notify/callback-signature';
import type { CallbackItem } from '../../../../src/contracts/nhs-notify/wire';

export interface MessageFacts {
  readonly messageId: string;
  readonly messageReference: string;
  readonly routingPlan: { readonly id: string; readonly version: string };
}

export function messageStatusItem(m: MessageFacts, status: 'created' | 'pending_enrichment' | 'enriched' | 'sending' | 'delivered' | 'failed',
  at: number, idempotencyKey = randomUUID()): CallbackItem {
  return {
    type: 'MessageStatus',
    attributes: {
      messageId: m.messageId, messageReference: m.messageReference, messageStatus: status, timestamp: new Date(at).toISOString(),
      routingPlan: { id: m.routingPlan.id, name: 'plan', version: m.routingPlan.version, createdDate: new Date(0).toISOString() },
      ...(status === 'failed' ? { messageFailureReasonCode: 'MFR_SUPE_0007' } : {}),
    },
    links: { message: `/v1/messages/${m.messageId}` },
    meta: { idempotencyKey },
  };
}

export async function postCallback(url: string, application: { apiKey: string; applicationId: string }, items: readonly CallbackItem[]): Promise<number> {
  const body = JSON.stringify({ data: items });
  const response = await fetch(url, {
    method: 'POST', body,
    headers: { 'content-type': 'application/json', 'x-api-key': application.apiKey, 'x-hmac-sha256-signature': signCallbackBody(body, application) },
  });
  await response.arrayBuffer();
  return response.status;
}
