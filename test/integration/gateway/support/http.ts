import type { Readable } from 'node:stream';
import { request } from 'undici';

export interface Reply {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly text: string;
  readonly json: unknown;
}

export interface SendOptions {
  readonly method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD' | 'OPTIONS';
  readonly headers?: Record<string, string>;
  readonly body?: string | Buffer | Readable;
}

/**
 * One real HTTP request over loopback; the body is read fully and parsed as JSON when it is JSON.
 * Each request has its own connection (`reset`): a pooled keep-alive socket that the server closes as idle at the
 * moment the client reuses it gives ECONNRESET on a busy machine, a race of the test's client, not the rule under test.
 */
export async function send(url: string, options: SendOptions = {}): Promise<Reply> {
  const response = await request(url, {
    reset: true,
    method: options.method ?? (options.body === undefined ? 'GET' : 'POST'),
    headers: options.headers ?? {},
    ...(options.body === undefined ? {} : { body: options.body }),
  });
  const text = await response.body.text();
  let json: unknown;
  try { json = text.length > 0 ? JSON.parse(text) : undefined; } catch { json = undefined; }
  return { status: response.statusCode, headers: response.headers, text, json };
}

export interface ErrorEnvelope {
  readonly error: { readonly code: string; readonly message: string; readonly correlationId: string; readonly reason?: string; readonly details?: unknown };
}

/** The P6 envelope check every error response must pass. */
export function expectErrorEnvelope(reply: Reply, code: string): ErrorEnvelope {
  const body = reply.json as ErrorEnvelope | undefined;
  if (body === undefined || typeof body.error !== 'object') throw new Error(`not an error envelope (${reply.status}): ${reply.text.slice(0, 200)}`);
  if (body.error.code !== code) throw new Error(`expected ${code}, got ${body.error.code} (${reply.status})`);
  if (!String(reply.headers['content-type']).startsWith('application/json')) throw new Error('error is not JSON');
  if (body.error.correlationId !== reply.headers['x-correlation-id']) throw new Error('correlation id not echoed');
  if (/\bat .+:\d+:\d+/.test(reply.text) || reply.text.includes('stack')) throw new Error('stack leaked');
  const allowed = new Set(['code', 'message', 'correlationId', 'reason', 'details']);
  const unexpected = Object.keys(body.error).filter((key) => !allowed.has(key));
  if (unexpected.length > 0 || Object.keys(body).length !== 1) throw new Error(`unexpected error fields: ${unexpected.join(',')}`);
  return body;
}
