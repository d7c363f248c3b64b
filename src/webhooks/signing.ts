/**
 * The Standard Webhooks scheme (standardwebhooks.com), through its maintained `standardwebhooks` library:
 * `webhook-id`, `webhook-timestamp` (unix seconds) and `webhook-signature` (`v1,<base64 HMAC-SHA256>` over
 * `id.timestamp.body`, one per live secret, space-separated, so a receiver holding either secret verifies
 * during a rotation). The timestamp is the attempt's, so each retry is signed afresh; the id never changes.
 */
import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';

// A type, not an interface, so it passes where any header record is expected.
export type SignedHeaders = {
  readonly 'webhook-id': string;
  readonly 'webhook-timestamp': string;
  readonly 'webhook-signature': string;
};

export function signWebhook(secrets: readonly string[], messageId: string, at: Date, body: string): SignedHeaders {
  if (secrets.length === 0) throw new RangeError('a webhook needs at least one signing secret');
  const signatures = secrets.map((secret) => new Webhook(secret).sign(messageId, at, body));
  return {
    'webhook-id': messageId,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': signatures.join(' '),
  };
}

/** A new signing secret: `whsec_` and 32 random bytes in base64, the scheme's own format. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}
