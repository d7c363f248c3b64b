import type { JourneyPort } from '../../contracts/ports';
import type {
  EscalationOutcomeRequest, ValidAppointmentChange, ValidCancelJourneyRequest, ValidStartJourneyRequest,
} from '../../domain/messages/commands/v1';
import type { GatewayMetrics } from '../../observability/metrics';
import type { Authenticate } from '../auth/require-scope';
import type { RequestValidator } from './validators';

/** The domain's v1 commands as route validators (src/stack/validators.ts builds them from the catalogue). */
export interface JourneyValidators {
  readonly start: RequestValidator<ValidStartJourneyRequest>;
  readonly change: RequestValidator<ValidAppointmentChange>;
  readonly cancel: RequestValidator<ValidCancelJourneyRequest>;
  readonly escalationOutcome: RequestValidator<EscalationOutcomeRequest>;
}

export interface JourneyRouteOptions {
  readonly port: JourneyPort;
  readonly validators: JourneyValidators;
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
  /** Keys the body fingerprint (a plain hash of a body with an NHS number could be confirmed by guessing). */
  readonly fingerprintSecret?: string | Uint8Array;
}

export const JOURNEY_DEFAULTS = { bodyLimitBytes: 64 * 1024, batchBodyLimitBytes: 1024 * 1024, maxBatchItems: 100, batchConcurrency: 8 } as const;
