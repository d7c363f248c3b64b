import { describe, expect, it } from 'vitest';
import { problemsOf } from './problems-of';
import { consoleEnabled, loadConfig } from '../../../src/config';

describe('staff console configuration', () => {
  it('S13: the dev sign-in is refused outside the local tier, whatever else is set', () => {
    for (const tier of ['int', 'prod']) {
      expect(problemsOf({ TIER: tier, CONSOLE_DEV_SIGN_IN: 'true' })).toContainEqual({ variable: 'CONSOLE_DEV_SIGN_IN', message: `refused in the ${tier} tier (local only)` });
    }
    expect(problemsOf({ CONSOLE_DEV_SIGN_IN: 'true' }).map((p) => p.variable)).not.toContain('CONSOLE_DEV_SIGN_IN');
  });

  it('outside local the console runs once an identity provider is configured, and then needs https and its secret', () => {
    const off = loadConfig({ TIER: 'local' });
    expect(consoleEnabled(off.env)).toBe(true);
    const problems = problemsOf({ TIER: 'prod', CONSOLE_OIDC_ISSUER: 'http://idp.example.nhs.uk', CONSOLE_PUBLIC_URL: 'https://journeys.example.nhs.uk' });
    expect(problems).toContainEqual({ variable: 'CONSOLE_OIDC_ISSUER', message: 'must be an https: URL in the prod tier' });
    expect(problems.map((p) => p.variable)).toEqual(expect.arrayContaining(['CONSOLE_OIDC_CLIENT_ID', 'CONSOLE_OIDC_CLIENT_SECRET', 'CONSOLE_SESSION_SECRET']));
    expect(problemsOf({ TIER: 'prod' }).map((p) => p.variable).filter((v) => v.startsWith('CONSOLE_'))).toEqual([]);
  });
});
