/**
 * The sandbox's `Prefer: code=…` triggers (docs/nhs-notify.md §13), accepted on any path, so client tests
 * written against NHS's sandbox pass against the simulator unchanged (reliability.md, "Test hooks").
 */
import type { ErrorSpec } from '../http/errors';

export interface Triggered { readonly error: ErrorSpec; readonly headers: Record<string, string> }

const TRIGGERS: Readonly<Record<string, Triggered>> = {
  '401': { error: { key: 'CM_DENIED', header: 'Authorization' }, headers: {} },
  '403': { error: { key: 'CM_FORBIDDEN', header: 'Authorization' }, headers: {} },
  '403.1': { error: { key: 'CM_SERVICE_BAN', header: 'Authorization' }, headers: {} },
  '408': { error: { key: 'CM_REQUEST_TIMEOUT' }, headers: {} },
  '422_message': { error: { key: 'CM_DUPLICATE_REQUEST', pointer: '/data/attributes/messageReference' }, headers: {} },
  '422_batch': { error: { key: 'CM_DUPLICATE_BATCH_REQUEST', pointer: '/data/attributes/messageBatchReference' }, headers: {} },
  '425': { error: { key: 'CM_RETRY_TOO_EARLY' }, headers: { 'Retry-After': '300' } },
  '429': { error: { key: 'CM_QUOTA' }, headers: { 'Retry-After': '5' } },
  '500': { error: { key: 'CM_INTERNAL_SERVER_ERROR' }, headers: {} },
  '503': { error: { key: 'CM_SERVICE_UNAVAILABLE' }, headers: {} },
  '504': { error: { key: 'CM_TIMEOUT' }, headers: {} },
};

export function preferTrigger(prefer: string | undefined): Triggered | undefined {
  const code = /(?:^|[\s;,])code=([\w.]+)/.exec(prefer ?? '')?.[1];
  return code === undefined ? undefined : TRIGGERS[code];
}
