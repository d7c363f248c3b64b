/** A worklist held in memory: tests, and a process that only needs to count escalations. */
import type { EscalationClosure, EscalationTicket, EscalationWorklist } from './worklist';

export interface InMemoryWorklist extends EscalationWorklist {
  tickets(): readonly EscalationTicket[];
  closures(): readonly EscalationClosure[];
  /** How many times `open` was called, repeats included (idempotency evidence). */
  openCalls(): number;
}

export function createInMemoryWorklist(): InMemoryWorklist {
  const tickets = new Map<string, EscalationTicket>();
  const closures = new Map<string, EscalationClosure>();
  let calls = 0;
  return {
    open(ticket) {
      calls += 1;
      if (tickets.has(ticket.escalationId)) return Promise.resolve({ created: false });
      tickets.set(ticket.escalationId, { ...ticket });
      return Promise.resolve({ created: true });
    },
    close(closure) {
      if (closures.has(closure.escalationId)) return Promise.resolve({ closed: false });
      closures.set(closure.escalationId, { ...closure });
      return Promise.resolve({ closed: true });
    },
    tickets: () => [...tickets.values()],
    closures: () => [...closures.values()],
    openCalls: () => calls,
  };
}
