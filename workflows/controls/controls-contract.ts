/**
 * The contract of `sendingControlsWorkflow`: the durable home of the kill switch and dry run. One runs per
 * deployment (Workflow ID from the task queue, so deployments sharing a namespace never share a switch).
 * Imported by the workflows, the Temporal adapter and the activities: definitions and types only.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { ControlChange, ControlState } from '../../src/domain/controls/sending-controls';

export const CONTROLS_WORKFLOW_ID_PREFIX = 'notify-journeys-sending-controls-';

export function controlsWorkflowId(taskQueue: string): string {
  return `${CONTROLS_WORKFLOW_ID_PREFIX}${taskQueue}`;
}

export interface SendingControlsInput {
  /** The journeys' task queue: the wake-up activity lists held journeys on it. */
  readonly taskQueue: string;
  /** Set only by continue-as-new. */
  readonly carried?: ControlState;
}

export const controlState = defineQuery<ControlState>('controlState');
/** Validated in the workflow before anything reaches history; answers the state after the change. */
export const changeControls = defineUpdate<ControlState, [ControlChange]>('changeControls');
/** To a held journey: a control was lifted; consult the controls again (the planner decides afresh). */
export const sendingResumed = defineSignal('sendingResumed');
