/**
 * Starting one journey, shared by POST /v1/journeys and each item of POST /v1/journeys/batch.
 * Validate first (nothing invalid reaches Temporal), then fingerprint the body as sent (canonical JSON, so key
 * order doesn't matter) and let the port decide: new (201), same key and same body (200), same key with a
 * different body (422). The journey's key is its business key, derived by the port from the request.
 */
import { requestFingerprint } from '../../domain/idempotency';
import { GatewayError } from '../http/errors';
import type { JourneySummary } from '../../contracts/ports';
import type { JourneyRouteOptions } from './journey-route-options';
import type { Response } from 'express';
import type { Principal } from '../auth/api-keys';

export type StartResult =
  | { readonly ok: true; readonly status: 200 | 201; readonly journey: JourneySummary }
  | { readonly ok: false; readonly error: GatewayError };

/** `requestedBy` is the caller's credential id: the journey's webhooks go to that system's subscriptions. */
export async function handleStartRequest(input: unknown, options: JourneyRouteOptions, requestedBy?: string): Promise<StartResult> {
  const validated = options.validators.start.parse(input);
  if (!validated.ok) {
    options.metrics.journeyStarts.inc({ outcome: 'invalid' });
    const extras = { details: validated.details, ...(validated.reason === undefined ? {} : { reason: validated.reason }) };
    return { ok: false, error: new GatewayError('INVALID_REQUEST', extras) };
  }
  let requestHash: string;
  try {
    requestHash = requestFingerprint(input, options.fingerprintSecret);
  } catch {
    // Only non-JSON or absurdly deep values get here, and validation should have refused those already.
    return { ok: false, error: new GatewayError('INVALID_REQUEST') };
  }
  const outcome = await options.port.start(validated.value, { requestHash, ...(requestedBy === undefined ? {} : { requestedBy }) });
  options.metrics.journeyStarts.inc({ outcome: outcome.kind });
  switch (outcome.kind) {
    case 'new': return { ok: true, status: 201, journey: outcome.journey };
    case 'duplicate': return { ok: true, status: 200, journey: outcome.journey };
    case 'conflict': return { ok: false, error: new GatewayError('IDEMPOTENCY_KEY_REUSED') };
  }
}

/** The authenticated caller's id (set by requireScope). */
export function principalId(res: Response): string | undefined {
  return (res.locals.principal as Principal | undefined)?.keyId;
}
