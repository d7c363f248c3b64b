/**
 * Counts callback deliveries still talking to Temporal. A delivery that began while the server was down keeps
 * retrying inside the gRPC client after the simulator has gone; closing the connection under it makes the
 * client's retry timer throw. Tests drain these before they tear the connection down.
 */
import type { CallbackSink } from '../../../../src/contracts/ports';

export interface DrainingSink {
  wrap(sink: CallbackSink): CallbackSink;
  drained(timeoutMs?: number): Promise<void>;
}

export function drainingSink(): DrainingSink {
  const inFlight = new Set<Promise<unknown>>();
  return {
    wrap: (sink) => ({
      deliver(event) {
        const delivery = sink.deliver(event);
        const tracked = delivery.catch(() => undefined).finally(() => inFlight.delete(tracked));
        inFlight.add(tracked);
        return delivery;
      },
    }),
    async drained(timeoutMs = 30_000) {
      const until = Date.now() + timeoutMs;
      while (inFlight.size > 0 && Date.now() < until) await Promise.race([...inFlight, new Promise((r) => setTimeout(r, 100))]);
    },
  };
}
