/**
 * Whether a process can do its work right now: the Temporal adapter answers it, the HTTP edge serves it at
 * /readyz, and a 503 names its reason code.
 */
export const NOT_READY_REASONS = ['TEMPORAL_UNREACHABLE', 'NAMESPACE_NOT_FOUND', 'SEARCH_ATTRIBUTES_MISSING', 'WORKER_NOT_RUNNING'] as const;
export type NotReadyReason = (typeof NOT_READY_REASONS)[number];

export type Readiness =
  | { readonly ready: true }
  | { readonly ready: false; readonly reason: NotReadyReason; /** e.g. the missing search attribute names */ readonly missing?: readonly string[] };
