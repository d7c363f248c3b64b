/**
 * The "accepted, but the client never hears" faults (R1, R6), shared by both POST routes: the message is
 * already stored when these run, so a retry with the same reference meets the dedupe store (425 / 422).
 */
import type { Request } from 'express';
import { sleep } from './accept-message';
import type { FaultRoute } from '../faults/faults';
import type { SimulatorState } from '../state/state';

/** Returns 'dropped' when the connection was cut and no response may be written; otherwise the caller answers. */
export async function applyAcceptFaults(state: SimulatorState, req: Request, dedupeKey: string, route: FaultRoute): Promise<'dropped' | 'respond'> {
  if (state.faults.take('acceptThenDrop', route) !== undefined) {
    state.dedupe.complete(dedupeKey);
    // req.socket, not res.socket: a response queued behind another on a kept-alive connection has none yet.
    req.socket.destroy();
    return 'dropped';
  }
  const delay = state.faults.take('acceptThenDelay', route);
  if (delay !== undefined) {
    // Holding the reference "in progress" makes a concurrent retry see 425, as NHS Notify answers.
    if (!delay.holdInProgress) state.dedupe.complete(dedupeKey);
    await sleep(delay.ms);
  }
  state.dedupe.complete(dedupeKey);
  return 'respond';
}
