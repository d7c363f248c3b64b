/**
 * How many of this deployment's journeys are open now, by status: visibility counts, not the workflows, so
 * nothing is woken and the answer is the same from every API replica. SQL visibility (the dev server and
 * the PostgreSQL cluster) groups counts by ExecutionStatus only, so each status is its own count.
 */
import { JOURNEY_STATUSES, type JourneyStatus } from '../../domain/timeline';
import { guarded, type TemporalAccess } from './temporal-errors';
import { equals } from './visibility';

export async function openJourneysByStatus(access: TemporalAccess, taskQueue: string): Promise<Readonly<Record<JourneyStatus, number>>> {
  const open = ["WorkflowType = 'journeyWorkflow'", "ExecutionStatus = 'Running'", equals('TaskQueue', taskQueue)].join(' AND ');
  const counts = await Promise.all(JOURNEY_STATUSES.map(async (status) =>
    [status, (await guarded(access, () => access.client.workflow.count(`${open} AND ${equals('JourneyStatus', status)}`))).count] as const));
  return Object.fromEntries(counts) as Record<JourneyStatus, number>;
}
