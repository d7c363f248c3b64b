/**
 * The NHS Notify error catalogue and envelope (docs/nhs-notify.md §8). Every error the simulator returns
 * is built here, so the titles, details, string statuses and `<requestId>.<n>` ids match the live proxy.
 */
import type { ApiError, ErrorEnvelope } from '../../contracts/nhs-notify/wire';

export const ERROR_ABOUT_LINK = 'https://digital.nhs.uk/developer/api-catalogue/nhs-notify';
export const NHS_NUMBER_LINK = 'https://www.datadictionary.nhs.uk/attributes/nhs_number.html';

interface CatalogueEntry { readonly status: number; readonly title: string; readonly detail: string }

export const ERROR_CATALOGUE = {
  CM_MISSING_VALUE: { status: 400, title: 'Missing property', detail: 'The property at the specified location is required, but was not present in the request.' },
  CM_NULL_VALUE: { status: 400, title: 'Property cannot be null', detail: 'The property at the specified location is required, but a null value was passed in the request.' },
  CM_INVALID_VALUE: { status: 400, title: 'Invalid value', detail: 'The property at the specified location does not allow this value.' },
  CM_INVALID_NHS_NUMBER: { status: 400, title: 'Invalid nhs number', detail: 'The value provided in this nhsNumber field is not a valid NHS number.' },
  CM_DUPLICATE_VALUE: { status: 400, title: 'Duplicate value', detail: 'The property at the specified location is a duplicate, duplicated values are not allowed.' },
  CM_TOO_FEW_ITEMS: { status: 400, title: 'Too few items', detail: 'The property at the specified location contains too few items.' },
  CM_ODS_CODE_REQUIRED: { status: 400, title: 'Originator odsCode must be provided', detail: 'An originator odsCode must be provided as the client has no default ODS code.' },
  CM_CANNOT_SET_ODS_CODE: { status: 400, title: 'Cannot set ODS code', detail: 'This client is not allowed to set the originator ODS code.' },
  CM_INVALID_REQUEST: { status: 400, title: 'Invalid Request', detail: 'The request is invalid.' },
  CM_CANNOT_SET_CONTACT_DETAILS: { status: 400, title: 'Cannot set contact details', detail: 'Client is not allowed to provide alternative contact details.' },
  CM_DENIED: { status: 401, title: 'Access denied', detail: 'Access token missing, invalid or expired, or calling application not configured for this operation.' },
  CM_FORBIDDEN: { status: 403, title: 'Forbidden', detail: 'Client not recognised or not yet onboarded.' },
  CM_SERVICE_BAN: { status: 403, title: 'Service ban in effect', detail: 'A service ban is in effect on your account.' },
  CM_NOT_FOUND: { status: 404, title: 'Resource not found', detail: 'The resource at the requested URI was not found.' },
  CM_NO_SUCH_ROUTING_PLAN: { status: 404, title: 'No such routing plan', detail: 'The routing plan specified either does not exist or is not in a usable state.' },
  CM_NOT_ALLOWED: { status: 405, title: 'Method not allowed', detail: 'The method at the requested URI was not allowed.' },
  CM_NOT_ACCEPTABLE: { status: 406, title: 'Not acceptable', detail: 'This service can only generate application/vnd.api+json or application/json.' },
  CM_REQUEST_TIMEOUT: { status: 408, title: 'Request timeout', detail: 'The service was unable to receive your request within the timeout period.' },
  CM_TOO_LARGE: { status: 413, title: 'Request too large', detail: 'Request message was larger than the service limit' },
  CM_TOO_MANY_ITEMS: { status: 413, title: 'Too many items', detail: 'The property at the specified location contains too many items.' },
  CM_UNSUPPORTED_MEDIA: { status: 415, title: 'Unsupported media', detail: 'Invalid content-type, this API only supports application/vnd.api+json or application/json.' },
  CM_DUPLICATE_REQUEST: { status: 422, title: 'Duplicate message request', detail: 'Request exists with identical messageReference' },
  CM_DUPLICATE_BATCH_REQUEST: { status: 422, title: 'Duplicate batch request', detail: 'Request exists with identical messageBatchReference' },
  CM_RETRY_TOO_EARLY: { status: 425, title: 'Retried too early', detail: 'You have retried this request too early, the previous request is still being processed. Re-send the request after the time (in seconds) specified `Retry-After` header.' },
  CM_QUOTA: { status: 429, title: 'Too many requests', detail: 'You have made too many requests. Re-send the request after the time (in seconds) specified `Retry-After` header.' },
  CM_MISSING_ROUTING_PLAN_TEMPLATE: { status: 500, title: 'Templates missing', detail: 'The templates required to use the routing plan were not found.' },
  CM_ROUTING_PLAN_DUPLICATE_TEMPLATES: { status: 500, title: 'Duplicate templates', detail: 'The routing plan specified contains duplicate templates.' },
  CM_INTERNAL_SERVER_ERROR: { status: 500, title: 'Error processing request', detail: 'There was an internal error whilst processing this request.' },
  CM_BAD_GATEWAY: { status: 502, title: 'Unable to call service', detail: 'A downstream service is not responding.' },
  CM_SERVICE_UNAVAILABLE: { status: 503, title: 'The service is currently unavailable', detail: 'The service is currently not able to process this request, try again later.' },
  CM_TIMEOUT: { status: 504, title: 'Unable to call service', detail: 'The downstream service has not responded within the configured timeout period.' },
} as const satisfies Record<string, CatalogueEntry>;

export type ErrorKey = keyof typeof ERROR_CATALOGUE;

/** Catalogue keys whose wire `code` differs from the key (two 422 titles share one code; 408 shares CM_TIMEOUT). */
const WIRE_CODE: Partial<Record<ErrorKey, string>> = {
  CM_DUPLICATE_BATCH_REQUEST: 'CM_DUPLICATE_REQUEST',
  CM_REQUEST_TIMEOUT: 'CM_TIMEOUT',
};

export interface ErrorSpec {
  readonly key: ErrorKey;
  readonly pointer?: string;
  readonly header?: string;
  readonly detail?: string;
  readonly meta?: Record<string, unknown>;
}

/** One error object; `index` is its position in the envelope (the `.n` suffix of the id). */
export function apiError(requestId: string, index: number, spec: ErrorSpec): ApiError {
  const entry = ERROR_CATALOGUE[spec.key];
  const code = WIRE_CODE[spec.key] ?? spec.key;
  const error: ApiError = {
    id: `${requestId}.${index}`,
    code,
    links: code === 'CM_INVALID_NHS_NUMBER' ? { about: ERROR_ABOUT_LINK, nhsNumbers: NHS_NUMBER_LINK } : { about: ERROR_ABOUT_LINK },
    status: String(entry.status),
    title: entry.title,
    detail: spec.detail ?? entry.detail,
  };
  if (spec.pointer !== undefined) error.source = { pointer: spec.pointer };
  else if (spec.header !== undefined) error.source = { header: spec.header };
  if (spec.meta !== undefined) error.meta = spec.meta;
  return error;
}

/** The HTTP status is the first error's status (§8.1), so a 413 after a 400 still answers 400. */
export function errorEnvelope(requestId: string, specs: readonly ErrorSpec[]): { status: number; body: ErrorEnvelope } {
  const errors = specs.slice(0, 100).map((spec, i) => apiError(requestId, i, spec));
  const first = errors[0];
  if (first === undefined) throw new RangeError('an error envelope needs at least one error');
  return { status: Number(first.status), body: { errors } };
}
