/**
 * One closed set of error codes for the journey domain. The code, not the message,
 * is what callers branch on: the gateway maps it to an HTTP status, activities to an ApplicationFailure type.
 */
export const JOURNEY_ERROR_CODES = [
  /** The start request failed validation (shape, NHS number, event id, time). */
  'INVALID_JOURNEY_REQUEST',
  /** The journey type is not in the catalogue. */
  'UNKNOWN_JOURNEY_TYPE',
  /** Personalisation failed the journey's own schema. */
  'INVALID_PERSONALISATION',
  /** A change-appointment request failed validation. */
  'INVALID_CHANGE_REQUEST',
  /** A cancel request failed validation. */
  'INVALID_CANCEL_REQUEST',
  /** The journey's deadline has already passed, so nothing can usefully be sent. */
  'JOURNEY_DEADLINE_PASSED',
  /** The catalogue or its timings break an invariant (a startup error, never a runtime surprise). */
  'INVALID_CATALOGUE',
  /** A programming error: a pure function got an argument it cannot work with (e.g. a short secret). */
  'INVALID_ARGUMENT',
  /** A webhook subscription request failed validation (shape, event types, URL policy). */
  'INVALID_WEBHOOK_REQUEST',
] as const;
export type JourneyErrorCode = (typeof JOURNEY_ERROR_CODES)[number];

/**
 * One field-level problem. `path` names the field ("patient.nhsNumber"); `message` says what is wrong
 * without echoing the value, because values are patient data (docs/reliability.md P3, P6).
 */
export interface Problem {
  readonly path: string;
  readonly message: string;
}

/** The result of parsing untrusted input: bad input is a value, not an exception. */
export type ParseResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly code: JourneyErrorCode; readonly problems: readonly Problem[] };

/** Thrown only for programming or configuration errors; carries a stable code and no input values. */
export class JourneyDomainError extends Error {
  override readonly name = 'JourneyDomainError';
  constructor(
    readonly code: JourneyErrorCode,
    message: string,
    readonly problems: readonly Problem[] = [],
  ) {
    super(message);
  }
}
