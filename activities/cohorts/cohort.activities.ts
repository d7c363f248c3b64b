/**
 * The cohort workflow's activities: one chunk of patients sent in one POST /v1/message-batches (the client
 * splits further at 45,000 messages or 5 MB), and the follow-up of messages still without a final status.
 *
 * A chunk's batch reference is derived from the cohort and chunk, so a retried activity re-sends the same
 * batch and NHS Notify answers 422 duplicate (accepted earlier), never a second message. NHS Notify refuses
 * a batch as a whole when any message in it is invalid, pointing at each bad message: those patients are
 * refused (their own journey starts and falls back with the code), the rest go again under a derived
 * reference (the same on every retry, because the refusal is). Logs carry ids and counts, never patient data.
 */
import { activityInfo, cancellationSignal, heartbeat } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { RoutingPlanName } from '../../src/domain/routing-plans';
import type { NotifyClient } from '../../src/notify/client';
import { NotifyBatchIncompleteError, NotifyInvalidRequestError } from '../../src/notify/errors';
import type { MessageBatchResult } from '../../src/notify/types';
import type { CohortWork, FollowUp } from '../../src/cohorts/cohort-work';
import type { Logger } from '../../src/observability/logger';
import type { ChunkInput, ChunkResult } from '../../workflows/cohort/cohort-contract';
import { DEFAULT_BACKOFF, toActivityFailure, type BackoffOptions } from '../notify/notify-failure';

export interface CohortActivityDeps {
  readonly notify: Pick<NotifyClient, 'createMessageBatch' | 'getMessage'>;
  readonly routingPlanIds: Readonly<Partial<Record<RoutingPlanName, string>>>;
  readonly work: CohortWork;
  readonly logger: Logger;
  readonly backoff?: BackoffOptions;
  /** Status GETs per second before a timed-out follow-up (default 10): they count against NHS Notify's quota too. */
  readonly reconcilePerSecond?: number;
}

const MESSAGE_POINTER = /^\/data\/attributes\/messages\/(\d+)(?:\/|$)/;

/** The refusal behind an error, and where in the set its pointers count from (parts accepted before it). */
function refusalOf(error: unknown): { readonly invalid: NotifyInvalidRequestError; readonly completed?: MessageBatchResult } | undefined {
  if (error instanceof NotifyInvalidRequestError) return { invalid: error };
  if (error instanceof NotifyBatchIncompleteError && error.cause instanceof NotifyInvalidRequestError) return { invalid: error.cause, completed: error.completed };
  return undefined;
}

