/**
 * The fault catalogue, as a zod schema shared by the programmatic API and POST /_admin/faults. Each rule
 * names a kind, the route it hits, and optionally `count` (only the next N matching requests, then the
 * rule is gone: deterministic tests) and `rate` (a probability per matching request: chaos).
 */
import { z } from 'zod';

export const FAULT_ROUTES = ['any', 'comms', 'token', 'messages', 'batches', 'getMessage', 'ping', 'callbacks'] as const;
export type FaultRoute = (typeof FAULT_ROUTES)[number];

export const MALFORMED_VARIANTS = ['truncatedJson', 'wrongShape', 'wrongContentType', 'errorBodyWith200'] as const;
export type MalformedVariant = (typeof MALFORMED_VARIANTS)[number];

const common = {
  id: z.string().min(1).max(100).optional(),
  route: z.enum(FAULT_ROUTES).optional(),
  count: z.number().int().positive().optional(),
  rate: z.number().min(0).max(1).optional(),
};

export const FaultRuleInput = z.discriminatedUnion('kind', [
  /** Delay before handling (added up across matching rules). */
  z.object({ kind: z.literal('latency'), ms: z.number().int().min(0), ...common }).strict(),
  /** Answer with this status and NHS's error body for it (500, 502, 503, 504, 408 ...). */
  z.object({ kind: z.literal('status'), status: z.number().int().min(400).max(599), retryAfterSeconds: z.number().int().optional(), ...common }).strict(),
  /** 429 CM_QUOTA with Retry-After. */
  z.object({ kind: z.literal('quota'), retryAfterSeconds: z.number().int().default(5), ...common }).strict(),
  /** 425 CM_RETRY_TOO_EARLY with Retry-After. */
  z.object({ kind: z.literal('tooEarly'), retryAfterSeconds: z.number().int().default(300), ...common }).strict(),
  /** Read the request, never send a header; the socket stays open until the client gives up. */
  z.object({ kind: z.literal('hang'), ...common }).strict(),
  /** Handle normally but send the response body one byte every `byteEveryMs`. */
  z.object({ kind: z.literal('slowBody'), byteEveryMs: z.number().int().min(1).default(50), ...common }).strict(),
  /** Accept the message (ledger, 'accepted' event, lifecycle), then destroy the socket: the ambiguous case. */
  z.object({ kind: z.literal('acceptThenDrop'), ...common }).strict(),
  /** Accept, then hold the 201 for `ms`. With holdInProgress a retry meanwhile gets 425, else 422. */
  z.object({ kind: z.literal('acceptThenDelay'), ms: z.number().int().min(0), holdInProgress: z.boolean().default(false), ...common }).strict(),
  /** Handle normally, then mangle the response (A8): bad JSON, a wrong shape, a wrong content type, or 200 with an error body. */
  z.object({ kind: z.literal('malformed'), variant: z.enum(MALFORMED_VARIANTS).default('truncatedJson'), ...common }).strict(),
  /** The token endpoint is down. */
  z.object({ kind: z.literal('tokenOutage'), status: z.number().int().min(500).max(599).default(503), ...common }).strict(),
  /** 307/308 to another host (A6: the client must not follow). */
  z.object({ kind: z.literal('redirect'), status: z.union([z.literal(307), z.literal(308)]).default(307), location: z.string().url(), ...common }).strict(),
  /** Callback events that are silently never sent. */
  z.object({ kind: z.literal('dropCallbacks'), ...common }).strict(),
  /** Callback events delivered `copies` times (same body, same idempotencyKey). */
  z.object({ kind: z.literal('duplicateCallbacks'), copies: z.number().int().min(2).max(10).default(2), ...common }).strict(),
  /** Callback events held back `delayMs`, so later events overtake them. */
  z.object({ kind: z.literal('reorderCallbacks'), delayMs: z.number().int().min(1), ...common }).strict(),
]);
export type FaultRuleInput = z.input<typeof FaultRuleInput>;
export type FaultRuleParsed = z.output<typeof FaultRuleInput>;
export type FaultKind = FaultRuleParsed['kind'];
export type FaultRule = FaultRuleParsed & { readonly id: string; readonly route: FaultRoute; remaining: number | undefined };
export type FaultOf<K extends FaultKind> = Extract<FaultRule, { kind: K }>;

const CALLBACK_KINDS: readonly FaultKind[] = ['dropCallbacks', 'duplicateCallbacks', 'reorderCallbacks'];

export function defaultRoute(kind: FaultKind): FaultRoute {
  if (kind === 'tokenOutage') return 'token';
  if (kind === 'acceptThenDrop' || kind === 'acceptThenDelay') return 'messages';
  if (CALLBACK_KINDS.includes(kind)) return 'callbacks';
  return 'comms';
}

/** Whether a rule's route covers the route a request (or callback) is on. */
export function routeMatches(ruleRoute: FaultRoute, actual: FaultRoute): boolean {
  if (ruleRoute === actual) return true;
  if (actual === 'callbacks') return false;
  if (ruleRoute === 'any') return true;
  return ruleRoute === 'comms' && actual !== 'token';
}
