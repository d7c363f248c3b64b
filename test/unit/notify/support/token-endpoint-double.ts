/**
 * A synchronous stand-in for NHS's token endpoint, for MockAgent replies in unit tests: it really checks the
 * form, the RS512 signature against a JWKS, iss/sub/aud/jti, and exp against ITS OWN clock with NHS's rules
 * (at most 310 s ahead, 10 s expiry skew), answering with NHS's error bodies (docs/nhs-notify.md §11).
 * The integration tier uses the real simulator instead.
 */
import { createPublicKey, createVerify } from 'node:crypto';
import type { JWK } from 'jose';
import type { MockInterceptor } from 'undici/types/mock-interceptor';

export interface TokenDoubleOptions {
  readonly apiKey: string;
  readonly tokenUrl: string;
  readonly jwks: () => { keys: JWK[] };
  readonly serverNow: () => number;
  readonly expiresIn?: string;
}

const b64json = (part: string): Record<string, unknown> => JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;

export function tokenEndpointDouble(options: TokenDoubleOptions) {
  const seenJti = new Set<string>();
  let issued = 0;
  const reject = (statusCode: number, error: string, description: string) =>
    ({ statusCode, data: JSON.stringify({ error, error_description: description, message_id: 'rrt-test' }), responseOptions: { headers: { 'content-type': 'application/json' } } });

  const reply: MockInterceptor.MockReplyOptionsCallback = (req) => {
    const form = new URLSearchParams(typeof req.body === 'string' ? req.body : '');
    if (form.get('grant_type') !== 'client_credentials') return reject(400, 'unsupported_grant_type', 'grant_type is missing');
    if (form.get('client_assertion_type') !== 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer') {
      return reject(400, 'invalid_request', "Missing or invalid client_assertion_type - must be 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer'");
    }
    const [h = '', p = '', s = ''] = (form.get('client_assertion') ?? '').split('.');
    const header = b64json(h);
    const claims = b64json(p);
    const jwk = options.jwks().keys.find((k) => k.kid === header.kid);
    if (header.alg !== 'RS512' || header.typ !== 'JWT') return reject(400, 'invalid_request', "Invalid 'alg' header in client_assertion JWT");
    if (jwk === undefined) return reject(401, 'invalid_request', "Invalid 'kid' header in client_assertion JWT - no matching public key");
    const verified = createVerify('RSA-SHA512').update(`${h}.${p}`).verify(createPublicKey({ key: jwk as never, format: 'jwk' }), Buffer.from(s, 'base64url'));
    if (!verified) return reject(401, 'public_key error', 'JWT signature verification failed');
    if (claims.iss !== options.apiKey || claims.sub !== options.apiKey) return reject(400, 'invalid_request', "Missing or non-matching 'iss'/'sub' claims in client_assertion JWT");
    if (claims.aud !== options.tokenUrl) return reject(401, 'invalid_request', "Missing or invalid 'aud' claim in client_assertion JWT");
    if (typeof claims.jti !== 'string' || seenJti.has(claims.jti)) return reject(400, 'invalid_request', "Non-unique 'jti' claim in client_assertion JWT");
    const nowSeconds = Math.floor(options.serverNow() / 1000);
    const exp = claims.exp as number;
    if (exp > nowSeconds + 310) return reject(400, 'invalid_request', "Invalid 'exp' claim in client_assertion JWT - more than 5 minutes in future");
    if (exp < nowSeconds - 10) return reject(400, 'invalid_request', "Invalid 'exp' claim in client_assertion JWT - JWT has expired");
    seenJti.add(claims.jti);
    issued += 1;
    return {
      statusCode: 200,
      data: JSON.stringify({ access_token: `token-${issued}`, expires_in: options.expiresIn ?? '599', token_type: 'Bearer', issued_at: String(options.serverNow()) }),
      responseOptions: { headers: { 'content-type': 'application/json' } },
    };
  };
  return { reply, issued: () => issued };
}
