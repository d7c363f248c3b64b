/**
 * Turns a failure of the HTTP exchange itself (no status line to judge by) into a NotifyError.
 *
 * The question that matters for a POST is "could NHS Notify have received and acted on the request?"
 * undici does not tell us directly whether the request bytes were written, so we reason from WHERE the
 * error can arise:
 * - Before the request is written: DNS failures (ENOTFOUND, EAI_AGAIN), refused or unroutable
 *   connections (ECONNREFUSED, EHOSTUNREACH, ENETUNREACH), undici's ConnectTimeoutError
 *   (UND_ERR_CONNECT_TIMEOUT), TLS handshake failures, and a dispatcher that is already closed or
 *   destroyed. None of these has a socket on which a request could have travelled: NOTIFY_NETWORK,
 *   transient, safe to resend.
 * - After the request is written: HeadersTimeoutError and BodyTimeoutError only start counting once the
 *   request has been dispatched on a connected socket, and our own overall deadline can fire at any
 *   point: NOTIFY_TIMEOUT, ambiguous. SocketError ("other side closed"), ECONNRESET and EPIPE can in
 *   principle happen before the last byte left, but we cannot prove it (a reused keep-alive socket's
 *   bytesWritten counts earlier requests too), so they are NOTIFY_AMBIGUOUS.
 * Ambiguous means: retry only with the same messageReference, and expect 422 CM_DUPLICATE_REQUEST if
 * the first attempt did land. Anything we do not recognise is treated as ambiguous, never as safe.
 */
import { NotifyError, NotifyNetworkError, type NotifyErrorCode } from './errors';

const NEVER_SENT = new Set([
  'ENOTFOUND', 'EAI_AGAIN', 'ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL',
  'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_DESTROYED', 'UND_ERR_CLOSED',
  'ERR_TLS_CERT_ALTNAME_INVALID', 'CERT_HAS_EXPIRED', 'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
]);
const TIMED_OUT = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

export interface NetworkFailureContext {
  readonly route: string;
  readonly correlationId: string;
  /** Our overall deadline fired (as opposed to the caller cancelling). */
  readonly deadlineExceeded: boolean;
  readonly callerAborted: boolean;
}

function errorCodeOf(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string') return code;
  // undici wraps connect failures: the system error is sometimes only on `cause`.
  return errorCodeOf((err as { cause?: unknown }).cause);
}

export function networkErrorToNotifyError(err: unknown, ctx: NetworkFailureContext): NotifyError {
  if (err instanceof NotifyError) return err;
  const systemCode = errorCodeOf(err);
  const details = { correlationId: ctx.correlationId, cause: err };
  let code: NotifyErrorCode;
  let why: string;
  if (ctx.deadlineExceeded) {
    code = 'NOTIFY_TIMEOUT';
    why = 'the overall request deadline passed';
  } else if (ctx.callerAborted) {
    code = 'NOTIFY_AMBIGUOUS';
    why = 'the caller aborted the request';
  } else if (systemCode !== undefined && NEVER_SENT.has(systemCode)) {
    code = 'NOTIFY_NETWORK';
    why = `the connection could not be made (${systemCode})`;
  } else if (systemCode !== undefined && TIMED_OUT.has(systemCode)) {
    code = 'NOTIFY_TIMEOUT';
    why = `no ${systemCode === 'UND_ERR_HEADERS_TIMEOUT' ? 'response headers' : 'response body data'} in time`;
  } else {
    code = 'NOTIFY_AMBIGUOUS';
    why = `the connection failed after the request may have been sent (${systemCode ?? 'unknown'})`;
  }
  return new NotifyNetworkError(code, `${ctx.route}: ${why}`, details);
}
