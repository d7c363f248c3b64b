/**
 * Retention expiry: a batch job that removes the records of journeys that finished before the cutoff (whole
 * journeys, so every chain left is whole), through the one database function allowed to delete. Each run is
 * itself a fact in the `retention` partition: when, under which setting, which journeys went. How long records
 * are kept is the trust's decision (NHS Records Management Code of Practice), so there is no default outside
 * local.
 */
import { randomUUID } from 'node:crypto';
import type { AuditDatabase } from './store/database';
import { appendFacts } from './store/fact-store';

export const RETENTION_PARTITION = 'retention';
const DAY_MS = 24 * 60 * 60 * 1000;

export interface ExpiryRun {
  readonly cutoff: string;
  readonly journeys: number;
  readonly facts: number;
}

export async function expireRecords(db: AuditDatabase, options: { readonly retentionDays: number; readonly now?: number; readonly maxJourneys?: number }): Promise<ExpiryRun> {
  const now = options.now ?? Date.now();
  const cutoff = new Date(now - options.retentionDays * DAY_MS);
  const removed = await db.withClient((c) => c.query<{ journey_id: string; facts: number }>(
    'SELECT journey_id, facts FROM audit_expire_journeys($1, $2)', [cutoff, options.maxJourneys ?? 10_000]));
  const run = { cutoff: cutoff.toISOString(), journeys: removed.rows.length, facts: removed.rows.reduce((n, r) => n + r.facts, 0) };
  await appendFacts(db, RETENTION_PARTITION, [{
    factKey: `expiry:${randomUUID()}`, kind: 'retention-expiry', journeyId: null, journeyType: null, patientKey: null, patientKeyId: null,
    occurredAt: now, detail: { ...run, retentionDays: options.retentionDays, expiredJourneys: removed.rows.map((r) => r.journey_id) },
  }], now);
  return run;
}
