/**
 * POST /oauth2/token: the APIM client-credentials token endpoint (docs/nhs-notify.md §11). Form-encoded
 * only; verifies the signed client assertion and answers with an opaque token whose expires_in is a
 * string, exactly like Apigee. Error bodies are `{error, error_description, message_id}`.
 */
import type { Request, Response } from 'express';
import type { JWK } from 'jose';
import type { Logger } from '../../observability/logger';
import type { ApplicationRegistry } from './applications';
import { readBody } from '../http/body';
import { ASSERTION_TYPE, verifyClientAssertion } from './client-assertion';
import type { SimulatorCounters } from '../state/counters';
import { contextOf, sendBody } from '../http/http-common';

export interface TokenEndpointDeps {
  readonly registry: ApplicationRegistry;
  readonly counters: SimulatorCounters;
  readonly tokenUrl: () => string;
  readonly clock: () => number;
  readonly lifetimeSeconds: number;
  readonly logger: Logger;
}

const FORM_TYPE = 'application/x-www-form-urlencoded';
const MAX_FORM_BYTES = 64 * 1024;

async function fetchJwks(url: string): Promise<{ keys: JWK[] }> {
  const response = await fetch(url, { signal: AbortSignal.timeout(5_000), redirect: 'error' });
  if (!response.ok) throw new Error(`JWKS endpoint answered ${response.status}`);
  const body = (await response.json()) as { keys?: unknown };
  if (!Array.isArray(body.keys)) throw new Error('JWKS has no keys array');
  return { keys: body.keys as JWK[] };
}

export function tokenEndpoint(deps: TokenEndpointDeps) {
  return async (req: Request, res: Response): Promise<void> => {
    const messageId = contextOf(res).requestId;
    const reject = (status: number, error: string, description: string): void => {
      deps.counters.tokenRejections += 1;
      deps.logger.info({ route: 'token', status, error }, 'token request rejected');
      sendBody(res, status, JSON.stringify({ error, error_description: description, message_id: messageId }), 'application/json');
    };

    const contentType = (req.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase();
    if (contentType !== FORM_TYPE) return reject(415, 'invalid_request', `Content-Type must be ${FORM_TYPE}`);
    const read = await readBody(req, MAX_FORM_BYTES);
    if (!read.ok) return reject(400, 'invalid_request', 'Request body could not be read');
    const form = new URLSearchParams(read.body.toString('utf8'));

    const grantType = form.get('grant_type');
    if (grantType === null || grantType === '') return reject(400, 'invalid_request', 'grant_type is missing');
    if (grantType !== 'client_credentials') return reject(400, 'unsupported_grant_type', 'grant_type is invalid');
    if (form.get('client_assertion_type') !== ASSERTION_TYPE) {
      return reject(400, 'invalid_request', `Missing or invalid client_assertion_type - must be '${ASSERTION_TYPE}'`);
    }
    const assertion = form.get('client_assertion');
    if (assertion === null || assertion === '') return reject(400, 'invalid_request', 'Missing client_assertion');

    const nowMs = deps.clock();
    const result = await verifyClientAssertion({ assertion, tokenUrl: deps.tokenUrl(), nowMs, registry: deps.registry, fetchJwks });
    if (!result.ok) return reject(result.status, result.error, result.description);

    const accessToken = deps.registry.issueToken(result.app, nowMs, deps.lifetimeSeconds);
    deps.counters.tokensIssued += 1;
    const body = { access_token: accessToken, expires_in: String(deps.lifetimeSeconds), token_type: 'Bearer', issued_at: String(nowMs) };
    sendBody(res, 200, JSON.stringify(body), 'application/json');
  };
}
