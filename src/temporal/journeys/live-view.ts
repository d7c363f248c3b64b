/**
 * The journey's view with the step in flight brought up to date. The parent learns a step's statuses when
 * its child finishes; until then the child (`notify-message-<messageReference>`) holds them, so the adapter
 * asks it and folds its state into the step, exactly as the parent will when the child reports.
 */
import type { Client } from '@temporalio/client';
import { withMessageState } from '../../domain/timeline';
import { deliveryState, deliveryWorkflowId, timelineQuery, type JourneyView } from '../../../workflows';
import { guarded, isWorkflowNotFound } from './temporal-errors';

export async function queryJourney(client: Client, journeyId: string): Promise<JourneyView | undefined> {
  try {
    return await guarded(() => client.workflow.getHandle(journeyId).query(timelineQuery));
  } catch (error) {
    if (isWorkflowNotFound(error)) return undefined;
    throw error;
  }
}

export async function liveJourney(client: Client, journeyId: string): Promise<JourneyView | undefined> {
  const view = await queryJourney(client, journeyId);
  if (view === undefined || view.outcome !== undefined) return view;
  const steps = await Promise.all(view.steps.map(async (step) => {
    if (step.status !== 'sending' && step.status !== 'sent') return step;
    try {
      const live = await guarded(() => client.workflow.getHandle(deliveryWorkflowId(step.messageReference)).query(deliveryState));
      return withMessageState({ ...step, ...(live.state.messageId === undefined ? {} : { messageId: live.state.messageId }) }, live.state);
    } catch (error) {
      if (isWorkflowNotFound(error)) return step; // finished meanwhile: the parent has (or will have) it
      throw error;
    }
  }));
  return { ...view, steps };
}
