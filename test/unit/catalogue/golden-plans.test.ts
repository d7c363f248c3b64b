import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadBuiltInCatalogue } from '../../../src/catalogue/built-in';
import { findPublishedVersion } from '../../../src/domain';
import { testTimings } from '../../../src/stack/loopback-stack';
import { toJourneyPlan, type JourneyInput, type JourneyPlan } from '../../../workflows';

const HISTORIES = join(__dirname, '../../fixtures/histories');

/** The journey input each golden history started with: the plan the TypeScript catalogue produced before the move. */
function recordedInputs(): { file: string; input: JourneyInput }[] {
  return readdirSync(HISTORIES).filter((file) => file.startsWith('journeyWorkflow-')).map((file) => {
    const history = JSON.parse(readFileSync(join(HISTORIES, file), 'utf8')) as {
      events: { workflowExecutionStartedEventAttributes?: { input: { payloads: { data: string }[] } } }[];
    };
    const payload = history.events[0]?.workflowExecutionStartedEventAttributes?.input.payloads[0];
    return { file, input: JSON.parse(Buffer.from(payload?.data ?? '', 'base64').toString('utf8')) as JourneyInput };
  });
}

describe('the built-in journeys moved to YAML unchanged', () => {
  // The histories were recorded with the test timings (1/3600, quiet hours off); the YAML catalogue tuned the same way
  // must produce exactly the plans those journeys started with, cancellation notices included.
  const published = loadBuiltInCatalogue(testTimings()).published;
  const planOf = (recorded: JourneyPlan): JourneyPlan => {
    const definition = findPublishedVersion(published, recorded.type, recorded.version);
    if (definition === undefined) throw new Error(`${recorded.type} v${recorded.version} is not in the catalogue`);
    return toJourneyPlan(definition);
  };

  const recorded = recordedInputs();
  it('J3: every golden journey history is checked', () => expect(recorded.length).toBeGreaterThanOrEqual(7));
  // Histories recorded with a planRef carry no plan: what the bundle holds for them is checked in published-plans.test.ts.
  const carried = recorded.flatMap(({ file, input }) => (input.plan === undefined ? [] : [{ file, plan: input.plan, input }]));
  it.each(carried)('J3: $file: the plan (and its cancellation notice plan) is what the catalogue gives today', ({ plan, input }) => {
    expect(planOf(plan)).toEqual(plan);
    if (input.cancellationNotice !== undefined) expect(planOf(input.cancellationNotice.plan)).toEqual(input.cancellationNotice.plan);
  });
});
