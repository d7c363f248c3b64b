/**
 * The gateway's request validators, built from the domain's v1 commands. A change request is checked here
 * for shape only: its personalisation fields depend on the journey's type, which the Temporal adapter checks
 * against that journey's own schema before the workflow sees it.
 */
import { z } from 'zod';
import {
  CancelJourneyRequest, ChangeAppointmentRequest, parseCancelJourneyRequest, parseStartJourneyRequest, StartJourneyRequest,
  type JourneyCatalogue, type ParseResult, type ValidAppointmentChange,
} from '../domain';
import { problemsFrom } from '../domain/validation';
import { fromDomainParser, zodValidator } from '../gateway/journeys/validators';
import { EscalationOutcomeRequest } from '../temporal/journeys/escalations';

const ChangeEnvelope = ChangeAppointmentRequest.extend({ personalisation: z.record(z.string(), z.string().max(2_000)).optional() });

function parseChangeEnvelope(input: unknown): ParseResult<ValidAppointmentChange> {
  const parsed = ChangeEnvelope.safeParse(input, { reportInput: true });
  if (!parsed.success) return { ok: false, code: 'INVALID_CHANGE_REQUEST', problems: problemsFrom(parsed.error.issues) };
  const { eventTime, personalisation } = parsed.data;
  return { ok: true, value: { eventTime, eventAt: Date.parse(eventTime), personalisation: personalisation ?? {} } };
}

export function journeyValidators(catalogue: JourneyCatalogue) {
  return {
    start: fromDomainParser(StartJourneyRequest, (input) => parseStartJourneyRequest(input, catalogue)),
    change: fromDomainParser(ChangeEnvelope, parseChangeEnvelope),
    cancel: fromDomainParser(CancelJourneyRequest, parseCancelJourneyRequest),
    escalationOutcome: zodValidator(EscalationOutcomeRequest),
  };
}
