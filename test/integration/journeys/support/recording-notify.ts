/**
 * Wraps the real NHS Notify client to record every send attempt and, on demand, to crash an attempt just
 * before the request leaves (R2) or just after NHS Notify accepted it (R1: the canonical duplicate, a worker
 * that dies after the side effect but before it reports completion).
 */
import type { NotifyClient } from '../../../../src/notify';

export interface SendAttempt {
  readonly messageReference: string;
  readonly at: number;
  readonly result: 'accepted' | 'error';
  readonly code?: string;
}

export class RecordingNotify {
  readonly attempts: SendAttempt[] = [];
  private crashBefore = 0;
  private crashAfter = 0;
  private readonly crashed = new Set<string>();

  /** The next `n` distinct messages crash once before the request is written. */
  crashBeforeSend(n: number): void { this.crashBefore = n; }
  /** The next `n` distinct messages crash once after NHS Notify accepted them. */
  crashAfterAccept(n: number): void { this.crashAfter = n; }

  attemptsFor(reference: string): SendAttempt[] {
    return this.attempts.filter((a) => a.messageReference === reference);
  }

  wrap = (client: NotifyClient): NotifyClient => ({
    ...client,
    createMessage: async (attributes, opts) => {
      const reference = attributes.messageReference;
      const firstTime = !this.crashed.has(reference);
      if (firstTime && this.crashBefore > 0) {
        this.crashBefore -= 1;
        this.crashed.add(reference);
        this.attempts.push({ messageReference: reference, at: Date.now(), result: 'error', code: 'CRASH_BEFORE_SEND' });
        throw new Error('worker crashed before the request left');
      }
      try {
        const created = await client.createMessage(attributes, opts);
        this.attempts.push({ messageReference: reference, at: Date.now(), result: 'accepted' });
        if (firstTime && this.crashAfter > 0) {
          this.crashAfter -= 1;
          this.crashed.add(reference);
          throw new Error('worker crashed after NHS Notify accepted the message');
        }
        return created;
      } catch (error) {
        const code = (error as { code?: unknown }).code;
        if (typeof code === 'string') this.attempts.push({ messageReference: reference, at: Date.now(), result: 'error', code });
        throw error;
      }
    },
  });
}
