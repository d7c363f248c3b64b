import { randomBytes, randomUUID } from 'node:crypto';
import { signCallbackBody, type CallbackSecret } from '../../../../src/contracts/nhs-notify/callback-signature';
import { TemporalUnavailableError, type CallbackSink, type DeliveryResult, type VerifiedStatusEvent } from '../../../../src/contracts/ports';

const KSUID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
export const aKsuid = (): string => Array.from(randomBytes(27), (b) => KSUID_ALPHABET[b % 62]).join('');

export const aSecret = (): CallbackSecret => ({ applicationId: randomUUID(), apiKey: randomBytes(16).toString('hex') });

export interface ItemOverrides {
  readonly messageReference?: string;
  readonly idempotencyKey?: string;
  readonly messageStatus?: string;
  readonly messageStatusDescription?: string;
}

/** A valid MessageStatus callback item (docs/nhs-notify.md §12) with fresh ids. */
export function aMessageStatusItem(overrides: ItemOverrides = {}): Record<string, unknown> {
  const messageId = aKsuid();
  return {
    type: 'MessageStatus',
    attributes: {
      messageId,
      messageReference: overrides.messageReference ?? randomUUID(),
      messageStatus: overrides.messageStatus ?? 'delivered',
      ...(overrides.messageStatusDescription === undefined ? {} : { messageStatusDescription: overrides.messageStatusDescription }),
      channels: [{ type: 'nhsapp', channelStatus: 'delivered' }],
      timestamp: new Date().toISOString(),
      routingPlan: { id: randomUUID(), name: 'Plan Abc', version: 'ztoe2qRAM8M8vS0bqajhyEBcvXacrGPp', createdDate: new Date().toISOString() },
    },
    links: { message: `https://api.service.nhs.uk/comms/v1/messages/${messageId}` },
    meta: { idempotencyKey: overrides.idempotencyKey ?? randomBytes(32).toString('hex') },
  };
}

export const aCallbackBody = (...items: Record<string, unknown>[]): string =>
  JSON.stringify({ data: items.length > 0 ? items : [aMessageStatusItem()] });

/** Headers NHS Notify would send for this exact body. */
export function signedHeaders(body: string | Buffer, secret: CallbackSecret, contentType = 'application/json'): Record<string, string> {
  return { 'content-type': contentType, 'x-api-key': secret.apiKey, 'x-hmac-sha256-signature': signCallbackBody(body, secret) };
}

/** An in-memory CallbackSink: journeys by messageReference, open or closed; can be taken "down". */
export class FakeCallbackSink implements CallbackSink {
  readonly delivered: VerifiedStatusEvent[] = [];
  readonly journeys = new Map<string, 'open' | 'closed'>();
  /** Every deliver call, duplicates included: "the sink saw it once" is asserted on this. */
  calls = 0;
  down = false;
  /** Throw this (a programming error, not an outage) from deliver. */
  failWith: Error | undefined;
  delayMs = 0;
  /** Called on every deliver (for latency measurement in the bench). */
  onDeliver: ((event: VerifiedStatusEvent) => void) | undefined;

  async deliver(event: VerifiedStatusEvent): Promise<DeliveryResult> {
    this.calls += 1;
    this.onDeliver?.(event);
    if (this.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    if (this.down) throw new TemporalUnavailableError(7);
    if (this.failWith !== undefined) throw this.failWith;
    const state = this.journeys.get(event.messageReference);
    if (state === undefined) return 'unknown-journey';
    if (state === 'closed') return 'closed-journey';
    if (this.delivered.some((seen) => seen.idempotencyKey === event.idempotencyKey)) return 'duplicate';
    this.delivered.push(event);
    return 'delivered';
  }

  /** Registers an open journey and returns its messageReference. */
  openJourney(messageReference: string = randomUUID()): string {
    this.journeys.set(messageReference, 'open');
    return messageReference;
  }
}
