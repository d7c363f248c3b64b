/**
 * Journey lists from Temporal visibility (eventually consistent: a journey started a moment ago may not be
 * listed yet). Uses the raw list API for an opaque page cursor; search attribute values are JSON payloads.
 */
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import type { Page } from '../../contracts/ports';
import { guarded, type TemporalAccess } from './temporal-errors';

export interface ListedJourney {
  readonly workflowId: string;
  readonly type?: string;
  readonly status?: string;
  readonly startedAt?: string;
  readonly closedAt?: string;
  /** The record's memo as stored (encoded): decode only what is read (published-view.ts). */
  readonly memoFields?: Record<string, Payload>;
}

const QUOTE = /^[A-Za-z0-9_-]{1,200}$/;

/** A visibility query clause `Name = 'value'`; values outside a safe charset are refused, not escaped. */
export function equals(attribute: string, value: string): string {
  if (!QUOTE.test(value)) throw new RangeError(`${attribute} filter has characters outside [A-Za-z0-9_-]`);
  return `${attribute} = '${value}'`;
}

export async function listJourneys(access: TemporalAccess, query: string, limit: number, cursor?: string): Promise<Page<ListedJourney>> {
  const response = await guarded(access, () => access.client.workflowService.listWorkflowExecutions({
    namespace: access.client.options.namespace, query, pageSize: limit,
    ...(cursor === undefined ? {} : { nextPageToken: Buffer.from(cursor, 'base64url') }),
  }));
  const items = (response.executions ?? []).map((raw): ListedJourney => {
    const fields = raw.searchAttributes?.indexedFields ?? {};
    const type = keyword(fields.JourneyType);
    const status = keyword(fields.JourneyStatus);
    const startedAt = timestamp(raw.startTime);
    const closedAt = timestamp(raw.closeTime);
    const memoFields = raw.memo?.fields ?? undefined;
    return {
      workflowId: raw.execution?.workflowId ?? '',
      ...(memoFields === undefined || memoFields === null ? {} : { memoFields }),
      ...(type === undefined ? {} : { type }), ...(status === undefined ? {} : { status }),
      ...(startedAt === undefined ? {} : { startedAt }), ...(closedAt === undefined ? {} : { closedAt }),
    };
  }).filter((item) => item.workflowId !== '');
  const token = response.nextPageToken;
  return token !== undefined && token !== null && token.length > 0
    ? { items, nextCursor: Buffer.from(token).toString('base64url') }
    : { items };
}

function keyword(payload: Payload | null | undefined): string | undefined {
  if (payload === null || payload === undefined) return undefined;
  const value: unknown = defaultPayloadConverter.fromPayload(payload);
  return typeof value === 'string' ? value : Array.isArray(value) && typeof value[0] === 'string' ? value[0] : undefined;
}

/** Protobuf timestamps carry seconds as a Long (an object with toNumber) or a number. */
function timestamp(ts: { seconds?: { toNumber(): number } | number | null; nanos?: number | null } | null | undefined): string | undefined {
  if (ts === null || ts === undefined || ts.seconds === undefined || ts.seconds === null) return undefined;
  const seconds = typeof ts.seconds === 'number' ? ts.seconds : ts.seconds.toNumber();
  return new Date(seconds * 1000 + Math.floor((ts.nanos ?? 0) / 1e6)).toISOString();
}
