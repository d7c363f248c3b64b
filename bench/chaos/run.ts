/**
 * `npm run chaos`: the chaos proofs (reliability catalogue R1, R4, R5, and Temporal down while callbacks arrive),
 * each printed as figures, never a timed assertion. Modest sizes by default; the catalogue's sizes on request:
 *
 *   npm run chaos                                          # every scenario, 40 journeys each
 *   npm run chaos -- --scenario engine-kills --journeys 500 --kills 20
 *   npm run chaos -- --scenario partition --freeze-seconds 60
 *   npm run chaos -- --temporal cluster                    # our own PostgreSQL-backed cluster (restartable)
 *   npm run chaos -- --temporal-address 127.0.0.1:7233    # a server already running (no restart scenario)
 *
 * Exit status 1 if any scenario shows a duplicate, a missing send or a stuck journey.
 */
import { parseArgs } from 'node:util';
import { DEFAULT_COMPRESSION, runChaos, SCENARIOS, type ChaosReport, type Scenario } from './chaos-run';
import { describeBackend, type TemporalBackendChoice } from './temporal-backend';

const { values } = parseArgs({ options: {
  scenario: { type: 'string', multiple: true },
  journeys: { type: 'string', default: '40' },
  kills: { type: 'string', default: '5' },
  restarts: { type: 'string', default: '3' },
  'freeze-seconds': { type: 'string', default: '60' },
  'down-seconds': { type: 'string', default: '20' },
  temporal: { type: 'string', default: 'dev-server' },
  'temporal-address': { type: 'string' },
  'cluster-postgres-url': { type: 'string' },
  'cluster-db-prefix': { type: 'string', default: 'nj_chaos' },
  'settle-minutes': { type: 'string', default: '10' },
  seed: { type: 'string' },
  compression: { type: 'string', default: String(DEFAULT_COMPRESSION) },
} });

const scenarios = (values.scenario ?? [...SCENARIOS]) as Scenario[];
for (const s of scenarios) if (!(SCENARIOS as readonly string[]).includes(s)) throw new Error(`unknown scenario ${s}; one of ${SCENARIOS.join(', ')}`);
const seed = Number(values.seed ?? Date.now() % 2_147_483_647);

function temporalChoice(): TemporalBackendChoice {
  if (values['temporal-address'] !== undefined) return { kind: 'external', address: values['temporal-address'] };
  if (values.temporal === 'dev-server') return { kind: 'dev-server' };
  if (values.temporal === 'cluster') {
    if (!/^[a-z][a-z0-9_]{0,30}$/.test(values['cluster-db-prefix'])) throw new Error('--cluster-db-prefix must be a lower-case identifier of at most 31 characters');
    return { kind: 'cluster', databasePrefix: values['cluster-db-prefix'], ...(values['cluster-postgres-url'] === undefined ? {} : { postgresUrl: values['cluster-postgres-url'] }) };
  }
  throw new Error(`--temporal must be dev-server or cluster, not ${values.temporal}`);
}
const temporal = temporalChoice();

function row(report: ChaosReport): string {
  if (report.skipped !== undefined) return `${report.scenario.padEnd(24)} skipped: ${report.skipped}`;
  const recovery = report.recoveryMs.length === 0 ? 'n/a'
    : `max ${(Math.max(...report.recoveryMs) / 1000).toFixed(1)} s, mean ${(report.recoveryMs.reduce((a, b) => a + b, 0) / report.recoveryMs.length / 1000).toFixed(1)} s`;
  return [report.scenario.padEnd(24), `${report.terminal}/${report.journeys}`.padStart(9), String(report.duplicateSteps).padStart(6),
    String(report.missingSteps).padStart(8), String(report.escalatedUnsent).padStart(10), String(report.stuck).padStart(6), String(report.faults).padStart(7), recovery.padEnd(26),
    String(report.retriedStarts).padStart(8), String(report.callbackRetries).padStart(9),
    report.callbackRefusedWithRetryAfter === undefined ? '' : report.callbackRefusedWithRetryAfter ? ' 503+Retry-After: yes' : ' 503+Retry-After: NO'].join(' ');
}

async function main(): Promise<void> {
  console.log(`chaos: seed=${seed} journeys=${values.journeys} temporal=${describeBackend(temporal)} compression=${values.compression}×`);
  const reports: ChaosReport[] = [];
  for (const scenario of scenarios) {
    const report = await runChaos({
      scenario, journeys: Number(values.journeys), kills: Number(values.kills), restarts: Number(values.restarts),
      freezeMs: Number(values['freeze-seconds']) * 1000, downMs: Number(values['down-seconds']) * 1000,
      settleTimeoutMs: Number(values['settle-minutes']) * 60_000, seed, temporal, compression: Number(values.compression),
      log: (line) => console.log(`  [${scenario}] ${line}`),
    });
    reports.push(report);
    console.log(`  [${scenario}] done in ${(report.elapsedMs / 1000).toFixed(0)} s; ledger accepted ${report.ledgerAccepted}`);
  }
  console.log(`\n${'scenario'.padEnd(24)} ${'terminal'.padStart(9)} ${'dup'.padStart(6)} ${'missing'.padStart(8)} ${'esc-unsent'.padStart(10)} ${'stuck'.padStart(6)} ${'faults'.padStart(7)} ${'recovery'.padEnd(26)} ${'retried'.padStart(8)} ${'cb-retry'.padStart(9)}`);
  for (const report of reports) console.log(row(report));
  const bad = reports.some((r) => r.skipped === undefined && (r.duplicateSteps > 0 || r.missingSteps > 0 || r.stuck > 0 || r.callbackRefusedWithRetryAfter === false));
  process.exitCode = bad ? 1 : 0;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
