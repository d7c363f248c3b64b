/**
 * Managing subscriptions for POST/GET/DELETE /v1/webhooks: a system sees and changes only its own. A new
 * subscription's URL must pass the URL policy (https outside local) and, when so configured, resolve only to
 * public addresses (SSRF); its first signing secret is made here and shown once.
 */
import { randomBytes } from 'node:crypto';
import { bytesToBase32 } from '../domain/hashing/digest';
import type { Problem } from '../domain/errors';
import { parseCreateWebhookRequest, subscriptionView, type WebhookSubscription, type WebhookSubscriptionView } from '../domain/webhooks/subscription';
import { hostProblem } from './address-guard';
import { newWebhookSecret } from './signing';
import type { SubscriptionEntry } from './webhook-ports';

export interface SubscriptionStore {
  list(): Promise<readonly SubscriptionEntry[]>;
  add(subscription: WebhookSubscription): Promise<'added' | 'id-in-use'>;
  remove(id: string): Promise<boolean>;
  setSecrets(id: string, secrets: readonly string[]): Promise<boolean>;
  deliveries(subscriptionId: string, limit: number): Promise<readonly unknown[]>;
}

export type CreateOutcome =
  | { readonly kind: 'created'; readonly subscription: WebhookSubscriptionView; readonly secret: string }
  | { readonly kind: 'invalid'; readonly problems: readonly Problem[] };

export interface WebhookService {
  create(system: string, body: unknown): Promise<CreateOutcome>;
  list(system: string): Promise<WebhookSubscriptionView[]>;
  /** not-found also for another system's subscription; config ones cannot be deleted through the API. */
  remove(system: string, id: string): Promise<'removed' | 'not-found' | 'config'>;
  deliveries(system: string, id: string, limit: number): Promise<readonly unknown[] | undefined>;
  /** Rotation: a new secret signs beside the newest previous one (older ones retire); shown once. */
  rotateSecret(system: string, id: string): Promise<{ readonly kind: 'rotated'; readonly secret: string } | { readonly kind: 'not-found' } | { readonly kind: 'config' }>;
  /** Ends a rotation: only the newest secret signs from now on. */
  retirePreviousSecrets(system: string, id: string): Promise<'retired' | 'not-found' | 'config'>;
}

export interface WebhookServiceOptions {
  readonly store: SubscriptionStore;
  readonly requireHttps: boolean;
  readonly blockPrivateAddresses: boolean;
}

function newSubscriptionId(): string {
  let id = bytesToBase32(randomBytes(10));
  while (/\d{10}/.test(id)) id = bytesToBase32(randomBytes(10)); // never a ten-digit run (P2's allow-list)
  return `wh-${id}`;
}

export function createWebhookService(options: WebhookServiceOptions): WebhookService {
  const { store } = options;
  const own = async (system: string) => (await store.list()).filter((entry) => entry.subscription.system === system);
  return {
    async create(system, body) {
      const parsed = parseCreateWebhookRequest(body, { requireHttps: options.requireHttps });
      if (!parsed.ok) return { kind: 'invalid', problems: parsed.problems };
      const refused = await hostProblem(parsed.value.url, options.blockPrivateAddresses);
      if (refused !== undefined) return { kind: 'invalid', problems: [{ path: 'url', message: refused }] };
      const secret = newWebhookSecret();
      const subscription: WebhookSubscription = {
        id: newSubscriptionId(), url: parsed.value.url, eventTypes: parsed.value.eventTypes, system, secrets: [secret],
        source: 'api', createdAt: new Date().toISOString(),
        ...(parsed.value.journeyTypes === undefined ? {} : { journeyTypes: parsed.value.journeyTypes }),
      };
      if (await store.add(subscription) === 'id-in-use') throw new Error('webhook subscription id collision');
      return { kind: 'created', subscription: subscriptionView(subscription), secret };
    },

    async list(system) {
      return (await own(system)).map((entry) => subscriptionView(entry.subscription, entry.disabled));
    },

    async remove(system, id) {
      const entry = (await own(system)).find((e) => e.subscription.id === id);
      if (entry === undefined) return 'not-found';
      if (entry.subscription.source === 'config') return 'config';
      return (await store.remove(id)) ? 'removed' : 'not-found';
    },

    async rotateSecret(system, id) {
      const entry = (await own(system)).find((e) => e.subscription.id === id);
      if (entry === undefined) return { kind: 'not-found' };
      if (entry.subscription.source === 'config') return { kind: 'config' };
      const secret = newWebhookSecret();
      const kept = entry.subscription.secrets.slice(0, 1);
      return (await store.setSecrets(id, [secret, ...kept])) ? { kind: 'rotated', secret } : { kind: 'not-found' };
    },

    async retirePreviousSecrets(system, id) {
      const entry = (await own(system)).find((e) => e.subscription.id === id);
      if (entry === undefined) return 'not-found';
      if (entry.subscription.source === 'config') return 'config';
      return (await store.setSecrets(id, entry.subscription.secrets.slice(0, 1))) ? 'retired' : 'not-found';
    },

    async deliveries(system, id, limit) {
      const entry = (await own(system)).find((e) => e.subscription.id === id);
      return entry === undefined ? undefined : store.deliveries(id, limit);
    },
  };
}
