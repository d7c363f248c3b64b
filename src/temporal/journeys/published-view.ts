/**
 * A journey answered from what it published (workflows/journey/journey-publication.ts), not from a query:
 * the view in its memo, read with describe (or a visibility list), so no workflow is woken and a busy worker
 * does not slow the answer. While a step's message is out, its child publishes NHS Notify's acceptance (the memo
 * `delivery`), which this folds into the step, as the journey itself will when the child reports.
 * A journey that published nothing (begun before publishing), or only part of its view, is answered by its query.
 */
import { decodeMapFromPayloads } from '@temporalio/common/lib/internal-non-workflow';
import type { Payload } from '@temporalio/common';
import type { TimelineStep } from '../../domain/timeline';
import {
  DELIVERY_MEMO_KEY, deliveryWorkflowId, MEMO_KEYS, type DeliveryProgress, type JourneyView, type PublishedJourneyView,
} from '../../../workflows';
import { describeSummary } from './describe';
import { liveJourney } from './live-view';
import type { TemporalAccess } from './temporal-errors';

/** The memo's view if it is a whole one; undefined if there is none or it is partial. */
export function publishedViewOf(memo: Readonly<Record<string, unknown>> | undefined): JourneyView | undefined {
  const view = memo?.[MEMO_KEYS.journey] as PublishedJourneyView | undefined;
  if (view === undefined || typeof view !== 'object' || view.partial === true || !Array.isArray(view.steps)) return undefined;
  return view;
}

/** Decodes the memo of a visibility record (list answers carry it raw). */
export async function decodedMemo(access: TemporalAccess, fields: Record<string, Payload> | null | undefined): Promise<Record<string, unknown>> {
  return (await decodeMapFromPayloads(access.client.options.loadedDataConverter, fields ?? undefined)) ?? {};
}

/**
 * GET /v1/journeys/{id}: describe (and, with a message out, describe its child). `live` asks the workflows
 * instead, for the live detail of one journey (every callback seen so far).
 */
export async function readJourney(access: TemporalAccess, journeyId: string, options: { readonly live?: boolean } = {}): Promise<JourneyView | undefined> {
  if (options.live === true) return liveJourney(access, journeyId);
  const described = await describeSummary(access, journeyId);
  if (described === undefined) return undefined;
  const view = publishedViewOf(described.memo);
  if (view === undefined) return liveJourney(access, journeyId);
  if (view.outcome !== undefined || !described.running) return view;
  return withChildProgress(access, view);
}

async function withChildProgress(access: TemporalAccess, view: JourneyView): Promise<JourneyView> {
  let accepted = false;
  const steps = await Promise.all(view.steps.map(async (step) => {
    if (step.status !== 'sending') return step;
    const child = await describeSummary(access, deliveryWorkflowId(step.messageReference));
    const progress = child?.memo[DELIVERY_MEMO_KEY] as DeliveryProgress | undefined;
    if (progress === undefined || progress.stepId !== step.stepId) return step;
    accepted = true;
    return acceptedStep(step, progress);
  }));
  return { ...view, steps, ...(accepted && view.status === 'sending' ? { status: 'awaiting_outcome' } : {}) };
}

/** The step as the journey records NHS Notify's acceptance (journey-state.ts recordProgress). */
export function acceptedStep(step: TimelineStep, progress: DeliveryProgress): TimelineStep {
  const { id, version } = progress.routingPlan;
  return {
    ...step, status: 'sent', sentAt: step.sentAt ?? Date.parse(progress.acceptedAt),
    routingPlan: { ...step.routingPlan, id, ...(version === undefined ? {} : { version }) },
    ...(progress.messageId === undefined ? {} : { messageId: progress.messageId }),
  };
}
