/**
 * Splits a message set into batch requests NHS Notify will accept (docs/nhs-notify.md §4): at most 45,000
 * messages AND at most the payload limit (5.2 MB, or MiB: uncertain, so we budget 5,000,000 bytes).
 * Validation of the whole set happens first, with the wire schemas, so an invalid message anywhere stops
 * the send before any part goes out. Part references are derived deterministically from the caller's
 * batch reference, so a retry with the same input and limits re-sends the same parts under the same
 * references and NHS Notify de-duplicates them (keep the limits stable between retries).
 */
import { z } from 'zod';
import { invalidRequest, validateRequest, type FieldProblem } from './request-validation';
import { BatchMessage, CreateMessageBatchRequest, type CreateMessageBatchRequest as BatchRequest } from '../contracts/nhs-notify/wire';

export const MAX_MESSAGES_PER_BATCH = 45_000;
export const DEFAULT_MAX_BATCH_BYTES = 5_000_000;

export interface BatchLimits {
  readonly maxMessages: number;
  readonly maxBytes: number;
}

/** The wire schema with the per-request message cap lifted: the cap is what we split on. */
const BatchAttributes = CreateMessageBatchRequest.shape.data.shape.attributes.extend({ messages: z.array(BatchMessage).min(1) });
const UnsplitBatchRequest = z.object({ data: z.object({ type: z.literal('MessageBatch'), attributes: BatchAttributes }).strict() }).strict();

export function partReference(batchReference: string, index: number, count: number): string {
  return count === 1 ? batchReference : `${batchReference}-part-${index + 1}-of-${count}`;
}

function duplicateReferences(messages: readonly BatchMessage[]): FieldProblem[] {
  const seen = new Set<string>();
  return messages.flatMap((m, i) => {
    if (!seen.has(m.messageReference)) { seen.add(m.messageReference); return []; }
    return [{ path: `/data/attributes/messages/${i}/messageReference`, rule: 'duplicate messageReference in the set' }];
  });
}

export function planBatchParts(routingPlanId: string, batchReference: string, messages: readonly unknown[], limits: BatchLimits): BatchRequest[] {
  const valid = validateRequest('message batch request', UnsplitBatchRequest,
    { data: { type: 'MessageBatch', attributes: { routingPlanId, messageBatchReference: batchReference, messages } } });
  const all = valid.data.attributes.messages;
  const duplicates = duplicateReferences(all);
  if (duplicates.length > 0) throw invalidRequest('message batch request', duplicates);

  // Envelope bytes with room for the longest derived reference suffix.
  const envelopeBytes = Buffer.byteLength(JSON.stringify({ data: { type: 'MessageBatch', attributes: { routingPlanId, messageBatchReference: `${batchReference}-part-99999-of-99999`, messages: [] } } }));
  const groups: BatchMessage[][] = [];
  let current: BatchMessage[] = [];
  let bytes = envelopeBytes;
  all.forEach((message, i) => {
    const size = Buffer.byteLength(JSON.stringify(message)) + 1; // + the comma
    if (envelopeBytes + size > limits.maxBytes) {
      throw invalidRequest('message batch request', [{ path: `/data/attributes/messages/${i}`, rule: 'message alone exceeds the batch payload limit' }]);
    }
    if (current.length >= limits.maxMessages || bytes + size > limits.maxBytes) {
      groups.push(current);
      current = [];
      bytes = envelopeBytes;
    }
    current.push(message);
    bytes += size;
  });
  groups.push(current);
  return groups.map((group, i) => ({
    data: { type: 'MessageBatch', attributes: { routingPlanId: valid.data.attributes.routingPlanId, messageBatchReference: partReference(batchReference, i, groups.length), messages: group } },
  }));
}
