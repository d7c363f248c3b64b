/**
 * The sending controls, held in Temporal itself: the state is the workflow's, so it survives every restart of
 * every process, each change is an Update in the history (who by role, why, when) that the Web UI shows, and
 * every worker reads the same answer by query. A lifted pause wakes the journeys it held, through a retried
 * activity, so a resume is never lost to a crash between "resumed" and "woken".
 *
 * A pause or resume that changed the switch is told to webhook subscribers (sending.paused / sending.resumed)
 * from here, not by the API that asked: the change and the duty to publish it are one history event, so no
 * crash between them can lose the event, and the publish activity is retried until it is done. A retry cannot
 * double it: the delivery's Workflow ID comes from the change's id (this run and its change number), so a
 * repeated start finds the delivery already made. A repeated request changes nothing and publishes nothing.
 */
import {
  allHandlersFinished, ApplicationFailure, condition, continueAsNew, patched, proxyActivities, setHandler, workflowInfo,
} from '@temporalio/workflow';
import type { ControlsActivities } from '../../activities/controls/controls.activities';
import type { WebhookActivities } from '../../activities/webhooks/webhook.activities';
import {
  applyControlChange, CONTROL_ACTIONS, describeScope, NO_CONTROLS, OPS_ROLES, type ControlChange, type ControlEvent, type ControlScope, type ControlState,
} from '../../src/domain/controls/sending-controls';
import type { SendingSwitchEvent } from '../../src/domain/webhooks/events';
import { changeControls, controlState, type SendingControlsInput } from './controls-contract';

const { wakeHeldJourneys } = proxyActivities<ControlsActivities>({
  summary: 'wake journeys held by a lifted control',
  startToCloseTimeout: '5 minutes',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', backoffCoefficient: 2 },
});

const { publishSendingSwitch } = proxyActivities<WebhookActivities>({
  summary: 'publish sending.paused / sending.resumed webhooks',
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', backoffCoefficient: 2 },
});

/** Control workflows started before the switch published webhook events replay without them. */
export const SENDING_SWITCH_EVENTS_PATCH = 'sending-switch-events';

/** The webhook event for a change that paused or resumed sending; none for dry run or a change that changed nothing. */
function switchEventOf(event: ControlEvent, changeNumber: number): SendingSwitchEvent | undefined {
  if (!event.changed || (event.action !== 'pause' && event.action !== 'resume')) return undefined;
  return {
    type: event.action === 'pause' ? 'sending.paused' : 'sending.resumed',
    switchChangeId: `${workflowInfo().runId}-${changeNumber}`,
    // The reason is free text and stays in the control history (GET /v1/controls/sending); receivers get who by role.
    scope: describeScope(event.scope), reasonCode: event.role, occurredAt: new Date(event.at).toISOString(),
  };
}

/** Changes per run before continue-as-new keeps the history short. */
const CHANGES_PER_RUN = 500;

export async function sendingControlsWorkflow(input: SendingControlsInput): Promise<never> {
  let state: ControlState = input.carried ?? NO_CONTROLS;
  let changes = 0;
  const toWake: ControlScope[] = [];
  /** Webhook events not yet published, oldest first; the first stays until its publish has finished. */
  const toPublish: SendingSwitchEvent[] = [];
  setHandler(controlState, () => state);
  setHandler(changeControls, (change) => {
    state = applyControlChange(state, change, Date.now());
    changes += 1;
    const last = state.history[state.history.length - 1];
    if (last?.changed === true && (change.action === 'resume' || change.action === 'dry_run_off')) toWake.push(change.scope);
    const switchEvent = last === undefined ? undefined : switchEventOf(last, changes);
    if (switchEvent !== undefined && patched(SENDING_SWITCH_EVENTS_PATCH)) toPublish.push(switchEvent);
    return state;
  }, { validator: validateChange });

  // Beside the wake-ups, not before them: a webhook receiver's trouble never delays waking held journeys.
  void (async () => {
    for (;;) {
      await condition(() => toPublish.length > 0);
      await publishSendingSwitch(toPublish[0] as SendingSwitchEvent);
      toPublish.shift();
    }
  })();

  for (;;) {
    await condition(() => toWake.length > 0 || changes >= CHANGES_PER_RUN || workflowInfo().continueAsNewSuggested);
    const scope = toWake.shift();
    if (scope !== undefined) {
      await wakeHeldJourneys({ taskQueue: input.taskQueue, scope });
      continue;
    }
    await condition(() => allHandlersFinished() && toPublish.length === 0);
    if (toWake.length === 0 && toPublish.length === 0) return continueAsNew<typeof sendingControlsWorkflow>({ taskQueue: input.taskQueue, carried: state });
  }
}

/** The service parses requests with the domain's schema; this guards the history against anything else. */
function validateChange(change: ControlChange): void {
  const ok = typeof change === 'object' && change !== null && CONTROL_ACTIONS.includes(change.action)
    && (OPS_ROLES as readonly string[]).includes(change.role) && typeof change.reason === 'string' && change.reason.length > 0
    && typeof change.scope === 'object' && change.scope !== null && ['all', 'journey-type', 'cohort'].includes(change.scope.kind);
  if (!ok) throw ApplicationFailure.nonRetryable('not a valid control change', 'INVALID_CONTROL_CHANGE');
}
