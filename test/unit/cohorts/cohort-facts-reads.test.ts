import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { afterEach, describe, expect, it } from 'vitest';
import { BUILT_IN_CATALOGUE_DIR, loadCatalogue } from '../../../src/catalogue/load-catalogue';
import { createFileCohortStore, singleKeyRing, type CohortStore } from '../../../src/cohorts/cohort-store';
import type { JourneyFactBatch } from '../../../src/domain/audit/journey-fact';
import { journeyWorkflowId, messageReference } from '../../../src/domain/idempotency';
import { createCohortService } from '../../../src/temporal/cohorts/cohort-service';
import { testTimings } from '../../../src/stack/loopback-stack';

const COHORT = 'cohort-abcdefghijklmnopqrstuvwxyz234567';
const COUNT = 3_000;

/** The store, counting the rows and keys each read asks for. */
function counting(store: CohortStore) {
  const reads: { kind: 'rows' | 'keys'; from: number; to: number }[] = [];
  const counted: CohortStore = {
    ...store,
    rows: (cohortId, from, to) => { reads.push({ kind: 'rows', from, to }); return store.rows(cohortId, from, to); },
    keys: (cohortId, from, to) => { reads.push({ kind: 'keys', from, to }); return store.keys(cohortId, from, to); },
  };
  return { counted, reads };
}

describe('a cohort patient\'s facts handed to the record: one row read, not the cohort', () => {
  const dirs: string[] = [];
  afterEach(async () => { await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true }))); });

  it('a final status for one patient of 3,000 reads that row and its keys only, and decrypts one page', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cohort-facts-'));
    dirs.push(dir);
    const { current: catalogue } = loadCatalogue(BUILT_IN_CATALOGUE_DIR, testTimings());
    const secret = randomBytes(32);
    const store = createFileCohortStore({ dir, keys: singleKeyRing(randomBytes(32)), rowsPerPage: 500 });
    const requests = Array.from({ length: COUNT }, (_, i) => ({
      journeyType: 'appointment-reminder', eventId: `appt-${i}`, eventTime: '2027-01-10T10:00:00.000Z',
      patient: { nhsNumber: '9990000018' }, personalisation: { clinicName: 'Canary Clinic' },
    }));
    const keys = requests.map((r) => {
      const journeyId = journeyWorkflowId(secret, { journeyType: r.journeyType, nhsNumber: r.patient.nhsNumber, eventId: r.eventId, version: 1 });
      return { journeyId, messageReference: messageReference(journeyId, 'nhsapp', 'nhsapp') };
    });
    await store.create(
      { cohortId: COHORT, journeyType: 'appointment-reminder', journeyVersion: 1, stepId: 'nhsapp', channel: 'nhsapp', count: COUNT, createdAt: '2027-01-01T09:00:00.000Z' },
      requests.map((request, i) => ({ request, fingerprint: `f${i}` })), keys,
    );
    const { counted, reads } = counting(store);
    const recorded: JourneyFactBatch[] = [];
    const service = createCohortService({
      store: counted, catalogue, journeyIdSecret: secret, taskQueue: 'unused',
      // Never dialled: handing facts over does not touch Temporal.
      client: new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) }),
      recordFacts: (batch) => { recorded.push(batch); return Promise.resolve(); },
    });

    await service.work.recordFinal(COHORT, 2_345, { status: 'delivered', messageId: 'msg-2345', at: Date.parse('2027-01-09T10:00:00.000Z') });

    expect(reads).toEqual([{ kind: 'rows', from: 2_345, to: 2_346 }, { kind: 'keys', from: 2_345, to: 2_346 }]);
    expect(store.rowsHeld()).toBe(500);
    expect(recorded).toHaveLength(1);
    expect(recorded[0]).toMatchObject({ journeyId: keys[2_345]!.journeyId, journeyType: 'appointment-reminder', nhsNumber: '9990000018' });
    expect(recorded[0]!.facts.map((f) => f.kind)).toContain('status-changed');
    service.work.release(COHORT);
    expect(store.rowsHeld()).toBe(0);
  });
});
