import { Readable } from 'node:stream';
import express from 'express';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { classifyError } from '../../../src/gateway/http/error-handler';
import { errorBody, GatewayError } from '../../../src/gateway/http/errors';
import { fromDomainParser, zodValidator } from '../../../src/gateway/journeys/validators';
import { TemporalUnavailableError } from '../../../src/contracts/ports';

describe('validation details and error classification', () => {
  it('P6: zod problems name fields by pointer and issue code; client-chosen keys and values never appear', () => {
    const schema = z.object({ patient: z.object({ nhsNumber: z.string().length(10) }).strict(), tags: z.record(z.string(), z.number()) }).strict();
    const result = zodValidator(schema).parse({ patient: { nhsNumber: '94347659', 'email@x.nhs.uk': 1 }, tags: { 'a b@c': 'x' }, extra: 'secret' });
    expect(result.ok).toBe(false);
    const text = JSON.stringify(result);
    for (const leaked of ['94347659', 'email@x.nhs.uk', 'a b@c', 'secret']) expect(text).not.toContain(leaked);
    expect(result.ok ? [] : result.details).toEqual(expect.arrayContaining([
      { pointer: '/patient/nhsNumber', problem: 'too_small' }, { pointer: '/patient', problem: 'unrecognized_keys' },
      { pointer: '/tags/*', problem: 'invalid_type' }, { pointer: '/', problem: 'unrecognized_keys' },
    ]));
  });

  it('P6: domain problems map to pointers naming only declared fields; messages outside a safe character set become "invalid"', () => {
    const schema = z.object({
      patient: z.object({ nhsNumber: z.string() }), personalisation: z.record(z.string(), z.string()).optional(),
      items: z.array(z.object({ name: z.string() })),
    });
    const validator = fromDomainParser(schema, () => ({ ok: false, code: 'INVALID_JOURNEY_REQUEST', problems: [
      { path: 'patient.nhsNumber', message: 'must be 10 digits' }, { path: '(root)', message: 'is required' },
      { path: 'personalisation.<key>', message: 'unknown field "<script>"' }, { path: 'items.2.name', message: 'is required' },
      // A record key is the client's own: an NHS number as a key must not come back in a pointer.
      { path: 'personalisation.9434765919', message: 'is not a known field' }, { path: 'CANARY_undeclared', message: 'is not allowed' },
    ] }));
    const result = validator.parse({});
    expect(result).toEqual({ ok: false, reason: 'INVALID_JOURNEY_REQUEST', details: [
      { pointer: '/patient/nhsNumber', problem: 'must be 10 digits' }, { pointer: '/', problem: 'is required' },
      { pointer: '/personalisation/*', problem: 'invalid' }, { pointer: '/items/2/name', problem: 'is required' },
      { pointer: '/personalisation/*', problem: 'is not a known field' }, { pointer: '/*', problem: 'is not allowed' },
    ] });
  });

  it('P6: errors classify to stable codes, including body-parser errors by type and unknown errors as internal', async () => {
    expect(classifyError(new GatewayError('JOURNEY_CLOSED'))).toBe('JOURNEY_CLOSED');
    expect(classifyError(new TemporalUnavailableError())).toBe('SERVICE_UNAVAILABLE');
    expect(classifyError(new Error('boom'))).toBe('INTERNAL_ERROR');
    expect(classifyError('a string')).toBe('INTERNAL_ERROR');
    expect(classifyError({ status: 500, type: 'stream.encoding.set' })).toBe('INTERNAL_ERROR');
    // A real body-parser failure, produced by running express.json on a malformed body.
    const parseError = await new Promise<unknown>((resolve) => {
      const req = Object.assign(Readable.from([Buffer.from('{"a":')]), { headers: { 'content-type': 'application/json', 'content-length': '5' } });
      express.json()(req as never, {} as never, resolve);
    });
    expect(classifyError(parseError)).toBe('MALFORMED_JSON');
    expect(errorBody('MALFORMED_JSON', 'cid-12345678')).toEqual({ error: { code: 'MALFORMED_JSON', message: 'The request body is not valid JSON.', correlationId: 'cid-12345678' } });
  });
});
