/**
 * The communications record's facts for a cohort patient, which the cohort hands over itself: a delivered
 * patient has no journey workflow to emit them. Each fact has the key the patient's own journey would give it
 * (`started`, `accepted:<ref>`, `status:<ref>:<status>`, `step-finished:<step>`, `finished`), so a patient who
 * is followed up keeps one record: whichever of the cohort and the journey hands a fact over first, the other's
 * copy adds nothing. No patient data: codes, ids, field names and times.
 */
import type { FactDetail, JourneyFact, JourneyFactKind } from '../audit/journey-fact';
import type { JourneyDefinition, JourneyStep } from '../journeys/types';

/** The patient's first step, sent in one of the cohort's batches. */
export interface BatchSend {
  readonly definition: JourneyDefinition;
  readonly step: JourneyStep;
  readonly messageReference: string;
  readonly cohortId: string;
}

export function batchAcceptedFacts(sent: BatchSend, at: number, patient: { readonly personalisationFields: readonly string[]; readonly odsCode?: string; readonly messageId?: string }): JourneyFact[] {
  const { definition, step, messageReference } = sent;
  return [
    fact('journey-started', 'started', at, {
      journeyType: definition.type, journeyVersion: definition.version, purpose: definition.purpose,
      personalisationFields: [...patient.personalisationFields].sort(), sentInBatch: sent.cohortId,
      ...(patient.odsCode === undefined ? {} : { requestingOrganisation: patient.odsCode }),
    }),
    fact('message-accepted', `accepted:${messageReference}`, at, {
      stepId: step.id, messageReference, channel: step.channel, templateId: step.template.id, templateVersion: step.template.version,
      routingPlan: step.routingPlan, accepted: 'now', sentInBatch: sent.cohortId,
      ...(patient.messageId === undefined ? {} : { messageId: patient.messageId }),
    }),
  ];
}

/** NHS Notify's final status for the batch message. Delivered ends the patient's journey: nothing else is sent. */
export function batchFinalStatusFacts(sent: BatchSend, at: number, status: 'delivered' | 'failed', failureCode?: string): JourneyFact[] {
  const { step, messageReference } = sent;
  const code: FactDetail = status === 'failed' && failureCode !== undefined ? { failureCode } : {};
  const reached = fact('status-changed', `status:${messageReference}:${status}`, at, { messageReference, status, ...code });
  if (status === 'failed') return [reached];
  return [
    reached,
    fact('step-finished', `step-finished:${step.id}`, at, { stepId: step.id, outcome: 'delivered' }),
    fact('journey-finished', 'finished', at, { outcome: 'delivered' }),
  ];
}

/** The patient handed to a journey of their own, and why: its facts follow from the journey itself. */
export function batchFollowUpFacts(sent: BatchSend, at: number, reason: 'failed' | 'timed_out' | 'send_failed', failureCode?: string): JourneyFact[] {
  return [fact('batch-followed-up', `batch-followed-up:${sent.step.id}`, at, {
    stepId: sent.step.id, reason, sentInBatch: sent.cohortId, ...(failureCode === undefined ? {} : { failureCode }),
  })];
}

function fact(kind: JourneyFactKind, key: string, at: number, detail: FactDetail): JourneyFact {
  return { key, kind, at, detail };
}
