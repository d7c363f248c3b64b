/**
 * POST /v1/message-batches over any number of messages: planned into parts (batch-plan.ts), sent one
 * part after another, and the id maps merged. A part answered 422 CM_DUPLICATE_REQUEST was accepted
 * earlier (no ids come back: they arrive with callbacks). Any other failure stops the run and throws a
 * NotifyBatchIncompleteError carrying the parts already accepted.
 */
import type { CallApi } from './api-caller';
import { planBatchParts, type BatchLimits } from './batch-plan';
import { NotifyBadResponseError, NotifyBatchIncompleteError, NotifyError } from './errors';
import { checkCorrelationId } from './request-validation';
import { parseJsonBody } from './response-parsing';
import type { BatchMessageInput, BatchPartResult, MessageBatchResult, SendOptions } from './types';
import { MessageBatchCreatedResponse, type CreateMessageBatchRequest } from '../contracts/nhs-notify/wire';

const ROUTE = 'POST /v1/message-batches';
/** A 45,000-message answer carries ~45,000 (reference, id) pairs: allow for it. */
const MAX_BATCH_RESPONSE_BYTES = 16 * 1024 * 1024;

async function sendPart(callApi: CallApi, part: CreateMessageBatchRequest, opts: SendOptions): Promise<{ result: BatchPartResult; ids: [string, string][] }> {
  const { messageBatchReference, messages } = part.data.attributes;
  const res = await callApi({
    method: 'POST', path: 'v1/message-batches', route: ROUTE, json: part, correlationId: opts.correlationId,
    signal: opts.signal, maxResponseBytes: MAX_BATCH_RESPONSE_BYTES,
  });
  const { data } = parseJsonBody(ROUTE, res, MessageBatchCreatedResponse);
  const expected = new Set(messages.map((m) => m.messageReference));
  const returned = data.attributes.messages;
  const matches = data.attributes.messageBatchReference === messageBatchReference
    && returned.length === expected.size && returned.every((m) => expected.has(m.messageReference));
  if (!matches) {
    throw new NotifyBadResponseError(`${ROUTE}: response does not match the batch sent`, { status: res.status, correlationId: res.correlationId });
  }
  return {
    result: { messageBatchReference, messageCount: messages.length, batchId: data.id, duplicate: false },
    ids: returned.map((m) => [m.messageReference, m.id]),
  };
}

export async function createMessageBatch(
  callApi: CallApi, routingPlanId: string, batchReference: string, messages: readonly BatchMessageInput[],
  limits: BatchLimits, opts: SendOptions = {},
): Promise<MessageBatchResult> {
  checkCorrelationId(opts.correlationId);
  const parts = planBatchParts(routingPlanId, batchReference, messages, limits);
  const done: BatchPartResult[] = [];
  const ids: [string, string][] = [];
  const snapshot = (): MessageBatchResult => ({ parts: [...done], messageIds: Object.fromEntries(ids) });
  for (const part of parts) {
    const { messageBatchReference, messages: partMessages } = part.data.attributes;
    try {
      const sent = await sendPart(callApi, part, opts);
      done.push(sent.result);
      ids.push(...sent.ids);
    } catch (err) {
      if (err instanceof NotifyError && err.code === 'NOTIFY_DUPLICATE_REQUEST') {
        done.push({ messageBatchReference, messageCount: partMessages.length, duplicate: true });
        continue;
      }
      if (err instanceof NotifyError && parts.length > 1) throw new NotifyBatchIncompleteError(err, messageBatchReference, snapshot());
      throw err;
    }
  }
  return snapshot();
}
