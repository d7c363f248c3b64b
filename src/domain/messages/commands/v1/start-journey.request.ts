/**
 * StartJourneyRequest v1: the command that starts a journey. Parsing checks the envelope, the NHS number,
 * the journey type and the journey's own personalisation schema in one pass, and returns every problem at
 * once. The result is frozen and branded: only this parser makes a ValidStartJourneyRequest, and nothing
 * can change its recipient or wording afterwards (docs/reliability.md C3).
 */
import { z } from 'zod';
import { deepFreeze, type DeepReadonly } from '../../../deep-readonly';
import type { EpochMs } from '../../../durations';
import type { ParseResult, Problem } from '../../../errors';
import { findJourney } from '../../../journeys/catalogue';
import { messageSizeProblems } from '../../../journeys/check-message-sizes';
import { resolvePersonalisation, type ResolvedPersonalisation } from '../../../journeys/resolve-personalisation';
import type { JourneyCatalogue, JourneyType } from '../../../journeys/types';
import type { NhsNumber } from '../../../nhs-number';
import { problemsFrom } from '../../../validation';
import { ClinicalContact, ContactDetails, EventId, EventTime, Originator, Patient } from './fields';

/** The wire shape a client sends (personalisation is checked separately, against the journey). */
export const StartJourneyRequest = z.object({
  journeyType: z.string().min(1).max(64),
  eventId: EventId,
  eventTime: EventTime,
  patient: Patient,
  personalisation: z.unknown().optional(),
  originator: Originator.optional(),
  clinicalContact: ClinicalContact.optional(),
}).strict();

interface StartJourneyData {
  readonly journeyType: JourneyType;
  /** The catalogue version that validated the request; the workflow runs this version. */
  readonly journeyVersion: number;
  readonly eventId: string;
  /** As the client sent it (ISO 8601 with offset). */
  readonly eventTime: string;
  /** The same instant as epoch ms, for planning. */
  readonly eventAt: EpochMs;
  readonly patient: { readonly nhsNumber: NhsNumber; readonly contactDetails?: z.infer<typeof ContactDetails> };
  readonly personalisation: ResolvedPersonalisation;
  readonly originator?: z.infer<typeof Originator>;
  readonly clinicalContact?: z.infer<typeof ClinicalContact>;
}

declare const validated: unique symbol;

/** A start request that passed every check. Deep-readonly; the brand means "made by the parser". */
export type ValidStartJourneyRequest = DeepReadonly<StartJourneyData> & { readonly [validated]: 'StartJourneyRequest.v1' };

export function parseStartJourneyRequest(input: unknown, catalogue: JourneyCatalogue): ParseResult<ValidStartJourneyRequest> {
  const envelope = StartJourneyRequest.safeParse(input, { reportInput: true });
  const problems: Problem[] = envelope.success ? [] : problemsFrom(envelope.error.issues);
  const raw = isRecord(input) ? input : {};
  if (typeof raw.journeyType !== 'string') return { ok: false, code: 'INVALID_JOURNEY_REQUEST', problems };
  const journey = findJourney(catalogue, raw.journeyType);
  if (journey === undefined) {
    const known = problems.filter((problem) => problem.path !== 'journeyType');
    return { ok: false, code: 'UNKNOWN_JOURNEY_TYPE', problems: [{ path: 'journeyType', message: 'is not a known journey type' }, ...known] };
  }
  const eventAt = envelope.success ? Date.parse(envelope.data.eventTime) : 0;
  const personalisation = resolvePersonalisation(journey.personalisation, raw.personalisation, eventAt, journey.timeZone);
  if (!personalisation.ok) problems.push(...personalisation.problems);
  else problems.push(...messageSizeProblems(journey, personalisation.value.values));
  if (!envelope.success || !personalisation.ok || problems.length > 0) {
    return { ok: false, code: envelope.success ? 'INVALID_PERSONALISATION' : 'INVALID_JOURNEY_REQUEST', problems };
  }
  const { data } = envelope;
  const value: StartJourneyData = {
    journeyType: journey.type, journeyVersion: journey.version, eventId: data.eventId, eventTime: data.eventTime, eventAt,
    patient: data.patient, personalisation: personalisation.value,
    ...(data.originator === undefined ? {} : { originator: data.originator }),
    ...(data.clinicalContact === undefined ? {} : { clinicalContact: data.clinicalContact }),
  };
  return { ok: true, value: brand(value) };
}

/** The only place the brand is applied: after validation, on a frozen copy. */
function brand(value: DeepReadonly<StartJourneyData>): ValidStartJourneyRequest {
  return deepFreeze(structuredCopy(value)) as ValidStartJourneyRequest;
}

export type { StartJourneyData };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A plain-data copy, so freezing never reaches into objects the caller still holds. */
function structuredCopy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
