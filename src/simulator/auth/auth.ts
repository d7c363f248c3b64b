/**
 * Step 1 of every /comms request (docs/nhs-notify.md §2, §11, §13): a bearer token issued by our token
 * endpoint and not yet expired, else 401 CM_DENIED. In open-access mode, like NHS's sandbox, any
 * Authorization passes except the sandbox's trigger values.
 */
import type { Request } from 'express';
import type { ErrorSpec } from '../http/errors';
import { OPEN_ACCESS_APPLICATION_ID, type SimulatorState } from '../state/state';
import type { ClientRestriction } from '../options';

/** Sandbox Authorization values that change behaviour after auth (§13). */
export type { ClientRestriction };

export type AuthResult =
  | { readonly ok: true; readonly applicationId: string; readonly restriction?: ClientRestriction }
  | { readonly ok: false; readonly error: ErrorSpec };

const DENIED: ErrorSpec = { key: 'CM_DENIED', header: 'Authorization' };
const RESTRICTIONS: readonly ClientRestriction[] = ['noDefaultOds', 'noOdsChange', 'notAllowedContactDetailOverride'];

function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer (\S+)$/i.exec(header ?? '');
  return match?.[1];
}

function openAccess(header: string | undefined, state: SimulatorState): AuthResult {
  const raw = header ?? '';
  const token = bearerToken(raw) ?? raw;
  if (token === 'InvalidMockToken') return { ok: false, error: DENIED };
  if (token === 'ClientNotRecognised') return { ok: false, error: { key: 'CM_FORBIDDEN', header: 'Authorization' } };
  if (token === 'banned') return { ok: false, error: { key: 'CM_SERVICE_BAN', header: 'Authorization' } };
  const restriction = RESTRICTIONS.find((r) => r === token);
  const app = state.registry.resolveToken(token, state.clock());
  const applicationId = app?.applicationId ?? OPEN_ACCESS_APPLICATION_ID;
  return restriction === undefined ? { ok: true, applicationId } : { ok: true, applicationId, restriction };
}

export function authenticate(req: Request, state: SimulatorState): AuthResult {
  const header = req.get('authorization');
  if (state.openAccess) return openAccess(header, state);
  const token = bearerToken(header);
  const app = token === undefined ? undefined : state.registry.resolveToken(token, state.clock());
  if (app === undefined) return { ok: false, error: DENIED };
  return app.restriction === undefined ? { ok: true, applicationId: app.applicationId } : { ok: true, applicationId: app.applicationId, restriction: app.restriction };
}

/** The backend's client-configuration checks, for sandbox restriction values (§13). */
export function restrictionErrors(restriction: ClientRestriction | undefined, item: { odsCode: string | undefined; hasContactDetails: boolean }, base: string): ErrorSpec[] {
  if (restriction === 'noDefaultOds' && item.odsCode === undefined) return [{ key: 'CM_ODS_CODE_REQUIRED', pointer: '/data/attributes/messages' }];
  if (restriction === 'noOdsChange' && item.odsCode !== undefined) return [{ key: 'CM_CANNOT_SET_ODS_CODE', pointer: '/data/attributes/messages' }];
  if (restriction === 'notAllowedContactDetailOverride' && item.hasContactDetails) {
    return [{ key: 'CM_CANNOT_SET_CONTACT_DETAILS', pointer: `${base}/recipient/contactDetails` }];
  }
  return [];
}
