/**
 * The sending controls as the API answers them (GET and POST /v1/controls/sending) and the ops CLI prints them
 * with --json: one wire shape, shared by the HTTP edge, its OpenAPI document and the CLI.
 */
import { z } from 'zod';
import { scopeToWire } from '../domain/controls/control-change-request';
import type { ControlEvent, ControlRule, ControlState } from '../domain/controls/sending-controls';

const WireScope = z.union([z.object({ all: z.literal(true) }), z.object({ journeyType: z.string() }), z.object({ cohort: z.string() })]);
const RuleSchema = z.object({ mode: z.enum(['paused', 'dry_run']), scope: WireScope, role: z.string(), reason: z.string(), since: z.string() });
const EventSchema = z.object({ action: z.string(), scope: WireScope, role: z.string(), reason: z.string(), at: z.string(), changed: z.boolean() });
export const ControlsViewSchema = z.object({ controls: z.object({ rules: z.array(RuleSchema), history: z.array(EventSchema) }) });
export type ControlsView = z.output<typeof ControlsViewSchema>;

export function controlsView(state: ControlState): ControlsView {
  const rule = (r: ControlRule) => ({ mode: r.mode, scope: scopeToWire(r.scope), role: r.role, reason: r.reason, since: new Date(r.since).toISOString() });
  const event = (e: ControlEvent) => ({ action: e.action, scope: scopeToWire(e.scope), role: e.role, reason: e.reason, at: new Date(e.at).toISOString(), changed: e.changed });
  return { controls: { rules: state.rules.map(rule), history: state.history.map(event) } };
}
