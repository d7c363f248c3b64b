/**
 * The sending controls over HTTP (scope `ops`): read the kill switch and dry run, and change them.
 *   GET  /v1/controls/sending   → { controls }          the controls in force and the recent changes
 *   POST /v1/controls/sending   { action, scope, role, reason } → { controls }   pause | resume | dry_run_on | dry_run_off
 * A thin caller of the sending controls service, as the ops CLI and the staff console are.
 */
import { Router } from 'express';
import { z } from 'zod';
import { ControlChangeRequest, parseControlChange, scopeToWire } from '../../domain/controls/control-change-request';
import type { ControlChange, ControlEvent, ControlRule, ControlState } from '../../domain/controls/sending-controls';
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

const WireScope = z.union([z.object({ all: z.literal(true) }), z.object({ journeyType: z.string() }), z.object({ cohort: z.string() })]);
const RuleSchema = z.object({ mode: z.enum(['paused', 'dry_run']), scope: WireScope, role: z.string(), reason: z.string(), since: z.string() });
const EventSchema = z.object({ action: z.string(), scope: WireScope, role: z.string(), reason: z.string(), at: z.string(), changed: z.boolean() });
export const ControlsViewSchema = z.object({ controls: z.object({ rules: z.array(RuleSchema), history: z.array(EventSchema) }) });
export type ControlsView = z.output<typeof ControlsViewSchema>;

export const controlChangeValidator = zodValidator(ControlChangeRequest);

export function controlsView(state: ControlState): ControlsView {
  const rule = (r: ControlRule) => ({ mode: r.mode, scope: scopeToWire(r.scope), role: r.role, reason: r.reason, since: new Date(r.since).toISOString() });
  const event = (e: ControlEvent) => ({ action: e.action, scope: scopeToWire(e.scope), role: e.role, reason: e.reason, at: new Date(e.at).toISOString(), changed: e.changed });
  return { controls: { rules: state.rules.map(rule), history: state.history.map(event) } };
}

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
