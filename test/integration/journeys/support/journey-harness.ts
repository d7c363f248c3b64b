/** The journey tests run the loopback stack, whose engine src/stack assembles as npm start does. */
export {
  startLoopbackStack as startJourneyHarness, testTimings, TEST_SEND_POLICY, type JourneyHarness, type HarnessOptions,
} from '../../../../src/stack/loopback-stack';
