/** Journey commands, version 1. Never change a v1 type in place: add v2 and gate it with `patched()`. */
export { StartJourneyRequest, parseStartJourneyRequest, type StartJourneyRequestInput, type ValidStartJourneyRequest } from './start-journey.request';
export {
  ChangeAppointmentRequest, applyAppointmentChange, checkChangeAgainstJourney, parseChangeAppointmentRequest,
  type ChangeAppointmentRequestInput, type ValidAppointmentChange,
} from './change-appointment.request';
export { CancelJourneyRequest, parseCancelJourneyRequest, type CancelJourneyRequestInput, type ValidCancelJourneyRequest } from './cancel-journey.request';
export { messageContentFor, messageSourceOf, type MessageContent, type MessageSource, type Recipient } from './message-content';
