/**
 * The gateway's request validators, built from the domain's v1 commands. A change request is checked here
 * for shape only: its personalisation fields depend on the journey's type, which the Temporal adapter checks
 * against that journey's own schema (`checkChangeAgainstJourney`) before the workflow sees it.
 */
import {
  CancelJourneyRequest, ChangeAppointmentRequest, EscalationOutcomeRequest, parseCancelJourneyRequest, parseChangeAppointmentRequest, parseStartJourneyRequest,
  parseStartCohortRequest, startCohortRequest, StartJourneyRequest, type JourneyCatalogue,
} from '../domain';
import { fromDomainParser, zodValidator } from '../gateway/journeys/validators';

export function journeyValidators(catalogue: JourneyCatalogue) {
  return {
    start: fromDomainParser(StartJourneyRequest, (input) => parseStartJourneyRequest(input, catalogue)),
    change: fromDomainParser(ChangeAppointmentRequest, parseChangeAppointmentRequest),
    cancel: fromDomainParser(CancelJourneyRequest, parseCancelJourneyRequest),
    escalationOutcome: zodValidator(EscalationOutcomeRequest),
  };
}

/** POST /v1/cohorts: the envelope, then each patient as a single start is checked. */
export function cohortValidator(catalogue: JourneyCatalogue, maxPatients: number) {
  return fromDomainParser(startCohortRequest(maxPatients), (input) => parseStartCohortRequest(input, catalogue, maxPatients));
}
