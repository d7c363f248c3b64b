/**
 * /openapi.json, generated from the same zod schemas the routes validate with (z.toJSONSchema), so the
 * published contract cannot drift from the checks. Nothing here is hand-written JSON Schema.
 */
import { z } from 'zod';
import { ID_PATTERNS } from '../../domain/identifiers';
import { CallbackBody } from '../../contracts/nhs-notify/wire';
import { ControlChangeRequest } from '../../domain/controls/control-change-request';
import { ControlsViewSchema } from '../../contracts/sending-controls-view';
import { ERROR_CATALOGUE } from '../http/errors';
import { PATIENT_SEARCH_PATH, PatientCommunicationsSearch } from '../audit/communications.routes';
import { JourneyRecordSchema, PATIENT_SEARCH_DESCRIPTION, PatientCommunicationsSchema } from '../audit/communications.schemas';
import { EscalationListQuery, JourneyListQuery, JourneyReadQuery } from '../journeys/journey-params';
import { batchEnvelope } from '../journeys/journey-batch.route';
import type { JourneyValidators } from '../journeys/journey-route-options';
import type { RequestValidator } from '../journeys/validators';
import { CreateWebhookRequest } from '../../domain/webhooks/subscription';
import { WebhookDeliverySchema, WebhookSubscriptionSchema } from '../webhooks/webhook-schemas';
import { BatchResultsSchema, CohortViewSchema, ErrorEnvelopeSchema, EscalationSchema, JourneySummarySchema, JourneyTimelineSchema, pageOf } from './response-schemas';

type Json = Record<string, unknown>;

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Json {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { target: 'draft-2020-12', unrepresentable: 'any', io }) as Json;
  return rest;
}

const content = (schema: z.ZodType, io: 'input' | 'output' = 'output'): Json => ({ content: { 'application/json': { schema: jsonSchema(schema, io) } } });
const body = (schema: z.ZodType): Json => ({ required: true, ...content(schema, 'input') });
const ok = (description: string, schema: z.ZodType): Json => ({ description, ...content(schema) });

function errors(...statuses: number[]): Json {
  return Object.fromEntries(statuses.map((status) => {
    const codes = Object.entries(ERROR_CATALOGUE).filter(([, e]) => e.status === status).map(([code]) => code);
    return [String(status), { description: `Error envelope; code one of ${codes.join(', ')}`, ...content(ErrorEnvelopeSchema) }];
  }));
}

function queryParameters(schema: z.ZodObject): Json[] {
  const properties = (jsonSchema(schema, 'input').properties ?? {}) as Record<string, Json>;
  return Object.entries(properties).map(([name, property]) => ({ name, in: 'query', required: false, schema: property }));
}

const pathId = (name: keyof typeof ID_PATTERNS): Json => ({ name, in: 'path', required: true, schema: { type: 'string', pattern: ID_PATTERNS[name] } });
const bearer = (scope: string): Json => ({ security: [{ apiKey: [scope] }] });
const WRITE_ERRORS = [400, 401, 403, 413, 415, 503];

/** A 503 or a dropped connection does not mean "not started": the start may have reached Temporal first. */
export const START_RETRY_ADVICE = 'Safe to retry: the journey\'s business key (journey type, NHS number, eventId, version) is its '
  + 'idempotency key. After a 503, a timeout or a dropped connection the journey may still have been started, so retry '
  + 'with the same body (honour Retry-After): the answer is 200 with the existing journey, never a second journey. '
  + 'Never change the body on a retry: the same key with a different body is 422 IDEMPOTENCY_KEY_REUSED.';

const COHORT_DESCRIPTION = 'Starts every patient\'s journey of one type as one cohort: the first step goes out in NHS Notify message '
  + 'batches (up to 45,000 messages a request), and each patient is followed up on their own (a failed, refused or unanswered '
  + 'message starts that patient\'s journey, which falls back and escalates as any journey). A delivered patient needs no journey. '
  + 'Each patient is validated as POST /v1/journeys validates one; a problem names its row (/patients/<i>/...) and one bad row '
  + 'starts nothing. Idempotent by reference (with the journey type): the same request again answers 200 with the cohort, the '
  + 'same reference with another request 422 IDEMPOTENCY_KEY_REUSED. A patient whose first step is not due yet starts as an '
  + 'ordinary journey (counts.startedSingly).';

