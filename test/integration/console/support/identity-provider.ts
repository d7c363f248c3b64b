/**
 * A real OpenID Connect provider for the sign-in tests (oidc-provider, certified), on loopback with a signing
 * key made for the run: the console's client checks its real RS256 signatures. Its development login screen
 * accepts any login name; the name picks the account's roles:
 *   "ops-…" → staff and ops, "nobody-…" → no role, anything else → staff.
 */
import { generateKeyPair, exportJWK } from 'jose';
import type { Server } from 'node:http';
import { randomBytes } from 'node:crypto';
import { freePort } from '../../../../src/temporal/tcp-ports';

export const STAFF_ROLE = 'notify-journeys-staff';
export const OPS_ROLE = 'notify-journeys-ops';

export interface TestIdentityProvider {
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret: string;
  close(): Promise<void>;
}

function rolesFor(login: string): string[] {
  if (login.startsWith('ops-')) return [STAFF_ROLE, OPS_ROLE];
  if (login.startsWith('nobody-')) return ['some-other-service'];
  return [STAFF_ROLE];
}

export async function startIdentityProvider(redirectUri: string): Promise<TestIdentityProvider> {
  const { default: Provider } = await import('oidc-provider');
  const port = await freePort();
  const issuer = `http://127.0.0.1:${port}`;
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = { ...(await exportJWK(privateKey)), kid: `test-${randomBytes(4).toString('hex')}`, alg: 'RS256', use: 'sig' };
  const clientId = 'notify-journeys-console';
  const clientSecret = randomBytes(24).toString('base64url');
  const provider = new Provider(issuer, {
    clients: [{ client_id: clientId, client_secret: clientSecret, redirect_uris: [redirectUri], grant_types: ['authorization_code'], response_types: ['code'] }],
    jwks: { keys: [jwk] },
    cookies: { keys: [randomBytes(16).toString('hex')] },
    pkce: { required: () => true },
    claims: { openid: ['sub'], profile: ['name', 'roles'] },
    ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600 },
    conformIdTokenClaims: false, // the profile claims go into the ID token itself
    findAccount: (_ctx: unknown, id: string) => Promise.resolve({
      accountId: id,
      claims: () => Promise.resolve({ sub: id, name: `Test ${id}`, roles: rolesFor(id) }),
    }),
  });
  const server: Server = provider.listen(port);
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  return {
    issuer, clientId, clientSecret,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
