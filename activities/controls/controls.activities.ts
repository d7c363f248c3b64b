/**
 * The sending controls as journeys meet them: an activity answers "may this send go?" from the control
 * workflow (through a per-worker cache a second or so old at most), and a retried activity wakes the journeys
 * a lifted control held. Built over a port, so the activities know nothing of how the controls are stored.
 */
import { decideSend, type ControlScope, type ControlState, type SendDecision, type SendSubject } from '../../src/domain/controls/sending-controls';
import type { Logger } from '../../src/observability/logger';

export interface SendingControlsPort {
  /**
   * The controls in force (none when nobody has set any). Throws if they cannot be read: never guesses.
   * With `askedSince`, only an answer asked of the control workflow at or after that instant will do.
   */
  read(askedSince?: number): Promise<ControlState>;
  /** Signals the held journeys on the task queue that the scope covers; answers how many. */
  wakeHeld(taskQueue: string, scope: ControlScope): Promise<number>;
}

export interface ControlsActivityDeps {
  readonly controls: SendingControlsPort;
  readonly logger: Logger;
  /**
   * A held journey consults again after this long even if no wake-up reaches it (a backstop: the resume's
   * wake-up is the fast path; each re-check costs the journey a timer and a workflow task). Default 5 min.
   */
  readonly recheckAfterMs?: number;
  /** Counts decisions that held or dry-ran a send (the metrics module's counter). */
  readonly onDecision?: (subject: SendSubject, decision: SendDecision) => void;
}

export type SendingDecisionAnswer = SendDecision & { readonly recheckAfterMs: number };

export const DEFAULT_RECHECK_AFTER_MS = 5 * 60_000;

export function createControlsActivities(deps: ControlsActivityDeps) {
  const logger = deps.logger.child({ component: 'sending-controls' });
  const recheckAfterMs = deps.recheckAfterMs ?? DEFAULT_RECHECK_AFTER_MS;
  return {
    /** Run just before a journey's send: its answer is recorded in the history, so replay never asks again. */
    sendingDecision: async (subject: SendSubject): Promise<SendingDecisionAnswer> => {
      const askedAt = Date.now();
      let decision = decideSend(await deps.controls.read(), subject);
      // A hold is never taken from the cache. A resume wakes held journeys at once, so a woken journey can ask
      // within the cache's second, and a stale "paused" there would hold it until the re-check minutes later.
      // A cached "send" may be a second late after a pause, which the controls promise ("within seconds").
      if (decision.kind === 'hold') decision = decideSend(await deps.controls.read(askedAt), subject);
      deps.onDecision?.(subject, decision);
      return { ...decision, recheckAfterMs };
    },

    wakeHeldJourneys: async (input: { readonly taskQueue: string; readonly scope: ControlScope }): Promise<number> => {
      const woken = await deps.controls.wakeHeld(input.taskQueue, input.scope);
      logger.info({ scope: input.scope.kind, woken }, 'woke journeys held by a lifted control');
      return woken;
    },
  };
}

export type ControlsActivities = ReturnType<typeof createControlsActivities>;
