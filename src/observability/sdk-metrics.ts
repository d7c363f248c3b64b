/**
 * The Temporal SDK's own worker metrics the dashboards and alerts use (served with the journey outcome metrics
 * by the worker's SDK runtime at SDK_METRICS_ADDRESS). Listed so the deploy files are checked against them and
 * an integration test checks that the runtime really exports each (test/integration/journeys/outcome-metrics).
 * Durations are in milliseconds.
 */
export const SDK_WORKER_METRICS = [
  'temporal_workflow_task_schedule_to_start_latency_bucket',
  'temporal_activity_schedule_to_start_latency_bucket',
  'temporal_worker_task_slots_available',
  'temporal_sticky_cache_size',
] as const;
