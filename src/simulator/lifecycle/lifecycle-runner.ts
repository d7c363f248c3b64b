/**
 * Runs message lifecycles on timers: calls `advance` for a message, hands its events to the listeners
 * (ledger, callbacks, the events emitter) and schedules the next step. Timers are unref'd so a test
 * process never hangs on them, and all are cancelled on close or reset.
 */
import type { Logger } from '../../observability/logger';
import { advance, type LifecycleEvent } from './lifecycle';
import type { SimMessage } from '../messages/message-model';
import type { SimulatorTimings } from '../options';

export type LifecycleListener = (message: SimMessage, event: LifecycleEvent, nowMs: number) => void;

export class LifecycleRunner {
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly listeners: LifecycleListener[] = [];

  constructor(
    private readonly timings: SimulatorTimings,
    private readonly clock: () => number,
    private readonly logger: Logger,
  ) {}

  onEvent(listener: LifecycleListener): void {
    this.listeners.push(listener);
  }

  start(message: SimMessage): void {
    this.schedule(message, this.timings.stepMs);
  }

  stopAll(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private schedule(message: SimMessage, delayMs: number): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.step(message);
    }, delayMs);
    timer.unref();
    this.timers.add(timer);
  }

  private step(message: SimMessage): void {
    const nowMs = this.clock();
    const step = advance(message, nowMs, this.timings);
    for (const event of step.events) {
      for (const listener of this.listeners) {
        try {
          listener(message, event, nowMs);
        } catch (err) {
          this.logger.error({ err: (err as Error).message }, 'lifecycle listener failed');
        }
      }
    }
    if (step.nextDelayMs !== undefined) this.schedule(message, step.nextDelayMs);
  }
}
