/**
 * The communications record over HTTP (scope `audit:read`). Both routes call the same in-process service the
 * staff console uses, and every call is itself recorded (who, when, why, what was returned).
 *
 * - POST /v1/patients/communications/search  { nhsNumber, reason, requesterRole?, pageSize?, pageToken? }
 *   The NHS number travels in the body, never the URL (URLs end up in access logs, proxies and browser
 *   history), so this is a POST search rather than GET /v1/patients/{nhsNumber}/communications.
 * - GET /v1/journeys/{journeyId}/record: the full record of one journey, also after Temporal has deleted it.
 */
import { Router, type Response } from 'express';
import { z } from 'zod';
import { isValidNhsNumber } from '../../domain/nhs-number';
import { STAFF_ROLES } from '../../domain/timeline';
import { LookupError, MAX_PAGE_SIZE, type CommunicationsRecord, type Principal } from '../../audit/communications-record';
import type { GatewayMetrics } from '../../observability/metrics';
import type { Principal as ApiPrincipal } from '../auth/api-keys';
import { requireScope, type Authenticate } from '../auth/require-scope';
import { GatewayError } from '../http/errors';
import { jsonBody } from '../http/json-body';
import { methodNotAllowed } from '../http/method-not-allowed';
import { journeyIdParam } from '../journeys/journey-params';
import { validOrThrow, zodValidator } from '../journeys/validators';

export const PATIENT_SEARCH_PATH = '/v1/patients/communications/search';

export const PatientCommunicationsSearch = z.object({
  nhsNumber: z.string().refine((v) => isValidNhsNumber(v.replace(/\s+/g, '')), 'must be a valid 10-digit NHS number'),
  /** Why the record is being looked at (a call reference, an incident number): kept with the lookup. */
  reason: z.string().trim().min(3).max(500),
  requesterRole: z.enum(STAFF_ROLES).optional(),
  pageSize: z.number().int().min(1).max(MAX_PAGE_SIZE).optional(),
  pageToken: z.string().regex(/^[A-Za-z0-9_-]{1,512}$/).optional(),
}).strict();

export interface CommunicationsRouteOptions {
  readonly record: CommunicationsRecord;
  readonly authenticate: Authenticate;
  readonly metrics: GatewayMetrics;
  readonly bodyLimitBytes?: number;
}

const searchValidator = zodValidator(PatientCommunicationsSearch);

export function communicationsRoutes(options: CommunicationsRouteOptions): Router {
  const scope = requireScope(options.authenticate, 'audit:read', options.metrics);
  const router = Router();
  router.post(PATIENT_SEARCH_PATH, scope, ...jsonBody(options.bodyLimitBytes ?? 16 * 1024), async (req, res) => {
    const search = validOrThrow(searchValidator, req.body);
    const principal = principalOf(res, search.requesterRole);
    res.json(await answer(() => options.record.lookupPatient({
      nhsNumber: search.nhsNumber, reason: search.reason, principal,
      ...(search.pageSize === undefined ? {} : { pageSize: search.pageSize }), ...(search.pageToken === undefined ? {} : { pageToken: search.pageToken }),
    })));
  });
  router.all(PATIENT_SEARCH_PATH, methodNotAllowed(['POST']));

  const recordPath = '/v1/journeys/:journeyId/record';
  router.get(recordPath, scope, async (req, res) => {
    const journeyId = journeyIdParam(req.params.journeyId);
    const record = await answer(() => options.record.journeyRecord(journeyId, principalOf(res)));
    if (record === undefined) throw new GatewayError('JOURNEY_NOT_FOUND');
    res.json(record);
  });
  router.all(recordPath, methodNotAllowed(['GET']));
  return router;
}

function principalOf(res: Response, requesterRole?: string): Principal {
  const principal = res.locals.principal as ApiPrincipal;
  return { id: principal.keyId, role: requesterRole ?? 'api-client' };
}

/** The service's own refusals are the client's to fix (400); a store that does not answer is a 503. */
async function answer<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof LookupError) throw new GatewayError('INVALID_REQUEST', { reason: error.code });
    throw new GatewayError('SERVICE_UNAVAILABLE', { retryAfterSeconds: 5 });
  }
}
