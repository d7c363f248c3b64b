/**
 * One delivery attempt over HTTP: POST the signed body, never follow a redirect, give up on a receiver that
 * does not answer within the timeout, and say what happened as a typed outcome (the activity decides the retry).
 * 2xx is success; 410 Gone means "stop sending to this subscription"; anything else is retried.
 */
import { Agent, type Dispatcher } from 'undici';
import { parseRetryAfter } from '../notify/retry-after';
import { isIP } from 'node:net';
import { guardedLookup, isBlockedAddress } from './address-guard';
import type { SignedHeaders } from './signing';

export type PostOutcome =
  | { readonly kind: 'delivered'; readonly status: number }
  | { readonly kind: 'gone' }
  | { readonly kind: 'failed'; readonly code: string; readonly retryAfterMs?: number };

export interface WebhookHttp {
  post(url: string, headers: SignedHeaders, body: string): Promise<PostOutcome>;
  close(): Promise<void>;
}

export interface WebhookHttpOptions {
  /** One attempt's limit, connect to last byte. */
  readonly timeoutMs: number;
  /** Refuse private, loopback and link-local addresses at connect time. */
  readonly blockPrivateAddresses: boolean;
  /** Tests inject one; default an Agent with the guarded lookup. */
  readonly dispatcher?: Dispatcher;
}

const MAX_RESPONSE_BYTES = 64 * 1024;

export function createWebhookHttp(options: WebhookHttpOptions): WebhookHttp {
  const lookup = guardedLookup(options.blockPrivateAddresses);
  const dispatcher = options.dispatcher ?? new Agent({
    connect: { timeout: options.timeoutMs, ...(lookup === undefined ? {} : { lookup }) },
    headersTimeout: options.timeoutMs, bodyTimeout: options.timeoutMs,
  });
  return {
    async post(url, headers, body) {
      // An address literal never reaches the lookup, so it is checked here.
      const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
      if (options.blockPrivateAddresses && isIP(host) !== 0 && isBlockedAddress(host)) return { kind: 'failed', code: 'WEBHOOK_ADDRESS_REFUSED' };
      try {
        const res = await dispatcher.request({
          origin: new URL(url).origin, path: pathOf(url), method: 'POST', body,
          headers: { ...headers, 'content-type': 'application/json', 'user-agent': 'notify-journeys-webhooks' },
          signal: AbortSignal.timeout(options.timeoutMs),
        });
        await drain(res.body);
        if (res.statusCode >= 200 && res.statusCode < 300) return { kind: 'delivered', status: res.statusCode };
        if (res.statusCode === 410) return { kind: 'gone' };
        const retryAfterMs = parseRetryAfter(res.headers['retry-after'], Date.now());
        return { kind: 'failed', code: `WEBHOOK_HTTP_${res.statusCode}`, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) };
      } catch (error) {
        return { kind: 'failed', code: networkCode(error) };
      }
    },
    close: () => (options.dispatcher === undefined ? dispatcher.close() : Promise.resolve()),
  };
}

function pathOf(url: string): string {
  const parsed = new URL(url);
  return `${parsed.pathname}${parsed.search}`;
}

/** Reads (and drops) at most a small response, so a chatty receiver cannot hold the attempt open. */
async function drain(body: AsyncIterable<Buffer> & { destroy(): void }): Promise<void> {
  let read = 0;
  for await (const chunk of body) {
    read += chunk.length;
    if (read > MAX_RESPONSE_BYTES) {
      body.destroy();
      return;
    }
  }
}

function networkCode(error: unknown): string {
  const code = (error as { code?: unknown; cause?: { code?: unknown } } | undefined)?.code ?? (error as { cause?: { code?: unknown } } | undefined)?.cause?.code;
  if (code === 'WEBHOOK_ADDRESS_REFUSED') return 'WEBHOOK_ADDRESS_REFUSED';
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError' || /Timeout/.test(String(code)))) return 'WEBHOOK_TIMEOUT';
  return 'WEBHOOK_UNREACHABLE';
}
