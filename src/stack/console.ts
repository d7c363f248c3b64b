/**
 * The staff console from config: its session key (configured, or in local generated once into DATA_DIR),
 * its sign-in (OpenID Connect when an issuer is configured; the dev sign-in in local only) and the Temporal
 * reads behind its pages. The communications record and the sending controls are passed in by the
 * composition root once they exist (see ConsoleOptions).
 */
import { createHash, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import type { Router } from 'express';
import { consoleEnabled, type Config } from '../config';
import { consoleRouter, CONSOLE_PATH, type ConsoleOptions } from '../console/app';
import type { Logger } from '../observability/logger';
import { createConsoleJourneys } from '../temporal/console-journeys';
import { readOrCreate } from './local-dev';

export interface ConsoleParts {
  readonly router: Router;
  /** Where a person opens it. */
  readonly url: string;
}

export function consoleFromConfig(config: Config, client: Client, journeyTypes: readonly string[], logger: Logger,
  extra: Pick<ConsoleOptions, 'patients' | 'controls'> = {}): ConsoleParts | undefined {
  const env = config.env;
  if (!consoleEnabled(env)) return undefined;
  const local = config.tier === 'local';
  const secret = env.CONSOLE_SESSION_SECRET ?? (local ? readOrCreate(join(config.dataDir, 'console-session-secret'), () => randomBytes(32).toString('base64url')) : undefined);
  if (secret === undefined) throw new Error('CONSOLE_SESSION_SECRET is required outside the local tier');
  const origin = env.CONSOLE_PUBLIC_URL ? new URL(env.CONSOLE_PUBLIC_URL).origin : `http://localhost:${config.api.port}`;
  const oidc = env.CONSOLE_OIDC_ISSUER && env.CONSOLE_OIDC_CLIENT_ID && env.CONSOLE_OIDC_CLIENT_SECRET ? {
    issuer: env.CONSOLE_OIDC_ISSUER, clientId: env.CONSOLE_OIDC_CLIENT_ID, clientSecret: env.CONSOLE_OIDC_CLIENT_SECRET,
    redirectUri: `${origin}${CONSOLE_PATH}/callback`,
    roles: { claim: env.CONSOLE_OIDC_ROLES_CLAIM, staffValues: env.CONSOLE_ALLOWED_ROLES, opsValues: env.CONSOLE_OPS_ROLES },
    allowHttp: local && isLoopback(new URL(env.CONSOLE_OIDC_ISSUER).hostname),
  } : undefined;
  // One secret, two keys: the session cookie's encryption key and the CSRF tokens' HMAC key.
  const derive = (purpose: string) => createHash('sha256').update(`${purpose}\0${secret}`).digest();
  const router = consoleRouter({
    journeys: createConsoleJourneys({ client, taskQueue: config.temporal.taskQueue }), journeyTypes,
    session: {
      key: derive('nj-console-session'), ttlSeconds: env.CONSOLE_SESSION_MINUTES * 60, idleSeconds: env.CONSOLE_SESSION_IDLE_MINUTES * 60, secure: !local,
    },
    csrfSecret: derive('nj-console-csrf').toString('base64url'),
    ...(oidc === undefined ? {} : { oidc }),
    devSignIn: local && (env.CONSOLE_DEV_SIGN_IN ?? true),
    logger, ...extra,
  });
  return { router, url: `${origin}${CONSOLE_PATH}` };
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
}
