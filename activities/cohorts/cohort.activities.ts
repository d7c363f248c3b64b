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
  readonly notify: Pick<NotifyClient, 'createMessageBatch'>;
  readonly routingPlanIds: Readonly<Partial<Record<RoutingPlanName, string>>>;
  readonly work: CohortWork;
  readonly logger: Logger;
  readonly backoff?: BackoffOptions;
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
      logger.info({ cohortId: input.cohortId, chunk: input.chunk, accepted, refused: refused.length, requests }, 'cohort chunk sent');
      return { accepted, refused: refused.length, requests };
    },

    followUpStalled: async (input: { readonly cohortId: string }): Promise<number> => {
      const stalled = await deps.work.stalled(input.cohortId);
      const started = await deps.work.followUp(input.cohortId, stalled);
      logger.info({ cohortId: input.cohortId, stalled: stalled.length, started }, 'cohort follow-up of messages without a final status');
      return stalled.length;
    },
  };
}

function withId(row: number, messageId: string | undefined): { row: number; messageId?: string } {
  return messageId === undefined ? { row } : { row, messageId };
}

export type CohortActivities = ReturnType<typeof createCohortActivities>;
