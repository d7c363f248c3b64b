/**
 * POST /v1/message-batches (docs/nhs-notify.md §4, §9): one routing plan for every message; each message
 * gets its own KSUID and lifecycle and carries the batch id. De-duplicated on the batch reference
 * (422 with pointer messageBatchReference); the response has no links and no Location header.
 */
import type { Request, Response } from 'express';
import type { MessageBatchCreatedResponse } from '../../contracts/nhs-notify/wire';
import { acceptMessage } from '../messages/accept-message';
import { applyAcceptFaults } from '../messages/accept-faults';
import { restrictionErrors, type AuthResult } from '../auth/auth';
import { validateBatchRequest } from './batch-validation';
import { DedupeStore } from '../messages/dedupe';
import { claimReference } from '../messages/dedupe-gate';
import { sendErrors, sendJson } from '../http/http-common';
import { newKsuid } from '../messages/ksuid';
import { PAYLOAD_TOO_LARGE, resolvePlan } from '../messages/messages.routes';
import { planReference } from '../messages/plans';
import type { SimulatorState } from '../state/state';

type Authorised = Extract<AuthResult, { ok: true }>;

export async function sendBatch(state: SimulatorState, req: Request, res: Response, auth: Authorised, raw: Buffer): Promise<void> {
  const validated = validateBatchRequest(raw);
  if (!validated.ok) return sendErrors(req, res, validated.errors);
  if (raw.length > state.maxBodyBytes) return sendErrors(req, res, [PAYLOAD_TOO_LARGE]);
  const batch = validated.value;
  const lookup = resolvePlan(batch.routingPlanId);
  if (!lookup.ok) return sendErrors(req, res, lookup.errors, lookup.headers);
  const restricted = batch.messages.flatMap((item, i) => restrictionErrors(auth.restriction, item, `/data/attributes/messages/${i}`));
  if (restricted.length > 0) return sendErrors(req, res, restricted.slice(0, 1));

  const key = DedupeStore.key(auth.applicationId, 'MessageBatch', batch.messageBatchReference);
  if (!claimReference(state, req, res, key, { key: 'CM_DUPLICATE_BATCH_REQUEST', pointer: '/data/attributes/messageBatchReference' })) return;

  const batchId = newKsuid(state.clock());
  const accepted = batch.messages.map((item) => acceptMessage(state, { applicationId: auth.applicationId, item, plan: lookup.plan, batchId }));
  if ((await applyAcceptFaults(state, req, key, 'batches')) === 'dropped') return;
  const body: MessageBatchCreatedResponse = {
    data: {
      type: 'MessageBatch',
      id: batchId,
      attributes: {
        messageBatchReference: batch.messageBatchReference,
        routingPlan: planReference(lookup.plan),
        messages: accepted.map((m) => ({ messageReference: m.messageReference, id: m.id })),
      },
    },
  };
  sendJson(req, res, 201, body);
}
