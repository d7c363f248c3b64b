/**
 * The audit store's subscription to the journey fact sink. A batch is keyed (the NHS number becomes an HMAC),
 * then appended with a short bounded retry; if the store is still slow or down the batch goes to the backlog and
 * the journey carries on. A drainer writes the backlog in order once the store answers again; appends are
 * idempotent by natural key, so a batch written twice (a crash between write and removal) adds nothing.
 */
import pg from 'pg';
import { Counter, Gauge, type Registry } from 'prom-client';
import type { JourneyFactBatch } from '../domain/audit/journey-fact';
import type { Logger } from '../observability/logger';
import type { FactBacklog } from './fact-backlog';
import { patientKeyOf, type PatientKeyRing } from './patient-key';
import type { AuditDatabase } from './store/database';
import { appendFacts, type NewFact } from './store/fact-store';

export interface FactRecorderOptions {
  readonly db: AuditDatabase;
  readonly keys: PatientKeyRing;
  readonly backlog: FactBacklog;
  readonly logger: Logger;
  readonly registry?: Registry;
  /** Attempts before a batch goes to the backlog (default 3), backoff from `retryBaseMs` (default 100). */
  readonly attempts?: number;
  readonly retryBaseMs?: number;
  /** All attempts together may take this long (default 2 s): a hanging store costs a journey no more. */
  readonly budgetMs?: number;
  /** How often the drainer looks at the backlog (default 2 s). */
  readonly drainIntervalMs?: number;
}

export interface FactRecorder {
  record(batch: JourneyFactBatch): Promise<void>;
  /** Writes what the backlog holds, oldest first; stops at the first failure. Returns the facts still waiting. */
  drain(): Promise<number>;
  stop(): Promise<void>;
}

export function createFactRecorder(options: FactRecorderOptions): FactRecorder {
  const { db, keys, backlog, logger } = options;
  const attempts = options.attempts ?? 3;
  const baseMs = options.retryBaseMs ?? 100;
  const budgetMs = options.budgetMs ?? 2_000;
  const registers = options.registry === undefined ? [] : [options.registry];
  const written = new Counter({ name: 'notify_journeys_audit_facts_written_total', help: 'Facts appended to the communications record', registers });
  const deferred = new Counter({ name: 'notify_journeys_audit_facts_deferred_total', help: 'Facts put in the backlog because the audit store was slow or down', registers });
  const rejected = new Counter({ name: 'notify_journeys_audit_facts_rejected_total', help: 'Facts the audit store refused as data (quarantined in the backlog, never retried)', registers });
  new Gauge({
    name: 'notify_journeys_audit_backlog_facts', help: 'Facts waiting in the backlog for the audit store', registers,
    collect() { this.set(backlog.size()); },
  });

  let draining: Promise<number> | undefined;
  const drainOnce = async (): Promise<number> => {
    for (const entry of backlog.entries()) {
      try {
        const result = await appendFacts(db, entry.partitionKey, entry.facts);
        written.inc(result.written);
        backlog.remove(entry);
      } catch (error) {
        if (isDataRejection(error)) {
          // A batch the database refuses as data would block every batch behind it: set it aside, loudly.
          logger.error({ err: error, facts: entry.facts.length }, 'audit store rejected a batch; quarantined in the backlog');
          backlog.quarantine(entry);
          rejected.inc(entry.facts.length);
          continue;
        }
        logger.warn({ err: error, waiting: backlog.size() }, 'audit store still unavailable; backlog kept');
        break;
      }
    }
    return backlog.size();
  };
  const drain = () => (draining ??= drainOnce().finally(() => { draining = undefined; }));
  const timer = setInterval(() => { if (backlog.size() > 0) void drain(); }, options.drainIntervalMs ?? 2_000);
  timer.unref();

  return {
    async record(batch) {
      const patient = patientKeyOf(keys, batch.nhsNumber);
      const facts: NewFact[] = batch.facts.map((fact) => ({
        factKey: fact.key, kind: fact.kind, journeyId: batch.journeyId, journeyType: batch.journeyType,
        patientKey: patient.value, patientKeyId: patient.keyId, occurredAt: fact.at, detail: fact.detail,
      }));
      // Behind a backlog, a new batch waits its turn so the chain keeps the order facts came in.
      if (backlog.size() === 0) {
        const deadline = Date.now() + budgetMs;
        for (let attempt = 1; attempt <= attempts; attempt += 1) {
          try {
            written.inc((await beforeDeadline(appendFacts(db, batch.journeyId, facts), deadline)).written);
            return;
          } catch (error) {
            // Should a timed-out append still commit, the backlog's copy adds nothing: appends are idempotent.
            const last = attempt === attempts || isDataRejection(error) || Date.now() >= deadline;
            if (last) {
              logger.warn({ err: error, facts: facts.length }, 'audit store unavailable; facts go to the backlog');
              break;
            }
            await sleep(Math.min(baseMs * 2 ** (attempt - 1) * (0.5 + Math.random() / 2), Math.max(0, deadline - Date.now())));
          }
        }
      }
      backlog.put(batch.journeyId, facts);
      deferred.inc(facts.length);
    },
    drain,
    async stop() {
      clearInterval(timer);
      await draining;
    },
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

class StoreTimeout extends Error {
  override readonly name = 'StoreTimeout';
}

function beforeDeadline<T>(work: Promise<T>, deadline: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new StoreTimeout('the audit store did not answer in time')), Math.max(0, deadline - Date.now()));
  });
  work.catch(() => undefined); // a late failure after the deadline is not unhandled
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** SQLSTATE class 22 (data exception) or 23 (integrity): the same batch will be refused again. */
function isDataRejection(error: unknown): boolean {
  return error instanceof pg.DatabaseError && /^2[23]/.test(error.code ?? '');
}
