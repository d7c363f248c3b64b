/**
 * Journeys open now, by status, read at scrape time from Temporal visibility (a second or so behind the
 * journeys). If Temporal cannot be read the gauge keeps its last values; the Temporal alerts say why.
 */
import { Gauge, type Registry } from 'prom-client';

export interface OpenJourneysSource {
  openByStatus(): Promise<Readonly<Record<string, number>>>;
}

export function registerOpenJourneysMetric(registry: Registry, source: OpenJourneysSource): void {
  new Gauge({
    name: 'notify_journeys_open_journeys', help: 'Journeys still running now, by journey status (from Temporal visibility)', labelNames: ['status'] as const,
    registers: [registry],
    async collect() {
      const counts = await source.openByStatus().catch(() => undefined);
      if (counts === undefined) return;
      for (const [status, count] of Object.entries(counts)) this.set({ status }, count);
    },
  });
}
