/**
 * Run in a child process with a low open-files limit (see cohort-store.test.ts): a burst of concurrent
 * outcome records, as 100,000 callbacks arriving at once make. Prints the summary as JSON.
 */
import { randomBytes } from 'node:crypto';
import { createFileCohortStore, singleKeyRing } from '../../../../src/cohorts/cohort-store';

async function main(): Promise<void> {
  const [dir, countText] = process.argv.slice(2);
  const count = Number(countText);
  const cohortId = 'cohort-abcdefghijklmnopqrstuvwxyz234567';
  const store = createFileCohortStore({ dir: dir!, keys: singleKeyRing(randomBytes(32)) });
  await store.create(
    { cohortId, journeyType: 'appointment-reminder', journeyVersion: 1, stepId: 'nhsapp', channel: 'nhsapp', count, createdAt: new Date().toISOString() },
    Array.from({ length: count }, (_, i) => ({ request: { i }, fingerprint: `f${i}` })),
    Array.from({ length: count }, (_, i) => ({ journeyId: `journey-${i}`, messageReference: `ref-${i}` })),
  );
  await Promise.all(Array.from({ length: count }, (_, row) => store.record(cohortId, [{ row, status: 'delivered', messageId: `m${row}` }])));
  const summary = await store.summary(cohortId);
  await store.close();
  process.stdout.write(JSON.stringify(summary));
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as NodeJS.ErrnoException).code ?? String(error)}\n`);
  process.exit(1);
});
