/**
 * The console's patient communications port over the service's one communications record: the same
 * `lookupPatient` the API's POST /v1/patients/communications/search calls, so a console view is recorded in the
 * record's `access` partition exactly as an API search is (who, which role, why, which journeys and how many facts
 * were returned) before anything is shown. The journeys' facts are then read into the page's model.
 *
 * The record holds no patient data, only facts keyed by an HMAC of the NHS number: nothing is decrypted here, and
 * the NHS number the staff member typed stays on the server.
 */
import { MAX_PAGE_SIZE, type CommunicationsRecord, type JourneyRecord, type Principal, type RecordedFact } from '../audit/communications-record';
import type { CommunicationMessage, PatientCommunications, PatientJourneyRecord, PatientLookup } from './ports';

/** How the record names a console viewer: the identity provider's subject and the console role they act in. */
export function consolePrincipal(viewer: PatientLookup['viewer']): Principal {
  return { id: viewer.subject, role: viewer.roles.includes('ops') ? 'console-ops' : 'console-staff' };
}

export function consolePatientCommunications(record: CommunicationsRecord): PatientCommunications {
  return {
    async lookUp(lookup) {
      const principal = consolePrincipal(lookup.viewer);
      // Every journey, page by page: each page is its own recorded lookup, naming the journeys it returned.
      const journeys: JourneyRecord[] = [];
      let pageToken: string | undefined;
      do {
        const page = await record.lookupPatient({
          nhsNumber: lookup.nhsNumber, reason: lookup.reason, principal, pageSize: MAX_PAGE_SIZE, ...(pageToken === undefined ? {} : { pageToken }),
        });
        journeys.push(...page.journeys);
        pageToken = page.nextPageToken;
      } while (pageToken !== undefined);
      return journeys.map(journeyOf);
    },
  };
}

/** One journey's facts as the page shows them: its status and every message sent, newest first. */
export function journeyOf(record: JourneyRecord): PatientJourneyRecord {
  const facts = record.facts;
  const started = facts.find((f) => f.kind === 'journey-started');
  return {
    journeyId: record.journeyId,
    journeyType: record.journeyType ?? text(started?.detail.journeyType) ?? 'unknown',
    status: statusOf(facts),
    startedAt: Date.parse((started ?? facts[0])?.at ?? '') || 0,
    messages: facts.filter((f) => f.kind === 'message-accepted').map((accepted) => messageOf(accepted, facts))
      .sort((a, b) => (b.sentAt ?? 0) - (a.sentAt ?? 0)),
  };
}

function messageOf(accepted: RecordedFact, facts: readonly RecordedFact[]): CommunicationMessage {
  const d = accepted.detail;
  const reference = text(d.messageReference);
  const stepId = text(d.stepId);
  const statuses = facts.filter((f) => f.kind === 'status-changed' && f.detail.messageReference === reference)
    .map((f) => ({ at: Date.parse(f.at), status: text(f.detail.status) ?? 'unknown' }));
  const finished = facts.find((f) => f.kind === 'step-finished' && f.detail.stepId === stepId);
  const outcome = text(finished?.detail.outcome);
  // A step can end without NHS Notify reporting a final status (no answer in time): the step's outcome says so.
  if (finished !== undefined && outcome !== undefined && !statuses.some((s) => s.status === outcome)) statuses.push({ at: Date.parse(finished.at), status: outcome });
  const statusHistory = statuses.sort((a, b) => b.at - a.at);
  return {
    channel: text(d.channel) ?? 'unknown', templateId: text(d.templateId) ?? 'unknown', ...optional('templateVersion', text(d.templateVersion)),
    routingPlan: { ...optional('id', text(d.routingPlanId)), ...optional('name', text(d.routingPlan)), ...optional('version', text(d.routingPlanVersion)) },
    status: outcome ?? statusHistory[0]?.status ?? 'sent',
    statusHistory,
    fallback: facts.some((f) => f.kind === 'fallback-decided' && f.detail.to === stepId),
    sentAt: Date.parse(accepted.at),
  };
}

/** The journey's outcome once it finished; before that, what it is doing (the console's status words). */
function statusOf(facts: readonly RecordedFact[]): string {
  const newestFirst = [...facts].reverse();
  const finished = newestFirst.find((f) => f.kind === 'journey-finished');
  if (finished !== undefined) return text(finished.detail.outcome) ?? 'unknown';
  const closed = new Set(facts.filter((f) => f.kind === 'escalation-closed').map((f) => f.detail.escalationId));
  if (facts.some((f) => f.kind === 'escalation-opened' && !closed.has(f.detail.escalationId))) return 'escalated';
  const control = newestFirst.find((f) => f.kind === 'sending-held' || f.kind === 'sending-released');
  if (control?.kind === 'sending-held') return 'paused';
  return facts.some((f) => f.kind === 'message-accepted') ? 'awaiting_outcome' : 'scheduled';
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, string>);
}