function cohortPaths(validator: RequestValidator<unknown>): Json {
  return {
    '/v1/cohorts': {
      post: { summary: 'Start a cohort (first step in message batches, follow-up per patient)', description: COHORT_DESCRIPTION, ...bearer('journeys:write'),
        requestBody: body(validator.schema),
        responses: { 201: ok('Started', z.object({ cohort: CohortViewSchema })), 200: ok('Started before with this request (also the answer to a retry)', z.object({ cohort: CohortViewSchema })),
          ...errors(...WRITE_ERRORS, 422) } },
    },
    '/v1/cohorts/{cohortId}': {
      parameters: [pathId('cohortId')],
      get: { summary: 'A cohort\'s counts (no patient data)', ...bearer('journeys:read'), responses: { 200: ok('The cohort', z.object({ cohort: CohortViewSchema })), ...errors(401, 403, 404, 503) } },
    },
  };
}

export function buildOpenApi(validators: JourneyValidators, maxBatchItems: number, cohorts?: RequestValidator<unknown>): Json {
  return {
    openapi: '3.1.0',
    info: { title: 'notify-journeys gateway', version: '1' },
    components: {
      securitySchemes: {
        apiKey: { type: 'http', scheme: 'bearer', description: 'nj_<id>_<secret> API key with scopes (docs/gateway-auth.md)' },
        notifyApiKey: { type: 'apiKey', in: 'header', name: 'x-api-key', description: 'Plus x-hmac-sha256-signature over the raw body' },
      },
    },
    paths: {
      '/v1/journeys': {
        post: { summary: 'Start a journey', description: START_RETRY_ADVICE, ...bearer('journeys:write'), requestBody: body(validators.start.schema),
          responses: { 201: ok('Started', z.object({ journey: JourneySummarySchema })), 200: ok('Already started with this body (also the answer to a retry)', z.object({ journey: JourneySummarySchema })),
            ...errors(...WRITE_ERRORS, 422), 503: { ...(errors(503)['503'] as Json), description: `Temporal unavailable; the journey may still have started. ${START_RETRY_ADVICE}` } } },
        get: { summary: 'List journeys', ...bearer('journeys:read'), parameters: queryParameters(JourneyListQuery),
          responses: { 200: ok('A page of journeys', pageOf(JourneySummarySchema)), ...errors(400, 401, 403, 503) } },
      },
      '/v1/journeys/batch': {
        post: { summary: 'Start many journeys; one result per item', description: `Per item as POST /v1/journeys. ${START_RETRY_ADVICE}`, ...bearer('journeys:write'), requestBody: body(batchEnvelope(maxBatchItems)),
          responses: { 200: ok('Per-item results', BatchResultsSchema), ...errors(...WRITE_ERRORS) } },
      },
      '/v1/journeys/{journeyId}': {
        parameters: [pathId('journeyId')],
        get: { summary: 'A journey and its timeline', ...bearer('journeys:read'), parameters: queryParameters(JourneyReadQuery), responses: { 200: ok('The journey', z.object({ journey: JourneyTimelineSchema })), ...errors(401, 403, 404, 503) } },
        patch: { summary: 'Change a journey', ...bearer('journeys:write'), requestBody: body(validators.change.schema),
          responses: { 200: ok('Changed', z.object({ journey: JourneySummarySchema })), ...errors(...WRITE_ERRORS, 404, 409, 422) } },
      },
      '/v1/journeys/{journeyId}/cancel': {
        parameters: [pathId('journeyId')],
        post: { summary: 'Cancel a journey (idempotent)', ...bearer('journeys:write'), requestBody: body(validators.cancel.schema),
          responses: { 200: ok('Cancelled', z.object({ journey: JourneySummarySchema })), ...errors(...WRITE_ERRORS, 404, 409) } },
      },
      '/v1/escalations': {
        get: { summary: 'List escalations', ...bearer('escalations'), parameters: queryParameters(EscalationListQuery),
          responses: { 200: ok('A page of escalations', pageOf(EscalationSchema)), ...errors(400, 401, 403, 503) } },
      },
      '/v1/escalations/{escalationId}/outcome': {
        parameters: [pathId('escalationId')],
        post: { summary: 'Record what was done', ...bearer('escalations'), requestBody: body(validators.escalationOutcome.schema),
          responses: { 200: ok('Recorded', z.object({ escalation: EscalationSchema })), ...errors(...WRITE_ERRORS, 404, 409) } },
      },
      '/v1/webhooks': {
        post: { summary: 'Subscribe to journey events (docs/webhooks.md); the signing secret is shown once', ...bearer('webhooks'), requestBody: body(CreateWebhookRequest),
          responses: { 201: ok('Subscribed', z.object({ subscription: WebhookSubscriptionSchema, secret: z.string() })), ...errors(...WRITE_ERRORS) } },
        get: { summary: 'This system\'s subscriptions (never a secret)', ...bearer('webhooks'), responses: { 200: ok('Subscriptions', z.object({ items: z.array(WebhookSubscriptionSchema) })), ...errors(401, 403, 503) } },
      },
      '/v1/webhooks/{id}': {
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        delete: { summary: 'Unsubscribe', ...bearer('webhooks'), responses: { 204: { description: 'Deleted' }, ...errors(401, 403, 404, 422, 503) } },
      },
      '/v1/webhooks/{id}/secrets': {
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        post: { summary: 'Rotate: a new signing secret (shown once) signs beside the previous one', ...bearer('webhooks'), responses: { 201: ok('The new secret', z.object({ secret: z.string() })), ...errors(401, 403, 404, 422, 503) } },
      },
      '/v1/webhooks/{id}/secrets/previous': {
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        delete: { summary: 'End a rotation: only the newest secret signs', ...bearer('webhooks'), responses: { 204: { description: 'Retired' }, ...errors(401, 403, 404, 422, 503) } },
      },
      '/v1/webhooks/{id}/deliveries': {
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        get: { summary: 'Each delivery: status, attempts, last error code', ...bearer('webhooks'), responses: { 200: ok('Deliveries', z.object({ items: z.array(WebhookDeliverySchema) })), ...errors(401, 403, 404, 503) } },
      },
      '/v1/controls/sending': {
        get: { summary: 'The sending controls in force (kill switch, dry run) and recent changes', ...bearer('ops'),
          responses: { 200: ok('The controls', ControlsViewSchema), ...errors(401, 403, 503) } },
        post: { summary: 'Pause or resume sending, or turn dry run on or off, for a journey type, a cohort or everything',
          description: 'Durable and effective on every worker within seconds. Paused journeys are accepted and wait; on resume each plans again (a message that can no longer arrive in time is not sent late). Idempotent: a repeated change is recorded and changes nothing.',
          ...bearer('ops'), requestBody: body(ControlChangeRequest),
          responses: { 200: ok('The controls after the change', ControlsViewSchema), ...errors(400, 401, 403, 413, 415, 503) } },
      },
      '/v1/callbacks/nhs-notify': {
        post: { summary: 'NHS Notify status callback', security: [{ notifyApiKey: [] }], requestBody: body(CallbackBody),
          responses: { 202: ok('Accepted (also for duplicates and unknown journeys)', z.object({ status: z.literal('accepted'), correlationId: z.string() })),
            ...errors(400, 401, 403, 405, 413, 415, 503) } },
      },
      [PATIENT_SEARCH_PATH]: {
        post: { summary: "A patient's communications (newest first, paged)", description: PATIENT_SEARCH_DESCRIPTION, ...bearer('audit:read'),
          requestBody: body(PatientCommunicationsSearch),
          responses: { 200: ok('Every journey and message the record holds for the patient', PatientCommunicationsSchema), ...errors(400, 401, 403, 413, 415, 503) } },
      },
      ...(cohorts === undefined ? {} : cohortPaths(cohorts)),
      '/v1/journeys/{journeyId}/record': {
        parameters: [pathId('journeyId')],
        get: { summary: "A journey's full record, also after Temporal has deleted it", ...bearer('audit:read'),
          responses: { 200: ok('The record, in chain order', JourneyRecordSchema), ...errors(401, 403, 404, 503) } },
      },
    },
  };
}
