/**
 * zod mirrors of the port's response types, for /openapi.json only. The assignments at the bottom make the
 * compiler fail if a port type and its documented schema drift apart.
 */
import { z } from 'zod';
import { ERROR_CATALOGUE, type ErrorCode } from '../http/errors';
import type { CohortView, EscalationView, JourneySummary, JourneyTimeline } from '../../contracts/ports';

export const JourneySummarySchema = z.object({
  journeyId: z.string(), type: z.string(), status: z.string(), createdAt: z.string(), updatedAt: z.string().optional(),
});

export const TimelineEntrySchema = z.object({
  at: z.string(), kind: z.string(), stepId: z.string().optional(), channel: z.string().optional(), status: z.string().optional(),
  messageReference: z.string().optional(), templateId: z.string().optional(), templateVersion: z.string().optional(),
  routingPlan: z.object({ id: z.string(), version: z.string().optional() }).optional(),
  reason: z.string().optional(), controlScope: z.string().optional(), controlRole: z.string().optional(),
});

export const JourneyTimelineSchema = JourneySummarySchema.extend({ timeline: z.array(TimelineEntrySchema) });

export const EscalationSchema = z.object({
  escalationId: z.string(), journeyId: z.string(), reason: z.string(), status: z.enum(['open', 'closed']),
  raisedAt: z.string(), outcome: z.string().optional(), closedAt: z.string().optional(),
});

export const pageOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().optional() });

export const ErrorEnvelopeSchema = z.object({
  error: z.object({
    code: z.enum(Object.keys(ERROR_CATALOGUE) as [ErrorCode, ...ErrorCode[]]),
    message: z.string(),
    correlationId: z.string(),
    reason: z.string().optional().describe('A stable sub-code, e.g. UNKNOWN_JOURNEY_TYPE'),
    details: z.array(z.object({ pointer: z.string(), problem: z.string() })).optional(),
  }),
});

export const BatchResultsSchema = z.object({
  results: z.array(z.object({
    index: z.number().int(),
    status: z.number().int().describe('What the single-item endpoint would have answered: 201, 200, 400, 422, 503'),
    journey: JourneySummarySchema.optional(),
    error: ErrorEnvelopeSchema.shape.error.optional(),
  })),
});

const count = (description: string) => z.number().int().describe(description);

export const CohortViewSchema = z.object({
  cohortId: z.string(), journeyType: z.string(), journeyVersion: z.number().int(), createdAt: z.string(),
  counts: z.object({
    patients: count('Distinct patients of the cohort'),
    startedSingly: count('Started as ordinary journeys: their first step was not due yet'),
    repeatedRows: count('Rows naming a journey an earlier row named (kept once)'),
    notSent: count('In the batches, not sent yet'),
    sent: count('In a batch request NHS Notify answered (accepted or refused)'),
    accepted: count('Accepted by NHS Notify in a batch'),
    awaitingStatus: count('Accepted, no final status yet'),
    delivered: count('Delivered'),
    failed: count('NHS Notify said the message failed'),
    refused: count('NHS Notify refused the message in the batch'),
    followingUp: count('Handed to a journey of their own (failed, refused or no final status in time)'),
  }),
});

// Compile-time drift checks: each documented schema's output must be assignable to the port type.
const _summary: (v: z.output<typeof JourneySummarySchema>) => JourneySummary = (v) => v;
const _timeline: (v: z.output<typeof JourneyTimelineSchema>) => JourneyTimeline = (v) => v;
const _escalation: (v: z.output<typeof EscalationSchema>) => EscalationView = (v) => v;
const _cohort: (v: z.output<typeof CohortViewSchema>) => CohortView = (v) => v;
