/**
 * The journey's view with the step in flight brought up to date. The parent learns a step's statuses when
 * its child finishes; until then the child (`notify-message-<messageReference>`) holds them, so the adapter
 * asks it and folds its state into the step, exactly as the parent will when the child reports.
 */
import { withMessageState } from '../../domain/timeline';
import { deliveryState, deliveryWorkflowId, timelineQuery, type JourneyView } from '../../../workflows';
import { guarded, isWorkflowNotFound, type TemporalAccess } from './temporal-errors';

export async function queryJourney(access: TemporalAccess, journeyId: string): Promise<JourneyView | undefined> {
  try {
    return await guarded(access, () => access.client.workflow.getHandle(journeyId).query(timelineQuery));
  } catch (error) {
    if (isWorkflowNotFound(error)) return undefined;
    throw error;
  }
}

export async function liveJourney(access: TemporalAccess, journeyId: string): Promise<JourneyView | undefined> {
  const view = await queryJourney(access, journeyId);
  if (view === undefined || view.outcome !== undefined) return view;
  const steps = await Promise.all(view.steps.map(async (step) => {
    if (step.status !== 'sending' && step.status !== 'sent') return step;
    try {
      const live = await guarded(access, () => access.client.workflow.getHandle(deliveryWorkflowId(step.messageReference)).query(deliveryState));
      return withMessageState({ ...step, ...(live.state.messageId === undefined ? {} : { messageId: live.state.messageId }) }, live.state);
    } catch {
      // Best effort: the parent's record stands on its own. The child may have finished meanwhile (the parent
      // has, or will have, its result) or be slow to answer; neither should fail the whole answer.
      return step;
    }
  }));
  return { ...view, steps };
}
