/**
 * An in-process simulator (src/simulator) with one registered application whose JWKS holds freshly
 * generated keys, and a real client pointed at it over loopback HTTP.
 */
import { randomUUID } from 'node:crypto';
import { startSimulator, FAST_TIMINGS, type RunningSimulator, type SimulatorOptions } from '../../../src/simulator';
import { createNotifyClient, type KeyRing, type NotifyClient, type NotifyClientOptions } from '../../../src/notify';
import { createLogger } from '../../../src/observability/logger';
import { aKeyRing, jwksOf, type TestKey } from '../../unit/notify/support/builders';
import { aCapturedLogger } from '../../unit/notify/support/mock-notify';

export interface SimHarness {
  readonly sim: RunningSimulator;
  readonly apiKey: string;
  readonly ring: KeyRing;
  readonly keys: TestKey[];
  /** Log lines of the most recent client made by `client()`. */
  lines: string[];
  client(overrides?: Partial<NotifyClientOptions>): NotifyClient;
  close(): Promise<void>;
}

export async function startHarness(kids: string[] = ['kid-a'], simOptions: SimulatorOptions = {}): Promise<SimHarness> {
  const { ring, keys } = await aKeyRing(...kids);
  const apiKey = `api-key-${randomUUID()}`;
  const sim = await startSimulator({
    port: 0, timings: FAST_TIMINGS, logger: createLogger({ level: 'silent' }),
    applications: [{ apiKey, applicationId: `app-${randomUUID()}`, jwks: jwksOf(...keys) }],
    ...simOptions,
  });
  const clients: NotifyClient[] = [];
  const harness: SimHarness = {
    sim, apiKey, ring, keys, lines: [],
    client: (overrides = {}) => {
      const captured = aCapturedLogger();
      harness.lines = captured.lines;
      const client = createNotifyClient({
        baseUrl: sim.baseUrl, logger: captured.logger,
        auth: { kind: 'signed-jwt', tokenUrl: sim.tokenUrl, apiKey, keyRing: ring },
        ...overrides,
      });
      clients.push(client);
      return client;
    },
    close: async () => {
      await Promise.all(clients.map((c) => c.close()));
      await sim.close();
    },
  };
  return harness;
}

export const parsedLines = (lines: string[]): Record<string, unknown>[] => lines.map((l) => JSON.parse(l) as Record<string, unknown>);
