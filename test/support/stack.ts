/**
 * The assembled stack, as `npm start` builds it, on the test run's real Temporal server: its own data folder,
 * free ports, durations scaled 1/3600 (a day is 24 s), and the development API key the local tier creates.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { loadConfig } from '../../src/config';
import { createLogger, type Logger } from '../../src/observability/logger';
import { startStack, type RunningStack } from '../../src/stack';
import { freePort } from '../../src/temporal/tcp-ports';

export interface TestStack {
  readonly stack: RunningStack;
  readonly apiKey: string;
  /** The environment the stack's config was read from: the ops CLI reads the same. */
  readonly env: NodeJS.ProcessEnv;
  /** fetch against the API with the development key and a JSON content type. */
  api(path: string, init?: RequestInit): Promise<Response>;
  close(): Promise<void>;
}

export async function startTestStack(name: string, options: { logger?: Logger; env?: NodeJS.ProcessEnv } = {}): Promise<TestStack> {
  const dataDir = mkdtempSync(join(tmpdir(), `nj-${name}-`));
  const env = {
    TEMPORAL_ADDRESS: inject('temporalAddress'), TEMPORAL_TASK_QUEUE: `${name}-${randomUUID()}`, DATA_DIR: dataDir,
    API_PORT: String(await freePort()), SIMULATOR_PORT: String(await freePort()), JOURNEY_TIME_SCALE: String(1 / 3600),
    ...options.env,
  };
  const config = loadConfig(env);
  const stack = await startStack(config, options.logger ?? createLogger({ level: 'silent' }));
  const apiKey = readFileSync(join(dataDir, 'dev-api-key'), 'utf8').trim();
  return {
    stack, apiKey, env,
    api: (path, init = {}) => fetch(`${stack.urls.api}${path}`, {
      ...init, headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json', ...init.headers },
    }),
    async close() {
      await stack.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
