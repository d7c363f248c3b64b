/**
 * The contract of `cohortWorkflow`: many patients' first step sent through NHS Notify's message batches.
 * The Workflow ID is the domain's `cohortWorkflowId(secret, cohortKey)`. The input names the cohort's rows
 * (kept encrypted outside history by the cohort store), never holds them. Definitions and types only.
 */
import { defineQuery } from '@temporalio/workflow';
import type { SendSubject } from '../../src/domain/controls/sending-controls';

export interface CohortInput {
  /** Also the Workflow ID and the cohort store's key. */
  readonly cohortId: string;
  readonly count: number;
  /** Rows per batch activity (each one POST /v1/message-batches, split further by the client's 45,000 / 5 MB limits). */
  readonly chunkSize: number;
  /** What the sending controls (kill switch, dry run) judge before each chunk: the journey type and cohort tag. */
  readonly subject: SendSubject;
  /** How long (real ms) after the last batch a message without a final status is followed up as timed out. */
  readonly callbackTimeoutMs: number;
}

export interface ChunkInput {
  readonly cohortId: string;
  readonly chunk: number;
  readonly from: number;
  readonly to: number;
}

export interface ChunkResult {
  readonly accepted: number;
  /** Messages NHS Notify (or our own checks) refused: each patient's journey was started to fall back. */
  readonly refused: number;
  /** Batch requests made, including the re-sends after a refusal (a 422 duplicate counts too). */
  readonly requests: number;
}

export interface CohortProgress {
  /** held: a pause covers the cohort (it asks again); dry_run: dry run covers it, so nothing was sent. */
  readonly phase: 'sending' | 'held' | 'awaiting-callbacks' | 'following-up' | 'finished' | 'dry_run';
  readonly chunksSent: number;
  readonly chunks: number;
  readonly accepted: number;
  readonly refused: number;
  readonly requests: number;
  readonly timedOut: number;
}

export type CohortResult = CohortProgress;

export const cohortProgress = defineQuery<CohortProgress>('cohortProgress');
