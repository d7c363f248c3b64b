/**
 * Delivers callbacks to the client's endpoint like NHS Notify (docs/nhs-notify.md §12): one item per
 * request, body signed with signCallbackBody (hex HMAC-SHA256 keyed "<applicationId>.<apiKey>") over the
 * exact bytes sent, `x-api-key`, application/vnd.api+json; retried per callback-retry.ts until the retry window
 * ends. Callback faults (drop, duplicate, reorder) are applied per event here. At most `maxConcurrent` requests
 * are in flight; an attempt that falls due while they are waits in a first-in, first-out queue.
 */
import { request } from 'undici';
import { signCallbackBody } from '../../contracts/nhs-notify/callback-signature';
import { itemFor } from './callback-items';
import { verdictFor, type AttemptResult, type Backoff } from './callback-retry';
import type { LifecycleEvent } from '../lifecycle/lifecycle';
import type { SimMessage } from '../messages/message-model';
import { NHS_CALLBACK_RETRY_WINDOW_MS, type CallbackOptions } from '../options';
import type { SimulatorState } from '../state/state';

interface Job { readonly body: string; readonly signature: string; readonly idempotencyKey: string; readonly firstAttemptAtMs: number; attempt: number }

const DEFAULT_MAX_CONCURRENT = 32;

/** First in, first out without Array#shift's copy (a batch of 100,000 queues hundreds of thousands of attempts). */
class JobQueue {
  private items: Job[] = [];
  private head = 0;

  push(job: Job): void {
    this.items.push(job);
  }

  take(): Job | undefined {
    const job = this.items[this.head];
    if (job === undefined) return undefined;
    this.head += 1;
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return job;
  }

  clear(): void {
    this.items = [];
    this.head = 0;
  }
}

export class CallbackDispatcher {
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly inFlight = new Set<AbortController>();
  private readonly due = new JobQueue();
  private running = 0;
  private readonly maxConcurrent: number;
  private readonly backoff: Backoff;
  private readonly retryWindowMs: number;
  private readonly timeoutMs: number;

  constructor(private readonly options: CallbackOptions, private readonly state: SimulatorState) {
    this.backoff = { baseMs: options.backoffBaseMs ?? 5_000, capMs: options.backoffCapMs ?? 300_000 };
    this.retryWindowMs = options.retryWindowMs ?? NHS_CALLBACK_RETRY_WINDOW_MS;
    this.timeoutMs = options.requestTimeoutMs ?? 30_000;
    this.maxConcurrent = options.maxConcurrent ?? DEFAULT_MAX_CONCURRENT;
    if (!Number.isInteger(this.maxConcurrent) || this.maxConcurrent < 1) throw new RangeError('callbacks.maxConcurrent must be a positive integer');
  }

  onLifecycleEvent(message: SimMessage, event: LifecycleEvent, nowMs: number): void {
    const item = itemFor(message, event, nowMs, this.state.urls.baseUrl, this.options);
    if (item === undefined) return;
    const { faults, counters } = this.state;
    if (faults.take('dropCallbacks', 'callbacks') !== undefined) {
      counters.callbacksDropped += 1;
      return;
    }
    const body = JSON.stringify({ data: [item] });
    const signature = signCallbackBody(body, { applicationId: this.options.applicationId, apiKey: this.options.apiKey });
    const copies = faults.take('duplicateCallbacks', 'callbacks')?.copies ?? 1;
    const holdMs = faults.take('reorderCallbacks', 'callbacks')?.delayMs ?? 0;
    for (let i = 0; i < copies; i += 1) {
      this.schedule({ body, signature, idempotencyKey: item.meta.idempotencyKey, firstAttemptAtMs: Date.now() + holdMs, attempt: 0 }, holdMs);
    }
  }

  cancelAll(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.due.clear();
    for (const controller of this.inFlight) controller.abort();
    this.inFlight.clear();
  }

  private schedule(job: Job, delayMs: number): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.due.push(job);
      this.pump();
    }, delayMs);
    timer.unref();
    this.timers.add(timer);
  }

  /** Starts due attempts while fewer than maxConcurrent are in flight; each one's end starts the next. */
  private pump(): void {
    while (this.running < this.maxConcurrent) {
      const job = this.due.take();
      if (job === undefined) return;
      this.running += 1;
      void this.attempt(job).finally(() => {
        this.running -= 1;
        this.pump();
      });
    }
  }

  private async send(job: Job): Promise<AttemptResult> {
    const controller = new AbortController();
    this.inFlight.add(controller);
    const timeout = setTimeout(() => controller.abort(), this.timeoutMs);
    try {
      const response = await request(this.options.url, {
        method: 'POST',
        // The type NHS's specification documents for callbacks (its newer sender is said to use application/json).
        headers: { 'content-type': 'application/vnd.api+json', 'x-api-key': this.options.apiKey, 'x-hmac-sha256-signature': job.signature },
        body: job.body,
        signal: controller.signal,
        headersTimeout: this.timeoutMs,
        bodyTimeout: this.timeoutMs,
      });
      await response.body.dump();
      const retryAfter = response.headers['retry-after'];
      return { kind: 'status', status: response.statusCode, retryAfter: Array.isArray(retryAfter) ? retryAfter[0] : retryAfter };
    } catch {
      return { kind: 'error' };
    } finally {
      clearTimeout(timeout);
      this.inFlight.delete(controller);
    }
  }

  private async attempt(job: Job): Promise<void> {
    const { counters, events, logger } = this.state;
    job.attempt += 1;
    counters.callbacksSent += 1;
    const result = await this.send(job);
    const verdict = verdictFor(result, job.attempt, this.backoff, Date.now());
    const status = result.kind === 'status' ? result.status : undefined;
    if (verdict.action === 'delivered') {
      counters.callbacksDelivered += 1;
      events.emit('callback-delivered', { idempotencyKey: job.idempotencyKey, attempt: job.attempt, status });
      return;
    }
    counters.callbacksFailed += 1;
    const windowEnds = job.firstAttemptAtMs + this.retryWindowMs;
    if (verdict.action === 'retry' && Date.now() + verdict.delayMs <= windowEnds) {
      logger.debug({ status, attempt: job.attempt, retryInMs: verdict.delayMs }, 'callback attempt failed; retrying');
      this.schedule(job, verdict.delayMs);
      return;
    }
    const reason = verdict.action === 'dead-letter' ? verdict.reason : 'retry-window-exhausted';
    counters.callbacksDeadLettered += 1;
    logger.warn({ status, attempt: job.attempt, reason }, 'callback dead-lettered');
    events.emit('callback-dead-lettered', { idempotencyKey: job.idempotencyKey, attempt: job.attempt, status, reason });
  }
}
