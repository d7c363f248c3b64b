/**
 * The order test files start in. Two workers share the run, so the run ends when the slower worker does: a
 * two-minute file that starts last keeps one worker busy for two minutes after the other has finished.
 * vitest orders files by their last recorded durations, but a fresh clone (CI) has none and falls back to file
 * size, which says little here (a short file can wait out a compressed night). So the files known to be the
 * slowest start first, longest first; every other file keeps vitest's own order after them.
 *
 * Keep the list to the few files that take a minute or more on a quiet machine (the durations vitest prints).
 */
import { BaseSequencer, type TestSpecification } from 'vitest/node';

const SLOWEST_FILES = [
  'test/integration/chaos/chaos-runner.test.ts',
  'test/integration/journeys/journey-fuzz.test.ts',
  'test/integration/console/console-patients-controls.test.ts',
  'test/integration/cli/runbook-commands.test.ts',
  'test/integration/cohorts/cohort-api.test.ts',
  'test/integration/journeys/calendar.test.ts',
  'test/integration/cli/journeys-cli.test.ts',
  'test/integration/cli/sending-controls-cli.test.ts',
  'test/integration/e2e/custom-catalogue.test.ts',
  'test/integration/privacy/canary-scan.test.ts',
] as const;

export class SlowestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (spec: TestSpecification) => {
      const index = SLOWEST_FILES.findIndex((path) => spec.moduleId.endsWith(`/${path}`));
      return index === -1 ? SLOWEST_FILES.length : index;
    };
    // Array.prototype.sort is stable: files off the list keep vitest's order.
    return [...sorted].sort((a, b) => rank(a) - rank(b));
  }
}
