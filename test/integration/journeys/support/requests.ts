/** Valid journey start requests for tests, parsed by the domain's own v1 parser (branded, frozen). */
import { randomUUID } from 'node:crypto';
import { parseStartJourneyRequest, requestFingerprint, type JourneyCatalogue, type ValidStartJourneyRequest } from '../../../../src/domain';
import type { IdempotencyContext } from '../../../../src/contracts/ports';
import { TEST_RECIPIENTS, type TestRecipientName } from '../../../../src/simulator';

export interface RequestOptions {
  readonly recipient?: TestRecipientName;
  readonly journeyType?: string;
  /** Event time relative to now (ms). Default: 200 s ahead, inside a compressed reminder window. */
  readonly eventInMs?: number;
  readonly eventAt?: number;
  readonly eventId?: string;
  readonly personalisation?: Record<string, string>;
}

export function aStartRequest(catalogue: JourneyCatalogue, options: RequestOptions = {}): ValidStartJourneyRequest {
  const eventAt = options.eventAt ?? Date.now() + (options.eventInMs ?? 200_000);
  const parsed = parseStartJourneyRequest({
    journeyType: options.journeyType ?? 'appointment-reminder',
    eventId: options.eventId ?? `appt-${randomUUID()}`,
    eventTime: new Date(eventAt).toISOString(),
    patient: { nhsNumber: TEST_RECIPIENTS[options.recipient ?? 'deliveredFirstChannel'].nhsNumber },
    personalisation: options.personalisation ?? { clinicName: 'Canary Clinic' },
  }, catalogue);
  if (!parsed.ok) throw new Error(`test request invalid: ${JSON.stringify(parsed.problems)}`);
  return parsed.value;
}

export function idempotencyOf(request: ValidStartJourneyRequest): IdempotencyContext {
  return { requestHash: requestFingerprint(request) };
}
