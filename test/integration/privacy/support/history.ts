/** Raw (undecoded) Temporal histories as `temporal workflow show --output json` prints them, and their payloads. */
import { execFileSync } from 'node:child_process';
import { inject } from 'vitest';

export function rawHistoryJson(workflowId: string): string {
  return execFileSync(inject('temporalCliPath'), ['workflow', 'show', '--workflow-id', workflowId, '--address', inject('temporalAddress'), '--output', 'json'],
    { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

interface RawPayload { readonly metadata?: Record<string, string>; readonly data?: string }
export interface FoundPayload { readonly path: string; readonly encoding: string | undefined; readonly keyId: string | undefined }

const decoded = (value: string | undefined) => (value === undefined ? undefined : Buffer.from(value, 'base64').toString('utf8'));

/** Every payload in a history document (objects with metadata.encoding), with where it sits. */
export function payloadsIn(value: unknown, path = '$', out: FoundPayload[] = []): FoundPayload[] {
  if (Array.isArray(value)) value.forEach((item, i) => payloadsIn(item, `${path}[${i}]`, out));
  else if (value && typeof value === 'object') {
    const candidate = value as RawPayload;
    if (candidate.metadata && typeof candidate.metadata.encoding === 'string') {
      out.push({ path, encoding: decoded(candidate.metadata.encoding), keyId: decoded(candidate.metadata['encryption-key-id']) });
    } else for (const [key, item] of Object.entries(value)) payloadsIn(item, `${path}.${key}`, out);
  }
  return out;
}

/** Search attribute payloads are indexed by the server, never codec-encoded: checked against the id allow-list instead. */
export const isSearchAttribute = (payload: FoundPayload): boolean => /[sS]earchAttributes\.indexedFields\./.test(payload.path);

/**
 * patched() markers are written by the SDK's core with the patch id in plain JSON, past the codec. They hold a
 * constant of our code (e.g. `webhook-events`), never input; the canary scan still reads them with the rest.
 */
export const isPatchMarker = (payload: FoundPayload): boolean => /markerRecordedEventAttributes\.details\.patch-data\.payloads\[\d+\]$/.test(payload.path);

/** Payloads the codec never sees, by Temporal's design: checked another way (allow-list, canary scan). */
export const bypassesCodec = (payload: FoundPayload): boolean => isSearchAttribute(payload) || isPatchMarker(payload);

/** Child workflow ids a history started (the journey's delivery attempts). */
export function childWorkflowIds(historyJson: string): string[] {
  const history = JSON.parse(historyJson) as { events?: Array<{ childWorkflowExecutionStartedEventAttributes?: { workflowExecution?: { workflowId?: string } } }> };
  return (history.events ?? []).flatMap((e) => e.childWorkflowExecutionStartedEventAttributes?.workflowExecution?.workflowId ?? []);
}

/** Search attribute values (decoded) anywhere in a history document. */
export function searchAttributeValues(value: unknown, out: string[] = [], inIndexed = false): string[] {
  if (Array.isArray(value)) for (const item of value) searchAttributeValues(item, out, inIndexed);
  else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (inIndexed && item && typeof item === 'object' && 'data' in item) {
        const parsed: unknown = JSON.parse(decoded((item as RawPayload).data) ?? 'null');
        for (const v of Array.isArray(parsed) ? parsed : [parsed]) if (typeof v === 'string') out.push(v);
      } else searchAttributeValues(item, out, key === 'indexedFields');
    }
  }
  return out;
}
