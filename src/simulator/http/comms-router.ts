/**
 * Everything under /comms, in the live proxy's order of checks (docs/nhs-notify.md §2): _ping needs no token;
 * then auth (401/403), the sandbox's Prefer triggers, quota (429), Accept (406), Content-Type (415), path and
 * method (404/405), then the route: for POSTs the body (413 only past what the gateway can take at all),
 * validation (400, or 413 for too many items), the payload limit (413), and the route's own backend checks.
 */
import type { Request, Response } from 'express';
import { sleep } from '../messages/accept-message';
import { authenticate } from '../auth/auth';
import { sendBatch } from '../batches/batches.routes';
import { readBody } from './body';
import { nhsAppAccounts } from './nhsapp-accounts';
import { GATEWAY_MAX_REQUEST_BYTES } from '../options';
import { sendErrors, sendJson } from './http-common';
import { getMessage, sendMessage } from '../messages/messages.routes';
import { classifyRoute, negotiationError } from './negotiation';
import { preferTrigger } from '../sandbox/prefer';
import type { SimulatorState } from '../state/state';

const PING = { version: 'notify-journeys-simulator', revision: 'local', releaseId: 'local', commitId: 'local' };
/** NHS's sandbox target timeout (§13): longer sleeps end in 504. */
const SANDBOX_TARGET_TIMEOUT_MS = 10_000;

async function sandboxTimeout(req: Request, res: Response, path: string): Promise<void> {
  if (path === '/_invalid_certificate') return sendErrors(req, res, [{ key: 'CM_SERVICE_UNAVAILABLE' }]);
  if (path === '/_timeout') {
    const requested = Number(req.query.sleep ?? 0);
    const sleepMs = Number.isFinite(requested) ? Math.max(0, requested) : 0;
    await sleep(Math.min(sleepMs, SANDBOX_TARGET_TIMEOUT_MS));
    if (sleepMs < SANDBOX_TARGET_TIMEOUT_MS) return sendJson(req, res, 200, { data: { slept: sleepMs } });
  }
  sendErrors(req, res, [{ key: 'CM_TIMEOUT' }]);
}

export function commsHandler(state: SimulatorState) {
  return async (req: Request, res: Response): Promise<void> => {
    const route = classifyRoute(req.method, req.path);
    if (route.kind === 'ping') return sendJson(req, res, 200, PING);
    if (route.kind === 'status') {
      return req.get('apikey') === undefined ? sendErrors(req, res, [{ key: 'CM_DENIED', header: 'apikey' }]) : sendJson(req, res, 200, { status: 'pass' });
    }

    const auth = authenticate(req, state);
    if (!auth.ok) return sendErrors(req, res, [auth.error]);
    const triggered = preferTrigger(req.get('prefer'));
    if (triggered !== undefined) return sendErrors(req, res, [triggered.error], triggered.headers);
    if (state.quota !== undefined && !state.quota.allow(auth.applicationId)) {
      return sendErrors(req, res, [{ key: 'CM_QUOTA', detail: state.quota.detail(auth.applicationId) }], { 'Retry-After': '60' });
    }
    const negotiation = negotiationError(req.method, req.get('accept'), req.get('content-type'));
    if (negotiation !== undefined) return sendErrors(req, res, [negotiation]);
    if (route.kind === 'error') return sendErrors(req, res, [route.error]);
    if (route.kind === 'sandboxTimeout') return sandboxTimeout(req, res, route.path);
    if (route.kind === 'getMessage') return getMessage(state, req, res, auth, route.messageId);
    if (route.kind === 'nhsAppAccounts') {
      const answer = nhsAppAccounts(req.query, `${req.protocol}://${req.get('host') ?? 'localhost'}/comms/channels/nhsapp/accounts`);
      return answer.ok ? sendJson(req, res, 200, answer.body) : sendErrors(req, res, [answer.error]);
    }

    const body = await readBody(req, Math.max(GATEWAY_MAX_REQUEST_BYTES, state.maxBodyBytes));
    if (!body.ok) {
      if (body.reason === 'too-large') return sendErrors(req, res, [{ key: 'CM_TOO_LARGE', pointer: '/' }]);
      return; // the client went away mid-body: nobody to answer
    }
    if (route.kind === 'sendMessage') return sendMessage(state, req, res, auth, body.body);
    return sendBatch(state, req, res, auth, body.body);
  };
}
