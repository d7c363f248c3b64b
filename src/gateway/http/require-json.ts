/**
 * 415 unless the body is JSON (application/json or application/vnd.api+json, as NHS Notify may send either)
 * in UTF-8 and not content-encoded. Checked from headers only, before a byte of the body is read.
 */
import type { RequestHandler } from 'express';
import { GatewayError } from './errors';

export const JSON_MEDIA_TYPES = ['application/json', 'application/vnd.api+json'];
const UTF8_OR_NONE = /^(?:utf-?8)?$/i;

function charsetOf(contentType: string): string {
  const match = /;\s*charset\s*=\s*"?([^";\s]*)"?/i.exec(contentType);
  return match?.[1] ?? '';
}

export function requireJsonBody(): RequestHandler {
  return (req, _res, next) => {
    const contentType = req.get('content-type') ?? '';
    const encoding = (req.get('content-encoding') ?? 'identity').toLowerCase();
    const mediaType = (contentType.split(';')[0] ?? '').trim().toLowerCase();
    const ok = JSON_MEDIA_TYPES.includes(mediaType) && UTF8_OR_NONE.test(charsetOf(contentType)) && encoding === 'identity';
    next(ok ? undefined : new GatewayError('UNSUPPORTED_MEDIA_TYPE'));
  };
}


/** 413 straight away when the declared length is over the limit; chunked bodies are capped by the raw parser. */
export function rejectDeclaredOversize(limitBytes: number): RequestHandler {
  return (req, _res, next) => {
    const declared = Number(req.get('content-length') ?? '0');
    next(declared > limitBytes ? new GatewayError('PAYLOAD_TOO_LARGE') : undefined);
  };
}
