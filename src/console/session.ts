/**
 * The console's session: a short-lived cookie holding an encrypted, authenticated JWT (jose, dir + A256GCM)
 * with the staff member's subject, name and roles. Stateless, so any API replica serves any request; the
 * expiry is inside the token (the cookie's own Max-Age only tells the browser when to drop it). Every visitor
 * gets a session id at first sight (anonymous until sign-in) so CSRF tokens bind to it; signing in or out
 * issues a new id, so a token from before the change is refused after it (no session fixation).
 *
 * The sign-in handshake (OpenID Connect state, nonce and PKCE verifier) rides in a second cookie of the same
 * kind, valid for ten minutes and for the callback path only.
 */
import { randomUUID } from 'node:crypto';
import type { CookieOptions, Request, Response } from 'express';
import { EncryptJWT, jwtDecrypt } from 'jose';
import type { ConsoleRole, StaffMember } from './ports';

export interface ConsoleSession {
  readonly id: string;
  readonly staff?: StaffMember;
}

export interface SignInHandshake {
  readonly state: string;
  readonly nonce: string;
  readonly codeVerifier: string;
}

export interface SessionSettings {
  /** 32 bytes: the key of the session and handshake cookies. */
  readonly key: Uint8Array;
  readonly ttlSeconds: number;
  /** Outside local: the Secure flag and the __Host- prefix. */
  readonly secure: boolean;
  /** Where the console is mounted (cookie path). */
  readonly basePath: string;
}

const HANDSHAKE_TTL_SECONDS = 600;

export interface SessionCookies {
  read(req: Request): Promise<ConsoleSession | undefined>;
  write(res: Response, session: ConsoleSession): Promise<void>;
  /** A new anonymous session (sign-out, or a first visit). */
  fresh(): ConsoleSession;
  readHandshake(req: Request): Promise<SignInHandshake | undefined>;
  writeHandshake(res: Response, handshake: SignInHandshake): Promise<void>;
  clearHandshake(res: Response): void;
}

export function sessionCookies(settings: SessionSettings): SessionCookies {
  const prefix = settings.secure ? '__Host-' : '';
  const names = { session: `${prefix}nj-console`, handshake: `${prefix}nj-console-sign-in` };
  // __Host- cookies must have Path=/; the handshake cookie is only read by the callback anyway.
  const base: CookieOptions = { httpOnly: true, secure: settings.secure, sameSite: 'lax', path: settings.secure ? '/' : settings.basePath };

  async function seal(payload: Record<string, unknown>, ttlSeconds: number, audience: string): Promise<string> {
    return new EncryptJWT(payload).setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
      .setIssuedAt().setExpirationTime(`${ttlSeconds}s`).setAudience(audience).encrypt(settings.key);
  }

  async function open(token: unknown, audience: string): Promise<Record<string, unknown> | undefined> {
    if (typeof token !== 'string' || token === '') return undefined;
    try {
      const { payload } = await jwtDecrypt(token, settings.key, { audience, contentEncryptionAlgorithms: ['A256GCM'], keyManagementAlgorithms: ['dir'] });
      return payload;
    } catch {
      return undefined; // expired, tampered with, or sealed with another key: no session
    }
  }

  return {
    async read(req) {
      const payload = await open(cookiesOf(req)[names.session], 'nj-console-session');
      if (payload === undefined || typeof payload.sid !== 'string') return undefined;
      const staff = staffOf(payload.staff);
      return staff === undefined ? { id: payload.sid } : { id: payload.sid, staff };
    },
    async write(res, session) {
      const token = await seal({ sid: session.id, ...(session.staff === undefined ? {} : { staff: session.staff }) }, settings.ttlSeconds, 'nj-console-session');
      res.cookie(names.session, token, { ...base, maxAge: settings.ttlSeconds * 1000 });
    },
    fresh: () => ({ id: randomUUID() }),
    async readHandshake(req) {
      const payload = await open(cookiesOf(req)[names.handshake], 'nj-console-sign-in');
      if (payload === undefined) return undefined;
      const { state, nonce, codeVerifier } = payload;
      return typeof state === 'string' && typeof nonce === 'string' && typeof codeVerifier === 'string' ? { state, nonce, codeVerifier } : undefined;
    },
    async writeHandshake(res, handshake) {
      res.cookie(names.handshake, await seal({ ...handshake }, HANDSHAKE_TTL_SECONDS, 'nj-console-sign-in'), { ...base, maxAge: HANDSHAKE_TTL_SECONDS * 1000 });
    },
    clearHandshake(res) {
      res.clearCookie(names.handshake, base);
    },
  };
}

function cookiesOf(req: Request): Record<string, unknown> {
  return (req as Request & { cookies?: Record<string, unknown> }).cookies ?? {};
}

const ROLES: readonly ConsoleRole[] = ['staff', 'ops'];

function staffOf(value: unknown): StaffMember | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { subject, displayName, roles } = value as Record<string, unknown>;
  if (typeof subject !== 'string' || typeof displayName !== 'string' || !Array.isArray(roles)) return undefined;
  const known = roles.filter((role): role is ConsoleRole => ROLES.includes(role as ConsoleRole));
  return known.length === 0 ? undefined : { subject, displayName, roles: known };
}
