/**
 * The journey search attributes: defined once here, where the workflow sandbox can load them, and used by the
 * workflows (upserts), the Temporal adapter (start, list, describe) and the dev server (registration).
 * Values are ids, codes and flags only: search attributes bypass the payload codec and are stored in plaintext (P2).
 */
import { defineSearchAttributeKey, SearchAttributeType, type SearchAttributeUpdatePair } from '@temporalio/common';
import { upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';

export const JourneyType = defineSearchAttributeKey('JourneyType', SearchAttributeType.KEYWORD);
export const JourneyStatus = defineSearchAttributeKey('JourneyStatus', SearchAttributeType.KEYWORD);
export const JourneyStep = defineSearchAttributeKey('JourneyStep', SearchAttributeType.KEYWORD);
export const NotifyMessageId = defineSearchAttributeKey('NotifyMessageId', SearchAttributeType.KEYWORD);
export const EscalationOpen = defineSearchAttributeKey('EscalationOpen', SearchAttributeType.BOOL);
/** The start request's cohort tag (a label such as a campaign, never patient data), set once at start. */
export const JourneyCohort = defineSearchAttributeKey('JourneyCohort', SearchAttributeType.KEYWORD);

/** On webhook delivery workflows: the subscription they deliver to (GET /v1/webhooks/{id}/deliveries). */
export const WebhookSubscriptionKey = defineSearchAttributeKey('WebhookSubscription', SearchAttributeType.KEYWORD);

export const SEARCH_ATTRIBUTES = [JourneyType, JourneyStatus, JourneyStep, NotifyMessageId, EscalationOpen, WebhookSubscriptionKey, JourneyCohort] as const;

export interface JourneyAttributes {
  readonly status?: string;
  readonly step?: string;
  readonly messageId?: string;
  readonly escalationOpen?: boolean;
}

/** Upserts only the attributes whose value changed: every upsert is a history event. */
export function upsertJourneyAttributes(next: JourneyAttributes): void {
  const current = workflowInfo().typedSearchAttributes;
  const pairs: SearchAttributeUpdatePair[] = [];
  if (next.status !== undefined && current.get(JourneyStatus) !== next.status) pairs.push({ key: JourneyStatus, value: next.status });
  if (next.step !== undefined && current.get(JourneyStep) !== next.step) pairs.push({ key: JourneyStep, value: next.step });
  if (next.messageId !== undefined && current.get(NotifyMessageId) !== next.messageId) pairs.push({ key: NotifyMessageId, value: next.messageId });
  if (next.escalationOpen !== undefined && current.get(EscalationOpen) !== next.escalationOpen) pairs.push({ key: EscalationOpen, value: next.escalationOpen });
  if (pairs.length > 0) upsertSearchAttributes(pairs);
}
