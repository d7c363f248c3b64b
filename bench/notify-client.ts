/**
 * Throughput and latency of the NHS Notify client against an in-process simulator (real HTTP over loopback,
 * real RS512 assertions, real token endpoint). Prints figures; asserts nothing.
 *
 *   npm run bench:notify -- --sends 2000 --concurrency 32 --token-lifetime 599
 *
 * The simulator shares this process's CPU, so the figures are a floor for the client, not NHS's speed.
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { exportPKCS8, exportJWK, generateKeyPair } from 'jose';
import { createKeyRing, createNotifyClient } from '../src/notify';
import { createLogger } from '../src/observability/logger';
import { startSimulator } from '../src/simulator';

const { values } = parseArgs({
  options: {
    sends: { type: 'string', default: '2000' },
    concurrency: { type: 'string', default: '32' },
    'token-lifetime': { type: 'string', default: '599' },
  },
});
const sends = Number(values.sends);
const concurrency = Number(values.concurrency);
const tokenLifetimeSeconds = Number(values['token-lifetime']);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function main(): Promise<void> {
  const silent = createLogger({ level: 'silent' });
  const { privateKey, publicKey } = await generateKeyPair('RS512', { extractable: true });
  const apiKey = `bench-${randomUUID()}`;
  const sim = await startSimulator({
    port: 0, logger: silent, tokenLifetimeSeconds,
    applications: [{ apiKey, applicationId: 'bench-app', jwks: { keys: [{ ...(await exportJWK(publicKey)), kid: 'bench', alg: 'RS512', use: 'sig' }] } }],
  });
  const client = createNotifyClient({
    baseUrl: sim.baseUrl, logger: silent,
    auth: { kind: 'signed-jwt', tokenUrl: sim.tokenUrl, apiKey, keyRing: createKeyRing([{ kid: 'bench', pem: await exportPKCS8(privateKey) }]) },
  });

  const latencies: number[] = [];
  const errors = new Map<string, number>();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < sends) {
      next += 1;
      const started = performance.now();
      try {
        await client.createMessage({
          routingPlanId: '4f8a1a52-0001-4c6e-9b7a-5d0a2f3b1c01', messageReference: randomUUID(),
          recipient: { nhsNumber: '9990000018' }, personalisation: { appointmentDate: '15 January 2027' },
        });
        latencies.push(performance.now() - started);
      } catch (err) {
        const code = (err as { code?: string }).code ?? 'UNKNOWN';
        errors.set(code, (errors.get(code) ?? 0) + 1);
      }
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  await client.close();
  const tokenRequests = sim.counters.tokenRequests;
  await sim.close();

  latencies.sort((a, b) => a - b);
  console.log(`notify client bench: ${sends} sends, concurrency ${concurrency}, token lifetime ${tokenLifetimeSeconds} s (node ${process.version})`);
  console.log(`  throughput     ${(latencies.length / seconds).toFixed(0)} sends/s over ${seconds.toFixed(2)} s`);
  console.log(`  latency        p50 ${percentile(latencies, 50).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms, max ${(latencies.at(-1) ?? NaN).toFixed(1)} ms`);
  console.log(`  token requests ${tokenRequests} (${((tokenRequests / sends) * 1000).toFixed(2)} per 1,000 sends)`);
  console.log(`  errors         ${errors.size === 0 ? 'none' : [...errors].map(([c, n]) => `${c}×${n}`).join(', ')}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
