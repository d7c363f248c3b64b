/**
 * `npm start`: the embedded default. Loads config (refusing to start on a bad variable), starts the stack,
 * prints where everything is, and on Ctrl-C or SIGTERM stops everything in reverse order, leaving no
 * child process behind.
 */
import { ConfigError, loadConfig, redactedConfig } from './config';
import { createLogger } from './observability/logger';
import { PortInUseError } from './temporal/tcp-ports';
import { TemporalCliNotFoundError } from './temporal/cli-binary';
import { startStack, type RunningStack } from './stack';
import { readyBanner } from './stack/banner';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger({ level: config.logLevel });
  logger.info({ config: redactedConfig(config) }, 'configuration loaded');

  // Filled once start-up finishes; a signal that arrives earlier stops the stack the moment it is up.
  const running: { stack?: RunningStack } = {};
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    // During start-up there is nothing to stop yet: main() stops the stack as soon as it is up.
    if (running.stack) void stopAndExit(running.stack);
  };
  const stopAndExit = async (stack: RunningStack) => {
    await stack.stop();
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));

  const started = Date.now();
  running.stack = await startStack(config, logger);
  if (stopping) return stopAndExit(running.stack);
  process.stdout.write(readyBanner(running.stack, Date.now() - started));
}

main().catch((error: unknown) => {
  // Known start-up failures get their own clear message; anything else is a bug and keeps its stack.
  const known = error instanceof ConfigError || error instanceof PortInUseError || error instanceof TemporalCliNotFoundError;
  process.stderr.write(`\nnotify-journeys could not start:\n${known ? error.message : String((error as Error)?.stack ?? error)}\n`);
  process.exit(1);
});
