import { describe, expect, it } from 'vitest';
import { validateMessageRequest } from '../../../src/simulator/messages/validation';

const PLAN = 'b838b13c-f98c-4def-93f0-515d4e4f4ee1';
const valid = () => ({ data: { type: 'Message', attributes: { routingPlanId: PLAN, messageReference: 'ref-1', recipient: { nhsNumber: '9990548609' } } } });

function errorsOf(body: unknown): Array<[string, string | undefined]> {
  const raw = Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
  const result = validateMessageRequest(raw);
  return result.ok ? [] : result.errors.map((e) => [e.key, e.pointer]);
}

function withAttrs(patch: Record<string, unknown>): unknown {
  const body = valid();
  return { data: { ...body.data, attributes: { ...body.data.attributes, ...patch } } };
}

describe('POST /v1/messages validation (docs/nhs-notify.md §8.3)', () => {
  it('accepts a valid body and keeps only what the simulator needs', () => {
    const result = validateMessageRequest(Buffer.from(JSON.stringify(withAttrs({ personalisation: { a: 'secret' }, originator: { odsCode: 'X26' } }))));
    expect(result).toEqual({ ok: true, value: { routingPlanId: PLAN, messageReference: 'ref-1', nhsNumber: '9990548609', hasContactDetails: false, odsCode: 'X26', personalisationKeys: ['a'] } });
  });

  it('1: the body must parse; then data and data.attributes must be objects', () => {
    expect(errorsOf('{nope')).toEqual([['CM_INVALID_VALUE', '/']]);
    expect(errorsOf({})).toEqual([['CM_MISSING_VALUE', '/data']]);
    expect(errorsOf({ data: null })).toEqual([['CM_NULL_VALUE', '/data']]);
    expect(errorsOf({ data: [] })).toEqual([['CM_INVALID_VALUE', '/data']]);
    expect(errorsOf({ data: { type: 'Message' } })).toEqual([['CM_MISSING_VALUE', '/data/attributes']]);
  });

  it('2: data.type must be the literal "Message"', () => {
    expect(errorsOf({ data: { ...valid().data, type: 'MessageBatch' } })).toEqual([['CM_INVALID_VALUE', '/data/type']]);
    expect(errorsOf({ data: { ...valid().data, type: null } })).toEqual([['CM_NULL_VALUE', '/data/type']]);
  });

  it('3: routingPlanId must be a UUID (case-insensitive)', () => {
    expect(errorsOf(withAttrs({ routingPlanId: undefined }))).toEqual([['CM_MISSING_VALUE', '/data/attributes/routingPlanId']]);
    expect(errorsOf(withAttrs({ routingPlanId: 'not-a-uuid' }))).toEqual([['CM_INVALID_VALUE', '/data/attributes/routingPlanId']]);
    expect(errorsOf(withAttrs({ routingPlanId: PLAN.toUpperCase() }))).toEqual([]);
  });

  it('4: messageReference must be a non-blank string', () => {
    expect(errorsOf(withAttrs({ messageReference: undefined }))).toEqual([['CM_MISSING_VALUE', '/data/attributes/messageReference']]);
    expect(errorsOf(withAttrs({ messageReference: null }))).toEqual([['CM_NULL_VALUE', '/data/attributes/messageReference']]);
    expect(errorsOf(withAttrs({ messageReference: '   ' }))).toEqual([['CM_INVALID_VALUE', '/data/attributes/messageReference']]);
    expect(errorsOf(withAttrs({ messageReference: 42 }))).toEqual([['CM_INVALID_VALUE', '/data/attributes/messageReference']]);
  });

  it('5: recipient must be an object; nhsNumber, if present, 10 digits with a valid check digit', () => {
    expect(errorsOf(withAttrs({ recipient: undefined }))).toEqual([['CM_MISSING_VALUE', '/data/attributes/recipient']]);
    expect(errorsOf(withAttrs({ recipient: 'x' }))).toEqual([['CM_INVALID_VALUE', '/data/attributes/recipient']]);
    expect(errorsOf(withAttrs({ recipient: {} }))).toEqual([]);
    expect(errorsOf(withAttrs({ recipient: { nhsNumber: null } }))).toEqual([['CM_NULL_VALUE', '/data/attributes/recipient/nhsNumber']]);
    expect(errorsOf(withAttrs({ recipient: { nhsNumber: '9990548608' } }))).toEqual([['CM_INVALID_NHS_NUMBER', '/data/attributes/recipient/nhsNumber']]);
    expect(errorsOf(withAttrs({ recipient: { nhsNumber: 9990548609 } }))).toEqual([['CM_INVALID_NHS_NUMBER', '/data/attributes/recipient/nhsNumber']]);
  });

  it('6: originator, if present, must be an object; odsCode a string, and null is INVALID not NULL', () => {
    expect(errorsOf(withAttrs({ originator: null }))).toEqual([['CM_NULL_VALUE', '/data/attributes/originator']]);
    expect(errorsOf(withAttrs({ originator: { odsCode: null } }))).toEqual([['CM_INVALID_VALUE', '/data/attributes/originator/odsCode']]);
    expect(errorsOf(withAttrs({ originator: { odsCode: 5 } }))).toEqual([['CM_INVALID_VALUE', '/data/attributes/originator/odsCode']]);
    expect(errorsOf(withAttrs({ originator: {} }))).toEqual([]);
  });

  it('7: personalisation, if present, must be an object', () => {
    expect(errorsOf(withAttrs({ personalisation: [] }))).toEqual([['CM_INVALID_VALUE', '/data/attributes/personalisation']]);
    expect(errorsOf(withAttrs({ personalisation: null }))).toEqual([['CM_NULL_VALUE', '/data/attributes/personalisation']]);
  });

  it('errors accumulate across siblings but not inside an invalid object', () => {
    expect(errorsOf({ data: { type: 'X', attributes: { recipient: null, originator: 'x', personalisation: 1 } } })).toEqual([
      ['CM_INVALID_VALUE', '/data/type'],
      ['CM_MISSING_VALUE', '/data/attributes/routingPlanId'],
      ['CM_MISSING_VALUE', '/data/attributes/messageReference'],
      ['CM_NULL_VALUE', '/data/attributes/recipient'],
      ['CM_INVALID_VALUE', '/data/attributes/originator'],
      ['CM_INVALID_VALUE', '/data/attributes/personalisation'],
    ]);
  });

  it('contact-detail types are checked after the proxy checks pass, with the backend details', () => {
    const result = validateMessageRequest(Buffer.from(JSON.stringify(withAttrs({ recipient: { nhsNumber: '9990548609', contactDetails: { sms: 7, address: { lines: ['1', '2', '3', '4', '5', '6'], postcode: 'LS1 4AP' } } } }))));
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.errors).toEqual([
        { key: 'CM_INVALID_VALUE', pointer: '/data/attributes/recipient/contactDetails/sms', detail: "'sms' is not a string" },
        { key: 'CM_INVALID_VALUE', pointer: '/data/attributes/recipient/contactDetails/address/lines', detail: 'Too many address lines were provided' },
      ]);
    }
  });
});
