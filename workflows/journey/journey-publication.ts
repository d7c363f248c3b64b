/**
 * What a journey publishes as it changes, so the API can answer without waking it (docs/scale.md): its search
 * attributes (status, step, message id, escalation flag) and the memo `journey`, the same view the `timeline`
 * query answers. Ids, codes, versions and times only (P1): the memo a workflow writes is not encrypted.
 *
 * Since the patch `publish-journey-state`, attribute changes are collected and written together with the memo at
 * the points where the journey waits (its send time, a step's child running, an escalation's SLA, the end): one
 * upsert per wait instead of one per change, and only what changed. Journeys that began before the patch keep
 * upserting each change at once and publish no memo (their histories replay unchanged).
 */
import { patched, upsertMemo } from '@temporalio/workflow';
import { upsertJourneyAttributes, type JourneyAttributes } from '../common/search-attributes';
import { MEMO_KEYS } from './journey-contract';
import type { JourneyView } from './journey-view';

export const PUBLISH_JOURNEY_STATE_PATCH = 'publish-journey-state';

/**
 * Patch id for two changes made together (every patch id costs each new journey a marker and a
 * TemporalChangeVersion upsert, a visibility write, so one id for both): the journey publishes in its one wait
 * helper (journey-wait.ts), after the facts' hand-over where it used to publish before it; and a step's message
 * publishes and announces NHS Notify's acceptance itself instead of signalling it (delivery-step.ts). Journeys
 * that began before it replay on the old paths.
 */
export const LEAN_PUBLICATION_PATCH = 'lean-publication';

/**
 * The server refuses a memo over 32 KB (a failed workflow task); a journey escalated for months could get there.
 * Above this size the memo keeps the newest events and escalations and says it is partial: the adapter then
 * answers that journey from its query.
 */
const MEMO_BUDGET_BYTES = 12_000;
const KEEP_WHEN_PARTIAL = 10;

export interface Publication {
  /** Whether this run publishes (the patch); fixed for the run. */
  readonly enabled: boolean;
  pending: JourneyAttributes;
  lastMemo?: string;
}

/** Decided once, in the run's first task. */
export function startPublication(): Publication {
  return { enabled: patched(PUBLISH_JOURNEY_STATE_PATCH), pending: {} };
}

/** A change of search attributes: written now on the old path, with the next publish on the new one. */
export function noteAttributes(publication: Publication, next: JourneyAttributes): void {
  if (!publication.enabled) {
    upsertJourneyAttributes(next);
    return;
  }
  publication.pending = { ...publication.pending, ...next };
}

/** Writes what changed since the last publish: the collected attributes in one upsert, and the view if it moved. */
export function publish(publication: Publication, view: JourneyView): void {
  if (!publication.enabled) return;
  upsertJourneyAttributes(publication.pending);
  publication.pending = {};
  const memo = memoView(view);
  const json = JSON.stringify(memo);
  if (json === publication.lastMemo) return;
  publication.lastMemo = json;
  upsertMemo({ [MEMO_KEYS.journey]: memo });
}

/** A published view: the whole view, or (over budget) its newest part flagged `partial`. */
export type PublishedJourneyView = JourneyView & { readonly partial?: true };

export function memoView(view: JourneyView): PublishedJourneyView {
  if (JSON.stringify(view).length <= MEMO_BUDGET_BYTES) return view;
  return {
    ...view, partial: true,
    events: view.events.slice(-KEEP_WHEN_PARTIAL),
    escalations: view.escalations.slice(-KEEP_WHEN_PARTIAL),
  };
}
