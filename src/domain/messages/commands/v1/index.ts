/** Journey commands, version 1. Never change a v1 type in place: add v2 (style.md lesson 3). */
export { StartJourneyRequest, parseStartJourneyRequest, type StartJourneyRequestInput, type ValidStartJourneyRequest } from './start-journey.request';
export { ChangeAppointmentRequest, parseChangeAppointmentRequest, applyAppointmentChange, type ChangeAppointmentRequestInput, type ValidAppointmentChange } from './change-appointment.request';
export { CancelJourneyRequest, parseCancelJourneyRequest, type CancelJourneyRequestInput, type ValidCancelJourneyRequest } from './cancel-journey.request';
export { messageContentFor, type MessageContent } from './message-content';
