/**
 * Reads a response body into memory, but never more than `limit` bytes (OWASP API10: limit the resources
 * spent on third-party responses). Over the limit the stream is destroyed, which also frees the socket,
 * and the result is undefined. Stream errors (body timeout, reset) propagate to the caller to classify.
 */
import type { Readable } from 'node:stream';

export async function readBodyWithLimit(stream: Readable, limit: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
    size += buf.length;
    if (size > limit) {
      stream.destroy();
      return undefined;
    }
    chunks.push(buf);
  }
  return Buffer.concat(chunks, size);
}
