/**
 * Every `errors[].code` NHS Notify's specification and proxy can answer with (docs/nhs-notify.md §8), and the
 * client error code each becomes. The body's code decides, not only the HTTP status: NHS answers a
 * misconfigured routing plan with 500, and a 500 alone would be retried as an outage although no retry can
 * ever succeed until ops fix the plan. A code missing from this table (a new one NHS adds) falls back to the
 * HTTP status (http-errors.ts).
 */
import type { NotifyErrorCode } from './error-codes';

export const NHS_ERROR_CODES = {
  // 400: our request, or what our client registration allows, is wrong. Resending the same bytes cannot help.
  CM_MISSING_VALUE: 'NOTIFY_INVALID_REQUEST',
  CM_NULL_VALUE: 'NOTIFY_INVALID_REQUEST',
  CM_INVALID_VALUE: 'NOTIFY_INVALID_REQUEST',
  CM_INVALID_NHS_NUMBER: 'NOTIFY_INVALID_REQUEST',
  CM_DUPLICATE_VALUE: 'NOTIFY_INVALID_REQUEST',
  CM_TOO_FEW_ITEMS: 'NOTIFY_INVALID_REQUEST',
  CM_ODS_CODE_REQUIRED: 'NOTIFY_INVALID_REQUEST',
  CM_CANNOT_SET_ODS_CODE: 'NOTIFY_INVALID_REQUEST',
  CM_CANNOT_SET_CONTACT_DETAILS: 'NOTIFY_INVALID_REQUEST',
  CM_INVALID_REQUEST: 'NOTIFY_INVALID_REQUEST',
  // 401 / 403: credentials or onboarding.
  CM_DENIED: 'NOTIFY_UNAUTHORISED',
  CM_FORBIDDEN: 'NOTIFY_FORBIDDEN',
  CM_SERVICE_BAN: 'NOTIFY_FORBIDDEN',
  // 404
  CM_NOT_FOUND: 'NOTIFY_NOT_FOUND',
  CM_NO_SUCH_ROUTING_PLAN: 'NOTIFY_NO_SUCH_ROUTING_PLAN',
  // 405 / 406 / 415: our request does not fit the API contract.
  CM_NOT_ALLOWED: 'NOTIFY_REQUEST_REJECTED',
  CM_NOT_ACCEPTABLE: 'NOTIFY_REQUEST_REJECTED',
  CM_UNSUPPORTED_MEDIA: 'NOTIFY_REQUEST_REJECTED',
  // 413
  CM_TOO_LARGE: 'NOTIFY_PAYLOAD_TOO_LARGE',
  CM_TOO_MANY_ITEMS: 'NOTIFY_PAYLOAD_TOO_LARGE',
  // 422 / 425: the reference is already held, or still being processed.
  CM_DUPLICATE_REQUEST: 'NOTIFY_DUPLICATE_REQUEST',
  CM_RETRY_TOO_EARLY: 'NOTIFY_RETRY_TOO_EARLY',
  // 429
  CM_QUOTA: 'NOTIFY_RATE_LIMITED',
  // 500 with a configuration code: the routing plan's templates are missing or duplicated. No patient can get
  // this message until NHS Notify onboarding fixes the plan, so it is permanent and an ops alert.
  CM_MISSING_ROUTING_PLAN_TEMPLATE: 'NOTIFY_ROUTING_PLAN_MISCONFIGURED',
  CM_ROUTING_PLAN_DUPLICATE_TEMPLATES: 'NOTIFY_ROUTING_PLAN_MISCONFIGURED',
  // 500 / 502 / 503 / 504 (and a 408, also CM_TIMEOUT): an outage or a slow downstream.
  CM_INTERNAL_SERVER_ERROR: 'NOTIFY_SERVER_ERROR',
  CM_BAD_GATEWAY: 'NOTIFY_UNAVAILABLE',
  CM_SERVICE_UNAVAILABLE: 'NOTIFY_UNAVAILABLE',
  CM_TIMEOUT: 'NOTIFY_UNAVAILABLE',
} as const satisfies Record<string, NotifyErrorCode>;

export type NhsErrorCode = keyof typeof NHS_ERROR_CODES;

export function isNhsErrorCode(code: string): code is NhsErrorCode {
  return Object.hasOwn(NHS_ERROR_CODES, code);
}
