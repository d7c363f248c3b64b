/** The journey tests run the shared local stack (src/temporal/journeys/local-journey-stack.ts). */
export {
  startLocalJourneyStack as startJourneyHarness, testTimings, TEST_SEND_POLICY, type JourneyHarness, type HarnessOptions,
} from '../../../../src/temporal/journeys/local-journey-stack';
