/**
 * The receiver helper we ship for clinical systems (and use in our own tests): verifies a webhook's
 * signature and timestamp with the `standardwebhooks` library and returns a typed result, never throws,
 * so a receiver answers a bad delivery with 400/401 and never a 500.
 *
 *   const result = verifyWebhook({ secrets: [process.env.WEBHOOK_SECRET] }, req.headers, rawBody);
 *   if (!result.ok) return res.status(401).end();
 *   if (await alreadyApplied(result.id)) return res.status(204).end();   // the same event keeps its id
 *   apply(result.event); res.status(204).end();
 *
 * Timestamp tolerance (S7): a delivery signed more than `toleranceSeconds` ago or ahead is refused, so a
 * captured request cannot be replayed later. The library's own bound is 5 minutes; ours may only be tighter.
 */
import { Webhook } from 'standardwebhooks';
import { isWebhookEventType, type WebhookBody } from '../domain/webhooks/events';

export const LIBRARY_TOLERANCE_SECONDS = 5 * 60;

export interface VerifyOptions {
  /** Every live secret (rotation): any one verifying is enough. */
  readonly secrets: readonly string[];
  /** Default and maximum: 300 s (the library's bound). */
  readonly toleranceSeconds?: number;
}

export type VerifyFailure = 'missing_headers' | 'bad_timestamp' | 'stale_timestamp' | 'bad_signature' | 'bad_body';

export type VerifyResult =
  | { readonly ok: true; readonly id: string; readonly timestamp: number; readonly event: WebhookBody }
  | { readonly ok: false; readonly reason: VerifyFailure };

type Headers = Readonly<Record<string, string | readonly string[] | undefined>>;

function header(headers: Headers, name: string): string | undefined {
  const found = Object.entries(headers).find(([key]) => key.toLowerCase() === name)?.[1];
  return typeof found === 'string' ? found : undefined;
}

export function verifyWebhook(options: VerifyOptions, headers: Headers, rawBody: string | Buffer): VerifyResult {
  const id = header(headers, 'webhook-id');
  const timestampHeader = header(headers, 'webhook-timestamp');
  const signature = header(headers, 'webhook-signature');
  if (id === undefined || timestampHeader === undefined || signature === undefined) return { ok: false, reason: 'missing_headers' };
  // Strict digits: the library's parseInt would read "1700000000abc" as a time.
  if (!/^\d{1,12}$/.test(timestampHeader)) return { ok: false, reason: 'bad_timestamp' };
  const timestamp = Number(timestampHeader);
  const now = Math.floor(Date.now() / 1000); // the library reads the same clock
  const tolerance = Math.min(options.toleranceSeconds ?? LIBRARY_TOLERANCE_SECONDS, LIBRARY_TOLERANCE_SECONDS);
  if (Math.abs(now - timestamp) > tolerance) return { ok: false, reason: 'stale_timestamp' };
  const body = typeof rawBody === 'string' ? rawBody : rawBody.toString('utf8');
  const verified = options.secrets.some((secret) => {
    try {
      new Webhook(secret).verify(body, { 'webhook-id': id, 'webhook-timestamp': timestampHeader, 'webhook-signature': signature }, { jsonParse: false });
      return true;
    } catch {
      return false;
    }
  });
  if (!verified) return { ok: false, reason: 'bad_signature' };
  const event = parseBody(body);
  return event === undefined ? { ok: false, reason: 'bad_body' } : { ok: true, id, timestamp, event };
}

function parseBody(body: string): WebhookBody | undefined {
  try {
    const value: unknown = JSON.parse(body);
    if (typeof value !== 'object' || value === null) return undefined;
    const { type, timestamp, data } = value as Record<string, unknown>;
    if (!isWebhookEventType(type) || typeof timestamp !== 'string' || typeof data !== 'object' || data === null) return undefined;
    return { type, timestamp, data: data as Record<string, unknown> };
  } catch {
    return undefined;
  }
}
