/**
 * One call from parsed config to the gateway's routers, so src/stack only supplies values and ports.
 * Takes plain settings (not Config) so the gateway does not depend on the config module's shape.
 */
import type { Router } from 'express';
import type { Logger } from '../observability/logger';
import type { GatewayMetrics } from '../observability/metrics';
import { createApiKeyVerifier, parseApiKeyConfig } from './auth/api-keys';
import { createJwtAuthenticator, eitherCredential, type JwtIssuer } from './auth/jwt-bearer';
import { parseCallbackSecrets, staticSecrets, type CallbackSecretSource } from './callbacks/callback-secrets';
import type { JourneyValidators } from './journeys/journey-route-options';
import type { CallbackSink, CohortPort, JourneyPort } from '../contracts/ports';
import type { ValidStartCohortRequest } from '../domain/messages/commands/v1';
import type { RequestValidator } from './journeys/validators';
import { codecRoutes, type CodecRouteOptions } from './codec/codec.routes';
import { controlsRoutes, type ControlsPort } from './controls/controls.routes';
import { gatewayRoutes } from './routes';
import { webhookRoutes } from './webhooks/webhook.routes';
import type { WebhookService } from '../webhooks/webhook-service';
import type { CommunicationsRecord } from '../audit/communications-record';

export interface GatewaySettings {
  /** NOTIFY_APPLICATION_ID */
  readonly applicationId: string;
  /** NOTIFY_CALLBACK_API_KEYS (all live; rotation = list both) */
  readonly callbackApiKeys: readonly string[];
  /** CALLBACK_BODY_LIMIT_BYTES */
  readonly callbackBodyLimitBytes: number;
  /** CALLBACK_DEDUPE_TTL_MS (≥ 2 h, or construction throws RangeError) */
  readonly callbackDedupeTtlMs: number;
  /** GATEWAY_API_KEYS entries (id:sha256hex:scope+scope) */
  readonly gatewayApiKeys: readonly string[];
  /** GATEWAY_PROTECT_METRICS */
  readonly protectMetrics?: boolean;
  /** JOURNEY_ID_SECRET (keys the request fingerprint) */
  readonly fingerprintSecret?: string;
  /** GATEWAY_JWT_ISSUERS, parsed with parseJwtIssuers; omitted or empty → API keys only. */
  readonly jwtIssuers?: readonly JwtIssuer[];
  /** COHORT_BODY_LIMIT_BYTES */
  readonly cohortBodyLimitBytes?: number;
}

export interface GatewayPorts {
  readonly logger: Logger;
  readonly metrics: GatewayMetrics;
  readonly sink: CallbackSink;
  readonly journeys: JourneyPort;
  readonly validators: JourneyValidators;
  /** Overrides the static callback secret list (e.g. a reloadable source for rotation without restart). */
  readonly callbackSecrets?: CallbackSecretSource;
  /** The Temporal codec endpoint (/codec/encode, /codec/decode); omitted → not mounted. */
  readonly codec?: Omit<CodecRouteOptions, 'authenticate' | 'metrics'>;
  /** Webhook subscriptions (/v1/webhooks); omitted → not mounted. */
  readonly webhooks?: WebhookService;
  /** The communications record (patient lookup, a journey's record); omitted → not mounted. */
  readonly communications?: CommunicationsRecord;
  /** The sending controls (kill switch, dry run) at /v1/controls/sending; omitted → not mounted. */
  readonly controls?: ControlsPort;
  /** Cohorts through message batches (/v1/cohorts) and the validator of their requests; omitted → not mounted. */
  readonly cohorts?: { readonly port: CohortPort; readonly validator: RequestValidator<ValidStartCohortRequest> };
}

export function gatewayRoutesFromSettings(settings: GatewaySettings, ports: GatewayPorts): Router[] {
  const apiKeys = createApiKeyVerifier(parseApiKeyConfig(settings.gatewayApiKeys));
  const authenticate = settings.jwtIssuers === undefined || settings.jwtIssuers.length === 0
    ? apiKeys : eitherCredential(apiKeys, createJwtAuthenticator(settings.jwtIssuers));
  const secrets = ports.callbackSecrets ?? staticSecrets(parseCallbackSecrets(settings.applicationId, settings.callbackApiKeys));
  const routers = gatewayRoutes({
    logger: ports.logger,
    metrics: ports.metrics,
    callbacks: { sink: ports.sink, secrets, bodyLimitBytes: settings.callbackBodyLimitBytes, dedupe: { ttlMs: settings.callbackDedupeTtlMs } },
    journeys: {
      port: ports.journeys, validators: ports.validators, authenticate,
      ...(settings.fingerprintSecret === undefined ? {} : { fingerprintSecret: settings.fingerprintSecret }),
    },
    ...(settings.protectMetrics === true ? { protectMetrics: authenticate } : {}),
    ...(ports.communications === undefined ? {} : { communications: { record: ports.communications, authenticate } }),
    ...(ports.cohorts === undefined ? {} : {
      cohorts: {
        ...ports.cohorts, authenticate,
        ...(settings.fingerprintSecret === undefined ? {} : { fingerprintSecret: settings.fingerprintSecret }),
        ...(settings.cohortBodyLimitBytes === undefined ? {} : { bodyLimitBytes: settings.cohortBodyLimitBytes }),
      },
    }),
  });
  if (ports.controls !== undefined) routers.push(controlsRoutes({ controls: ports.controls, authenticate, metrics: ports.metrics }));
  if (ports.codec !== undefined) routers.push(codecRoutes({ ...ports.codec, authenticate, metrics: ports.metrics }));
  if (ports.webhooks !== undefined) routers.push(webhookRoutes({ service: ports.webhooks, authenticate, metrics: ports.metrics }));
  return routers;
}
