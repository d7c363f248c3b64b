/**
 * Starting a journey idempotently. The Workflow ID is the domain's keyed hash of the business key, started
 * with REJECT_DUPLICATE (a finished journey never runs again) and USE_EXISTING (a running one is returned).
 * The request fingerprint and a one-off start token go in the memo: the token says whether THIS call started
 * the run (201) or found one (200 if the fingerprint matches, 422 conflict if not), without a second store.
 */
import { randomUUID } from 'node:crypto';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { JourneyDomainError } from '../../domain/errors';
import { journeyWorkflowId, type JourneyBusinessKey } from '../../domain/idempotency';
import type { SecretInput } from '../../domain/hashing/digest';
import { cancellationNotice } from '../../domain/journeys/cancellation';
import { findJourney } from '../../domain/journeys/catalogue';
import { CANCEL_REASONS, type JourneyCatalogue, type JourneyDefinition } from '../../domain/journeys/types';
import { messageSourceOf, type ValidStartJourneyRequest } from '../../domain/messages/commands/v1';
import type { IdempotencyContext, StartOutcome } from '../../contracts/ports';
import { EscalationOpen, JourneyCohort, JourneyStatus, JourneyType } from '../../../workflows/common/search-attributes';
import { journeyWorkflow, MEMO_KEYS, toJourneyPlan, type JourneyClockSettings, type JourneyInput, type JourneyPlan, type PlanSource, type SendPolicy, type SentInBatch } from '../../../workflows';
import { bundledPlanJson } from '../../../workflows/journey/published-plan';
import { initialState, journeyViewOf } from '../../../workflows/journey/journey-context';
import { guarded, type TemporalAccess } from './temporal-errors';
import { describeSummary } from './describe';

export interface StartSettings extends TemporalAccess {
  readonly taskQueue: string;
  readonly catalogue: JourneyCatalogue;
  readonly journeyIdSecret: SecretInput;
  readonly sendPolicy?: SendPolicy;
  readonly clock?: JourneyClockSettings;
  readonly maxEscalationsPerRun?: number;
}

export function businessKeyOf(request: ValidStartJourneyRequest): JourneyBusinessKey {
  return { journeyType: request.journeyType, nhsNumber: request.patient.nhsNumber, eventId: request.eventId, version: request.journeyVersion };
}

function definitionOf(request: ValidStartJourneyRequest, catalogue: JourneyCatalogue): JourneyDefinition {
  const definition = findJourney(catalogue, request.journeyType);
  if (definition === undefined || definition.version !== request.journeyVersion) {
    throw new JourneyDomainError('INVALID_JOURNEY_REQUEST', 'the request was validated against another version of this journey');
  }
  return definition;
}

function journeyInputOf(request: ValidStartJourneyRequest, definition: JourneyDefinition, plan: JourneyPlan, fingerprint: string, settings: StartSettings, requestedBy?: string): JourneyInput {
  const source = messageSourceOf(request);
  return {
    ...planSourceOf(plan), eventAt: request.eventAt,
    recipient: structuredClone(source.recipient),
    personalisation: { provided: { ...source.personalisation.provided }, values: { ...source.personalisation.values } },
    ...(source.odsCode === undefined ? {} : { odsCode: source.odsCode }),
    ...(request.cohort === undefined ? {} : { cohort: request.cohort }),
    requestFingerprint: fingerprint,
    source: { eventId: request.eventId, ...(requestedBy === undefined ? {} : { requestedBy }) },
    ...noticeOf(definition, settings.catalogue),
    ...(settings.sendPolicy === undefined ? {} : { sendPolicy: settings.sendPolicy }),
    ...(settings.clock === undefined ? {} : { clock: settings.clock }),
    ...(settings.maxEscalationsPerRun === undefined ? {} : { maxEscalationsPerRun: settings.maxEscalationsPerRun }),
  };
}

/**
 * The one place that decides how a journey gets its plan: by reference when this build's workflow bundle holds
 * exactly this plan as a published version (production durations, the built-in catalogue), else the plan itself
 * (a compressed test calendar, a version a trust published in its own CATALOGUE_DIR, which no bundle holds).
 * A worker whose bundle is older than this starter's fails the journey's first task until a newer one takes it.
 */
export function planSourceOf(plan: JourneyPlan): PlanSource {
  const planRef = { type: plan.type, version: plan.version };
  return bundledPlanJson(planRef) === JSON.stringify(plan) ? { planRef } : { plan };
}

/** The catalogue's cancellation policy, resolved now so the journey keeps the notice it started with. */
function noticeOf(definition: JourneyDefinition, catalogue: JourneyCatalogue): Pick<JourneyInput, 'cancellationNotice'> {
  const reasons = CANCEL_REASONS.filter((reason) => cancellationNotice(definition, reason) !== undefined);
  const type = reasons[0] === undefined ? undefined : cancellationNotice(definition, reasons[0]);
  const notice = type === undefined ? undefined : findJourney(catalogue, type);
  return notice === undefined ? {} : { cancellationNotice: { plan: toJourneyPlan(notice), reasons } };
}

function firstView(workflowId: string, plan: JourneyPlan, input: JourneyInput) {
  return journeyViewOf(workflowId, plan, initialState(input, input.clock?.startAt ?? Date.now()));
}

/** `takeOver`: the journey's first step already went out in a cohort's batch (cohort follow-up). */
export async function startJourneyWorkflow(
  request: ValidStartJourneyRequest, idempotency: IdempotencyContext, settings: StartSettings, takeOver?: SentInBatch,
): Promise<StartOutcome> {
  const workflowId = journeyWorkflowId(settings.journeyIdSecret, businessKeyOf(request));
  const definition = definitionOf(request, settings.catalogue);
  // Compiled once: the input names or carries it, and the first view is drawn from it.
  const plan = toJourneyPlan(definition);
  const fresh = journeyInputOf(request, definition, plan, idempotency.requestHash, settings, idempotency.requestedBy);
  const input: JourneyInput = takeOver === undefined ? fresh : { ...fresh, sentInBatch: takeOver };
  const startToken = randomUUID();
  try {
    await guarded(settings, () => settings.client.workflow.start(journeyWorkflow, {
      workflowId, taskQueue: settings.taskQueue, args: [input],
      workflowIdReusePolicy: 'REJECT_DUPLICATE', workflowIdConflictPolicy: 'USE_EXISTING',
      // The journey's first view, so GET answers before the journey's first task has run (a start burst).
      memo: { [MEMO_KEYS.requestFingerprint]: idempotency.requestHash, startToken, [MEMO_KEYS.journey]: firstView(workflowId, plan, input) },
      typedSearchAttributes: [
        { key: JourneyType, value: request.journeyType }, { key: JourneyStatus, value: 'scheduled' },
        { key: EscalationOpen, value: false },
        // Set at start only (no workflow code writes it), so ops can list and cancel a cohort: no history change.
        ...(request.cohort === undefined ? [] : [{ key: JourneyCohort, value: request.cohort }]),
      ],
      staticSummary: `${request.journeyType} v${request.journeyVersion}`,
    }));
  } catch (error) {
    // REJECT_DUPLICATE: a finished journey with this id exists. Fall through to compare fingerprints.
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
  }
  const existing = await describeSummary(settings, workflowId);
  if (existing === undefined) throw new Error('journey vanished between start and describe');
  if (existing.memo.startToken === startToken) return { kind: 'new', journey: existing.summary };
  return existing.memo[MEMO_KEYS.requestFingerprint] === idempotency.requestHash
    ? { kind: 'duplicate', journey: existing.summary }
    : { kind: 'conflict' };
}
