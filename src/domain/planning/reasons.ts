/**
 * Closed sets of reasons, so the workflow, the timeline and the ops dashboards all speak the same words.
 */

/** Why a step was passed over without sending. */
export type SkipReason =
  | 'quiet_hours_until_deadline' // the channel's quiet hours last until after the deadline
  | 'letter_cannot_arrive_in_time' // a letter sent now would land after the deadline
  | 'deadline_passed'; // nothing can be sent: the deadline is behind us

/** Why a journey hands over to staff. Raised by the planner or by the workflow on a send outcome. */
export type EscalationReason =
  | 'deadline_passed' // the journey reached its deadline without a delivered message
  | 'no_steps_left' // every step was tried and none delivered
  | 'no_step_can_arrive_in_time' // steps remain, but none can reach the patient before the deadline
  | 'patient_not_contactable' // NHS Notify failed the message for the person (PDS exclusion, no contact details)
  | 'permanent_send_error' // NHS Notify refused the request for a reason a retry cannot fix
  | 'outcome_unknown'; // the last step's callback never came, so we cannot say the patient was told

