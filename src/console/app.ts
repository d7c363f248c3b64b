/**
 * The staff console, mounted under /console on the API process: server-rendered NHS design system pages that
 * work without JavaScript. What every console response gets, in order:
 * - security headers (helmet): a CSP with no inline script and no inline style, frames refused, forms posted
 *   only here or to the identity provider;
 * - `Cache-Control: no-store` on every page (patient data never sits in a browser or proxy cache);
 * - a session (session.ts) and CSRF protection on every form (csrf-csrf, bound to the session id);
 * - sign-in before anything but the sign-in pages; role `ops` for the sending controls (403 otherwise).
 * Failures render as pages, never as a stack trace; nothing patient-identifying is logged.
 */
import express, { Router, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import cookieParser from 'cookie-parser';
import { doubleCsrf } from 'csrf-csrf';
import helmet from 'helmet';
import { join } from 'node:path';
import type { Logger } from '../observability/logger';
import { TemporalUnavailableError } from '../contracts/ports';
import type { ConsoleJourneys, ConsoleRole, PatientCommunications, SendingControls, StaffMember } from './ports';
import { createRenderer, NHSUK_FRONTEND_DIST } from './render';
import { sessionCookies, type ConsoleSession, type SessionSettings } from './session';
import { oidcSignIn, type OidcSettings } from './sign-in/oidc';
import { controlsRoutes } from './pages/controls.routes';
import { patientRoutes } from './pages/patients.routes';
import type { PageRenderer } from './pages/page';
import { worklistRoutes } from './pages/worklist.routes';

export const CONSOLE_PATH = '/console';

export interface ConsoleOptions {
  readonly journeys: ConsoleJourneys;
  /** The communications record (issue 12); omitted → no patient search. */
  readonly patients?: PatientCommunications;
  /** The operating switches (issue 11); omitted → no sending controls. */
  readonly controls?: SendingControls;
  readonly journeyTypes: readonly string[];
  readonly session: Omit<SessionSettings, 'basePath'>;
  /** Key of the CSRF tokens' HMAC (32+ bytes). */
  readonly csrfSecret: string;
  readonly oidc?: OidcSettings;
  /** Local tier only (config refuses it elsewhere): sign in as a chosen role without an identity provider. */
  readonly devSignIn: boolean;
  readonly logger: Logger;
}

type Locals = { session: ConsoleSession; staff?: StaffMember; base: string };

export function consoleRouter(options: ConsoleOptions): Router {
  const base = CONSOLE_PATH;
  const logger = options.logger.child({ component: 'console' });
  const cookies = sessionCookies({ ...options.session, basePath: base });
  const signIn = options.oidc === undefined ? undefined : oidcSignIn(options.oidc);
  const render = createRenderer();
  const features = { patients: options.patients !== undefined, controls: options.controls !== undefined };
  const sessions = new WeakMap<Request, ConsoleSession>();
  const csrf = doubleCsrf({
    getSecret: () => options.csrfSecret,
    getSessionIdentifier: (req) => sessions.get(req)?.id ?? '',
    cookieName: `${options.session.secure ? '__Host-' : ''}nj-console-csrf`,
    cookieOptions: { sameSite: 'lax', secure: options.session.secure, httpOnly: true, path: options.session.secure ? '/' : base },
    getCsrfTokenFromRequest: (req) => (req.body as Record<string, unknown> | undefined)?._csrf as string | undefined,
  });

  const page: PageRenderer = (req, res, status, template, data) => {
    const locals = res.locals as Locals;
    render(res, status, template, {
      base, features, csrfToken: csrf.generateCsrfToken(req, res, { overwrite: true }),
      ...(locals.staff === undefined ? {} : { staff: locals.staff }), ...data,
    });
  };

  const router = Router();
  const pages = Router();
  router.use(base, pages);

  pages.use(helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"], scriptSrc: ["'self'"], styleSrc: ["'self'"], imgSrc: ["'self'", 'data:'], fontSrc: ["'self'"],
        connectSrc: ["'self'"], objectSrc: ["'none'"], baseUri: ["'none'"], frameAncestors: ["'none'"],
        formAction: ["'self'", ...(options.oidc === undefined ? [] : [new URL(options.oidc.issuer).origin])],
      },
    },
    strictTransportSecurity: options.session.secure,
  }));
  // The design system's stylesheet and images (no patient data): cacheable.
  pages.use('/assets', express.static(join(NHSUK_FRONTEND_DIST, 'nhsuk'), { index: false, fallthrough: false, maxAge: '1h' }));
  pages.use('/assets', express.static(join(NHSUK_FRONTEND_DIST, 'nhsuk', 'assets'), { index: false, maxAge: '1h' }));
  pages.use((_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  });
  pages.use(cookieParser(), express.urlencoded({ extended: false, limit: '16kb', parameterLimit: 20 }));
  pages.use(async (req, res, next) => {
    const existing = await cookies.read(req);
    const session = existing ?? cookies.fresh();
    if (existing === undefined) await cookies.write(res, session);
    sessions.set(req, session);
    Object.assign(res.locals, { session, base, ...(session.staff === undefined ? {} : { staff: session.staff }) } satisfies Locals);
    next();
  });
  pages.use(csrf.doubleCsrfProtection);

  const startSession = async (req: Request, res: Response, staff: StaffMember | undefined) => {
    // A new id at every change of who is signed in: tokens and cookies from before stop working.
    const session: ConsoleSession = { ...cookies.fresh(), ...(staff === undefined ? {} : { staff }) };
    sessions.set(req, session);
    await cookies.write(res, session);
  };

  pages.get('/', (_req, res) => { res.redirect(303, `${base}/worklist`); });
  pages.get('/sign-in', (req, res) => {
    page(req, res, 200, 'sign-in', { title: 'Sign in', oidc: signIn !== undefined, devSignIn: options.devSignIn, message: messageOf(req.query.m) });
  });
  if (signIn !== undefined) {
    pages.post('/sign-in', async (_req, res) => {
      const { url, handshake } = await signIn.begin();
      await cookies.writeHandshake(res, handshake);
      res.redirect(303, url.href);
    });
    // The provider's redirect back: a GET, protected by state, nonce and PKCE rather than a CSRF token.
    pages.get('/callback', async (req, res) => {
      const handshake = await cookies.readHandshake(req);
      cookies.clearHandshake(res);
      if (handshake === undefined) return res.redirect(303, `${base}/sign-in?m=expired`);
      const callbackUrl = new URL(req.originalUrl, options.oidc!.redirectUri);
      const result = await signIn.finish(callbackUrl, handshake);
      if (result.kind === 'failed') {
        logger.warn({ reason: result.reason }, 'console sign-in failed');
        return res.redirect(303, `${base}/sign-in?m=failed`);
      }
      if (result.kind === 'no-role') {
        logger.warn('console sign-in refused: no allowed role');
        return page(req, res, 403, 'problem', { title: 'You cannot use this service', lines: ['Your account does not have a role that allows it. Ask your administrator for access.'] });
      }
      await startSession(req, res, result.staff);
      logger.info({ roles: result.staff.roles }, 'console sign-in');
      res.redirect(303, `${base}/worklist`);
    });
  }
  if (options.devSignIn) {
    pages.post('/dev-sign-in', async (req, res) => {
      const role: ConsoleRole = (req.body as Record<string, unknown>).role === 'ops' ? 'ops' : 'staff';
      await startSession(req, res, {
        subject: `dev-${role}`, displayName: role === 'ops' ? 'Developer (operations)' : 'Developer (clinic staff)', roles: role === 'ops' ? ['staff', 'ops'] : ['staff'],
      });
      res.redirect(303, `${base}/worklist`);
    });
  }
  pages.get('/sign-out', requireStaff(base), (req, res) => { page(req, res, 200, 'sign-out', { title: 'Sign out' }); });
  pages.post('/sign-out', async (req, res) => {
    await startSession(req, res, undefined);
    res.redirect(303, `${base}/sign-in?m=signed-out`);
  });

  pages.use(requireStaff(base));
  pages.use(worklistRoutes(options.journeys, options.journeyTypes, page));
  if (options.patients !== undefined) pages.use(patientRoutes(options.patients, page));
  if (options.controls !== undefined) pages.use('/controls', requireOps(page)).use(controlsRoutes(options.controls, page));

  pages.use((req, res) => {
    page(req, res, 404, 'problem', { title: 'Page not found', lines: ['If you typed the web address, check it is correct.'] });
  });
  pages.use((error: unknown, req: Request, res: Response, _next: NextFunction) => {
    if (error === csrf.invalidCsrfTokenError) {
      return page(req, res, 403, 'problem', { title: 'This form has expired', lines: ['For your security, go back, reload the page and try again.'] });
    }
    if (error instanceof TemporalUnavailableError) {
      res.set('Retry-After', String(error.retryAfterSeconds));
      return page(req, res, 503, 'problem', { title: 'Sorry, there is a problem with the service', lines: ['Try again in a few minutes.'] });
    }
    // The name only: a message could quote a value from a decrypted payload.
    logger.error({ err: error instanceof Error ? error.name : 'unknown' }, 'console page failed');
    page(req, res, 500, 'problem', { title: 'Sorry, there is a problem with the service', lines: ['Try again later.'] });
  });
  return router;
}

function messageOf(code: unknown): string | undefined {
  switch (code) {
    case 'expired': return 'Your sign-in took too long. Try again.';
    case 'failed': return 'We could not sign you in. Try again.';
    case 'signed-out': return 'You have signed out.';
    case 'timeout': return 'You were signed out because your session ended. Sign in again.';
    default: return undefined;
  }
}

function requireStaff(base: string): RequestHandler {
  return (_req, res, next) => {
    if ((res.locals as Locals).staff === undefined) return res.redirect(303, `${base}/sign-in`);
    next();
  };
}

function requireOps(page: PageRenderer): RequestHandler {
  return (req, res, next) => {
    if ((res.locals as Locals).staff?.roles.includes('ops')) return next();
    page(req, res, 403, 'problem', { title: 'You do not have permission to see this page', lines: ['Sending controls are for the operations team.'] });
  };
}
