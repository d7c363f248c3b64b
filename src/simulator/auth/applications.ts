/**
 * Registered client applications, the access tokens issued to them and the client-assertion jti values
 * they have used (docs/nhs-notify.md §11). In memory: a restart forgets tokens, as a real token expiry would.
 */
import { randomBytes } from 'node:crypto';
import type { JSONWebKeySet } from 'jose';
import type { SimulatorApplication } from '../options';

export interface RegisteredApplication {
  readonly apiKey: string;
  readonly applicationId: string;
  jwks: JSONWebKeySet | undefined;
  readonly jwksUrl: string | undefined;
  readonly restriction?: SimulatorApplication['restriction'];
}

interface IssuedToken { readonly app: RegisteredApplication; readonly expiresAtMs: number }

/** NHS caches used jti values per client for 30 days. */
const JTI_RETENTION_MS = 30 * 24 * 60 * 60 * 1000;
const TOKEN_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Opaque, like Apigee's 28-character access tokens. */
function newAccessToken(): string {
  return Array.from(randomBytes(28), (b) => TOKEN_ALPHABET[b % TOKEN_ALPHABET.length]).join('');
}

export class ApplicationRegistry {
  private readonly apps = new Map<string, RegisteredApplication>();
  private readonly tokens = new Map<string, IssuedToken>();
  private readonly usedJtis = new Map<string, number>();

  register(app: SimulatorApplication): void {
    this.apps.set(app.apiKey, {
      apiKey: app.apiKey, applicationId: app.applicationId, jwks: app.jwks, jwksUrl: app.jwksUrl,
      ...(app.restriction === undefined ? {} : { restriction: app.restriction }),
    });
  }

  setJwks(apiKey: string, jwks: JSONWebKeySet): void {
    const app = this.apps.get(apiKey);
    if (app === undefined) throw new Error('setJwks: no application is registered with that API key');
    app.jwks = jwks;
  }

  byApiKey(apiKey: string): RegisteredApplication | undefined {
    return this.apps.get(apiKey);
  }

  issueToken(app: RegisteredApplication, nowMs: number, lifetimeSeconds: number): string {
    for (const [token, issued] of this.tokens) if (issued.expiresAtMs <= nowMs) this.tokens.delete(token);
    const token = newAccessToken();
    this.tokens.set(token, { app, expiresAtMs: nowMs + lifetimeSeconds * 1000 });
    return token;
  }

  /** The application a bearer token belongs to, or undefined when unknown or expired. */
  resolveToken(token: string, nowMs: number): RegisteredApplication | undefined {
    const issued = this.tokens.get(token);
    if (issued === undefined || issued.expiresAtMs <= nowMs) return undefined;
    return issued.app;
  }

  /** Records the jti; false when this client already used it (replay). */
  claimJti(apiKey: string, jti: string, nowMs: number): boolean {
    const key = `${apiKey}\u0000${jti}`;
    const until = this.usedJtis.get(key);
    if (until !== undefined && until > nowMs) return false;
    this.usedJtis.set(key, nowMs + JTI_RETENTION_MS);
    return true;
  }
}
