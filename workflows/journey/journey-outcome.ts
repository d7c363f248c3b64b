/**
 * How a finished journey ended: the patient got a message, staff took over (and how), or it was cancelled;
 * dry_run: its journey type was in dry run, so the send step recorded what it would have sent and called nothing.
 * Its own module because the journey's record and its view both name it, and the contract names them.
 */
export type JourneyOutcome = 'delivered' | 'handled_by_staff' | 'unreachable' | 'cancelled' | 'dry_run';
