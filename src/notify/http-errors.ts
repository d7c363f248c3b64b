/**
 * Maps a non-2xx answer from the NHS Notify messages API to a NotifyError (nhs-notify-api.md §8, §9, §10).
 * The error envelope is parsed only to collect `errors[].code` and JSON pointers; `detail` text and the
 * body itself never reach the error message, because some details echo request values.
 */
import type { Clock } from './clock';
import {
  NotifyDuplicateRequestError, NotifyError, NotifyHttpError, NotifyInvalidRequestError, NotifyUnauthorisedError,
  type NotifyErrorCode, type NotifyErrorDetails,
} from './errors';
import { parseRetryAfter } from './retry-after';
import type { TransportResponse } from './transport';
import { ErrorEnvelope } from './wire';

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

function codeForStatus(status: number, apiCodes: readonly string[]): NotifyErrorCode {
  switch (status) {
    case 403: return 'NOTIFY_FORBIDDEN';
    case 404: return apiCodes.includes('CM_NO_SUCH_ROUTING_PLAN') ? 'NOTIFY_NO_SUCH_ROUTING_PLAN' : 'NOTIFY_NOT_FOUND';
    case 413: return 'NOTIFY_PAYLOAD_TOO_LARGE';
    case 425: return 'NOTIFY_RETRY_TOO_EARLY';
    case 429: return 'NOTIFY_RATE_LIMITED';
    case 500: return 'NOTIFY_SERVER_ERROR';
    case 408: case 502: case 503: case 504: return 'NOTIFY_UNAVAILABLE';
    default: return status >= 500 ? 'NOTIFY_SERVER_ERROR' : 'NOTIFY_REQUEST_REJECTED';
  }
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
  if (res.status === 400) return new NotifyInvalidRequestError(message, pointers, details);
  if (res.status === 401) return new NotifyUnauthorisedError(message, details);
  if (res.status === 422 && codes.includes('CM_DUPLICATE_REQUEST')) {
    return new NotifyDuplicateRequestError(`${message}: NHS Notify already holds this reference`, details);
  }
  return new NotifyHttpError(codeForStatus(res.status, codes), message, details);
}
