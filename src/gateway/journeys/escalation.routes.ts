/**
 * Escalations: journeys that need a person (every channel failed, a deadline passed). Staff list the open
 * ones and record what they did. Scope `escalations`.
 */
import { Router } from 'express';
import { requireScope } from '../auth/require-scope';
import { GatewayError } from '../http/errors';
import { jsonBody } from '../http/json-body';
import { methodNotAllowed } from '../http/method-not-allowed';
import { defined, escalationIdParam, EscalationListQuery, parseQuery } from './journey-params';
import { JOURNEY_DEFAULTS, type JourneyRouteOptions } from './journey-route-options';
import { validOrThrow } from './validators';

export const ESCALATIONS_PATH = '/v1/escalations';

export function escalationRoutes(options: JourneyRouteOptions): Router {
  const scope = requireScope(options.authenticate, 'escalations', options.metrics);
  const router = Router();
  router.get(ESCALATIONS_PATH, scope, async (req, res) => {
    res.json(await options.port.listEscalations(defined(parseQuery(EscalationListQuery, req.query))));
  });
  router.all(ESCALATIONS_PATH, methodNotAllowed(['GET']));

  const outcomePath = `${ESCALATIONS_PATH}/:escalationId/outcome`;
  router.post(outcomePath, scope, ...jsonBody(options.bodyLimitBytes ?? JOURNEY_DEFAULTS.bodyLimitBytes), async (req, res) => {
    const id = escalationIdParam(req.params.escalationId);
    const result = await options.port.recordEscalationOutcome(id, validOrThrow(options.validators.escalationOutcome, req.body));
    if (result.kind === 'not-found') throw new GatewayError('ESCALATION_NOT_FOUND');
    if (result.kind === 'closed') throw new GatewayError('ESCALATION_CLOSED');
    res.json({ escalation: result.escalation });
  });
  router.all(outcomePath, methodNotAllowed(['POST']));
  return router;
}
