/**
 * Steps 3 and 4 of every /comms request (docs/nhs-notify.md §2): the Accept header (406), the Content-Type of
 * POSTs (415), then which route the path and method name (404 / 405).
 */
import type { ErrorSpec } from './errors';
import type { FaultRoute } from '../faults/fault-rules';

const ACCEPTED = new Set(['*/*', 'application/json', 'application/vnd.api+json', 'application/json; charset=utf-8', 'application/vnd.api+json; charset=utf-8']);
const CONTENT_TYPES = new Set(['application/json', 'application/vnd.api+json', 'application/json; charset=utf-8', 'application/vnd.api+json; charset=utf-8']);

const normalise = (value: string): string => value.trim().toLowerCase().replace(/\s*;\s*/g, '; ');

export function negotiationError(method: string, accept: string | undefined, contentType: string | undefined): ErrorSpec | undefined {
  if (accept !== undefined && !ACCEPTED.has(normalise(accept))) return { key: 'CM_NOT_ACCEPTABLE', header: 'Accept' };
  const hasBody = method === 'POST' || method === 'PUT' || method === 'PATCH';
  if (hasBody && (contentType === undefined || !CONTENT_TYPES.has(normalise(contentType)))) return { key: 'CM_UNSUPPORTED_MEDIA', header: 'Content-Type' };
  return undefined;
}

export type CommsRoute =
  | { readonly kind: 'sendMessage' }
  | { readonly kind: 'sendBatch' }
  | { readonly kind: 'getMessage'; readonly messageId: string }
  | { readonly kind: 'nhsAppAccounts' }
  | { readonly kind: 'ping' }
  | { readonly kind: 'status' }
  | { readonly kind: 'sandboxTimeout'; readonly path: string }
  | { readonly kind: 'error'; readonly error: ErrorSpec };

const NOT_FOUND: CommsRoute = { kind: 'error', error: { key: 'CM_NOT_FOUND' } };
const NOT_ALLOWED: CommsRoute = { kind: 'error', error: { key: 'CM_NOT_ALLOWED' } };

/** `path` is relative to /comms, without the query string. */
export function classifyRoute(method: string, path: string): CommsRoute {
  const readable = method === 'GET' || method === 'HEAD';
  if (path === '/v1/messages') return method === 'POST' ? { kind: 'sendMessage' } : NOT_ALLOWED;
  if (path === '/v1/message-batches') return method === 'POST' ? { kind: 'sendBatch' } : NOT_ALLOWED;
  const single = /^\/v1\/messages\/([^/]+)$/.exec(path);
  if (single?.[1] !== undefined) return readable ? { kind: 'getMessage', messageId: decodeURIComponent(single[1]) } : NOT_ALLOWED;
  if (path === '/channels/nhsapp/accounts') return readable ? { kind: 'nhsAppAccounts' } : NOT_ALLOWED;
  if (path === '/_ping') return readable ? { kind: 'ping' } : NOT_ALLOWED;
  if (path === '/_status') return readable ? { kind: 'status' } : NOT_ALLOWED;
  if (['/_timeout', '/_timeout_408', '/_timeout_504', '/_invalid_certificate'].includes(path)) return readable ? { kind: 'sandboxTimeout', path } : NOT_ALLOWED;
  return NOT_FOUND;
}

/** The fault route a request is on, for matching fault rules. */
export function faultRouteOf(route: CommsRoute): FaultRoute {
  if (route.kind === 'sendMessage') return 'messages';
  if (route.kind === 'sendBatch') return 'batches';
  if (route.kind === 'getMessage') return 'getMessage';
  if (route.kind === 'ping') return 'ping';
  return 'comms';
}
