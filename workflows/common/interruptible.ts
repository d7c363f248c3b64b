/**
 * Waits that end early when something more important happens (a cancel, a change of plan), without leaving
 * timers or conditions behind: each wait runs in its own cancellation scope that is cancelled afterwards.
 */
import { CancellationScope, condition, isCancellation, sleep } from '@temporalio/workflow';

export type WaitResult = 'elapsed' | 'interrupted';

/**
 * Sleeps `ms` (a named timer in history, so ops see what the journey is waiting for) unless `interrupted()`
 * becomes true first. A wait of 0 or less returns at once without a timer.
 */
export async function interruptibleSleep(ms: number, summary: string, interrupted: () => boolean): Promise<WaitResult> {
  if (interrupted()) return 'interrupted';
  if (ms <= 0) return 'elapsed';
  const scope = new CancellationScope();
  try {
    return await scope.run(() => Promise.race([
      sleep(ms, { summary }).then(() => 'elapsed' as const),
      condition(interrupted).then(() => 'interrupted' as const),
    ]));
  } finally {
    scope.cancel();
  }
}

/**
 * Runs `work` in a cancellable scope that is cancelled when `stop()` becomes true. Returns the work's result,
 * or 'stopped' if the work was cancelled. Activities inside should use WAIT_CANCELLATION_COMPLETED so an
 * attempt already in flight reports what really happened instead of being forgotten (C2 audit trail).
 */
export async function runUnlessStopped<T>(work: () => Promise<T>, stop: () => boolean): Promise<T | 'stopped'> {
  if (stop()) return 'stopped';
  const workScope = new CancellationScope();
  const watchScope = new CancellationScope();
  const watching = watchScope.run(() => condition(stop)).then(() => workScope.cancel(), () => undefined);
  try {
    return await workScope.run(work);
  } catch (error) {
    if (isCancellation(error) && stop()) return 'stopped';
    throw error;
  } finally {
    watchScope.cancel();
    await watching;
  }
}
