/**
 * Validation of POST /v1/message-batches bodies (docs/nhs-notify.md §4, §8.3, `MessageBatches.Create.Validate.js`):
 * data, type, attributes, routingPlanId, messageBatchReference, messages (1 to 45,000: 0 is 400
 * CM_TOO_FEW_ITEMS, more is 413 CM_TOO_MANY_ITEMS and validation stops), then each item, with a duplicate
 * messageReference inside the batch reported at the later index. At most 100 errors.
 */
import type { Errors } from '../messages/validation-checks';
import { checkArray, checkConstant, checkObject, checkString, checkUuid, invalid, isObject } from '../messages/validation-checks';
import { checkMessageParts, contactDetailErrors, parseJson, toMessageItem, type MessageItem, type Validated } from '../messages/validation';

export const MAX_BATCH_ITEMS = 45_000;
const MAX_ERRORS = 100;

export interface ParsedBatch {
  readonly routingPlanId: string;
  readonly messageBatchReference: string;
  readonly messages: readonly MessageItem[];
}

function checkItems(errors: Errors, messages: unknown[]): void {
  const seen = new Set<string>();
  for (const [index, message] of messages.entries()) {
    if (errors.length >= MAX_ERRORS) return;
    const base = `/data/attributes/messages/${index}`;
    if (!checkObject(errors, message, base)) continue;
    const pointer = `${base}/messageReference`;
    if (checkString(errors, message.messageReference, pointer)) {
      if (seen.has(message.messageReference)) errors.push({ key: 'CM_DUPLICATE_VALUE', pointer });
      else seen.add(message.messageReference);
    }
    checkMessageParts(errors, message, base);
  }
}

export function validateBatchRequest(raw: Buffer): Validated<ParsedBatch> {
  const parsed = parseJson(raw);
  if (!parsed.ok) return { ok: false, errors: [invalid('/')] };
  const errors: Errors = [];
  const body: Record<string, unknown> = isObject(parsed.value) ? parsed.value : {};
  const data = body.data;
  if (!checkObject(errors, data, '/data')) return { ok: false, errors };
  checkConstant(errors, data.type, '/data/type', 'MessageBatch');
  const attributes = data.attributes;
  if (!checkObject(errors, attributes, '/data/attributes')) return { ok: false, errors };
  checkUuid(errors, attributes.routingPlanId, '/data/attributes/routingPlanId');
  checkString(errors, attributes.messageBatchReference, '/data/attributes/messageBatchReference');
  const messages = attributes.messages;
  if (checkArray(errors, messages, '/data/attributes/messages', 1)) {
    if (messages.length > MAX_BATCH_ITEMS) {
      errors.push({ key: 'CM_TOO_MANY_ITEMS', pointer: '/data/attributes/messages' });
      return { ok: false, errors };
    }
    checkItems(errors, messages);
  }
  if (errors.length > 0) return { ok: false, errors: errors.slice(0, MAX_ERRORS) };

  const items = messages as Array<Record<string, unknown>>;
  const backend = items.flatMap((item, i) => contactDetailErrors(item, `/data/attributes/messages/${i}`));
  if (backend.length > 0) return { ok: false, errors: backend.slice(0, MAX_ERRORS) };
  return {
    ok: true,
    value: {
      routingPlanId: attributes.routingPlanId as string,
      messageBatchReference: attributes.messageBatchReference as string,
      messages: items.map(toMessageItem),
    },
  };
}
