/**
 * Reconciliation: when no terminal callback came in time but we know the NHS Notify message id, ask
 * NHS Notify directly (GET /v1/messages/{id}) and fold the answer like a callback. Callbacks can be lost
 * (our endpoint down beyond NHS's 2 h retry window); the GET is the second source of truth.
 */
import { proxyActivities } from '@temporalio/workflow';
import type { NotifyActivities } from '../../activities/notify/notify.activities';
import type { MessageStatusEvent } from '../../src/domain/status/status-event';

const { getMessageStatus } = proxyActivities<NotifyActivities>({
  summary: 'reconcile status (GET message)',
  startToCloseTimeout: '30 seconds',
  scheduleToCloseTimeout: '2 minutes',
  retry: { initialInterval: '1 second', maximumInterval: '10 seconds', maximumAttempts: 3 },
});

/** The status NHS Notify reports now, as a status event; undefined when it could not be read. */
export async function reconcileStatus(messageId: string): Promise<MessageStatusEvent | undefined> {
  try {
    const snapshot = await getMessageStatus(messageId);
    return {
      kind: 'message', messageId: snapshot.messageId, messageReference: snapshot.messageReference, status: snapshot.status,
      timestamp: snapshot.observedAt, idempotencyKey: `reconcile:${snapshot.messageId}:${snapshot.observedAt}`,
      routingPlan: snapshot.routingPlan, channels: snapshot.channels,
      ...(snapshot.failureCode === undefined ? {} : { failureCode: snapshot.failureCode }),
    };
  } catch {
    // Reconciliation is best effort: the step is then judged on what the callbacks said (timed out).
    return undefined;
  }
}
