/**
 * Options for startSimulator and the defaults that make `npm start` feel like NHS Notify in seconds
 * instead of hours. Tests pass FAST_TIMINGS (or their own) so a whole cascade finishes in milliseconds.
 */
import type { JSONWebKeySet } from 'jose';
import type { Logger } from '../observability/logger';
import type { Channel, MessageStatus } from '../contracts/nhs-notify/wire';

/** NHS's per-client configuration checks (docs/nhs-notify.md §13). */
export type ClientRestriction = 'noDefaultOds' | 'noOdsChange' | 'notAllowedContactDetailOverride';

export interface SimulatorApplication {
  /** The APIM API key: iss and sub of the client assertion. */
  readonly apiKey: string;
  /** The APIM application id (half of the callback HMAC key). */
  readonly applicationId: string;
  /** Public keys the token endpoint verifies client assertions with. */
  readonly jwks?: JSONWebKeySet;
  /** Instead of `jwks`: fetched on every token request, like NHS's `jwks-resource-url` (403 when unreachable). */
  readonly jwksUrl?: string;
  /** NHS's per-client configuration, e.g. not approved to set contact details (a message that does is refused, 400). */
  readonly restriction?: ClientRestriction;
}

export interface CallbackOptions {
  readonly url: string;
  readonly applicationId: string;
  readonly apiKey: string;
  /** How long one event is retried for before it is dead-lettered. NHS: 2 hours. */
  readonly retryWindowMs?: number;
  /** Full-jitter backoff: delay = random(base .. min(base·2^(attempt−1), cap)). NHS: 5 s base, 300 s cap. */
  readonly backoffBaseMs?: number;
  readonly backoffCapMs?: number;
  /** Per-attempt timeout. NHS: 30 s. */
  readonly requestTimeoutMs?: number;
  /**
   * Callback requests in flight at once (default 32). NHS Notify's sender works through its queue with a bounded
   * number of connections; the others wait their turn. Unbounded, a 100,000-message batch opens a socket per
   * callback at once and runs the process out of file descriptors.
   */
  readonly maxConcurrent?: number;
  /** Which message statuses to send MessageStatus callbacks for (default: every status). */
  readonly messageStatuses?: readonly MessageStatus[];
  /** Whether to send ChannelStatus callbacks (default true). */
  readonly channelStatuses?: boolean;
}

export interface SimulatorTimings {
  /** Delay between message-level steps: created → pending_enrichment → enriched → sending. */
  readonly stepMs: number;
  /** From a channel starting to send to the supplier's answer (delivered, read, bounced ...). */
  readonly deliveryMs: number;
  /** How long a channel may stay undelivered (NHS App: unread) before it fails and the cascade moves on. */
  readonly channelWindowMs: Readonly<Record<Channel, number>>;
}

export const DEFAULT_TIMINGS: SimulatorTimings = {
  stepMs: 500,
  deliveryMs: 1_500,
  channelWindowMs: { nhsapp: 5_000, email: 5_000, sms: 5_000, letter: 5_000 },
};

/** For tests: a full four-channel cascade completes in well under a second. */
export const FAST_TIMINGS: SimulatorTimings = {
  stepMs: 2,
  deliveryMs: 5,
  channelWindowMs: { nhsapp: 20, email: 20, sms: 20, letter: 20 },
};

export interface SimulatorOptions {
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** Default 0: an ephemeral port. */
  readonly port?: number;
  readonly applications?: readonly SimulatorApplication[];
  /** No auth, like NHS's public sandbox, with its Authorization triggers; otherwise stateful as ever. */
  readonly openAccess?: boolean;
  /**
   * Answer like NHS's public sandbox, request for request (implies openAccess): stateless as the sandbox
   * is, so no de-duplication and a GET finds only NHS's fixed sandbox message ids, never a message just
   * sent. Callbacks still go out when `callbacks` is set (the sandbox sends none).
   */
  readonly sandbox?: boolean;
  /** expires_in of issued tokens (a string on the wire). Default 599. */
  readonly tokenLifetimeSeconds?: number;
  readonly callbacks?: CallbackOptions;
  readonly timings?: Partial<Omit<SimulatorTimings, 'channelWindowMs'>> & { channelWindowMs?: Partial<Record<Channel, number>> };
  /** Wall clock in ms; drives timestamps, token expiry and client-assertion exp checks. */
  readonly clock?: () => number;
  readonly logger?: Logger;
  /** Also append the ledger to this JSONL file. */
  readonly ledgerFile?: string;
  /** Salt for recipient hashes in the ledger; random per instance unless given (stable across restarts if set). */
  readonly ledgerSalt?: string;
  /** A real per-application quota: more requests than this in a rolling minute get 429 CM_QUOTA, Retry-After 60. */
  readonly quotaPerMinute?: number;
  /**
   * The payload limit of a POST, checked after validation as NHS's backend does: an invalid body is 400
   * however large. Default 6 MiB: NHS documents 5.2 MB, but its sandbox accepts a 5.3 MB batch and
   * refuses one over 6 MiB.
   */
  readonly maxBodyBytes?: number;
  /** When set, /_admin needs `Authorization: Bearer <adminToken>` (it is loopback-only either way). */
  readonly adminToken?: string;
}

export function resolveTimings(partial: SimulatorOptions['timings']): SimulatorTimings {
  return {
    stepMs: partial?.stepMs ?? DEFAULT_TIMINGS.stepMs,
    deliveryMs: partial?.deliveryMs ?? DEFAULT_TIMINGS.deliveryMs,
    channelWindowMs: { ...DEFAULT_TIMINGS.channelWindowMs, ...partial?.channelWindowMs },
  };
}

export const DEFAULT_MAX_BODY_BYTES = 6 * 1024 * 1024;
/** What NHS's API gateway takes at all (10 MB): a larger body is 413 CM_TOO_LARGE before anything reads it. */
export const GATEWAY_MAX_REQUEST_BYTES = 10_000_000;
export const DEFAULT_TOKEN_LIFETIME_SECONDS = 599;
export const NHS_CALLBACK_RETRY_WINDOW_MS = 2 * 60 * 60 * 1000;
