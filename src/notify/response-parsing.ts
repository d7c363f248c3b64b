/**
 * Parses a 2xx body from NHS Notify with zod, trusting nothing (OWASP API10, reliability.md A8): the content
 * type must be JSON, the JSON must be complete, it must not be an error envelope, and it must match the
 * schema. Any failure is NOTIFY_BAD_RESPONSE; the message names the route and the failing field paths,
 * never the body.
 */
import type { z } from 'zod';
import { NotifyBadResponseError } from './errors';
import type { TransportResponse } from './transport';

const JSON_TYPES = ['application/vnd.api+json', 'application/json'];

function mediaType(contentType: string | undefined): string | undefined {
  return contentType?.split(';')[0]?.trim().toLowerCase();
}

export function parseJsonBody<S extends z.ZodType>(route: string, res: TransportResponse, schema: S): z.infer<S> {
  const bad = (why: string): NotifyBadResponseError =>
    new NotifyBadResponseError(`${route}: unusable ${res.status} response: ${why}`, { status: res.status, correlationId: res.correlationId });
  const type = mediaType(res.contentType);
  if (type === undefined || !JSON_TYPES.includes(type)) throw bad(`content type ${type === undefined ? 'missing' : 'not JSON'}`);
  let json: unknown;
  try {
    json = JSON.parse(res.body.toString('utf8'));
  } catch {
    throw bad('body is not complete JSON');
  }
  if (typeof json === 'object' && json !== null && 'errors' in json) throw bad('success status with an error body');
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const paths = [...new Set(parsed.error.issues.map((i) => `/${i.path.map(String).join('/')}`))].slice(0, 10);
    throw bad(`unexpected shape at ${paths.join(', ')}`);
  }
  return parsed.data;
}
