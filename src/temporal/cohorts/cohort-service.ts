/**
 * Cohorts on Temporal: many patients' first step sent through NHS Notify's message batches by one cohort
 * workflow, each patient followed up on their own only when they need it (docs/scale.md, "Cohorts").
 *
 * - start: the rows go to the cohort store (encrypted, outside history) and `cohort-<HMAC of the cohort key>`
 *   starts with REJECT_DUPLICATE + USE_EXISTING, so the same cohort key never sends twice. A patient whose
 *   first step is not due now (a not-before window, quiet hours) starts as an ordinary journey instead.
 * - Each batch message carries the messageReference the patient's own journey derives for that step, and a
 *   follow-up journey starts with `sentInBatch`, so its timeline continues from the batch and never re-sends.
 * - onCallback: a callback for a cohort message (no delivery workflow has it) is recorded; a failed one starts
 *   that patient's journey. A single start of a patient a cohort already sent to answers duplicate.
 */
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { heartbeat, Context } from '@temporalio/activity';
import type { CohortStore, CohortRow, RowKeys } from '../../cohorts/cohort-store';
import type { ChunkRow, CohortWork, FollowUp } from '../../cohorts/cohort-work';
import type { SendSubject } from '../../domain/controls/sending-controls';
import { JourneyDomainError } from '../../domain/errors';
import type { JourneyFact, JourneyFactBatch } from '../../domain/audit/journey-fact';
import { batchAcceptedFacts, batchFinalStatusFacts, batchFollowUpFacts, type BatchSend } from '../../domain/cohorts/cohort-facts';
import { mapLimited } from '../../map-limited';
import { cohortWorkflowId, journeyWorkflowId, messageReference } from '../../domain/idempotency';
import { findJourney } from '../../domain/journeys/catalogue';
import type { JourneyDefinition, JourneyStep } from '../../domain/journeys/types';
import { messageContentFor, messageSourceOf, parseStartJourneyRequest, type ValidStartJourneyRequest } from '../../domain/messages/commands/v1';
import { planNextSend } from '../../domain/planning/choose-fallback';
import { journeyWindow } from '../../domain/planning/journey-window';
import { statusEventFromCallback } from '../../domain/status/from-callback';
import type { CohortItem, CohortPort, CohortView, DeliveryResult, JourneySummary, VerifiedStatusEvent } from '../../contracts/ports';
import { cohortWorkflow, type CohortInput } from '../../../workflows';
import { businessKeyOf, startJourneyWorkflow, type StartSettings } from '../journeys/start-workflow';
import { describeSummary } from '../journeys/describe';
import { guarded } from '../journeys/temporal-errors';

export interface CohortSettings extends StartSettings {
  readonly store: CohortStore;
  /** Rows per batch activity (default 45,000, NHS Notify's per-request cap; the client also splits at 5 MB). */
  readonly chunkSize?: number;
  /** Journey time over which follow-ups started together are spread (default one hour). */
  readonly followUpSpreadMs?: number;
  /** Overrides the first step's callback timeout (real ms), for a benchmark whose calendar is compressed further than its callbacks can keep up with. */
  readonly callbackTimeoutMs?: number;
  /** Follow-up starts in flight at once (default 8). */
  readonly followUpConcurrency?: number;
  /** The journeys' fact sink (the communications record): a cohort hands over the facts of patients without a journey. */
  readonly recordFacts?: (batch: JourneyFactBatch) => Promise<void>;
}

export interface CohortService extends CohortPort {
  /** Per status, how many of the cohort's patients are there ("did they get it"), or undefined. */
  summary(cohortId: string): ReturnType<CohortStore['summary']>;
  /** The activities' port. */
  readonly work: CohortWork;
  /** undefined: not a cohort message. */
  onCallback(event: VerifiedStatusEvent): Promise<DeliveryResult | undefined>;
  /** The journey a cohort already sent this request's first step for, if one did. */
  heldByCohort(request: ValidStartJourneyRequest): Promise<JourneySummary | undefined>;
}

const DEFAULT_CHUNK = 45_000;
/** Fact batches handed to the record at once (each is one transaction there). */
const FACT_CONCURRENCY = 8;
const DEFAULT_SPREAD_MS = 60 * 60 * 1000;
/** A first step due within this much of now goes in the batch (planning and the batch take a moment). */
const DUE_NOW_MS = 60_000;

