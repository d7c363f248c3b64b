/** One journey's summary from Temporal's own record (describe): no query, so it works without a worker. */
import type { JourneySummary } from '../../contracts/ports';
import { JourneyStatus, JourneyType } from '../../../workflows/common/search-attributes';
import { guarded, isWorkflowNotFound, type TemporalAccess } from './temporal-errors';

export interface DescribedJourney {
  readonly summary: JourneySummary;
  readonly memo: Readonly<Record<string, unknown>>;
  readonly running: boolean;
}

export async function describeSummary(access: TemporalAccess, workflowId: string): Promise<DescribedJourney | undefined> {
  try {
    const d = await guarded(access, () => access.client.workflow.getHandle(workflowId).describe());
    const type = d.typedSearchAttributes.get(JourneyType) ?? d.type;
    const status = d.typedSearchAttributes.get(JourneyStatus) ?? 'unknown';
    return {
      summary: {
        journeyId: workflowId, type, status, createdAt: d.startTime.toISOString(),
        ...(d.closeTime === undefined ? {} : { updatedAt: d.closeTime.toISOString() }),
      },
      memo: d.memo ?? {},
      running: d.status.name === 'RUNNING',
    };
  } catch (error) {
    if (isWorkflowNotFound(error)) return undefined;
    throw error;
  }
}
