/**
 * The journeys API as the ops CLI calls it: journeys and escalations go through the service's own HTTP API,
 * so a CLI start, cancel or staff outcome passes the same authentication, scopes, validation, idempotency and
 * metrics as any clinical system's call, and the CLI needs no journey-id secret or catalogue of its own.
 * Where: OPS_API_URL (default the API this config serves); key: OPS_API_KEY or, in local, the development key
 * `npm start` keeps in DATA_DIR.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig, type Config } from '../../config';
import type { FieldProblem } from '../../gateway/http/errors';
import type { CohortView, EscalationView, JourneySummary, JourneyTimeline, Page } from '../../contracts/ports';
import { ServiceUnreachableError } from './service-connection';

/** The API answered with its error envelope: the stable code, and field problems without values. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(readonly status: number, readonly code: string, message: string, readonly details: readonly FieldProblem[] = [], readonly reason?: string) {
    super(`${code}: ${message}${reason === undefined ? '' : ` (${reason})`}`);
  }
}

export interface ErrorEnvelope {
  readonly code: string;
  readonly message: string;
  readonly reason?: string;
  readonly details?: readonly FieldProblem[];
}

export interface BatchItemResult {
  readonly index: number;
  readonly status: number;
  readonly journey?: JourneySummary;
  readonly error?: ErrorEnvelope;
}

export interface JourneyListFilter {
  readonly type?: string;
  readonly status?: string;
  readonly cohort?: string;
  /** true: still running only; false: finished only. */
  readonly open?: boolean;
  readonly limit?: number;
  readonly cursor?: string;
}

export interface JourneysApi {
  listJourneys(filter: JourneyListFilter): Promise<Page<JourneySummary>>;
  /** Undefined: no such journey. */
  getJourney(journeyId: string, live: boolean): Promise<JourneyTimeline | undefined>;
  cancelJourney(journeyId: string, reason: string): Promise<JourneySummary>;
  listEscalations(filter: { readonly status?: 'open' | 'closed'; readonly limit?: number; readonly cursor?: string }): Promise<Page<EscalationView>>;
  recordEscalationOutcome(escalationId: string, outcome: { readonly outcome: string; readonly staffRole: string }): Promise<EscalationView>;
  startBatch(items: readonly unknown[]): Promise<readonly BatchItemResult[]>;
  /** POST /v1/cohorts: `created` false when the same request had started the cohort before. */
  startCohort(request: unknown): Promise<{ readonly created: boolean; readonly cohort: CohortView }>;
}

function apiKey(config: Config): string {
  if (config.ops.apiKey !== undefined) return config.ops.apiKey;
  const devKey = join(config.dataDir, 'dev-api-key');
  if (config.tier === 'local' && existsSync(devKey)) return readFileSync(devKey, 'utf8').trim();
  throw new Error(`no OPS_API_KEY, and no local service has run in ${config.dataDir} (start it with npm start)`);
}

export function journeysApi(config: Config = loadConfig()): JourneysApi {
  const base = config.ops.apiUrl.replace(/\/+$/, '');
  const key = apiKey(config);

  async function call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    return (await exchange<T>(method, path, body)).body;
  }

  async function exchange<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ readonly status: number; readonly body: T }> {
    let response: Response;
    try {
      response = await fetch(`${base}${path}`, {
        method, headers: { authorization: `Bearer ${key}`, accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      throw new ServiceUnreachableError(`cannot reach the journeys API at ${base}: ${cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error))}`);
    }
    const text = await response.text();
    const parsed = text === '' ? undefined : (JSON.parse(text) as unknown);
    if (response.ok) return { status: response.status, body: parsed as T };
    const envelope = (parsed as { error?: ErrorEnvelope } | undefined)?.error;
    if (response.status === 503) throw new ServiceUnreachableError(`the journeys API is unavailable (${envelope?.reason ?? envelope?.code ?? 503}): try again, or see docs/runbooks/temporal-unavailable.md`);
    throw new ApiError(response.status, envelope?.code ?? `HTTP_${response.status}`, envelope?.message ?? response.statusText, envelope?.details, envelope?.reason);
  }

  const query = (params: Readonly<Record<string, string | number | undefined>>): string => {
    const entries = Object.entries(params).filter((entry): entry is [string, string | number] => entry[1] !== undefined);
    return entries.length === 0 ? '' : `?${new URLSearchParams(entries.map(([k, v]): [string, string] => [k, String(v)])).toString()}`;
  };
  const id = encodeURIComponent;

  return {
    listJourneys: ({ open, ...filter }) => call('GET', `/v1/journeys${query({ ...filter, open: open === undefined ? undefined : String(open) })}`),
    async getJourney(journeyId, live) {
      try {
        return (await call<{ journey: JourneyTimeline }>('GET', `/v1/journeys/${id(journeyId)}${live ? '?view=live' : ''}`)).journey;
      } catch (error) {
        if (error instanceof ApiError && error.code === 'JOURNEY_NOT_FOUND') return undefined;
        throw error;
      }
    },
    cancelJourney: async (journeyId, reason) => (await call<{ journey: JourneySummary }>('POST', `/v1/journeys/${id(journeyId)}/cancel`, { reason })).journey,
    listEscalations: (filter) => call('GET', `/v1/escalations${query({ ...filter })}`),
    recordEscalationOutcome: async (escalationId, outcome) =>
      (await call<{ escalation: EscalationView }>('POST', `/v1/escalations/${id(escalationId)}/outcome`, outcome)).escalation,
    startBatch: async (items) => (await call<{ results: BatchItemResult[] }>('POST', '/v1/journeys/batch', { items })).results,
    async startCohort(request) {
      const answer = await exchange<{ cohort: CohortView }>('POST', '/v1/cohorts', request);
      return { created: answer.status === 201, cohort: answer.body.cohort };
    },
  };
}
