/**
 * A webhook subscription: where one requesting system wants which events. Parsed once, here, for config
 * (WEBHOOK_SUBSCRIPTIONS) and for POST /v1/webhooks alike. The URL's shape is checked here (https outside
 * local); whether its host resolves to a private address is the network's question (src/webhooks/address-guard).
 */
import { z } from 'zod';
import type { ParseResult } from '../errors';
import { problemsFrom } from '../validation';
import { WEBHOOK_EVENT_TYPES, type WebhookEventType } from './events';

/** A Standard Webhooks secret: `whsec_` and base64 of 24 to 64 random bytes. */
const SECRET = /^whsec_[A-Za-z0-9+/]{32,88}={0,2}$/;
const ID = /^[a-z0-9][a-z0-9-]{2,62}$/;

export interface WebhookSubscription {
  readonly id: string;
  readonly url: string;
  readonly eventTypes: readonly WebhookEventType[];
  /** Only journeys of these types; omitted: every type. */
  readonly journeyTypes?: readonly string[];
  /** Only journeys this credential started; omitted: every journey (config subscriptions of a single-tenant install). */
  readonly system?: string;
  /** Every live signing secret; each delivery is signed with all of them (rotation). Never returned by the API. */
  readonly secrets: readonly string[];
  readonly source: 'config' | 'api';
  readonly createdAt: string;
}

/** What a subscription looks like outside the service: no secrets. */
export type WebhookSubscriptionView = Omit<WebhookSubscription, 'secrets'> & { readonly secretCount: number; readonly disabled?: { readonly reason: string; readonly at: string } };

export function subscriptionView(subscription: WebhookSubscription, disabled?: { readonly reason: string; readonly at: string }): WebhookSubscriptionView {
  const { secrets, ...rest } = subscription;
  return { ...rest, secretCount: secrets.length, ...(disabled === undefined ? {} : { disabled }) };
}

const eventTypes = z.array(z.enum(WEBHOOK_EVENT_TYPES)).min(1).max(WEBHOOK_EVENT_TYPES.length);
const journeyTypes = z.array(z.string().min(1).max(64)).min(1).max(32).optional();
const url = z.string().min(1).max(2048);

/** POST /v1/webhooks: the caller's system is its credential; the first secret is made by the service. */
export const CreateWebhookRequest = z.object({ url, eventTypes, journeyTypes }).strict();

/** One WEBHOOK_SUBSCRIPTIONS entry (JSON array): secrets come from config, like every other secret. */
const ConfigSubscription = z.object({
  id: z.string().regex(ID, 'lowercase letters, digits and -, 3 to 63 characters'),
  url, eventTypes, journeyTypes, system: z.string().min(1).max(128).optional(),
  secrets: z.array(z.string().regex(SECRET, 'a whsec_ base64 secret of 24 to 64 bytes')).min(1).max(4),
}).strict();

export interface UrlPolicy {
  /** Outside local: https only. */
  readonly requireHttps: boolean;
}

/** The URL is absolute, http(s), has no credentials, and is https when required. Returns the problem, if any. */
export function urlProblem(value: string, policy: UrlPolicy): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    return 'must be an absolute URL';
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return 'must be an http(s) URL';
  if (policy.requireHttps && parsed.protocol !== 'https:') return 'must use https';
  if (parsed.username !== '' || parsed.password !== '') return 'must not carry credentials';
  if (parsed.hash !== '') return 'must not have a fragment';
  return undefined;
}

export function parseCreateWebhookRequest(input: unknown, policy: UrlPolicy): ParseResult<z.infer<typeof CreateWebhookRequest>> {
  const parsed = CreateWebhookRequest.safeParse(input);
  if (!parsed.success) return { ok: false, code: 'INVALID_WEBHOOK_REQUEST', problems: problemsFrom(parsed.error.issues) };
  const problem = urlProblem(parsed.data.url, policy);
  if (problem !== undefined) return { ok: false, code: 'INVALID_WEBHOOK_REQUEST', problems: [{ path: 'url', message: problem }] };
  return { ok: true, value: parsed.data };
}

/** WEBHOOK_SUBSCRIPTIONS: a JSON array. Throws a message naming the entry and field, never quoting a secret. */
export function parseConfigSubscriptions(json: string, policy: UrlPolicy, createdAt: string): WebhookSubscription[] {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    throw new Error('must be a JSON array of subscriptions');
  }
  const parsed = z.array(ConfigSubscription).max(100).safeParse(raw);
  if (!parsed.success) {
    const [first] = problemsFrom(parsed.error.issues);
    throw new Error(`${first?.path ?? 'entry'} ${first?.message ?? 'is invalid'}`);
  }
  const seen = new Set<string>();
  return parsed.data.map((entry, index) => {
    const problem = urlProblem(entry.url, policy);
    if (problem !== undefined) throw new Error(`${index}.url ${problem}`);
    if (seen.has(entry.id)) throw new Error(`${index}.id repeats an id`);
    seen.add(entry.id);
    return {
      id: entry.id, url: entry.url, eventTypes: entry.eventTypes, secrets: entry.secrets, source: 'config', createdAt,
      ...(entry.journeyTypes === undefined ? {} : { journeyTypes: entry.journeyTypes }),
      ...(entry.system === undefined ? {} : { system: entry.system }),
    };
  });
}

/** Does this subscription want this event? One rule, used by the publisher. */
export function subscriptionMatches(subscription: WebhookSubscription, type: WebhookEventType, journey?: { readonly journeyType: string; readonly requestedBy?: string }): boolean {
  if (!subscription.eventTypes.includes(type)) return false;
  if (journey === undefined) return true; // sending.* events concern every subscriber to them
  if (subscription.journeyTypes !== undefined && !subscription.journeyTypes.includes(journey.journeyType)) return false;
  return subscription.system === undefined || subscription.system === journey.requestedBy;
}
