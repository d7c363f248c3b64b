/**
 * Cancelling every open journey a filter matches (a cohort sent in error, a type withdrawn). The journeys are
 * listed first (all pages), so the person confirms a number; each is then cancelled through the API, a few at
 * a time. Cancelling is idempotent, so a run that stopped part way is simply run again.
 */
import type { JourneySummary } from '../../contracts/ports';
import { mapLimited } from '../../map-limited';
import { ApiError, type JourneyListFilter, type JourneysApi } from './journeys-api';
import { progressBar } from './progress';
import { ServiceUnreachableError } from './service-connection';

const PAGE = 200;
const IN_FLIGHT = 4;

export type CancelResult = 'cancelled' | 'already_finished' | 'not_found' | 'failed';

export interface BulkCancelSummary {
  readonly matched: number;
  readonly cancelled: number;
  readonly alreadyFinished: number;
  readonly notFound: number;
  readonly failed: number;
  readonly failures: readonly { readonly journeyId: string; readonly code: string }[];
}

/** Every open journey the filter matches, across pages. */
export async function openJourneys(api: JourneysApi, filter: Omit<JourneyListFilter, 'limit' | 'cursor'>): Promise<JourneySummary[]> {
  const found: JourneySummary[] = [];
  let cursor: string | undefined;
  do {
    const page = await api.listJourneys({ ...filter, open: true, limit: PAGE, ...(cursor === undefined ? {} : { cursor }) });
    found.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  return found;
}

async function cancelOne(api: JourneysApi, journeyId: string, reason: string): Promise<{ result: CancelResult; code?: string }> {
  try {
    await api.cancelJourney(journeyId, reason);
    return { result: 'cancelled' };
  } catch (error) {
    if (error instanceof ApiError && error.code === 'JOURNEY_CLOSED') return { result: 'already_finished' };
    if (error instanceof ApiError && error.code === 'JOURNEY_NOT_FOUND') return { result: 'not_found' };
    if (error instanceof ApiError) return { result: 'failed', code: error.code };
    if (error instanceof ServiceUnreachableError) return { result: 'failed', code: 'SERVICE_UNAVAILABLE' };
    throw error;
  }
}

export async function cancelJourneys(api: JourneysApi, journeys: readonly JourneySummary[], reason: string): Promise<BulkCancelSummary> {
  const progress = progressBar('cancelling', journeys.length);
  const outcomes = await mapLimited(journeys, IN_FLIGHT, async (journey) => {
    const outcome = await cancelOne(api, journey.journeyId, reason);
    progress.advance();
    return { journeyId: journey.journeyId, ...outcome };
  });
  progress.stop();
  const count = (result: CancelResult) => outcomes.filter((o) => o.result === result).length;
  return {
    matched: journeys.length, cancelled: count('cancelled'), alreadyFinished: count('already_finished'), notFound: count('not_found'), failed: count('failed'),
    failures: outcomes.flatMap((o) => (o.result === 'failed' ? [{ journeyId: o.journeyId, code: o.code ?? 'UNKNOWN' }] : [])),
  };
}
