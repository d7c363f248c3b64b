/**
 * NHS Notify's duplicate detection (docs/nhs-notify.md §9): the key is `{app id}-Message-{messageReference}`
 * (or `-MessageBatch-{messageBatchReference}`). While the first request with a key is still being processed
 * a repeat gets 425 CM_RETRY_TOO_EARLY; once it has been, 422 CM_DUPLICATE_REQUEST. NHS keeps keys for
 * about 9 months, far longer than a simulator lives, so here they are kept until reset.
 */
export type DedupeKind = 'Message' | 'MessageBatch';
export type Claim = 'new' | 'in-progress' | 'done';

export class DedupeStore {
  private readonly states = new Map<string, 'in-progress' | 'done'>();

  static key(applicationId: string, kind: DedupeKind, reference: string): string {
    return `${applicationId}-${kind}-${reference}`;
  }

  /** Claims the key for a new request ('new'), or says what the earlier request's state is. */
  claim(key: string): Claim {
    const state = this.states.get(key);
    if (state !== undefined) return state;
    this.states.set(key, 'in-progress');
    return 'new';
  }

  complete(key: string): void {
    this.states.set(key, 'done');
  }

  /** The request failed before anything was stored: the key is free again (like Stripe, nothing is saved). */
  release(key: string): void {
    if (this.states.get(key) === 'in-progress') this.states.delete(key);
  }

  clear(): void {
    this.states.clear();
  }
}
