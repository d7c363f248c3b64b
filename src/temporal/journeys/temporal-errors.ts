/**
 * How the journey adapter reads Temporal client errors: "cannot reach Temporal" becomes the gateway's
 * TemporalUnavailableError (503 + Retry-After); "no such workflow" is a result, not an exception.
 */
import { isGrpcDeadlineError, isGrpcServiceError, ServiceError, WorkflowNotFoundError, type Client } from '@temporalio/client';
import { TemporalUnavailableError } from '../../contracts/ports';

// gRPC status codes (grpc/grpc doc/statuscodes.md); @grpc/grpc-js is not our direct dependency.
const GRPC = { CANCELLED: 1, INVALID_ARGUMENT: 3, DEADLINE_EXCEEDED: 4, NOT_FOUND: 5, RESOURCE_EXHAUSTED: 8, UNAVAILABLE: 14 } as const;
const UNAVAILABLE_CODES = new Set<number>([GRPC.UNAVAILABLE, GRPC.DEADLINE_EXCEEDED, GRPC.RESOURCE_EXHAUSTED, GRPC.CANCELLED]);

function grpcCode(error: unknown): number | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth += 1) {
    if (isGrpcServiceError(current)) return current.code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

export function isTemporalUnavailable(error: unknown): boolean {
  if (error instanceof TemporalUnavailableError) return true;
  if (isGrpcDeadlineError(error)) return true;
  const code = grpcCode(error);
  if (code !== undefined) return UNAVAILABLE_CODES.has(code);
  // The client reports a lost connection as a ServiceError without a gRPC status.
  return error instanceof ServiceError && /connect|unavailable|transport/i.test(error.message);
}

/**
 * A namespace without the project's search attributes refuses every start with INVALID_ARGUMENT "has no
 * mapping defined for search attribute …": a configuration gap the operator must close, not a bad request.
 */
export function isMissingSearchAttribute(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth += 1) {
    if (grpcCode(current) === GRPC.INVALID_ARGUMENT && /no mapping defined for search attribute/i.test(current.message)) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

export function isWorkflowNotFound(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth += 1) {
    if (current instanceof WorkflowNotFoundError) return true;
    if (grpcCode(current) === GRPC.NOT_FOUND) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

/** How the adapter reaches Temporal: the client and how long one call may take before it counts as down. */
export interface TemporalAccess {
  readonly client: Client;
  /** Per call (signal, query, describe, list, start). Default 5 s. */
  readonly callTimeoutMs?: number;
}

export const DEFAULT_CALL_TIMEOUT_MS = 5_000;
/** Updates wait for the workflow: a cancel waits for a send already in flight (one attempt's startToClose). */
export const UPDATE_TIMEOUT_MS = 60_000;

/**
 * Runs one Temporal call under a deadline (the client would otherwise keep retrying an unreachable server);
 * unreachability becomes TemporalUnavailableError.
 */
export async function guarded<T>(access: TemporalAccess, call: () => Promise<T>, timeoutMs = access.callTimeoutMs ?? DEFAULT_CALL_TIMEOUT_MS): Promise<T> {
  try {
    return await access.client.connection.withDeadline(Date.now() + timeoutMs, call);
  } catch (error) {
    if (isTemporalUnavailable(error)) throw new TemporalUnavailableError(5, { cause: error });
    if (isMissingSearchAttribute(error)) throw new TemporalUnavailableError(30, { cause: error, reason: 'SEARCH_ATTRIBUTES_MISSING' });
    throw error;
  }
}
