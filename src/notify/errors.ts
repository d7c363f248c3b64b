/**
 * Errors thrown by the NHS Notify client. Every error carries a STABLE `code`, and the code alone decides
 * the `kind` (style lesson 4), so the activity layer maps codes to retry policy in one place:
 * - permanent: fail fast, never retry (bad request, bad config, forbidden, redirect refused, ...);
 * - transient: retry with backoff, honouring `retryAfterMs` when present;
 * - ambiguous: the request may have been accepted; retry ONLY with the same messageReference;
 * - duplicate: NHS Notify already holds this messageReference (422 CM_DUPLICATE_REQUEST): treat as sent.
 * Messages never contain request or response bodies, tokens, keys or patient data.
 */
import { NOTIFY_ERROR_KINDS, type NotifyErrorCode, type NotifyErrorKind } from './error-codes';
import type { MessageBatchResult } from './types';

export type { NotifyErrorCode, NotifyErrorKind } from './error-codes';

export interface NotifyErrorDetails {
  readonly status?: number;
  readonly retryAfterMs?: number;
  /** `errors[].code` values from NHS Notify's error envelope, e.g. CM_INVALID_NHS_NUMBER. */
  readonly apiErrorCodes?: readonly string[];
  readonly correlationId?: string;
  readonly cause?: unknown;
}

export class NotifyError extends Error {
  readonly code: NotifyErrorCode;
  readonly kind: NotifyErrorKind;
  readonly status?: number;
  readonly retryAfterMs?: number;
  readonly apiErrorCodes?: readonly string[];
  readonly correlationId?: string;

  constructor(code: NotifyErrorCode, message: string, details: NotifyErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = new.target.name;
    this.code = code;
    this.kind = NOTIFY_ERROR_KINDS[code];
    if (details.status !== undefined) this.status = details.status;
    if (details.retryAfterMs !== undefined) this.retryAfterMs = details.retryAfterMs;
    if (details.apiErrorCodes !== undefined) this.apiErrorCodes = details.apiErrorCodes;
    if (details.correlationId !== undefined) this.correlationId = details.correlationId;
  }
}

/** Our own validation failed before any network I/O, or NHS Notify answered 400. Paths only, never values. */
export class NotifyInvalidRequestError extends NotifyError {
  readonly fieldPaths: readonly string[];
  constructor(message: string, fieldPaths: readonly string[], details: NotifyErrorDetails = {}) {
    super('NOTIFY_INVALID_REQUEST', message, details);
    this.fieldPaths = fieldPaths;
  }
}

/** Any non-2xx answer from the messages API other than 400 (see http-errors.ts for the mapping). */
export class NotifyHttpError extends NotifyError {}

export class NotifyUnauthorisedError extends NotifyError {
  constructor(message: string, details: NotifyErrorDetails = {}) {
    super('NOTIFY_UNAUTHORISED', message, details);
  }
}

export class NotifyDuplicateRequestError extends NotifyError {
  constructor(message: string, details: NotifyErrorDetails = {}) {
    super('NOTIFY_DUPLICATE_REQUEST', message, details);
  }
}

export class NotifyBadResponseError extends NotifyError {
  constructor(message: string, details: NotifyErrorDetails = {}) {
    super('NOTIFY_BAD_RESPONSE', message, details);
  }
}

export class NotifyRedirectRefusedError extends NotifyError {
  constructor(message: string, details: NotifyErrorDetails = {}) {
    super('NOTIFY_REDIRECT_REFUSED', message, details);
  }
}

/** NOTIFY_NETWORK, NOTIFY_TIMEOUT or NOTIFY_AMBIGUOUS: see network-errors.ts for how each is chosen. */
export class NotifyNetworkError extends NotifyError {}

/** The token endpoint rejected our client assertion, or the key ring is unusable: fix config, do not retry. */
export class NotifyAuthConfigError extends NotifyError {
  constructor(message: string, details: NotifyErrorDetails = {}) {
    super('NOTIFY_AUTH_CONFIG', message, details);
  }
}

export class NotifyTokenUnavailableError extends NotifyError {
  constructor(message: string, details: NotifyErrorDetails = {}) {
    super('NOTIFY_TOKEN_UNAVAILABLE', message, details);
  }
}

/** The client options are unusable (names the option, never its value when it could be secret). */
export class NotifyClientConfigError extends NotifyError {
  readonly option: string;
  constructor(option: string, message: string) {
    super('NOTIFY_CLIENT_CONFIG', `${option}: ${message}`);
    this.option = option;
  }
}

/**
 * A multi-part batch failed part-way. Same code and kind as the underlying failure, plus what was already
 * accepted: the ids of earlier parts are not lost, and a retry with the same references is safe (accepted
 * parts then come back as duplicates).
 */
export class NotifyBatchIncompleteError extends NotifyError {
  readonly completed: MessageBatchResult;
  readonly failedBatchReference: string;
  constructor(underlying: NotifyError, failedBatchReference: string, completed: MessageBatchResult) {
    super(underlying.code, `batch part ${failedBatchReference} failed after ${completed.parts.length} part(s) succeeded: ${underlying.message}`, {
      status: underlying.status, retryAfterMs: underlying.retryAfterMs, apiErrorCodes: underlying.apiErrorCodes,
      correlationId: underlying.correlationId, cause: underlying,
    });
    this.completed = completed;
    this.failedBatchReference = failedBatchReference;
  }
}

export interface NotifyErrorClassification {
  readonly kind: NotifyErrorKind;
  readonly code: NotifyErrorCode;
  readonly retryAfterMs?: number;
}

/**
 * For the activity layer: one place that turns anything thrown by the client into a retry decision.
 * Anything that is not a NotifyError is a bug or an unexpected failure mid-flight, so it is ambiguous:
 * the caller may retry, but only with the same messageReference.
 */
export function classifyNotifyError(err: unknown): NotifyErrorClassification {
  if (err instanceof NotifyError) {
    return err.retryAfterMs === undefined
      ? { kind: err.kind, code: err.code }
      : { kind: err.kind, code: err.code, retryAfterMs: err.retryAfterMs };
  }
  return { kind: 'ambiguous', code: 'NOTIFY_AMBIGUOUS' };
}
