/**
 * Maps a non-2xx answer from the NHS Notify messages API to a NotifyError (docs/nhs-notify.md §8). The first
 * error's `code` decides when NHS's table knows it (nhs-error-codes.ts); otherwise the HTTP status does. The
 * error envelope is parsed only to collect `errors[].code` and JSON pointers; `detail` text and the body
 * itself never reach the error message, because some details echo request values.
 */
import type { Clock } from './clock';
import {
  NotifyDuplicateRequestError, NotifyError, NotifyHttpError, NotifyInvalidRequestError, NotifyUnauthorisedError,
  type NotifyErrorCode, type NotifyErrorDetails,
} from './errors';
import { isNhsErrorCode, NHS_ERROR_CODES } from './nhs-error-codes';
import { parseRetryAfter } from './retry-after';
import type { TransportResponse } from './transport';
import { ErrorEnvelope } from '../contracts/nhs-notify/wire';

interface EnvelopeSummary {
  readonly codes: string[];
  readonly pointers: string[];
}

export function summariseErrorEnvelope(body: Buffer): EnvelopeSummary {
  try {
    const parsed = ErrorEnvelope.safeParse(JSON.parse(body.toString('utf8')));
    if (!parsed.success) return { codes: [], pointers: [] };
    return {
      codes: parsed.data.errors.map((e) => e.code),
      pointers: parsed.data.errors.flatMap((e) => (e.source?.pointer === undefined ? [] : [e.source.pointer])),
    };
  } catch {
    return { codes: [], pointers: [] };
  }
}

/** For a body without a code we know (a gateway's HTML page, or a code NHS added since). */
function codeForStatus(status: number): NotifyErrorCode {
  switch (status) {
    case 400: return 'NOTIFY_INVALID_REQUEST';
    case 401: return 'NOTIFY_UNAUTHORISED';
    case 403: return 'NOTIFY_FORBIDDEN';
    case 404: return 'NOTIFY_NOT_FOUND';
    case 413: return 'NOTIFY_PAYLOAD_TOO_LARGE';
    case 425: return 'NOTIFY_RETRY_TOO_EARLY';
    case 429: return 'NOTIFY_RATE_LIMITED';
    case 500: return 'NOTIFY_SERVER_ERROR';
    case 408: case 502: case 503: case 504: return 'NOTIFY_UNAVAILABLE';
    default: return status >= 500 ? 'NOTIFY_SERVER_ERROR' : 'NOTIFY_REQUEST_REJECTED';
  }
}

/** The HTTP status is the first error's (NHS's rule), so the first error's code is the one to judge by. */
export function classifyHttpError(status: number, apiCodes: readonly string[]): NotifyErrorCode {
  const first = apiCodes[0];
  return first !== undefined && isNhsErrorCode(first) ? NHS_ERROR_CODES[first] : codeForStatus(status);
}

export function httpErrorFromResponse(route: string, res: TransportResponse, clock: Clock): NotifyError {
  const { codes, pointers } = summariseErrorEnvelope(res.body);
  const retryAfterMs = parseRetryAfter(res.headers['retry-after'], clock.now());
  const details: NotifyErrorDetails = {
    status: res.status,
    apiErrorCodes: codes,
    correlationId: res.correlationId,
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
  };
  const codesText = codes.length > 0 ? ` (${codes.join(', ')})` : '';
  const message = `${route}: NHS Notify answered ${res.status}${codesText}`;
  const code = classifyHttpError(res.status, codes);
  switch (code) {
    case 'NOTIFY_INVALID_REQUEST': return new NotifyInvalidRequestError(message, pointers, details);
    case 'NOTIFY_UNAUTHORISED': return new NotifyUnauthorisedError(message, details);
    case 'NOTIFY_DUPLICATE_REQUEST': return new NotifyDuplicateRequestError(`${message}: NHS Notify already holds this reference`, details);
    case 'NOTIFY_ROUTING_PLAN_MISCONFIGURED': return new NotifyHttpError(code, `${message}: the routing plan is misconfigured; NHS Notify onboarding must fix it`, details);
    default: return new NotifyHttpError(code, message, details);
  }
}
