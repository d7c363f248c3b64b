/**
 * POST /v1/messages and GET|HEAD /v1/messages/{id} (docs/nhs-notify.md §3, §5, §9), after the gate has
 * done auth, negotiation and routing. Backend checks follow the proxy's validation: trigger plans, unknown
 * plan (404), client restrictions, then de-duplication (425 while the first is in progress, 422 after).
 */
import type { Request, Response } from 'express';
import { acceptMessage, messageUrl } from './accept-message';
import { applyAcceptFaults } from './accept-faults';
import type { AuthResult } from '../auth/auth';
import { restrictionErrors } from '../auth/auth';
import { DedupeStore } from './dedupe';
import { claimReference, RETRY_AFTER_425 } from './dedupe-gate';
import type { ErrorSpec } from '../http/errors';
import { sendErrors, sendJson } from '../http/http-common';
import { createdBody, messageBody } from './message-view';
import { findPlan, triggerFor, type SimPlan } from './plans';
import { sandboxMessage } from '../sandbox/sandbox-messages';
import type { SimulatorState } from '../state/state';
import { validateMessageRequest } from './validation';

type Authorised = Extract<AuthResult, { ok: true }>;


export type PlanLookup = { readonly ok: true; readonly plan: SimPlan } | { readonly ok: false; readonly errors: ErrorSpec[]; readonly headers: Record<string, string> };

/** The sandbox's trigger plans answer with their fixed error; an unknown plan is 404 (§13, §8.2). */
export function resolvePlan(routingPlanId: string): PlanLookup {
  const trigger = triggerFor(routingPlanId);
  if (trigger !== undefined) return { ok: false, errors: [trigger], headers: trigger.key === 'CM_RETRY_TOO_EARLY' ? RETRY_AFTER_425 : {} };
  const plan = findPlan(routingPlanId);
  if (plan === undefined) return { ok: false, errors: [{ key: 'CM_NO_SUCH_ROUTING_PLAN', pointer: '/data/attributes/routingPlanId' }], headers: {} };
  return { ok: true, plan };
}

export async function sendMessage(state: SimulatorState, req: Request, res: Response, auth: Authorised, raw: Buffer): Promise<void> {
  const validated = validateMessageRequest(raw);
  if (!validated.ok) return sendErrors(req, res, validated.errors);
  if (raw.length > state.maxBodyBytes) return sendErrors(req, res, [PAYLOAD_TOO_LARGE]);
  const attrs = validated.value;
  const lookup = resolvePlan(attrs.routingPlanId);
  if (!lookup.ok) return sendErrors(req, res, lookup.errors, lookup.headers);
  const restricted = restrictionErrors(auth.restriction, attrs, '/data/attributes');
  if (restricted.length > 0) return sendErrors(req, res, restricted);

  const key = DedupeStore.key(auth.applicationId, 'Message', attrs.messageReference);
  if (!claimReference(state, req, res, key, { key: 'CM_DUPLICATE_REQUEST', pointer: '/data/attributes/messageReference' })) return;

  let message;
  try {
    message = acceptMessage(state, { applicationId: auth.applicationId, item: attrs, plan: lookup.plan });
  } catch (err) {
    state.dedupe.release(key); // nothing was stored: the client may retry with the same reference
    throw err;
  }

  if ((await applyAcceptFaults(state, req, key, 'messages')) === 'dropped') return;
  const location = `/v1/messages/${message.id}`;
  sendJson(req, res, 201, createdBody(message, messageUrl(req, message.id)), { Location: location });
}

/** Checked once a body is valid, as NHS's backend does (options.ts, maxBodyBytes). */
export const PAYLOAD_TOO_LARGE: ErrorSpec = { key: 'CM_TOO_LARGE', pointer: '/' };

/** The simulator's own messages first, then NHS's fixed sandbox ids (sandbox-messages.ts). */
export function getMessage(state: SimulatorState, req: Request, res: Response, auth: Authorised, messageId: string): void {
  const message = state.sandbox ? undefined : state.messages.get(messageId);
  if (message !== undefined && (message.applicationId === auth.applicationId || state.openAccess)) {
    return sendJson(req, res, 200, messageBody(message, messageUrl(req, message.id)));
  }
  const fixture = message === undefined ? sandboxMessage(messageId, messageUrl(req, messageId)) : undefined;
  if (fixture !== undefined) return sendJson(req, res, 200, fixture);
  sendErrors(req, res, [{ key: 'CM_NOT_FOUND' }]);
}
