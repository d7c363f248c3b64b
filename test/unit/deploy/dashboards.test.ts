/**
 * The on-call dashboard and the alert rules name only metrics the service exports: every PromQL expression in
 * deploy/grafana and deploy/prometheus is parsed for metric names, and each must be one the code registers
 * (prom-client: gateway, outcomes, sending controls, open journeys) or the worker's SDK runtime serves (journey outcome
 * metrics from workflows, the SDK's worker metrics).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { NO_CONTROLS } from '../../../src/domain/controls/sending-controls';
import { registerControlsMetrics } from '../../../src/observability/controls-metrics';
import { registerOpenJourneysMetric } from '../../../src/observability/open-journeys-metrics';
import { createGatewayMetrics, createMetricsRegistry } from '../../../src/observability/metrics';
import { createOutcomeMetrics } from '../../../src/observability/outcome-metrics';
import { SDK_WORKER_METRICS } from '../../../src/observability/sdk-metrics';
import { JOURNEY_METRICS } from '../../../workflows/common/journey-metrics';

const deploy = resolve(__dirname, '../../../deploy');
const HISTOGRAM_SUFFIXES = ['_bucket', '_sum', '_count'];

async function exportedNames(): Promise<Set<string>> {
  const registry = createMetricsRegistry();
  createGatewayMetrics(registry);
  createOutcomeMetrics(registry);
  registerControlsMetrics(registry, { status: () => Promise.resolve(NO_CONTROLS), heldCount: () => Promise.resolve(0) });
  registerOpenJourneysMetric(registry, { openByStatus: () => Promise.resolve({ scheduled: 0 }) });
  const names = new Set<string>(SDK_WORKER_METRICS);
  for (const metric of await registry.getMetricsAsJSON()) {
    names.add(metric.name);
    if (String(metric.type) === 'histogram') for (const suffix of HISTOGRAM_SUFFIXES) names.add(`${metric.name}${suffix}`);
  }
  // Workflow metrics: counters as named, histograms with the exporter's suffixes.
  for (const name of Object.values(JOURNEY_METRICS)) {
    names.add(name);
    for (const suffix of HISTOGRAM_SUFFIXES) names.add(`${name}${suffix}`);
  }
  return names;
}

const FUNCTIONS_AND_KEYWORDS = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'bool', 'and', 'or', 'unless', 'offset', 'inf', 'nan']);

/** Metric names in a PromQL expression: identifiers that are not functions, keywords, labels or literals. */
function metricNamesIn(expr: string): string[] {
  const stripped = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""') // string literals
    .replace(/\{[^}]*\}/g, ' ') // label matchers
    .replace(/\[[^\]]*\]/g, ' ') // ranges and subqueries
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' '); // grouping label lists
  const names: string[] = [];
  for (const match of stripped.matchAll(/[a-zA-Z_:][a-zA-Z0-9_:]*/g)) {
    const after = stripped.slice((match.index ?? 0) + match[0].length).trimStart();
    const before = stripped.slice(0, match.index ?? 0);
    if (after.startsWith('(') || FUNCTIONS_AND_KEYWORDS.has(match[0].toLowerCase())) continue;
    if (/\d$/.test(before) || /\d[eE]$/.test(before + match[0].slice(0, 1))) continue; // 1e-9, 5m
    if (/^\d/.test(match[0])) continue;
    names.push(match[0]);
  }
  return names;
}

function dashboardExpressions(): string[] {
  const dir = join(deploy, 'grafana');
  return readdirSync(dir).filter((f) => f.endsWith('.json')).flatMap((file) => {
    const dashboard = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { panels: Array<{ targets?: Array<{ expr: string }> }> };
    return dashboard.panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr));
  });
}

function alertExpressions(): string[] {
  const dir = join(deploy, 'prometheus');
  return readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).flatMap((file) => {
    const rules = parse(readFileSync(join(dir, file), 'utf8')) as { groups: Array<{ rules: Array<{ expr: string }> }> };
    return rules.groups.flatMap((g) => g.rules.map((r) => String(r.expr)));
  });
}

describe('deploy/grafana and deploy/prometheus', () => {
  it('the parser finds metric names and nothing else', () => {
    expect(metricNamesIn('sum by (le, channel) (rate(a_bucket{outcome=~"x|y"}[5m])) / clamp_min(sum(b_total offset 1d), 1e-9) > 0.2 and on() c')).toEqual(['a_bucket', 'b_total', 'c']);
  });

  it('every expression names only metrics the service exports, and the five on-call questions are all covered', async () => {
    const exported = await exportedNames();
    const expressions = [...dashboardExpressions(), ...alertExpressions()];
    expect(expressions.length).toBeGreaterThan(20);
    const unknown = expressions.flatMap((expr) => metricNamesIn(expr).filter((name) => !exported.has(name)).map((name) => ({ name, expr })));
    expect(unknown).toEqual([]);
    const used = new Set(expressions.flatMap(metricNamesIn));
    for (const needed of ['notify_journeys_step_outcomes', 'notify_journeys_accepted_to_terminal_bucket', 'gateway_callback_events_total',
      'gateway_last_genuine_callback_timestamp_seconds', 'gateway_journey_starts_total', 'notify_journeys_messages_sent_total',
      'notify_journeys_escalations_closed_total', 'notify_journeys_sending_controls']) {
      expect(used, needed).toContain(needed);
    }
  });
});
