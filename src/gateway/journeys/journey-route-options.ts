import type { GatewayMetrics } from '../../observability/metrics';
import type { Authenticate } from '../auth/require-scope';
import type { JourneyPort } from '../../contracts/ports';
import type { RequestValidator } from './validators';

export interface JourneyValidators<TStart, TChange, TCancel, TOutcome> {
  readonly start: RequestValidator<TStart>;
  readonly change: RequestValidator<TChange>;
  readonly cancel: RequestValidator<TCancel>;
  readonly escalationOutcome: RequestValidator<TOutcome>;
}

export interface JourneyRouteOptions<TStart = unknown, TChange = unknown, TCancel = unknown, TOutcome = unknown> {
  readonly port: JourneyPort<TStart, TChange, TCancel, TOutcome>;
  readonly validators: JourneyValidators<TStart, TChange, TCancel, TOutcome>;
  readonly authenticate: Authenticate;
  readonly metrics: GatewayMetrics;
  /** JSON body limit for single requests. Default 64 KiB. */
  readonly bodyLimitBytes?: number;
  /** JSON body limit for POST /v1/journeys/batch. Default 1 MiB. */
  readonly batchBodyLimitBytes?: number;
  /** Items per batch. Default 100. */
  readonly maxBatchItems?: number;
  /** Concurrent port.start calls per batch. Default 8. */
  readonly batchConcurrency?: number;
  readonly fingerprintSecret?: string | Uint8Array;
}

export const JOURNEY_DEFAULTS = { bodyLimitBytes: 64 * 1024, batchBodyLimitBytes: 1024 * 1024, maxBatchItems: 100, batchConcurrency: 8 } as const;
