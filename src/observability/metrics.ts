/**
 * Prometheus metrics (prom-client). One registry per process (per app instance in tests, so tests never
 * share counters). Labels are low-cardinality by construction: outcomes, reasons and route *templates*,
 * never ids, references or anything a caller typed.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export { Registry } from 'prom-client';

export interface RegistryOptions {
  /** Process metrics (CPU, RSS, event loop lag). On in services, off in tests. */
  readonly collectDefaults?: boolean;
}

export function createMetricsRegistry(options: RegistryOptions = {}): Registry {
  const registry = new Registry();
  if (options.collectDefaults === true) collectDefaultMetrics({ register: registry });
  return registry;
}

export type CallbackRequestOutcome =
  | 'accepted' | 'unauthenticated' | 'bad_signature' | 'invalid' | 'too_large' | 'unsupported_media'
  | 'method_not_allowed' | 'unavailable' | 'error';
export type CallbackEventOutcome =
  | 'delivered' | 'duplicate' | 'deduplicated' | 'unknown_journey' | 'closed_journey' | 'unavailable' | 'error';

export interface GatewayMetrics {
  readonly registry: Registry;
  /** One per callback request, by how it ended. */
  readonly callbackRequests: Counter<'outcome'>;
  /** One per callback item that reached the sink step; unknown_journey/closed_journey are S12 signals. */
  readonly callbackEvents: Counter<'outcome'>;
  /** The S11 alert counter: callbacks rejected for a missing or wrong signature or API key. */
  readonly callbackAuthFailures: Counter<'reason'>;
  readonly journeyStarts: Counter<'outcome'>;
  readonly apiAuthFailures: Counter<'reason'>;
  readonly requestDuration: Histogram<'method' | 'route' | 'status_code'>;
  /** Unix time of the last genuine (authenticated, signed) NHS Notify callback: the "callbacks have stopped" alarm. */
  readonly lastGenuineCallback: Gauge;
  /** Callback received → signalled to its message workflow (applied), by callback type. */
  readonly callbackApplyDuration: Histogram<'type'>;
}

/** Idempotent per registry: asking twice returns the same metric objects. */
export function createGatewayMetrics(registry: Registry): GatewayMetrics {
  const counter = <L extends string>(name: string, help: string, labelNames: readonly L[]): Counter<L> =>
    (registry.getSingleMetric(name) as Counter<L> | undefined) ?? new Counter({ name, help, labelNames, registers: [registry] });
  const duration = (registry.getSingleMetric('gateway_http_request_duration_seconds') as Histogram<'method' | 'route' | 'status_code'> | undefined)
    ?? new Histogram({
      name: 'gateway_http_request_duration_seconds',
      help: 'HTTP request duration by route template (never ids)',
      labelNames: ['method', 'route', 'status_code'] as const,
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    });
  return {
    registry,
    callbackRequests: counter('gateway_callback_requests_total', 'NHS Notify callback requests by outcome', ['outcome']),
    callbackEvents: counter('gateway_callback_events_total', 'NHS Notify callback items by delivery outcome', ['outcome']),
    callbackAuthFailures: counter('gateway_callback_auth_failures_total',
      'Callbacks rejected for a bad API key or signature (alert on spikes)', ['reason']),
    journeyStarts: counter('gateway_journey_starts_total', 'POST /v1/journeys items by outcome (new, duplicate, conflict)', ['outcome']),
    apiAuthFailures: counter('gateway_api_auth_failures_total', 'Journey API requests refused by authentication', ['reason']),
    requestDuration: duration,
    lastGenuineCallback: (registry.getSingleMetric('gateway_last_genuine_callback_timestamp_seconds') as Gauge | undefined) ?? new Gauge({
      name: 'gateway_last_genuine_callback_timestamp_seconds', help: 'Unix time of the last authenticated, signed NHS Notify callback', registers: [registry],
    }),
    callbackApplyDuration: (registry.getSingleMetric('gateway_callback_apply_duration_seconds') as Histogram<'type'> | undefined) ?? new Histogram({
      name: 'gateway_callback_apply_duration_seconds', help: 'NHS Notify callback received → applied to its message workflow',
      labelNames: ['type'] as const, buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5], registers: [registry],
    }),
  };
}
