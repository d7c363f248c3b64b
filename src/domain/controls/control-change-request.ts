/**
 * The wire shape of a change to the sending controls (the API's body; the CLI builds the same), checked at the
 * edge. Its own module so that what the control workflow and the journeys run, the rules in
 * `sending-controls.ts`, carries no schema library into the workflow bundle.
 */
import { z } from 'zod';
import type { Problem } from '../errors';
import { problemsFrom } from '../validation';
import { CONTROL_ACTIONS, OPS_ROLES, type ControlChange, type ControlScope } from './sending-controls';

const token = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be a lowercase token (a-z, 0-9, -), at most 64 characters');

/** Exactly one scope. */
export const ControlChangeRequest = z.object({
  action: z.enum(CONTROL_ACTIONS),
  scope: z.union([
    z.object({ all: z.literal(true) }).strict(),
    z.object({ journeyType: token }).strict(),
    z.object({ cohort: token }).strict(),
  ]),
  role: z.enum(OPS_ROLES),
  // Why, in words an auditor reads. Never patient details: the Temporal history keeps it.
  reason: z.string().trim().min(3, 'must say why (at least 3 characters)').max(200),
}).strict();

export type ControlChangeParse = { readonly ok: true; readonly value: ControlChange } | { readonly ok: false; readonly problems: readonly Problem[] };

export function parseControlChange(input: unknown): ControlChangeParse {
  const parsed = ControlChangeRequest.safeParse(input);
  if (!parsed.success) return { ok: false, problems: problemsFrom(parsed.error.issues) };
  const { scope: raw, ...rest } = parsed.data;
  const scope: ControlScope = 'journeyType' in raw ? { kind: 'journey-type', journeyType: raw.journeyType }
    : 'cohort' in raw ? { kind: 'cohort', cohort: raw.cohort } : { kind: 'all' };
  return { ok: true, value: { ...rest, scope } };
}

/** The wire form of a scope, the inverse of the request's. */
export function scopeToWire(scope: ControlScope): { all: true } | { journeyType: string } | { cohort: string } {
  switch (scope.kind) {
    case 'all': return { all: true };
    case 'journey-type': return { journeyType: scope.journeyType };
    case 'cohort': return { cohort: scope.cohort };
  }
}
