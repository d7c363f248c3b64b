/**
 * The sending controls service: the one in-process module the HTTP routes, the ops CLI and the staff console
 * call to pause, resume, dry-run and read the kill switch. It talks to the control workflow (one per task
 * queue) and, for the workers, reads the controls through a short cache and wakes held journeys.
 *
 * Why a Temporal workflow holds the switch: Temporal is the store every part of the service already depends
 * on and already keeps durable and replicated; a journey that cannot reach Temporal cannot send anyway, so
 * the switch is never less available than sending itself. Each change is an Update in the control workflow's
 * history (who by role, why, when: visible in the Web UI), a query gives every worker the same answer, and a
 * resume wakes held journeys from a retried activity, so no restart loses it.
 */
import { WithStartWorkflowOperation, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { NO_CONTROLS, type ControlChange, type ControlEvent, type ControlScope, type ControlState } from '../../domain/controls/sending-controls';
import { changeControls, controlState, controlsWorkflowId, sendingResumed } from '../../../workflows/controls/controls-contract';
import { sendingControlsWorkflow } from '../../../workflows/controls/sending-controls.workflow';
import { guarded, isWorkflowNotFound, UPDATE_TIMEOUT_MS, type TemporalAccess } from '../journeys/temporal-errors';
import { equals, listJourneys } from '../journeys/visibility';

export interface SendingControlsOptions extends TemporalAccess {
  readonly taskQueue: string;
  /** How old a worker's view of the controls may be (default 1 s): "every worker within seconds". */
  readonly cacheMs?: number;
  /** Told of every change this process makes (metrics). The webhook events come from the control workflow itself. */
  readonly onChange?: (event: ControlEvent) => void;
}

export class InvalidControlChangeError extends Error {
  override readonly name = 'InvalidControlChangeError';
}

export interface SendingControlsService {
  /** The controls in force and the recent changes. */
  status(): Promise<ControlState>;
  /** Applies one change and answers the state after it; effective on every worker within `cacheMs`. */
  change(change: ControlChange): Promise<ControlState>;
  /** The worker side: the cached view journeys consult before each send; `askedSince` refuses older answers. */
  read(askedSince?: number): Promise<ControlState>;
  /** Signals the held journeys a lifted control covers; answers how many. */
  wakeHeld(taskQueue: string, scope: ControlScope): Promise<number>;
  /** How many journeys on this task queue are held by a control now (visibility: a second or so behind). */
  heldCount(): Promise<number>;
  /** Starts the control workflow if it is not running (idempotent), so the first query finds it. */
  ensureRunning(): Promise<void>;
}

export const DEFAULT_CONTROLS_CACHE_MS = 1_000;

export function createSendingControls(options: SendingControlsOptions): SendingControlsService {
  const { client, taskQueue } = options;
  const workflowId = controlsWorkflowId(taskQueue);
  const cacheMs = options.cacheMs ?? DEFAULT_CONTROLS_CACHE_MS;
  /** An answer and when it was asked for: a read that needs an answer asked since then can use it. */
  let cached: { state: ControlState; askedAt: number; until: number } | undefined;
  // Concurrent reads share one query: fifty journeys due at once must not queue fifty queries on the worker.
  let reading: { answer: Promise<ControlState>; askedAt: number } | undefined;
  /** Answers asked before this process's last change are not kept: they may predate it. */
  let changedAt = Number.NEGATIVE_INFINITY;

  const startOperation = () => new WithStartWorkflowOperation(sendingControlsWorkflow, {
    workflowId, taskQueue, args: [{ taskQueue }], workflowIdConflictPolicy: 'USE_EXISTING',
    staticSummary: 'sending controls: kill switch and dry run',
  });

  async function status(): Promise<ControlState> {
    try {
      return await guarded(options, () => client.workflow.getHandle(workflowId).query(controlState));
    } catch (error) {
      if (isWorkflowNotFound(error)) return NO_CONTROLS;
      throw error;
    }
  }

  return {
    status,

    async change(change) {
      try {
        const state = await guarded(options, () => client.workflow.executeUpdateWithStart(changeControls, {
          args: [change], startWorkflowOperation: startOperation(),
        }), UPDATE_TIMEOUT_MS);
        cached = undefined;
        changedAt = Date.now();
        const event = state.history[state.history.length - 1];
        if (event !== undefined) options.onChange?.(event);
        return state;
      } catch (error) {
        if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure) {
          throw new InvalidControlChangeError(error.cause.message);
        }
        throw error;
      }
    },

    read(askedSince = Number.NEGATIVE_INFINITY) {
      askedSince = Math.max(askedSince, changedAt);
      if (cached !== undefined && Date.now() < cached.until && cached.askedAt >= askedSince) return Promise.resolve(cached.state);
      if (reading !== undefined && reading.askedAt >= askedSince) return reading.answer;
      const askedAt = Date.now();
      const answer = status().then((state) => {
        if (cached === undefined || cached.askedAt <= askedAt) cached = { state, askedAt, until: Date.now() + cacheMs };
        return state;
      }).finally(() => { if (reading?.answer === answer) reading = undefined; });
      reading = { answer, askedAt };
      return answer;
    },

    async wakeHeld(queue, scope) {
      const clauses = ["WorkflowType = 'journeyWorkflow'", "ExecutionStatus = 'Running'", equals('TaskQueue', queue), equals('JourneyStatus', 'paused')];
      if (scope.kind === 'journey-type') clauses.push(equals('JourneyType', scope.journeyType));
      let woken = 0;
      let cursor: string | undefined;
      do {
        const page = await listJourneys(options, clauses.join(' AND '), 200, cursor);
        for (const journey of page.items) {
          try {
            await guarded(options, () => client.workflow.getHandle(journey.workflowId).signal(sendingResumed));
            woken += 1;
          } catch (error) {
            if (!isWorkflowNotFound(error)) throw error; // finished meanwhile: nothing to wake
          }
        }
        cursor = page.nextCursor;
      } while (cursor !== undefined);
      return woken;
    },

    async heldCount() {
      const query = ["WorkflowType = 'journeyWorkflow'", "ExecutionStatus = 'Running'", equals('TaskQueue', taskQueue), equals('JourneyStatus', 'paused')].join(' AND ');
      return (await guarded(options, () => client.workflow.count(query))).count;
    },

    async ensureRunning() {
      try {
        await guarded(options, () => client.workflow.start(sendingControlsWorkflow, {
          workflowId, taskQueue, args: [{ taskQueue }], workflowIdConflictPolicy: 'USE_EXISTING',
          staticSummary: 'sending controls: kill switch and dry run',
        }));
      } catch (error) {
        if (!(error instanceof Error && error.name === 'WorkflowExecutionAlreadyStartedError')) throw error;
      }
    },
  };
}

