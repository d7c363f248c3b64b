/**
 * What the benchmarks read about a worker's memory and the workflow bundle it loads. Figures only.
 */
import { existsSync, readFileSync } from 'node:fs';

/** Resident set of a process, in MiB (from /proc), or undefined when it is gone. */
export function rssMiBOf(pid: number | undefined): number | undefined {
  if (pid === undefined || !existsSync(`/proc/${pid}/status`)) return undefined;
  const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return kb === undefined ? undefined : Number(kb) / 1024;
}

export function rssMiB(pid: number | undefined): string {
  return rssMiBOf(pid)?.toFixed(0) ?? 'n/a';
}

/** The workflows the worker holds in its cache, from the SDK's metrics (SDK_METRICS_ADDRESS); 0 if unread. */
export async function stickyCacheSize(metricsUrl: string): Promise<number> {
  const text = await fetch(metricsUrl).then((r) => r.text(), () => '');
  const match = /^temporal_sticky_cache_size(?:\{[^}]*\})? (\d+(?:\.\d+)?)$/m.exec(text);
  return match === null ? 0 : Number(match[1]);
}

export interface BundleFigures {
  /** The file as the worker loads it (code and its inline source map). */
  readonly fileBytes: number;
  /** The code alone: what every workflow's module instances are evaluated from. */
  readonly codeBytes: number;
  readonly modules: number;
  /** Code bytes per package (`zod`, `@temporalio/workflow`) or project folder (`./workflows/journey`). */
  readonly byOrigin: ReadonlyMap<string, number>;
}

/** Reads a webpack bundle by its module markers (`/***\/ "./path"`): which code it holds, and how much. */
export function bundleFigures(codePath: string): BundleFigures {
  const file = readFileSync(codePath, 'utf8');
  const mapAt = file.indexOf('//# sourceMappingURL');
  const code = mapAt < 0 ? file : file.slice(0, mapAt);
  const marks = [...code.matchAll(/^\/\*\*\*\/ "([^"]+)"$/gm)].map((match) => ({ path: match[1]!, at: match.index }));
  const byOrigin = new Map<string, number>();
  marks.forEach((mark, i) => {
    const size = (marks[i + 1]?.at ?? code.length) - mark.at;
    byOrigin.set(originOf(mark.path), (byOrigin.get(originOf(mark.path)) ?? 0) + size);
  });
  return { fileBytes: Buffer.byteLength(file), codeBytes: Buffer.byteLength(code), modules: marks.length, byOrigin };
}

function originOf(path: string): string {
  const parts = path.split('/');
  if (parts[1] === 'node_modules') return parts[2]!.startsWith('@') ? `${parts[2]}/${parts[3]}` : parts[2]!;
  return parts.slice(0, Math.min(parts.length, 3)).join('/');
}
