/**
 * Layer 3 of the NHS Notify client: one function per endpoint (docs/nhs-notify.md §3, §5). Each builds its
 * request, validates it with the shared wire schemas before any I/O, calls the API, and parses the answer
 * with zod. Batches live in batch.ts.
 */
import { NotifyBadResponseError } from './errors';
import type { CallApi } from './api-caller';
import { checkCorrelationId, validateRequest } from './request-validation';
import { parseJsonBody } from './response-parsing';
import type { CreatedMessage, MessageAttributesInput, MessageDetails, SendOptions } from './types';
import { CreateMessageRequest, Ksuid, MessageCreatedResponse, MessageResponse } from '../contracts/nhs-notify/wire';

function callOptions(opts: SendOptions): { correlationId?: string; signal?: AbortSignal } {
  checkCorrelationId(opts.correlationId);
  return { correlationId: opts.correlationId, signal: opts.signal };
}

/**
 * POST /v1/messages. Resend after an ambiguous failure ONLY with the same messageReference: NHS Notify
 * then answers 422 (NOTIFY_DUPLICATE_REQUEST) if the first attempt landed.
 */
export async function createMessage(callApi: CallApi, attributes: MessageAttributesInput, opts: SendOptions = {}): Promise<CreatedMessage> {
  const request = validateRequest('message request', CreateMessageRequest, { data: { type: 'Message', attributes } });
  const route = 'POST /v1/messages';
  const res = await callApi({ method: 'POST', path: 'v1/messages', route, json: request, ...callOptions(opts) });
  const { data } = parseJsonBody(route, res, MessageCreatedResponse);
  if (data.attributes.messageReference !== request.data.attributes.messageReference) {
    throw new NotifyBadResponseError(`${route}: response is for a different messageReference`, { status: res.status, correlationId: res.correlationId });
  }
  return {
    messageId: data.id,
    messageReference: data.attributes.messageReference,
    messageStatus: data.attributes.messageStatus,
    routingPlan: data.attributes.routingPlan,
    createdAt: data.attributes.timestamps.created,
    correlationId: res.correlationId,
  };
}

/** GET /v1/messages/{messageId}. The id is checked as a KSUID first, so nothing else can reach the path. */
export async function getMessage(callApi: CallApi, messageId: string, opts: SendOptions = {}): Promise<MessageDetails> {
  const id = validateRequest('message id', Ksuid, messageId);
  const route = 'GET /v1/messages/{messageId}';
  const res = await callApi({ method: 'GET', path: `v1/messages/${id}`, route, ...callOptions(opts) });
  const { data } = parseJsonBody(route, res, MessageResponse);
  if (data.id !== id) {
    throw new NotifyBadResponseError(`${route}: response is for a different message`, { status: res.status, correlationId: res.correlationId });
  }
  return data;
}
