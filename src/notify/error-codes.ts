/**
 * The stable error codes of the NHS Notify client and the kind each one means. The code alone decides the
 * kind (style lesson 4), so the activity layer can map codes to retry policy in one place.
 */
export const NOTIFY_ERROR_KINDS = {
  NOTIFY_INVALID_REQUEST: 'permanent',
  NOTIFY_UNAUTHORISED: 'permanent',
  NOTIFY_FORBIDDEN: 'permanent',
  NOTIFY_NO_SUCH_ROUTING_PLAN: 'permanent',
  /** The routing plan exists but its templates are missing or duplicated (500 with a CM_ configuration code). */
  NOTIFY_ROUTING_PLAN_MISCONFIGURED: 'permanent',
  NOTIFY_NOT_FOUND: 'permanent',
  NOTIFY_PAYLOAD_TOO_LARGE: 'permanent',
  /** 405 / 406 / 415 and other unexpected 4xx: our request does not fit the API contract. */
  NOTIFY_REQUEST_REJECTED: 'permanent',
  NOTIFY_REDIRECT_REFUSED: 'permanent',
  NOTIFY_AUTH_CONFIG: 'permanent',
  NOTIFY_CLIENT_CONFIG: 'permanent',
  NOTIFY_RATE_LIMITED: 'transient',
  NOTIFY_RETRY_TOO_EARLY: 'transient',
  NOTIFY_SERVER_ERROR: 'transient',
  /** 408, 502, 503, 504: the gateway or a downstream did not answer in time or at all. */
  NOTIFY_UNAVAILABLE: 'transient',
  NOTIFY_TOKEN_UNAVAILABLE: 'transient',
  /** The request never left this process (connection refused, DNS, connect timeout). */
  NOTIFY_NETWORK: 'transient',
  /** Headers or body did not arrive in time after the request was written. */
  NOTIFY_TIMEOUT: 'ambiguous',
  /** The connection failed after the request may have been written. */
  NOTIFY_AMBIGUOUS: 'ambiguous',
  /** A 2xx we cannot read: the API probably acted on the request, so treat it like a lost response. */
  NOTIFY_BAD_RESPONSE: 'ambiguous',
  NOTIFY_DUPLICATE_REQUEST: 'duplicate',
} as const;

export type NotifyErrorCode = keyof typeof NOTIFY_ERROR_KINDS;

/**
 * Codes only people can fix (credentials, onboarding, routing plan configuration): logged at error level
 * with `alert: true`, because every send meets the same answer until someone acts.
 */
export const OPS_ALERT_CODES: ReadonlySet<NotifyErrorCode> = new Set<NotifyErrorCode>([
  'NOTIFY_UNAUTHORISED', 'NOTIFY_FORBIDDEN', 'NOTIFY_ROUTING_PLAN_MISCONFIGURED',
]);
export type NotifyErrorKind = 'permanent' | 'transient' | 'ambiguous' | 'duplicate';
