/**
 * The communications record, from config: the database (AUDIT_DATABASE_URL, or the embedded PostgreSQL under
 * DATA_DIR), the patient key ring, the recorder the worker's fact sink feeds (with its backlog beside the data),
 * the service the API serves, and the daily retention expiry where a retention is set.
 */
import { join } from 'node:path';
import type { Registry } from 'prom-client';
import type { Config } from '../config';
import type { Logger } from '../observability/logger';
import { createCommunicationsRecord, type CommunicationsRecord } from '../audit/communications-record';
import { createFileBacklog } from '../audit/fact-backlog';
import { createFactRecorder, type FactRecorder } from '../audit/fact-recorder';
import { parsePatientKeys } from '../audit/patient-key';
import { expireRecords } from '../audit/retention';
import { auditLocation, openAuditDatabase, type AuditDatabase } from '../audit/store/database';

export interface RunningRecord {
  readonly db: AuditDatabase;
  readonly record: CommunicationsRecord;
  readonly recorder: FactRecorder;
  stop(): Promise<void>;
}

const EXPIRY_INTERVAL_MS = 24 * 60 * 60 * 1000;

/**
 * Where the record lives, or undefined when this process runs without it: a local split role (ROLE=api or
 * worker) with no AUDIT_DATABASE_URL, because the embedded store cannot be shared between processes.
 */
export function recordLocationOf(config: Config) {
  return config.audit.databaseUrl === undefined && config.role !== 'all' ? undefined : auditLocation(config);
}

export async function startCommunicationsRecord(config: Config, patientKeys: readonly string[], logger: Logger, registry?: Registry): Promise<RunningRecord | undefined> {
  const location = recordLocationOf(config);
  if (location === undefined) {
    logger.warn({ role: config.role }, 'communications record OFF: a local split role needs AUDIT_DATABASE_URL (the embedded store belongs to one process)');
    return undefined;
  }
  const keys = parsePatientKeys(patientKeys, config.audit.patientKeyId);
  const db = await openAuditDatabase(location);
  const recorder = createFactRecorder({ db, keys, backlog: createFileBacklog(join(config.dataDir, 'audit-backlog')), logger, ...(registry === undefined ? {} : { registry }) });
  const retentionDays = config.audit.retentionDays;
  const expire = () => {
    if (retentionDays === undefined) return;
    expireRecords(db, { retentionDays })
      .then((run) => logger.info(run, 'communications record: retention expiry ran'))
      .catch((error: unknown) => logger.error({ err: error }, 'communications record: retention expiry failed'));
  };
  const timer = setInterval(expire, EXPIRY_INTERVAL_MS);
  timer.unref();
  if (retentionDays === undefined) logger.warn('AUDIT_RETENTION_DAYS is not set: the local communications record is never expired');
  return {
    db, recorder, record: createCommunicationsRecord(db, keys),
    async stop() {
      clearInterval(timer);
      await recorder.stop();
      await db.close();
    },
  };
}
