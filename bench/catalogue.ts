/**
 * What the data catalogue costs: loading and checking the built-in catalogue at boot (read, parse YAML, validate,
 * hash, compare with the lock), and the start-time work per request, with the channel limits check as a share of
 * it. Prints figures; asserts nothing.
 *
 *   npm run bench:catalogue -- --loads 50 --requests 20000
 */
import { parseArgs } from 'node:util';
import { BUILT_IN_CATALOGUE_DIR, loadCatalogue } from '../src/catalogue/load-catalogue';
import { parseStartJourneyRequest } from '../src/domain';
import { messageSizeProblems } from '../src/domain/journeys/check-message-sizes';

const { values } = parseArgs({ options: { loads: { type: 'string', default: '50' }, requests: { type: 'string', default: '20000' } } });
const loads = Number(values.loads);
const requests = Number(values.requests);

function timed(times: number, run: (i: number) => void): number {
  const started = performance.now();
  for (let i = 0; i < times; i += 1) run(i);
  return (performance.now() - started) / times;
}

function main(): void {
  const loadMs = timed(loads, () => loadCatalogue(BUILT_IN_CATALOGUE_DIR));
  const { current } = loadCatalogue(BUILT_IN_CATALOGUE_DIR);
  const body = (i: number) => ({
    journeyType: 'test-result-ready', eventId: `bench-${i}`, eventTime: '2027-01-15T09:30:00Z',
    patient: { nhsNumber: '9990000018' }, personalisation: { serviceName: `Riverside Surgery ${i}`, contactPhone: '0113 496 0000' },
  });
  const parseMs = timed(requests, (i) => { if (!parseStartJourneyRequest(body(i), current).ok) throw new Error('bench request refused'); });
  const journey = current['test-result-ready'];
  if (journey === undefined) throw new Error('no test-result-ready in the built-in catalogue');
  const values = { serviceName: 'Riverside Surgery 1', contactPhone: '0113 496 0000' };
  const sizeMs = timed(requests, () => messageSizeProblems(journey, values));
  console.log(`catalogue bench (node ${process.version}): ${loads} loads, ${requests} start requests`);
  console.log(`  boot load + check (6 versions, 5 journeys)  ${loadMs.toFixed(2)} ms per load`);
  console.log(`  parse a start request (test-result-ready)   ${(parseMs * 1000).toFixed(1)} µs per request`);
  console.log(`  of which the channel limits check           ${(sizeMs * 1000).toFixed(1)} µs (${((sizeMs / parseMs) * 100).toFixed(1)}% of the parse)`);
}

main();
