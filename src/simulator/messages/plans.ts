/**
 * The routing plans the simulator serves: every plan of src/domain/routing-plans.ts under its localId and
 * localVersion, NHS's sandbox plan ids (docs/nhs-notify.md §13) so sandbox-written tests pass here, and the
 * sandbox's trigger plan ids, which answer with the sandbox's fixed errors instead of accepting.
 */
import { ROUTING_PLANS } from '../../domain/routing-plans';
import type { Channel } from '../../contracts/nhs-notify/wire';
import type { ErrorSpec } from '../http/errors';

export interface SimPlan {
  readonly id: string;
  readonly name: string;
  readonly version: string;
  readonly createdDate: string;
  /** The primary cascade, in order. */
  readonly channels: readonly Channel[];
}

const CREATED = '2024-01-01T00:00:00.000Z';

function sandboxPlan(id: string, name: string, channels: readonly Channel[]): SimPlan {
  return { id, name, version: '1', createdDate: CREATED, channels };
}

const POINTER = '/data/attributes/routingPlanId';

/** Sandbox plan ids that answer with an error rather than accepting (§13). */
export const TRIGGER_PLANS: Readonly<Record<string, ErrorSpec>> = {
  'c8857ccf-06ec-483f-9b3a-7fc732d9ad48': { key: 'CM_MISSING_ROUTING_PLAN_TEMPLATE', pointer: POINTER },
  'aeb16ab8-cb9c-4d23-92e9-87c78119175c': { key: 'CM_MISSING_ROUTING_PLAN_TEMPLATE', pointer: POINTER },
  'a3a4e55d-7a21-45a6-9286-8eb595c872a8': {
    key: 'CM_ROUTING_PLAN_DUPLICATE_TEMPLATES', pointer: POINTER,
    meta: { duplicateTemplates: [{ name: 'Template 1', type: 'EMAIL' }, { name: 'Template 2', type: 'EMAIL' }] },
  },
  '4ead415a-c033-4b39-9b05-326ac237a3be': { key: 'CM_INVALID_VALUE', pointer: POINTER, detail: 'Invalid Routing Config' },
  '3bb82e6a-9873-4683-b2b9-fdf33c9ba86f': { key: 'CM_INTERNAL_SERVER_ERROR' },
  'd895ade5-0029-4fc3-9fb5-86e1e5370854': { key: 'CM_RETRY_TOO_EARLY' },
};

const ALL: readonly Channel[] = ['nhsapp', 'email', 'sms', 'letter'];

/** Which channels each sandbox plan sends on is not published; these are the simulator's choice. */
const SANDBOX_PLANS: readonly SimPlan[] = [
  sandboxPlan('b838b13c-f98c-4def-93f0-515d4e4f4ee1', 'routing-plan-name', ALL),
  sandboxPlan('49e43b98-70cb-47a9-a55e-fe70c9a6f77c', 'sandbox-nhsapp', ['nhsapp']),
  sandboxPlan('b402cd20-b62a-4357-8e02-2952959531c8', 'sandbox-email', ['email']),
  sandboxPlan('936e9d45-15de-4a95-bb36-ae163c33ae53', 'sandbox-sms', ['sms']),
  sandboxPlan('9ba00d23-cd6f-4aca-8688-00abc85a7980', 'sandbox-letter', ['letter']),
  sandboxPlan('00000000-0000-0000-0000-000000000001', 'Global NHS App free text', ['nhsapp']),
  sandboxPlan('00000000-0000-0000-0000-000000000002', 'Global email free text', ['email']),
  sandboxPlan('00000000-0000-0000-0000-000000000003', 'Global SMS free text', ['sms']),
];

const LOCAL_PLANS: readonly SimPlan[] = Object.values(ROUTING_PLANS).map((plan) => ({
  id: plan.localId, name: plan.name, version: plan.localVersion, createdDate: CREATED, channels: plan.channels,
}));

const BY_ID = new Map<string, SimPlan>([...LOCAL_PLANS, ...SANDBOX_PLANS].map((plan) => [plan.id, plan]));

/**
 * Exact match: NHS's proxy accepts a UUID in either case, but its backend looks plans up as given, so an
 * upper-case copy of a known id is 404 CM_NO_SUCH_ROUTING_PLAN.
 */
export function findPlan(routingPlanId: string): SimPlan | undefined {
  return BY_ID.get(routingPlanId);
}

export function triggerFor(routingPlanId: string): ErrorSpec | undefined {
  return Object.hasOwn(TRIGGER_PLANS, routingPlanId) ? TRIGGER_PLANS[routingPlanId] : undefined;
}

export function allPlans(): readonly SimPlan[] {
  return [...BY_ID.values()];
}

export function planReference(plan: SimPlan): { id: string; name: string; version: string; createdDate: string } {
  return { id: plan.id, name: plan.name, version: plan.version, createdDate: plan.createdDate };
}
