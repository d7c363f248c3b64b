/**
 * The sending controls over HTTP (scope `ops`): read the kill switch and dry run, and change them.
 *   GET  /v1/controls/sending   → { controls }          the controls in force and the recent changes
 *   POST /v1/controls/sending   { action, scope, role, reason } → { controls }   pause | resume | dry_run_on | dry_run_off
 * A thin caller of the sending controls service, as the ops CLI and the staff console are.
 */
import { Router } from 'express';
import { ControlChangeRequest, parseControlChange } from '../../domain/controls/control-change-request';
import type { ControlChange, ControlState } from '../../domain/controls/sending-controls';
import { controlsView } from '../../contracts/sending-controls-view';
import type { GatewayMetrics } from '../../observability/metrics';
import { requireScope, type Authenticate } from '../auth/require-scope';
import { GatewayError } from '../http/errors';
import { jsonBody } from '../http/json-body';
import { methodNotAllowed } from '../http/method-not-allowed';
import { validOrThrow, zodValidator } from '../journeys/validators';

export const CONTROLS_PATH = '/v1/controls/sending';

export interface ControlsPort {
  status(): Promise<ControlState>;
  change(change: ControlChange): Promise<ControlState>;
}

export interface ControlsRouteOptions {
  readonly controls: ControlsPort;
  readonly authenticate: Authenticate;
  readonly metrics: GatewayMetrics;
}

export const controlChangeValidator = zodValidator(ControlChangeRequest);

export function controlsRoutes(options: ControlsRouteOptions): Router {
  const scope = requireScope(options.authenticate, 'ops', options.metrics);
  const router = Router();
  router.get(CONTROLS_PATH, scope, async (_req, res) => {
    res.json(controlsView(await options.controls.status()));
  });
  router.post(CONTROLS_PATH, scope, ...jsonBody(16 * 1024), async (req, res) => {
    const parsed = parseControlChange(validOrThrow(controlChangeValidator, req.body));
    if (!parsed.ok) throw new GatewayError('INVALID_REQUEST');
    res.json(controlsView(await options.controls.change(parsed.value)));
  });
  router.all(CONTROLS_PATH, methodNotAllowed(['GET', 'POST']));
  return router;
}
