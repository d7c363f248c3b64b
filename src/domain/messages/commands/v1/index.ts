/** Journey commands, version 1. Never change a v1 type in place: add v2 and gate it with `patched()`. */
export { StartJourneyRequest, parseStartJourneyRequest, type ValidStartJourneyRequest } from './start-journey.request';
export { ChangeAppointmentRequest, checkChangeAgainstJourney, parseChangeAppointmentRequest } from './change-appointment.request';
export { applyAppointmentChange, type ValidAppointmentChange } from './appointment-change';
export { CancelJourneyRequest, parseCancelJourneyRequest, type ValidCancelJourneyRequest } from './cancel-journey.request';
export { EscalationOutcomeRequest } from './record-escalation-outcome.request';
export { messageContentFor, messageSourceOf } from './message-content';
export { parseStartCohortRequest, startCohortRequest, type ValidStartCohortRequest } from './start-cohort.request';