export function createCohortService(settings: CohortSettings): CohortService {
  const { store } = settings;
  const spreadMs = settings.followUpSpreadMs ?? DEFAULT_SPREAD_MS;

  function definitionOf(type: string, version: number): JourneyDefinition {
    const definition = findJourney(settings.catalogue, type);
    if (definition === undefined || definition.version !== version) {
      throw new JourneyDomainError('INVALID_JOURNEY_REQUEST', 'the cohort was validated against another version of this journey');
    }
    return definition;
  }

  function firstStepOf(definition: JourneyDefinition): JourneyStep {
    const step = definition.steps[0];
    if (step === undefined) throw new JourneyDomainError('INVALID_JOURNEY_REQUEST', 'the journey has no steps');
    return step;
  }

  function keysOf(request: ValidStartJourneyRequest, step: JourneyStep): RowKeys {
    const journeyId = journeyWorkflowId(settings.journeyIdSecret, businessKeyOf(request));
    return { journeyId, messageReference: messageReference(journeyId, step.id, step.channel) };
  }

  function parsed(row: CohortRow): ValidStartJourneyRequest {
    const result = parseStartJourneyRequest(row.request, settings.catalogue);
    if (!result.ok) throw new JourneyDomainError('INVALID_JOURNEY_REQUEST', 'a stored cohort row no longer validates against the catalogue');
    return result.value;
  }

  /**
   * Hands each row's facts to the record under the patient's journey id (keyed like the journey's own, so a
   * repeat or the follow-up journey's copy adds nothing). A no-op without a record.
   */
  async function handOverFacts(cohortId: string, rows: readonly number[], factsOf: (sent: BatchSend, request: ValidStartJourneyRequest, row: number) => JourneyFact[]): Promise<void> {
    const record = settings.recordFacts;
    if (record === undefined || rows.length === 0) return;
    const meta = await store.meta(cohortId);
    if (meta === undefined) return;
    const definition = definitionOf(meta.journeyType, meta.journeyVersion);
    const step = firstStepOf(definition);
    await mapLimited(rows, FACT_CONCURRENCY, async (row) => {
      // Only this row and its keys: one page decrypted (or held from the read before), never the whole cohort.
      const [[stored], [rowKeys]] = await Promise.all([store.rows(cohortId, row, row + 1), store.keys(cohortId, row, row + 1)]);
      if (stored === undefined || rowKeys === undefined) throw new JourneyDomainError('INVALID_ARGUMENT', 'cohort row out of range');
      const request = parsed(stored);
      const facts = factsOf({ definition, step, messageReference: rowKeys.messageReference, cohortId }, request, row);
      await record({ journeyId: rowKeys.journeyId, journeyType: definition.type, nhsNumber: request.patient.nhsNumber, facts });
    });
  }

  const work: CohortWork = {
    async chunkMessages(cohortId, from, to) {
      const meta = await store.meta(cohortId);
      if (meta === undefined) throw new JourneyDomainError('INVALID_ARGUMENT', 'unknown cohort');
      const step = firstStepOf(definitionOf(meta.journeyType, meta.journeyVersion));
      const [rows, keys] = await Promise.all([store.rows(cohortId, from, to), store.keys(cohortId, from, to)]);
      const chunk: ChunkRow[] = rows.map((row, i) => {
        const content = messageContentFor(messageSourceOf(parsed(row)), step);
        return {
          row: from + i,
          message: {
            messageReference: keys[i]!.messageReference,
            recipient: structuredClone(content.recipient) as ChunkRow['message']['recipient'],
            personalisation: { ...content.personalisation },
            ...(content.odsCode === undefined ? {} : { originator: { odsCode: content.odsCode } }),
          },
        };
      });
      return { routingPlan: step.routingPlan, rows: chunk };
    },

    async recordAccepted(cohortId, accepted) {
      await store.record(cohortId, accepted.map((a) => ({ ...a, status: 'accepted' as const })));
      const at = Date.now();
      const messageIds = new Map(accepted.map((a) => [a.row, a.messageId]));
      await handOverFacts(cohortId, accepted.map((a) => a.row), (sent, request, row) => {
        const messageId = messageIds.get(row);
        const odsCode = messageSourceOf(request).odsCode;
        return batchAcceptedFacts(sent, at, {
          personalisationFields: Object.keys(request.personalisation.provided),
          ...(odsCode === undefined ? {} : { odsCode }), ...(messageId === undefined ? {} : { messageId }),
        });
      });
    },

    async followUp(cohortId, patients) {
      const meta = await store.meta(cohortId);
      if (meta === undefined) throw new JourneyDomainError('INVALID_ARGUMENT', 'unknown cohort');
      let next = 0;
      let started = 0;
      const inActivity = isInActivity();
      await Promise.all(Array.from({ length: Math.min(settings.followUpConcurrency ?? 8, patients.length) }, async () => {
        while (next < patients.length) {
          const patient = patients[next++]!;
          const [row] = await store.rows(cohortId, patient.row, patient.row + 1);
          if (row === undefined) throw new JourneyDomainError('INVALID_ARGUMENT', 'cohort row out of range');
          const outcome = await startJourneyWorkflow(parsed(row), { requestHash: row.fingerprint }, settings, {
            stepId: meta.stepId, outcome: patient.outcome, spreadMs,
            ...(patient.failureCode === undefined ? {} : { failureCode: patient.failureCode }),
            ...(patient.messageId === undefined ? {} : { messageId: patient.messageId }),
            ...(patient.acceptedAt === undefined ? {} : { acceptedAt: patient.acceptedAt }),
          });
          if (outcome.kind === 'new') started += 1;
          await handOverFacts(cohortId, [patient.row], (sent) => batchFollowUpFacts(sent, Date.now(), patient.outcome, patient.failureCode));
          const code = patient.failureCode === undefined ? {} : { failureCode: patient.failureCode };
          // A refusal is kept beside the hand-over (the counts say how many were refused); the hand-over is the latest.
          await store.record(cohortId, [...(patient.outcome === 'send_failed' ? [{ row: patient.row, status: 'refused' as const, ...code }] : []), { row: patient.row, status: 'followed_up', ...code }]);
          if (inActivity) heartbeat({ followedUp: next });
        }
      }));
      return started;
    },

    release: (cohortId) => store.forget(cohortId),

    async recordFinal(cohortId, row, final) {
      await store.record(cohortId, [{ row, status: final.status, messageId: final.messageId, ...(final.failureCode === undefined ? {} : { failureCode: final.failureCode }) }]);
      await handOverFacts(cohortId, [row], (sent) => batchFinalStatusFacts(sent, final.at, final.status, final.failureCode));
    },

    async stalled(cohortId) {
      const outcomes = await store.outcomes(cohortId);
      const stalled: FollowUp[] = [];
      for (const outcome of outcomes.values()) {
        if (outcome.status !== 'accepted') continue;
        stalled.push({ row: outcome.row, outcome: 'timed_out', acceptedAt: outcome.at, ...(outcome.messageId === undefined ? {} : { messageId: outcome.messageId }) });
      }
      return stalled;
    },
  };

  async function viewOf(cohortId: string): Promise<CohortView | undefined> {
    const [meta, summary] = await Promise.all([store.meta(cohortId), store.summary(cohortId)]);
    if (meta === undefined || summary === undefined) return undefined;
    const startedSingly = meta.startedSingly ?? 0;
    return {
      cohortId, journeyType: meta.journeyType, journeyVersion: meta.journeyVersion, createdAt: meta.createdAt,
      counts: {
        patients: meta.count + startedSingly, startedSingly, repeatedRows: meta.repeated ?? 0, notSent: summary.byStatus.not_sent,
        sent: summary.ever.accepted + summary.ever.refused, accepted: summary.ever.accepted, awaitingStatus: summary.byStatus.accepted,
        delivered: summary.byStatus.delivered, failed: summary.ever.failed, refused: summary.ever.refused, followingUp: summary.ever.followed_up,
      },
    };
  }

  return {
    work,
    summary: (cohortId) => store.summary(cohortId),

    async start(request, requestHash) {
      const items = request.patients;
      if (items.length === 0) throw new JourneyDomainError('INVALID_ARGUMENT', 'a cohort needs at least one patient');
      const first = items[0]!.valid;
      if (items.some((item) => item.valid.journeyType !== first.journeyType || item.valid.journeyVersion !== first.journeyVersion)) {
        throw new JourneyDomainError('INVALID_ARGUMENT', 'every patient of a cohort has the same journey type and version (one routing plan per batch)');
      }
      const definition = definitionOf(first.journeyType, first.journeyVersion);
      const step = firstStepOf(definition);
      // The caller's reference names the cohort within a journey type: the same reference for another type is another cohort.
      const cohortId = cohortWorkflowId(settings.journeyIdSecret, `${definition.type}:${request.reference}`);
      const existing = await store.meta(cohortId);
      if (existing?.requestHash !== undefined && existing.requestHash !== requestHash) return { kind: 'conflict' };
      const now = settings.clock?.startAt ?? Date.now();
      const seen = new Set<string>();
      const batched: { row: CohortRow; keys: RowKeys }[] = [];
      const single: CohortItem[] = [];
      let repeated = 0;
      for (const item of items) {
        const keys = keysOf(item.valid, step);
        if (seen.has(keys.journeyId)) { repeated += 1; continue; }
        seen.add(keys.journeyId);
        const decision = planNextSend(definition, journeyWindow(definition, item.valid.eventAt), definition.steps, now);
        const dueNow = decision.kind === 'send' && decision.step.id === step.id && decision.at <= now + DUE_NOW_MS;
        if (dueNow) batched.push({ row: { request: item.raw, fingerprint: item.fingerprint }, keys });
        else single.push(item);
      }
      // A cohort saved before (a retried request, or one that failed after saving) keeps its rows; the start below is then a no-op or finishes the job.
      if (existing === undefined) {
        await store.create({
          cohortId, journeyType: definition.type, journeyVersion: definition.version, stepId: step.id, channel: step.channel,
          count: batched.length, startedSingly: single.length, repeated, requestHash, createdAt: new Date().toISOString(),
        }, batched.map((b) => b.row), batched.map((b) => b.keys));
      }
      const count = existing?.count ?? batched.length;
      if (count > 0) {
        const input: CohortInput = {
          cohortId, count, chunkSize: settings.chunkSize ?? DEFAULT_CHUNK, subject: subjectOf(items),
          callbackTimeoutMs: settings.callbackTimeoutMs ?? Math.ceil(step.callbackTimeoutMs / (settings.clock?.speed ?? 1)),
        };
        try {
          await guarded(settings, () => settings.client.workflow.start(cohortWorkflow, {
            workflowId: cohortId, taskQueue: settings.taskQueue, args: [input],
            workflowIdReusePolicy: 'REJECT_DUPLICATE', workflowIdConflictPolicy: 'USE_EXISTING',
            staticSummary: `cohort ${definition.type} v${definition.version}: ${count} patients`,
          }));
        } catch (error) {
          if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
        }
      }
      for (const item of single) await startJourneyWorkflow(item.valid, { requestHash: item.fingerprint }, settings);
      const cohort = await viewOf(cohortId);
      if (cohort === undefined) throw new JourneyDomainError('INVALID_ARGUMENT', 'the cohort store lost a cohort it just saved');
      return { kind: existing === undefined ? 'new' : 'duplicate', cohort };
    },

    get: viewOf,

    async onCallback(event) {
      const found = await store.findByReference(event.messageReference);
      if (found === undefined) return undefined;
      const status = statusEventFromCallback(event.item);
      if (status.kind !== 'message' || (status.status !== 'delivered' && status.status !== 'failed')) return 'delivered';
      const at = Number.isFinite(status.timestamp) ? status.timestamp : Date.parse(event.receivedAt);
      const code = status.failureCode === undefined ? {} : { failureCode: status.failureCode };
      await work.recordFinal(found.cohortId, found.row, { status: status.status, messageId: status.messageId, at, ...code });
      if (status.status === 'failed') await work.followUp(found.cohortId, [{ row: found.row, messageId: status.messageId, ...code, outcome: 'failed' }]);
      return 'delivered';
    },

    async heldByCohort(request) {
      const definition = findJourney(settings.catalogue, request.journeyType);
      if (definition === undefined) return undefined;
      const keys = keysOf(request, firstStepOf(definition));
      const found = await store.findByReference(keys.messageReference);
      if (found === undefined) return undefined;
      const journey = await describeSummary(settings, keys.journeyId);
      if (journey !== undefined) return journey.summary;
      const meta = await store.meta(found.cohortId);
      return { journeyId: keys.journeyId, type: request.journeyType, status: 'sent_in_batch', createdAt: meta?.createdAt ?? new Date().toISOString() };
    },
  };
}

/** The sending controls' view of the cohort: its journey type, and its cohort tag when every item has the same one. */
function subjectOf(items: readonly CohortItem[]): SendSubject {
  const tags = new Set(items.map((item) => item.valid.cohort));
  const tag = tags.size === 1 ? [...tags][0] : undefined;
  return { journeyType: items[0]!.valid.journeyType, ...(tag === undefined ? {} : { cohort: tag }) };
}

function isInActivity(): boolean {
  try {
    Context.current();
    return true;
  } catch {
    return false;
  }
}
