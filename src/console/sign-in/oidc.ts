/**
 * Sign-in through the organisation's identity provider: OpenID Connect authorization code flow with PKCE,
 * state and nonce, by `openid-client` (discovery, the redirect, the code exchange, the ID token's signature,
 * issuer, audience, expiry and nonce checks). The provider's metadata is discovered once, on first use, so
 * the API starts even while the provider is briefly down.
 */
import * as oidc from 'openid-client';
import type { StaffMember } from '../ports';
import type { SignInHandshake } from '../session';
import { consoleRolesOf, displayNameOf, type RoleMapping } from './roles';

export interface OidcSettings {
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** The console's callback URL, registered with the provider. */
  readonly redirectUri: string;
  readonly roles: RoleMapping;
  /** Local tier and a loopback issuer only: plain http (a provider started by a test or a developer). */
  readonly allowHttp: boolean;
}

export type SignInResult =
  | { readonly kind: 'signed-in'; readonly staff: StaffMember }
  /** The person authenticated but holds none of the allowed roles. */
  | { readonly kind: 'no-role' }
  /** The handshake failed (expired, replayed, tampered with, or the provider said no). */
  | { readonly kind: 'failed'; readonly reason: string };

export interface OidcSignIn {
  /** Where to send the browser, and the handshake to keep for the callback. */
  begin(): Promise<{ readonly url: URL; readonly handshake: SignInHandshake }>;
  finish(callbackUrl: URL, handshake: SignInHandshake): Promise<SignInResult>;
}

export function oidcSignIn(settings: OidcSettings): OidcSignIn {
  let discovered: Promise<oidc.Configuration> | undefined;
  const configuration = () => {
    discovered ??= oidc.discovery(new URL(settings.issuer), settings.clientId, settings.clientSecret, undefined,
      settings.allowHttp ? { execute: [oidc.allowInsecureRequests] } : undefined)
      .catch((error: unknown) => { discovered = undefined; throw error; });
    return discovered;
  };
  return {
    async begin() {
      const config = await configuration();
      const handshake = { state: oidc.randomState(), nonce: oidc.randomNonce(), codeVerifier: oidc.randomPKCECodeVerifier() };
      const url = oidc.buildAuthorizationUrl(config, {
        redirect_uri: settings.redirectUri, scope: 'openid profile', response_type: 'code',
        code_challenge: await oidc.calculatePKCECodeChallenge(handshake.codeVerifier), code_challenge_method: 'S256',
        state: handshake.state, nonce: handshake.nonce,
      });
      return { url, handshake };
    },
    async finish(callbackUrl, handshake) {
      const config = await configuration();
      let claims: Readonly<Record<string, unknown>> | undefined;
      try {
        const tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
          pkceCodeVerifier: handshake.codeVerifier, expectedState: handshake.state, expectedNonce: handshake.nonce, idTokenExpected: true,
        });
        claims = tokens.claims();
      } catch (error) {
        return { kind: 'failed', reason: error instanceof Error ? error.name : 'unknown' };
      }
      if (claims === undefined || typeof claims.sub !== 'string') return { kind: 'failed', reason: 'no ID token subject' };
      const roles = consoleRolesOf(claims, settings.roles);
      if (roles.length === 0) return { kind: 'no-role' };
      return { kind: 'signed-in', staff: { subject: claims.sub, displayName: displayNameOf(claims), roles } };
    },
  };
}
