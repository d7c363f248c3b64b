/**
 * Reads a response body into memory, but never more than `limit` bytes (OWASP API10: limit the resources
 * spent on third-party responses). Over the limit the stream is destroyed, which also frees the socket,
 * and the result is undefined. Stream errors (body timeout, reset) propagate to the caller to classify.
 */
import type { Readable } from 'node:stream';

/**
 * Drops a body we will not read (a redirect). undici turns destroy() into an 'error' event (AbortError);
 * without a listener that would be an uncaught exception, so swallow it: the socket is closed either way.
 */
export function discard(stream: Readable): void {
  stream.on('error', () => undefined);
  stream.destroy();
}

export async function readBodyWithLimit(stream: Readable, limit: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
    size += buf.length;
    if (size > limit) {
      discard(stream);
      return undefined;
    }
    chunks.push(buf);
  }
  return Buffer.concat(chunks, size);
}
