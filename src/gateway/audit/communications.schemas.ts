/** The communications record's responses, for /openapi.json (the service's types in zod form). */
import { z } from 'zod';

const FactSchema = z.object({
  seq: z.number().int().positive(),
  kind: z.string(),
  at: z.iso.datetime(),
  recordedAt: z.iso.datetime(),
  detail: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.array(z.string())])),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
});

export const JourneyRecordSchema = z.object({
  journeyId: z.string(),
  journeyType: z.string().nullable(),
  chainIntact: z.boolean(),
  facts: z.array(FactSchema),
});

export const PatientCommunicationsSchema = z.object({
  journeys: z.array(JourneyRecordSchema),
  nextPageToken: z.string().optional(),
});

export const PATIENT_SEARCH_DESCRIPTION = 'The NHS number is in the body, never the URL (URLs reach access logs, proxies and '
  + 'browser history). A reason is required; every search is itself recorded with who asked, why and what was returned.';
