/**
 * The cohort API: many patients' journeys of one type started as one cohort, whose first step goes out in NHS
 * Notify message batches (docs/scale.md, "Cohorts"), and a cohort's counts.
 *
 *   POST /v1/cohorts             journeys:write  201 new, 200 the same request again, 422 the reference with another request
 *   GET  /v1/cohorts/{cohortId}  journeys:read   counts only (accepted, sent, delivered, following up, failed, refused)
 *
 * Every patient is validated as POST /v1/journeys validates one (the domain's parser), and a problem names its
 * row (`/patients/12/patient/nhsNumber`); one bad row and nothing starts. The cohort's idempotency key is the
 * caller's reference with the journey type; the body's fingerprint tells a repeat from a conflict.
 */
import { Router } from 'express';
import type { CohortPort } from '../../contracts/ports';
import { requestFingerprint } from '../../domain/idempotency';
import { isCohortId } from '../../domain/identifiers';
import type { ValidStartCohortRequest } from '../../domain/messages/commands/v1';
import type { GatewayMetrics } from '../../observability/metrics';
import { requireScope, type Authenticate } from '../auth/require-scope';
import { GatewayError } from '../http/errors';
import { jsonBody } from '../http/json-body';
import { methodNotAllowed } from '../http/method-not-allowed';
import { validOrThrow, type RequestValidator } from '../journeys/validators';

export const COHORTS_PATH = '/v1/cohorts';

export interface CohortRouteOptions {
  readonly port: CohortPort;
  readonly validator: RequestValidator<ValidStartCohortRequest>;
  readonly authenticate: Authenticate;
  readonly metrics: GatewayMetrics;
  /** JSON body limit (default 64 MiB: 100,000 patients of a few hundred bytes each). */
  readonly bodyLimitBytes?: number;
  /** Keys the fingerprints, as for single starts. */
  readonly fingerprintSecret?: string | Uint8Array;
}

export const COHORT_DEFAULTS = { bodyLimitBytes: 64 * 1024 * 1024, maxPatients: 100_000 } as const;

export function cohortRoutes(options: CohortRouteOptions): Router {
  const { port, authenticate, metrics } = options;
  const router = Router();
  router.post(COHORTS_PATH, requireScope(authenticate, 'journeys:write', metrics), ...jsonBody(options.bodyLimitBytes ?? COHORT_DEFAULTS.bodyLimitBytes), async (req, res) => {
    const request = validOrThrow(options.validator, req.body);
    const fingerprint = (value: unknown) => requestFingerprint(value, options.fingerprintSecret);
    const outcome = await port.start({
      reference: request.reference,
      patients: request.patients.map((patient) => ({ raw: patient.raw, valid: patient.valid, fingerprint: fingerprint(patient.raw) })),
    }, fingerprint(req.body));
    if (outcome.kind === 'conflict') throw new GatewayError('IDEMPOTENCY_KEY_REUSED');
    if (outcome.kind === 'new') res.location(`${COHORTS_PATH}/${outcome.cohort.cohortId}`);
    res.status(outcome.kind === 'new' ? 201 : 200).json({ cohort: outcome.cohort });
  });
  router.all(COHORTS_PATH, methodNotAllowed(['POST']));

  const one = `${COHORTS_PATH}/:cohortId`;
  router.get(one, requireScope(authenticate, 'journeys:read', metrics), async (req, res) => {
    const cohortId = req.params.cohortId;
    const cohort = isCohortId(cohortId) ? await port.get(cohortId) : undefined;
    if (cohort === undefined) throw new GatewayError('COHORT_NOT_FOUND');
    res.json({ cohort });
  });
  router.all(one, methodNotAllowed(['GET']));
  return router;
}
