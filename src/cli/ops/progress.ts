/**
 * A progress bar for long operations (a bulk cancel, a batch start), drawn on stderr and only when a person
 * is watching (stdout and stderr are terminals): piped output and --json stay clean for scripts.
 */
import { Presets, SingleBar } from 'cli-progress';

export interface Progress {
  advance(by?: number): void;
  stop(): void;
}

const SILENT: Progress = { advance: () => undefined, stop: () => undefined };

export function watching(): boolean {
  return process.stdout.isTTY === true && process.stderr.isTTY === true;
}

export function progressBar(label: string, total: number): Progress {
  if (!watching() || total === 0) return SILENT;
  const bar = new SingleBar({ format: `${label} [{bar}] {value}/{total} ({percentage}%) eta {eta_formatted}`, stream: process.stderr, hideCursor: true }, Presets.shades_classic);
  bar.start(total, 0);
  return { advance: (by = 1) => bar.increment(by), stop: () => bar.stop() };
}
