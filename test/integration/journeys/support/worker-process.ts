/**
 * A journey worker in its own process, so a test can SIGKILL it mid-send (R1). Configured by environment
 * (test-only values): Temporal address, task queue, workflow bundle, simulator URLs, API key, signing key,
 * payload encryption key.
 * Prints "ready" once polling.
 */
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { createSendingControls } from '../../../../src/temporal/controls/sending-controls-service';
import { createInMemoryWorklist } from '../../../../activities';
import { createKeyRing, createNotifyClient } from '../../../../src/notify';
import { createLogger } from '../../../../src/observability/logger';
import { createJourneyActivities, localRoutingPlanIds } from '../../../../activities';
import { encryptedDataConverter, parsePayloadKeyRing } from '../../../../src/temporal/payload-codec';

const env = (name: string): string => {
  const value = process.env[name];
  if (value === undefined) throw new Error(`${name} is required`);
  return value;
};

async function main(): Promise<void> {
  const logger = createLogger({ level: 'silent' });
  const notify = createNotifyClient({
    baseUrl: env('R1_SIM_BASE_URL'), logger,
    auth: { kind: 'signed-jwt', tokenUrl: env('R1_SIM_TOKEN_URL'), apiKey: env('R1_API_KEY'), keyRing: createKeyRing([{ kid: env('R1_KID'), pem: env('R1_KEY_PEM') }]) },
    timeouts: { connectMs: 1_000, headersMs: 30_000, bodyMs: 30_000, totalMs: 30_000 },
  });
  const connection = await NativeConnection.connect({ address: env('R1_TEMPORAL_ADDRESS') });
  const dataConverter = encryptedDataConverter(parsePayloadKeyRing([env('R1_PAYLOAD_KEY')]));
  const client = new Client({ connection: await Connection.connect({ address: env('R1_TEMPORAL_ADDRESS') }), dataConverter });
  const controls = createSendingControls({ client, taskQueue: env('R1_TASK_QUEUE') });
  const worker = await Worker.create({
    connection, taskQueue: env('R1_TASK_QUEUE'), workflowBundle: { codePath: env('R1_BUNDLE') },
    dataConverter,
    activities: createJourneyActivities({ notify, routingPlanIds: localRoutingPlanIds(), worklist: createInMemoryWorklist(), logger, controls }),
  });
  const running = worker.run();
  process.stdout.write('ready\n');
  await running;
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
