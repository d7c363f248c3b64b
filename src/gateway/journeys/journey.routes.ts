/**
 * The journey API: start, read, list, change and cancel journeys. Every route authenticates with
 * a scoped API key, validates before touching the port, and answers with the P6 envelope on failure.
 */
import { Router } from 'express';
import { requireScope } from '../auth/require-scope';
import { GatewayError, type ErrorCode } from '../http/errors';
import { jsonBody } from '../http/json-body';
import { methodNotAllowed } from '../http/method-not-allowed';
import type { CancelOutcome, ChangeOutcome } from '../../contracts/ports';
import { defined, journeyIdParam, JourneyListQuery, JourneyReadQuery, parseQuery } from './journey-params';
import { JOURNEY_DEFAULTS, type JourneyRouteOptions } from './journey-route-options';
import { handleStartRequest, principalId } from './start-request';
import { problemsToDetails, validOrThrow } from './validators';

export const JOURNEYS_PATH = '/v1/journeys';

const MISSING: Readonly<Record<'not-found' | 'closed', ErrorCode>> = { 'not-found': 'JOURNEY_NOT_FOUND', 'closed': 'JOURNEY_CLOSED' };

function changeError(outcome: Exclude<ChangeOutcome, { kind: 'changed' }>): GatewayError {
  switch (outcome.kind) {
    case 'invalid': return new GatewayError('INVALID_REQUEST', { reason: outcome.reason, details: problemsToDetails(outcome.problems) });
    case 'rejected': return new GatewayError('CHANGE_REJECTED', { reason: outcome.reason });
    default: return new GatewayError(MISSING[outcome.kind]);
  }
}

function cancelError(outcome: Exclude<CancelOutcome, { kind: 'cancelled' }>): GatewayError {
  return new GatewayError(MISSING[outcome.kind]);
}

export function journeyRoutes(options: JourneyRouteOptions): Router {
  const { port, validators, authenticate, metrics } = options;
  const body = jsonBody(options.bodyLimitBytes ?? JOURNEY_DEFAULTS.bodyLimitBytes);
  const write = requireScope(authenticate, 'journeys:write', metrics);
  const read = requireScope(authenticate, 'journeys:read', metrics);
  const router = Router();

  router.post(JOURNEYS_PATH, write, ...body, async (req, res) => {
    const result = await handleStartRequest(req.body, options, principalId(res));
    if (!result.ok) throw result.error;
    if (result.status === 201) res.location(`${JOURNEYS_PATH}/${encodeURIComponent(result.journey.journeyId)}`);
    res.status(result.status).json({ journey: result.journey });
  });
  router.get(JOURNEYS_PATH, read, async (req, res) => {
    const query = parseQuery(JourneyListQuery, req.query);
    res.json(await port.list(defined(query)));
  });
  router.all(JOURNEYS_PATH, methodNotAllowed(['GET', 'POST']));

  const one = `${JOURNEYS_PATH}/:journeyId`;
  router.get(one, read, async (req, res) => {
    const { view } = parseQuery(JourneyReadQuery, req.query);
    const journey = await port.get(journeyIdParam(req.params.journeyId), { live: view === 'live' });
    if (journey === undefined) throw new GatewayError('JOURNEY_NOT_FOUND');
    res.json({ journey });
  });
  router.patch(one, write, ...body, async (req, res) => {
    const id = journeyIdParam(req.params.journeyId);
    const outcome = await port.change(id, validOrThrow(validators.change, req.body));
    if (outcome.kind !== 'changed') throw changeError(outcome);
    res.json({ journey: outcome.journey });
  });
  router.all(one, methodNotAllowed(['GET', 'PATCH']));

  const cancel = `${one}/cancel`;
  router.post(cancel, write, ...body, async (req, res) => {
    const id = journeyIdParam(req.params.journeyId);
    const outcome = await port.cancel(id, validOrThrow(validators.cancel, req.body));
    if (outcome.kind !== 'cancelled') throw cancelError(outcome);
    res.json({ journey: outcome.journey });
  });
  router.all(cancel, methodNotAllowed(['POST']));
  return router;
}
