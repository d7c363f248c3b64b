import { createLogger, type Logger } from '../../../../src/observability/logger';

/** A real pino logger whose lines land in memory, so tests can assert on what would have been written. */
export interface CapturedLogger {
  readonly logger: Logger;
  readonly raw: () => string;
  readonly lines: () => Record<string, unknown>[];
}

export function captureLogger(level = 'info'): CapturedLogger {
  const chunks: string[] = [];
  const logger = createLogger({ level, destination: { write: (chunk: string) => { chunks.push(chunk); } } });
  const raw = (): string => chunks.join('');
  return {
    logger,
    raw,
    lines: () => raw().split('\n').filter((line) => line.length > 0).map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}
