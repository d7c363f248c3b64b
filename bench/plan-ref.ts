/**
 * What naming the plan (`planRef`) instead of carrying it saves in a waiting journey's history. Prints figures;
 * asserts nothing.
 *
 *   npm run bench:plan-ref [-- --journeys 20]
 *
 * On an ephemeral dev server with the real worker and activities (production durations, payloads encrypted),
 * it opens N screening invitations whose invitation date is 30 days away: the API starts each with its planRef;
 * each one's twin is started with the same input but the plan itself, as journeys started before planRef (and
 * versions no bundle holds) are. Once every journey has run its first task and waits on its timer, it prints the
 * mean encoded history and start input of each kind.
 */
import { parseArgs } from 'node:util';
import { temporal as proto } from '@temporalio/proto';
import { decodeFromPayloadsAtIndex, decodeMapFromPayloads } from '@temporalio/common/lib/internal-non-workflow';
import { parseStartJourneyRequest, requestFingerprint } from '../src/domain';
import { createLogger } from '../src/observability/logger';
import { TEST_RECIPIENTS } from '../src/simulator';
import { startLoopbackStack } from '../src/stack/loopback-stack';
import { startEphemeralTemporal } from '../src/temporal/journeys/ephemeral-temporal';
import { installRuntimeLogger } from '../src/temporal/worker';
import { journeyWorkflow, type JourneyInput } from '../workflows';
import { EscalationOpen, JourneyStatus, JourneyType } from '../workflows/common/search-attributes';
import { bundledPlan } from '../workflows/journey/published-plan';
import { runBenchmark } from './run-benchmark';

const { values } = parseArgs({ options: { journeys: { type: 'string', default: '20' } } });
const N = Number(values.journeys);
const DAY_MS = 24 * 3_600_000;

interface Sizes { readonly history: number; readonly input: number }

async function main(): Promise<void> {
  const logger = createLogger({ level: 'warn' });
  installRuntimeLogger(logger);
  const temporal = await startEphemeralTemporal();
  const taskQueue = 'bench-plan-ref';
  const stack = await startLoopbackStack({
    client: temporal.client, connection: temporal.connection, taskQueue, timings: { timeScale: 1 }, logger,
    createWorker: (queue, activities) => temporal.createWorker(queue, activities),
  });
  const converter = temporal.client.options.loadedDataConverter;
  try {
    const byRef: string[] = [];
    const byPlan: string[] = [];
    for (let i = 0; i < N; i += 1) {
      const parsed = parseStartJourneyRequest({
        journeyType: 'screening-invitation', eventId: `plan-ref-${Date.now()}-${i}`, eventTime: new Date(Date.now() + 30 * DAY_MS).toISOString(),
        patient: { nhsNumber: TEST_RECIPIENTS.deliveredFirstChannel.nhsNumber }, personalisation: { programmeName: 'bowel cancer screening' },
      }, stack.catalogue);
      if (!parsed.ok) throw new Error('bench request invalid');
      const started = await stack.service.start(parsed.value, { requestHash: requestFingerprint(parsed.value) });
      if (started.kind !== 'new') throw new Error(`expected a new journey, got ${started.kind}`);
      const id = started.journey.journeyId;
      byRef.push(id);
      const startEvent = (await temporal.client.workflow.getHandle(id).fetchHistory()).events?.[0]?.workflowExecutionStartedEventAttributes;
      const input = await decodeFromPayloadsAtIndex<JourneyInput>(converter, 0, startEvent?.input?.payloads);
      if (input.planRef === undefined) throw new Error('the API started the journey with its plan: is the published plans module stale?');
      const { planRef, ...fields } = input;
      const plan = bundledPlan(planRef);
      if (plan === undefined) throw new Error('the bundle lacks the plan');
      // The twin: the same start (input, memo, search attributes), the plan carried. Not through the API: it
      // names every bundled version.
      const twin = await temporal.client.workflow.start(journeyWorkflow, {
        workflowId: `${id}-with-plan`, taskQueue, args: [{ ...fields, plan }], memo: await decodeMapFromPayloads(converter, startEvent?.memo?.fields) ?? {},
        typedSearchAttributes: [{ key: JourneyType, value: 'screening-invitation' }, { key: JourneyStatus, value: 'scheduled' }, { key: EscalationOpen, value: false }],
        staticSummary: 'screening-invitation v1',
      });
      byPlan.push(twin.workflowId);
    }
    const waiting = async (id: string): Promise<Sizes> => {
      for (;;) {
        const history = await temporal.client.workflow.getHandle(id).fetchHistory();
        if ((history.events ?? []).some((event) => event.timerStartedEventAttributes)) {
          const payloads = history.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads ?? [];
          return { history: proto.api.history.v1.History.encode(history).finish().length, input: payloads.reduce((sum, p) => sum + (p.data?.length ?? 0), 0) };
        }
        await new Promise((r) => setTimeout(r, 200));
      }
    };
    const mean = (sizes: readonly Sizes[], key: keyof Sizes) => sizes.reduce((sum, s) => sum + s[key], 0) / sizes.length;
    console.log(`notify-journeys plan-by-reference benchmark: ${N} screening invitations waiting 30 days, each started by reference and with its plan`);
    console.log('start         history per waiting journey     start input');
    for (const [label, ids] of [['planRef', byRef], ['plan', byPlan]] as const) {
      const sizes: Sizes[] = [];
      for (const id of ids) sizes.push(await waiting(id));
      const history = mean(sizes, 'history');
      console.log(`${label.padEnd(8)}  ${(history / 1024).toFixed(2).padStart(8)} KiB (${history.toFixed(0)} B)    ${mean(sizes, 'input').toFixed(0).padStart(8)} B`);
    }
  } finally {
    await stack.close();
    await temporal.stop();
  }
}

runBenchmark(main);
