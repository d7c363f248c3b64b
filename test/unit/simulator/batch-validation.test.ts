import { describe, expect, it } from 'vitest';
import { validateBatchRequest } from '../../../src/simulator/batches/batch-validation';

const PLAN = 'b838b13c-f98c-4def-93f0-515d4e4f4ee1';
const item = (ref: string) => ({ messageReference: ref, recipient: { nhsNumber: '9990548609' } });
const batch = (messages: unknown, patch: Record<string, unknown> = {}) => ({ data: { type: 'MessageBatch', attributes: { routingPlanId: PLAN, messageBatchReference: 'batch-1', messages, ...patch } } });

function errorsOf(body: unknown): Array<[string, string | undefined]> {
  const result = validateBatchRequest(Buffer.from(JSON.stringify(body)));
  return result.ok ? [] : result.errors.map((e) => [e.key, e.pointer]);
}

describe('POST /v1/message-batches validation (docs/nhs-notify.md §4, §8.3)', () => {
  it('accepts a valid batch', () => {
    const result = validateBatchRequest(Buffer.from(JSON.stringify(batch([item('a'), item('b')]))));
    expect(result.ok && result.value.messages.map((m) => m.messageReference)).toEqual(['a', 'b']);
  });

  it('type must be MessageBatch; messageBatchReference a non-blank string', () => {
    expect(errorsOf({ data: { ...batch([item('a')]).data, type: 'Message' } })).toEqual([['CM_INVALID_VALUE', '/data/type']]);
    expect(errorsOf(batch([item('a')], { messageBatchReference: '' }))).toEqual([['CM_INVALID_VALUE', '/data/attributes/messageBatchReference']]);
  });

  it('messages: missing, null, not an array, or empty (400 CM_TOO_FEW_ITEMS)', () => {
    expect(errorsOf(batch(undefined))).toEqual([['CM_MISSING_VALUE', '/data/attributes/messages']]);
    expect(errorsOf(batch(null))).toEqual([['CM_NULL_VALUE', '/data/attributes/messages']]);
    expect(errorsOf(batch({}))).toEqual([['CM_INVALID_VALUE', '/data/attributes/messages']]);
    expect(errorsOf(batch([]))).toEqual([['CM_TOO_FEW_ITEMS', '/data/attributes/messages']]);
  });

  it('more than 45,000 messages is 413 CM_TOO_MANY_ITEMS and validation stops there', () => {
    const many = Array.from({ length: 45_001 }, () => ({ bad: true }));
    expect(errorsOf(batch(many))).toEqual([['CM_TOO_MANY_ITEMS', '/data/attributes/messages']]);
  });

  it('a duplicate messageReference is reported at the later index', () => {
    expect(errorsOf(batch([item('a'), item('b'), item('a')]))).toEqual([['CM_DUPLICATE_VALUE', '/data/attributes/messages/2/messageReference']]);
  });

  it('item checks use per-index pointers', () => {
    expect(errorsOf(batch([null, { messageReference: 'x', recipient: { nhsNumber: '1' }, originator: { odsCode: 1 }, personalisation: 'p' }]))).toEqual([
      ['CM_NULL_VALUE', '/data/attributes/messages/0'],
      ['CM_INVALID_NHS_NUMBER', '/data/attributes/messages/1/recipient/nhsNumber'],
      ['CM_INVALID_VALUE', '/data/attributes/messages/1/originator/odsCode'],
      ['CM_INVALID_VALUE', '/data/attributes/messages/1/personalisation'],
    ]);
  });

  it('stops at 100 errors', () => {
    const bad = Array.from({ length: 300 }, () => ({}));
    const errors = errorsOf(batch(bad));
    expect(errors).toHaveLength(100);
    expect(errors[0]).toEqual(['CM_MISSING_VALUE', '/data/attributes/messages/0/messageReference']);
  });
});
