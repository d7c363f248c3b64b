import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../src/config';
import { catalogueFromConfig } from '../../../src/stack/journeys';

/** A routingPlanId as onboarding issues them (a UUID). */
const plan = (n: number): string => `00000000-0000-4000-8000-00000000000${n}`;

const prod = {
  TIER: 'prod', TEMPORAL_ADDRESS: 'temporal.internal:7233', NOTIFY_BASE_URL: 'https://api.service.nhs.uk/comms',
  NOTIFY_TOKEN_URL: 'https://api.service.nhs.uk/oauth2/token', NOTIFY_API_KEY: 'k', NOTIFY_APPLICATION_ID: 'app',
  NOTIFY_SIGNING_KEYS: 'kid-1=/etc/keys/kid-1.pem', NOTIFY_CALLBACK_API_KEYS: 'cb', GATEWAY_API_KEYS: 'id:abc:journeys:read',
  JOURNEY_ID_SECRET: 'x'.repeat(32), PAYLOAD_ENCRYPTION_KEYS: `k1=${Buffer.alloc(32, 7).toString('base64')}`,
  NOTIFY_ROUTING_PLAN_NHSAPP_ONLY: plan(1), NOTIFY_ROUTING_PLAN_SMS_ONLY: plan(2), NOTIFY_ROUTING_PLAN_LETTER_ONLY: plan(3),
};

/** The variables boot names when the catalogue needs a routing plan the configuration lacks. */
function configProblems(env: NodeJS.ProcessEnv): string[] {
  const config = loadConfig(env);
  try { catalogueFromConfig(config); return []; } catch (error) {
    if (error instanceof ConfigError) return error.problems.map((problem) => problem.variable);
    throw error;
  }
}

describe('the catalogue at boot (CATALOGUE_DIR, routing plans)', () => {
  it('the built-in catalogue uses email now: outside local, boot needs the email-only routing plan id', () => {
    expect(configProblems(prod)).toEqual(['NOTIFY_ROUTING_PLAN_EMAIL_ONLY']);
    expect(configProblems({ ...prod, NOTIFY_ROUTING_PLAN_EMAIL_ONLY: plan(4) })).toEqual([]);
  });

  it('CATALOGUE_DIR replaces the built-in catalogue, with its own journeys', () => {
    const env = { ...prod, NOTIFY_ROUTING_PLAN_EMAIL_ONLY: plan(4), CATALOGUE_DIR: join(__dirname, '../../fixtures/catalogue/vaccination') };
    expect(Object.keys(catalogueFromConfig(loadConfig(env)))).toEqual(['vaccination-invitation']);
  });
});
