/**
 * The console's session: a short-lived cookie holding an encrypted, authenticated JWT (jose, dir + A256GCM)
 * with the staff member's subject, name and roles. Stateless, so any API replica serves any request; the
 * expiry is inside the token (the cookie's own Max-Age only tells the browser when to drop it). Two limits
 * end a session, whichever comes first: the idle timeout (every response re-issues the token with a new
 * expiry, so a session ends `idleSeconds` after the last request) and the absolute lifetime (`ttlSeconds`
 * from when the session began, which re-issuing never extends). Every visitor
 * gets a session id at first sight (anonymous until sign-in) so CSRF tokens bind to it; signing in or out
 * issues a new id, so a token from before the change is refused after it (no session fixation).
 *
 * The sign-in handshake (OpenID Connect state, nonce and PKCE verifier) rides in a second cookie of the same
 * kind, valid for ten minutes and for the callback path only.
 */
import { randomUUID } from 'node:crypto';
import type { CookieOptions, Request, Response } from 'express';
import { EncryptJWT, errors, jwtDecrypt, type JWTPayload } from 'jose';
import type { ConsoleRole, StaffMember } from './ports';

export interface ConsoleSession {
  readonly id: string;
  /** When this session id was issued (ms): the absolute lifetime counts from here. */
  readonly startedAt: number;
  readonly staff?: StaffMember;
}

/** What a request's session cookie holds: nothing usable, a signed-in session that timed out, or a session. */
export type SessionCookie =
  | { readonly kind: 'none' }
  | { readonly kind: 'ended' }
  | { readonly kind: 'open'; readonly session: ConsoleSession };

export interface SignInHandshake {
  readonly state: string;
  readonly nonce: string;
  readonly codeVerifier: string;
}

export interface SessionSettings {
  /** 32 bytes: the key of the session and handshake cookies. */
  readonly key: Uint8Array;
  /** The absolute lifetime: a session ends this long after it began, however active. */
  readonly ttlSeconds: number;
  /** The idle timeout: a session ends this long after its last request. */
  readonly idleSeconds: number;
  /** Outside local: the Secure flag and the __Host- prefix. */
  readonly secure: boolean;
  /** Where the console is mounted (cookie path). */
  readonly basePath: string;
  /** The time (ms since the epoch); tests move it. */
  readonly clock?: () => number;
}

const HANDSHAKE_TTL_SECONDS = 600;

export interface SessionCookies {
  read(req: Request): Promise<SessionCookie>;
  /** Sets (or, later in the same response, replaces) the session cookie, expiring at the sooner of the two limits. */
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

  const now = settings.clock ?? Date.now;

  /** Seals a payload that expires at `expiresAt` (ms). */
  async function seal(payload: Record<string, unknown>, expiresAt: number, audience: string): Promise<string> {
    return new EncryptJWT(payload).setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
      .setIssuedAt(Math.floor(now() / 1000)).setExpirationTime(Math.floor(expiresAt / 1000)).setAudience(audience).encrypt(settings.key);
  }

  type Opened = { readonly kind: 'none' } | { readonly kind: 'expired'; readonly payload: JWTPayload } | { readonly kind: 'valid'; readonly payload: JWTPayload };

  async function open(token: unknown, audience: string): Promise<Opened> {
    if (typeof token !== 'string' || token === '') return { kind: 'none' };
    try {
      const { payload } = await jwtDecrypt(token, settings.key, {
        audience, contentEncryptionAlgorithms: ['A256GCM'], keyManagementAlgorithms: ['dir'], currentDate: new Date(now()),
      });
      return { kind: 'valid', payload };
    } catch (error) {
      // Expired is only reported for a token that decrypted and authenticated, so its payload is ours.
      if (error instanceof errors.JWTExpired) return { kind: 'expired', payload: error.payload };
      return { kind: 'none' }; // tampered with, or sealed with another key: no session
    }
  }

  return {
    async read(req) {
      const opened = await open(cookiesOf(req)[names.session], 'nj-console-session');
      if (opened.kind === 'expired') return staffOf(opened.payload.staff) === undefined ? { kind: 'none' } : { kind: 'ended' };
      if (opened.kind === 'none') return { kind: 'none' };
      const { sid, started } = opened.payload;
      if (typeof sid !== 'string' || typeof started !== 'number') return { kind: 'none' };
      const staff = staffOf(opened.payload.staff);
      return { kind: 'open', session: { id: sid, startedAt: started, ...(staff === undefined ? {} : { staff }) } };
    },
    async write(res, session) {
      const expiresAt = Math.min(now() + settings.idleSeconds * 1000, session.startedAt + settings.ttlSeconds * 1000);
      const token = await seal({ sid: session.id, started: session.startedAt, ...(session.staff === undefined ? {} : { staff: session.staff }) }, expiresAt, 'nj-console-session');
      dropSetCookie(res, names.session);
      res.cookie(names.session, token, { ...base, maxAge: Math.max(expiresAt - now(), 0) });
    },
    fresh: () => ({ id: randomUUID(), startedAt: now() }),
    async readHandshake(req) {
      const opened = await open(cookiesOf(req)[names.handshake], 'nj-console-sign-in');
      if (opened.kind !== 'valid') return undefined;
      const { state, nonce, codeVerifier } = opened.payload;
      return typeof state === 'string' && typeof nonce === 'string' && typeof codeVerifier === 'string' ? { state, nonce, codeVerifier } : undefined;
    },
    async writeHandshake(res, handshake) {
      res.cookie(names.handshake, await seal({ ...handshake }, now() + HANDSHAKE_TTL_SECONDS * 1000, 'nj-console-sign-in'), { ...base, maxAge: HANDSHAKE_TTL_SECONDS * 1000 });
    },
    clearHandshake(res) {
      res.clearCookie(names.handshake, base);
    },
  };
}

/** A response sets its session cookie once: a later write (signing in or out) replaces the earlier renewal. */
function dropSetCookie(res: Response, name: string): void {
  const set = res.getHeader('Set-Cookie');
  if (set === undefined) return;
  const kept = (Array.isArray(set) ? set : [String(set)]).filter((cookie) => !cookie.startsWith(`${name}=`));
  res.setHeader('Set-Cookie', kept);
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
