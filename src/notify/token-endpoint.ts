/**
 * One call to NHS's OAuth2 token endpoint (docs/nhs-notify.md §11): a form-encoded client_credentials grant
 * with our signed assertion. Failures are classified for the token cache:
 * - the endpoint rejected our assertion or configuration (400 invalid_request, 401 bad signature or
 *   unknown kid, 403 "public_key error" when the JWKS cannot be fetched, 415): NOTIFY_AUTH_CONFIG,
 *   permanent, because resending the same kind of assertion cannot succeed until someone fixes config;
 * - 429, 5xx, timeouts and network errors: NOTIFY_TOKEN_UNAVAILABLE, transient;
 * - a 200 we cannot read: NOTIFY_BAD_RESPONSE.
 * An exp-claim rejection usually means the local clock is skewed from NHS's; the error says so (A5).
 */
import type { Clock } from './clock';
import { NotifyAuthConfigError, NotifyBadResponseError, NotifyError, NotifyTokenUnavailableError } from './errors';
import { parseJsonBody } from './response-parsing';
import { parseRetryAfter } from './retry-after';
import type { Transport, TransportResponse } from './transport';
import { TokenErrorBody, TokenResponse } from '../contracts/nhs-notify/wire';

export interface IssuedToken {
  readonly accessToken: string;
  readonly expiresInMs: number;
  /** The token server's clock (issued_at, epoch ms) when it sent one: lets us measure skew. */
  readonly serverIssuedAtMs?: number;
}

const ROUTE = 'POST /oauth2/token';

function readTokenError(res: TransportResponse): { error: string; description: string } {
  try {
    const parsed = TokenErrorBody.safeParse(JSON.parse(res.body.toString('utf8')));
    if (parsed.success) return { error: parsed.data.error, description: parsed.data.error_description };
  } catch { /* not JSON: fall through */ }
  return { error: 'unknown', description: '' };
}

/** The token endpoint's descriptions are fixed strings about our assertion (no patient data), so we keep a hint. */
function configHint(description: string): string {
  if (/'exp' claim|has expired/i.test(description)) {
    return 'the assertion exp was rejected: the local clock is probably skewed from the token server clock (check NTP)';
  }
  if (/kid/i.test(description)) return 'unknown kid: the active signing key is not in the JWKS registered for this application';
  if (/signature/i.test(description)) return 'signature verification failed: the JWKS does not hold this key\'s public half';
  if (/jwks|public key/i.test(description)) return 'the token server could not get our public keys (JWKS registration or URL)';
  if (/'aud'/i.test(description)) return 'aud must equal the exact token URL';
  if (/'iss'|'sub'/i.test(description)) return 'iss and sub must both equal the API key';
  return 'the token endpoint rejected the client assertion or request';
}

export function tokenErrorFromResponse(res: TransportResponse, clock: Clock): NotifyError {
  const { error, description } = readTokenError(res);
  const details = { status: res.status, correlationId: res.correlationId, apiErrorCodes: [error] };
  if (res.status === 429 || res.status >= 500) {
    const retryAfterMs = parseRetryAfter(res.headers['retry-after'], clock.now());
    return new NotifyTokenUnavailableError(`${ROUTE}: token endpoint answered ${res.status}`,
      retryAfterMs === undefined ? details : { ...details, retryAfterMs });
  }
  return new NotifyAuthConfigError(`${ROUTE}: token endpoint answered ${res.status} ${error}: ${configHint(description)}`, details);
}

export async function requestAccessToken(transport: Transport, tokenUrl: URL, assertion: string, clock: Clock): Promise<IssuedToken> {
  let res: TransportResponse;
  try {
    res = await transport.send({
      method: 'POST', url: tokenUrl, route: ROUTE, accept: 'application/json',
      body: { form: {
        grant_type: 'client_credentials',
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
        client_assertion: assertion,
      } },
    });
  } catch (err) {
    // A lost token request has no side effect worth protecting: every network failure is just "try again".
    if (err instanceof NotifyError && err.kind !== 'permanent') {
      throw new NotifyTokenUnavailableError(`${ROUTE}: ${err.message}`, { correlationId: err.correlationId, cause: err });
    }
    throw err;
  }
  if (res.status !== 200) throw tokenErrorFromResponse(res, clock);
  const token = parseJsonBody(ROUTE, res, TokenResponse);
  const expiresInMs = Number(token.expires_in) * 1000;
  if (expiresInMs <= 0) throw new NotifyBadResponseError(`${ROUTE}: expires_in must be positive`, { status: 200, correlationId: res.correlationId });
  const issuedAt = token.issued_at === undefined ? NaN : Number(token.issued_at);
  return Number.isFinite(issuedAt) ? { accessToken: token.access_token, expiresInMs, serverIssuedAtMs: issuedAt } : { accessToken: token.access_token, expiresInMs };
}
