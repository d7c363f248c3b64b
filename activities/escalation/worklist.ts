/**
 * The staff worklist port: where an escalation becomes a task for a person. The local/dev implementation
 * appends to a JSONL file under DATA_DIR; tests use the in-memory one; a trust would plug in its own
 * (a ticketing system, a clinical inbox). Tickets carry ids, codes and times only, never patient data:
 * staff open the journey by its id and find the patient in their own clinical system.
 */
export interface EscalationTicket {
  /** `<journeyId>:<n>`: the idempotency key of the ticket. */
  readonly escalationId: string;
  readonly journeyId: string;
  readonly journeyType: string;
  /** A stable code, e.g. ALL_CHANNELS_FAILED, DEADLINE_TOO_CLOSE, SLA_BREACHED. */
  readonly reason: string;
  readonly raisedAt: string;
  /** When staff must have acted (the SLA); a breach raises a new ticket. */
  readonly dueAt: string;
}

export interface EscalationClosure {
  readonly escalationId: string;
  readonly journeyId: string;
  /** phoned | letter_posted | unreachable | superseded | cancelled */
  readonly outcome: string;
  readonly staffRole?: string;
  readonly closedAt: string;
}

export interface EscalationWorklist {
  /** Adds the ticket unless one with the same id exists. `created` is false for a repeat. */
  open(ticket: EscalationTicket): Promise<{ readonly created: boolean }>;
  /** Marks the ticket closed (idempotent). */
  close(closure: EscalationClosure): Promise<{ readonly closed: boolean }>;
}
