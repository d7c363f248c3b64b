/**
 * The sending controls, held in Temporal itself: the state is the workflow's, so it survives every restart of
 * every process, each change is an Update in the history (who by role, why, when) that the Web UI shows, and
 * every worker reads the same answer by query. A lifted pause wakes the journeys it held, through a retried
 * activity, so a resume is never lost to a crash between "resumed" and "woken".
 */
import {
  allHandlersFinished, ApplicationFailure, condition, continueAsNew, proxyActivities, setHandler, workflowInfo,
} from '@temporalio/workflow';
import type { ControlsActivities } from '../../activities/controls/controls.activities';
import {
  applyControlChange, CONTROL_ACTIONS, NO_CONTROLS, OPS_ROLES, type ControlChange, type ControlScope, type ControlState,
} from '../../src/domain/controls/sending-controls';
import { changeControls, controlState, type SendingControlsInput } from './controls-contract';

const { wakeHeldJourneys } = proxyActivities<ControlsActivities>({
  summary: 'wake journeys held by a lifted control',
  startToCloseTimeout: '5 minutes',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', backoffCoefficient: 2 },
});

/** Changes per run before continue-as-new keeps the history short. */
const CHANGES_PER_RUN = 500;

export async function sendingControlsWorkflow(input: SendingControlsInput): Promise<never> {
  let state: ControlState = input.carried ?? NO_CONTROLS;
  let changes = 0;
  const toWake: ControlScope[] = [];
  setHandler(controlState, () => state);
  setHandler(changeControls, (change) => {
    state = applyControlChange(state, change, Date.now());
    changes += 1;
    const last = state.history[state.history.length - 1];
    if (last?.changed === true && (change.action === 'resume' || change.action === 'dry_run_off')) toWake.push(change.scope);
    return state;
  }, { validator: validateChange });

  for (;;) {
    await condition(() => toWake.length > 0 || changes >= CHANGES_PER_RUN || workflowInfo().continueAsNewSuggested);
    const scope = toWake.shift();
    if (scope !== undefined) {
      await wakeHeldJourneys({ taskQueue: input.taskQueue, scope });
      continue;
    }
    await condition(allHandlersFinished);
    if (toWake.length === 0) return continueAsNew<typeof sendingControlsWorkflow>({ taskQueue: input.taskQueue, carried: state });
  }
}

/** The service parses requests with the domain's schema; this guards the history against anything else. */
function validateChange(change: ControlChange): void {
  const ok = typeof change === 'object' && change !== null && CONTROL_ACTIONS.includes(change.action)
    && (OPS_ROLES as readonly string[]).includes(change.role) && typeof change.reason === 'string' && change.reason.length > 0
    && typeof change.scope === 'object' && change.scope !== null && ['all', 'journey-type', 'cohort'].includes(change.scope.kind);
  if (!ok) throw ApplicationFailure.nonRetryable('not a valid control change', 'INVALID_CONTROL_CHANGE');
}
