/**
 * What the cohort activities need of a cohort, as a port: its rows as batch messages, its record of what was
 * accepted, and the start of a patient's own journey. src/temporal/cohorts implements it over the cohort store
 * and the Temporal client; the activities (activities/cohorts) know nothing of either.
 */
import type { RoutingPlanName } from '../domain/routing-plans';
import type { BatchMessageInput } from '../notify/types';

export interface ChunkRow {
  readonly row: number;
  readonly message: BatchMessageInput & { readonly messageReference: string };
}

/** One patient to follow up: why, and what NHS Notify told us of their batch message. */
export interface FollowUp {
  readonly row: number;
  readonly outcome: 'failed' | 'timed_out' | 'send_failed';
  readonly failureCode?: string;
  readonly messageId?: string;
  readonly acceptedAt?: string;
}

/** What the activities need of the cohort (src/temporal/cohorts): its rows as messages, its record, its follow-ups. */
export interface CohortWork {
  chunkMessages(cohortId: string, from: number, to: number): Promise<{ readonly routingPlan: RoutingPlanName; readonly rows: readonly ChunkRow[] }>;
  recordAccepted(cohortId: string, accepted: readonly { readonly row: number; readonly messageId?: string }[]): Promise<void>;
  /** Starts each patient's own journey (idempotent: an existing one is left alone); returns how many. */
  followUp(cohortId: string, patients: readonly FollowUp[]): Promise<number>;
  /** Rows accepted in a batch with no final status yet, nor a journey of their own. */
  stalled(cohortId: string): Promise<readonly FollowUp[]>;
  /** The cohort's sends (a chunk, or the follow-ups) are done: its decrypted rows are dropped from memory. */
  release(cohortId: string): void;
  /** NHS Notify's final answer for a row's message (a callback, or a status GET): recorded, with its facts. */
  recordFinal(cohortId: string, row: number, final: { readonly status: 'delivered' | 'failed'; readonly messageId: string; readonly at: number; readonly failureCode?: string }): Promise<void>;
}
