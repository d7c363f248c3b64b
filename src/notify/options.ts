/**
 * Checks the client options once, at construction (A7). Endpoints must be https:, except on loopback where
 * the local simulator runs; URLs may not carry credentials, queries or fragments. config.ts applies the
 * per-tier rules on top (e.g. no loopback outside local); this is the client's own floor.
 * Errors name the option, never a value that could be secret.
 */
import type { NotifyAuthOptions } from './auth';
import { MAX_MESSAGES_PER_BATCH, type BatchLimits } from './batch-plan';
import { NotifyClientConfigError } from './errors';
import type { TransportTimeouts } from './transport';

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname) || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}

export function checkEndpointUrl(option: string, value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new NotifyClientConfigError(option, 'must be an absolute URL');
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
    throw new NotifyClientConfigError(option, 'must use https: (http: is allowed only for a loopback host)');
  }
  if (url.username !== '' || url.password !== '') throw new NotifyClientConfigError(option, 'must not contain credentials');
  if (url.search !== '' || url.hash !== '') throw new NotifyClientConfigError(option, 'must not have a query or fragment');
  return url;
}

export function checkBaseUrl(value: string): URL {
  const url = checkEndpointUrl('baseUrl', value);
  if (!/\/comms\/?$/.test(url.pathname)) throw new NotifyClientConfigError('baseUrl', 'must end in /comms (e.g. https://api.service.nhs.uk/comms)');
  return url;
}

export function checkAuthOptions(auth: NotifyAuthOptions): void {
  if (auth.kind === 'none') return;
  if (auth.kind !== 'signed-jwt') throw new NotifyClientConfigError('auth.kind', "must be 'signed-jwt' or 'none'");
  checkEndpointUrl('auth.tokenUrl', auth.tokenUrl);
  if (!/^\S{1,256}$/.test(auth.apiKey)) throw new NotifyClientConfigError('auth.apiKey', 'must be 1-256 non-space characters');
}

function positiveInt(option: string, value: number | undefined): void {
  if (value !== undefined && (!Number.isInteger(value) || value <= 0)) throw new NotifyClientConfigError(option, 'must be a positive integer');
}

export function checkTimeouts(timeouts: Partial<TransportTimeouts> | undefined): void {
  for (const [name, value] of Object.entries(timeouts ?? {})) positiveInt(`timeouts.${name}`, value);
}

export function checkBatchLimits(limits: Partial<BatchLimits> | undefined): void {
  positiveInt('batchLimits.maxMessages', limits?.maxMessages);
  positiveInt('batchLimits.maxBytes', limits?.maxBytes);
  if ((limits?.maxMessages ?? 0) > MAX_MESSAGES_PER_BATCH) {
    throw new NotifyClientConfigError('batchLimits.maxMessages', `must be at most ${MAX_MESSAGES_PER_BATCH}`);
  }
}
