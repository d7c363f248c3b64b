/**
 * The sending controls as metrics, read at scrape time from the control workflow (so every API replica shows
 * the one durable state): which controls are in force (1 per mode and scope) and how many journeys are held.
 * If Temporal cannot be read the gauges keep their last values; the Temporal alerts say why.
 */
import { Gauge, type Registry } from 'prom-client';
import { describeScope, type ControlState } from '../domain/controls/sending-controls';

export interface ControlsSource {
  status(): Promise<ControlState>;
  heldCount(): Promise<number>;
}

export function registerControlsMetrics(registry: Registry, source: ControlsSource): void {
  new Gauge({
    name: 'notify_journeys_sending_controls', help: 'Sending controls in force: 1 per mode (paused, dry_run) and scope', labelNames: ['mode', 'scope'] as const,
    registers: [registry],
    async collect() {
      const state = await source.status().catch(() => undefined);
      if (state === undefined) return;
      this.reset();
      for (const rule of state.rules) this.set({ mode: rule.mode, scope: describeScope(rule.scope) }, 1);
    },
  });
  new Gauge({
    name: 'notify_journeys_sends_held_journeys', help: 'Journeys waiting now because a sending control holds them', registers: [registry],
    async collect() {
      const held = await source.heldCount().catch(() => undefined);
      if (held !== undefined) this.set(held);
    },
  });
}