export function createCohortActivities(deps: CohortActivityDeps) {
  const logger = deps.logger.child({ component: 'cohort-activities' });

  function routingPlanId(name: RoutingPlanName): string {
    const id = deps.routingPlanIds[name];
    if (id === undefined) throw ApplicationFailure.create({ message: `routing plan ${name} has no id in this environment`, type: 'ROUTING_PLAN_NOT_CONFIGURED', nonRetryable: true });
    return id;
  }

  async function statusOf(messageId: string): Promise<{ readonly status: string; readonly failureCode?: string }> {
    try {
      const { attributes } = await deps.notify.getMessage(messageId, { signal: cancellationSignal() });
      return { status: attributes.messageStatus, ...(attributes.messageFailureReasonCode === undefined ? {} : { failureCode: attributes.messageFailureReasonCode }) };
    } catch (error) {
      const failure = toActivityFailure(error, { attempt: activityInfo().attempt, backoff: deps.backoff ?? DEFAULT_BACKOFF, random: Math.random })
        ?? ApplicationFailure.retryable('unexpected duplicate answer to a GET', 'NOTIFY_BAD_RESPONSE');
      // Permanent (e.g. NHS Notify does not know the id): no answer, so the patient is followed up as timed out.
      if (failure.nonRetryable) return { status: 'unknown' };
      // Transient: the activity retries, and asks only about the rows not recorded yet.
      throw failure;
    }
  }

  return {
    sendCohortChunk: async (input: ChunkInput): Promise<ChunkResult> => {
      const { routingPlan, rows } = await deps.work.chunkMessages(input.cohortId, input.from, input.to);
      const planId = routingPlanId(routingPlan);
      let pending = rows;
      const refused: FollowUp[] = [];
      let accepted = 0;
      let requests = 0;
      for (let round = 0; pending.length > 0; round += 1) {
        const reference = round === 0 ? `${input.cohortId}-chunk-${input.chunk}` : `${input.cohortId}-chunk-${input.chunk}-resend-${round}`;
        heartbeat({ round });
        try {
          const result = await deps.notify.createMessageBatch(planId, reference, pending.map((r) => r.message), { signal: cancellationSignal() });
          requests += result.parts.length;
          await deps.work.recordAccepted(input.cohortId, pending.map((r) => withId(r.row, result.messageIds[r.message.messageReference])));
          accepted += pending.length;
          break;
        } catch (error) {
          const refusal = refusalOf(error);
          if (refusal === undefined) {
            const failure = toActivityFailure(error, { attempt: activityInfo().attempt, backoff: deps.backoff ?? DEFAULT_BACKOFF, random: Math.random });
            logger.warn({ cohortId: input.cohortId, chunk: input.chunk, code: failure?.type }, 'cohort batch failed');
            throw failure ?? ApplicationFailure.retryable('unexpected duplicate answer for a whole batch', 'NOTIFY_BAD_RESPONSE');
          }
          const completed = refusal.completed;
          const offset = completed?.parts.reduce((sum, part) => sum + part.messageCount, 0) ?? 0;
          requests += (completed?.parts.length ?? 0) + (refusal.invalid.status === undefined ? 0 : 1);
          const before = pending.slice(0, offset);
          await deps.work.recordAccepted(input.cohortId, before.map((r) => withId(r.row, completed?.messageIds[r.message.messageReference])));
          accepted += before.length;
          const bad = new Set(refusal.invalid.fieldPaths.flatMap((path) => {
            const match = MESSAGE_POINTER.exec(path);
            return match === null ? [] : [offset + Number(match[1])];
          }));
          // A refusal that names no message (the envelope itself) cannot be fixed by leaving patients out.
          if (bad.size === 0) throw ApplicationFailure.create({ message: refusal.invalid.message, type: refusal.invalid.code, nonRetryable: true });
          const code = refusal.invalid.apiErrorCodes?.[0] ?? refusal.invalid.code;
          refused.push(...[...bad].flatMap((i) => pending[i] === undefined ? [] : [{ row: pending[i].row, outcome: 'send_failed' as const, failureCode: code }]));
          pending = pending.slice(offset).filter((_, i) => !bad.has(offset + i));
        }
      }
      await deps.work.followUp(input.cohortId, refused);
      deps.work.release(input.cohortId);
      logger.info({ cohortId: input.cohortId, chunk: input.chunk, accepted, refused: refused.length, requests }, 'cohort chunk sent');
      return { accepted, refused: refused.length, requests };
    },

    /**
     * After the callback timeout: each message still without a final status is first asked after (GET
     * /v1/messages/{id}), as a single journey's delivery workflow does, because a lost callback is not a lost
     * message. Delivered: recorded, no follow-up. Failed: followed up as failed, with NHS Notify's code. Still
     * going (or accepted without an id to ask by): followed up as timed out. Progress is recorded row by row,
     * so a retried activity asks only about the rows still open.
     */
    followUpStalled: async (input: { readonly cohortId: string }): Promise<number> => {
      const stalled = await deps.work.stalled(input.cohortId);
      const intervalMs = 1000 / (deps.reconcilePerSecond ?? 10);
      const begun = Date.now();
      const followUps: FollowUp[] = [];
      let delivered = 0;
      for (const [i, patient] of stalled.entries()) {
        heartbeat({ reconciled: i });
        if (patient.messageId === undefined) {
          followUps.push(patient);
          continue;
        }
        const wait = begun + i * intervalMs - Date.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        const answer = await statusOf(patient.messageId);
        if (answer.status === 'delivered') {
          await deps.work.recordFinal(input.cohortId, patient.row, { status: 'delivered', messageId: patient.messageId, at: Date.now() });
          delivered += 1;
        } else if (answer.status === 'failed') {
          const code = answer.failureCode === undefined ? {} : { failureCode: answer.failureCode };
          await deps.work.recordFinal(input.cohortId, patient.row, { status: 'failed', messageId: patient.messageId, at: Date.now(), ...code });
          followUps.push({ ...patient, outcome: 'failed', ...code });
        } else {
          followUps.push(patient);
        }
      }
      const started = await deps.work.followUp(input.cohortId, followUps);
      deps.work.release(input.cohortId);
      const timedOut = followUps.filter((f) => f.outcome === 'timed_out').length;
      logger.info({ cohortId: input.cohortId, stalled: stalled.length, delivered, timedOut, started }, 'cohort follow-up of messages without a final status');
      return timedOut;
    },
  };
}

function withId(row: number, messageId: string | undefined): { row: number; messageId?: string } {
  return messageId === undefined ? { row } : { row, messageId };
}

export type CohortActivities = ReturnType<typeof createCohortActivities>;
