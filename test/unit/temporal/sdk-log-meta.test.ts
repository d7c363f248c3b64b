import { describe, expect, it } from 'vitest';
import { ActivityFailure, ApplicationFailure } from '@temporalio/common';
import { withoutErrorText } from '../../../src/temporal/worker';

describe('SDK log metadata', () => {
  it('P1: keeps ids and the error class and type, drops error messages that may echo patient data', () => {
    const echoing = ApplicationFailure.nonRetryable('cannot send to 9990000018 zebediah.canary@example.test', 'EchoingError');
    const meta = withoutErrorText({ workflowId: 'journey-x', error: echoing, failure: new ActivityFailure('Activity task failed', 'send', 'id', undefined, 'identity', echoing) });
    expect(meta).toMatchObject({ workflowId: 'journey-x', error: { name: 'ApplicationFailure', type: 'EchoingError' } });
    expect(JSON.stringify(meta)).not.toMatch(/9990000018|canary/);
  });
});
