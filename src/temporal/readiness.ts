/**
 * Readiness that means ready: Temporal answers, the namespace exists, and it has every search attribute a
 * journey writes (without them every start fails). The worker adds its own condition (bundle loaded, polling).
 * A not-ready answer carries a stable reason code, so a load balancer, an operator or a test can tell a
 * down server from a half-configured namespace.
 */
import type { Client } from '@temporalio/client';
import type { Readiness } from '../contracts/readiness';
import { missingSearchAttributes } from './namespace-setup';
import { isTemporalUnavailable, isWorkflowNotFound } from './journeys/temporal-errors';


export const READY: Readiness = { ready: true };

/** Describes the namespace and lists its search attributes, each under a short deadline. */
export function namespaceReadiness(client: Client, timeoutMs = 2_000): () => Promise<Readiness> {
  const namespace = client.options.namespace;
  return async () => {
    try {
      const missing = await client.connection.withDeadline(Date.now() + timeoutMs, async () => {
        await client.workflowService.describeNamespace({ namespace });
        return missingSearchAttributes(client.connection, namespace);
      });
      return missing.length === 0 ? READY : { ready: false, reason: 'SEARCH_ATTRIBUTES_MISSING', missing };
    } catch (error) {
      if (!isTemporalUnavailable(error) && isWorkflowNotFound(error)) return { ready: false, reason: 'NAMESPACE_NOT_FOUND' };
      return { ready: false, reason: 'TEMPORAL_UNREACHABLE' };
    }
  };
}

/** The first condition that fails, else ready. */
export function allOf(...checks: ReadonlyArray<() => Promise<Readiness>>): () => Promise<Readiness> {
  return async () => {
    for (const check of checks) {
      const result = await check();
      if (!result.ready) return result;
    }
    return READY;
  };
}
