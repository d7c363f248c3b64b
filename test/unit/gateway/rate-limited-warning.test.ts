import { describe, expect, it } from 'vitest';
import { rateLimitedWarning } from '../../../src/gateway/callbacks/rate-limited-warning';
import { captureLogger } from '../../integration/gateway/support/log-capture';

describe('rate-limited warning', () => {
  it('S11: 10 000 failures in one window write one line; the next window writes one more with the suppressed count', () => {
    const log = captureLogger();
    let t = 0;
    const warn = rateLimitedWarning({ logger: log.logger, message: 'auth failures', windowMs: 60_000, now: () => t });
    for (let i = 0; i < 10_000; i += 1) { warn({ reason: 'signature' }); t += 5; }
    expect(log.lines()).toHaveLength(1);
    t = 60_000;
    warn({ reason: 'api_key' });
    const lines = log.lines();
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatchObject({ msg: 'auth failures', reason: 'api_key', suppressedSinceLastLine: 9_999, windowMs: 60_000 });
  });
});
