/**
 * The escalation worklist and one journey's page: whom to contact, why, what was tried and by when; and
 * recording what staff did, through the journey's Update, so the page shows the outcome the journey accepted.
 */
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { isEscalationId, isJourneyId } from '../../domain/identifiers';
import { ESCALATION_OUTCOMES, STAFF_ROLES } from '../../domain/timeline';
import {
  channelName, ESCALATION_OUTCOME_TEXT, escalationOutcomeText, escalationReasonText, journeyStatusText, stepStatusText, type StaffEscalationReason,
} from '../../domain/staff/wording';
import type { ConsoleJourney, ConsoleJourneys, WorklistRow } from '../ports';
import { eventText, journeyTypeName, patientFields, row, when } from './format';
import type { PageRenderer } from './page';

const REASONS: readonly StaffEscalationReason[] = [
  'no_steps_left', 'no_step_can_arrive_in_time', 'deadline_passed', 'patient_not_contactable', 'permanent_send_error', 'outcome_unknown', 'sla_breached',
];

const STAFF_ROLE_TEXT: Readonly<Record<(typeof STAFF_ROLES)[number], string>> = {
  clinician: 'Clinician', nurse: 'Nurse', medical_secretary: 'Medical secretary', booking_clerk: 'Booking clerk',
  administrator: 'Administrator', operations: 'Operations',
};

const WorklistQuery = z.object({ journeyType: z.string().max(64).optional(), reason: z.string().max(64).optional() });

const OutcomeForm = z.object({
  escalationId: z.string().refine(isEscalationId),
  outcome: z.enum(ESCALATION_OUTCOMES, { error: 'Select what you did' }),
  staffRole: z.enum(STAFF_ROLES, { error: 'Select your role' }),
});

export function worklistRoutes(journeys: ConsoleJourneys, journeyTypes: readonly string[], page: PageRenderer): Router {
  const router = Router();

  router.get('/worklist', async (req, res) => {
    const query = WorklistQuery.safeParse(req.query);
    const journeyType = query.success && query.data.journeyType && journeyTypes.includes(query.data.journeyType) ? query.data.journeyType : undefined;
    const reason = query.success && query.data.reason && REASONS.includes(query.data.reason as StaffEscalationReason) ? query.data.reason : undefined;
    const rows = await journeys.worklist({ ...(journeyType === undefined ? {} : { journeyType }), ...(reason === undefined ? {} : { reason }) });
    const now = Date.now();
    page(req, res, 200, 'worklist', {
      title: 'Patients to contact', section: 'worklist', filtered: journeyType !== undefined || reason !== undefined,
      filters: {
        journeyTypes: [{ value: '', text: 'All journey types' }, ...journeyTypes.map((t) => ({ value: t, text: journeyTypeName(t), selected: t === journeyType }))],
        reasons: [{ value: '', text: 'All reasons' }, ...REASONS.map((r) => ({ value: r, text: escalationReasonText(r, ''), selected: r === reason }))],
      },
      rows: overdueFirst(rows, now).map((r) => worklistRow(r, now)),
    });
  });

  router.get('/journeys/:journeyId', async (req, res) => {
    const journey = isJourneyId(req.params.journeyId) ? await journeys.journey(req.params.journeyId) : undefined;
    if (journey === undefined) return notFound(req, res, page);
    renderJourney(req, res, page, journey, {});
  });

  router.post('/journeys/:journeyId/outcome', async (req, res) => {
    const journeyId = req.params.journeyId;
    const form = OutcomeForm.safeParse(req.body ?? {});
    const journey = isJourneyId(journeyId) ? await journeys.journey(journeyId) : undefined;
    if (journey === undefined) return notFound(req, res, page);
    if (!form.success) {
      const fieldErrors = Object.fromEntries(form.error.issues.map((issue) => [String(issue.path[0]), issue.message]));
      return renderJourney(req, res, page, journey, { fieldErrors, status: 400 });
    }
    const result = await journeys.recordOutcome(form.data.escalationId, { outcome: form.data.outcome, staffRole: form.data.staffRole });
    const after = (await journeys.journey(journeyId)) ?? journey;
    const notice = result.kind === 'recorded'
      ? `Recorded: ${escalationOutcomeText(result.escalation.outcome ?? form.data.outcome)}. This escalation is closed.`
      : result.kind === 'closed' ? 'This escalation was already closed. Nothing was changed.' : 'That escalation is not on this journey. Nothing was changed.';
    renderJourney(req, res, page, after, { notice, status: result.kind === 'recorded' ? 200 : 409 });
  });
  return router;
}

function overdueFirst(rows: readonly WorklistRow[], now: number): WorklistRow[] {
  return [...rows].sort((a, b) => Number(b.dueBy < now) - Number(a.dueBy < now) || a.dueBy - b.dueBy);
}

function worklistRow(r: WorklistRow, now: number) {
  return {
    journeyId: r.journeyId, ...patientFields(r.patient), journeyType: journeyTypeName(r.journeyType), event: eventText(r.event),
    reason: escalationReasonText(r.reason, r.journeyType), overdue: r.dueBy < now, dueBy: when(r.dueBy),
    tried: r.tried.map((t) => ({ channel: channelName(t.channel), status: stepStatusText(t.status), ...(t.at === undefined ? {} : { at: when(t.at) }) })),
  };
}

function renderJourney(req: Request, res: Response, page: PageRenderer, journey: ConsoleJourney,
  options: { readonly notice?: string; readonly fieldErrors?: Record<string, string>; readonly status?: number }): void {
  const patient = patientFields(journey.patient);
  const open = journey.escalations.find((e) => e.status === 'open');
  const fieldErrors = options.fieldErrors ?? {};
  page(req, res, options.status ?? 200, 'journey', {
    title: patient.patientName ?? 'Patient', section: 'worklist', back: { href: `${res.locals.base}/worklist`, text: 'Back to the worklist' },
    errors: Object.entries(fieldErrors).map(([field, text]) => ({ text, href: `#${field === 'outcome' ? 'outcome' : field}` })),
    fieldErrors, notice: options.notice,
    journey: {
      journeyId: journey.journeyId, journeyType: journeyTypeName(journey.journeyType), patientName: patient.patientName,
      summary: [
        row('NHS number', patient.nhsNumber), row('Event', eventText(journey.event)), row('Status', journeyStatusText(journey.status)),
        row('Started', when(journey.startedAt)), row('Messages must arrive by', when(journey.deadline)),
      ],
      steps: journey.steps.map((step) => ({
        channel: channelName(step.channel), status: stepStatusText(step.status),
        rows: [
          row('Template', `${step.template.id}${step.template.version === undefined ? '' : ` version ${step.template.version}`}`),
          row('Routing plan', `${step.routingPlan.name}${step.routingPlan.version === undefined ? '' : ` version ${step.routingPlan.version}`}`),
          ...(step.sentAt === undefined ? [] : [row('Sent', when(step.sentAt))]),
          ...(step.failureCode === undefined ? [] : [row('Failure code', step.failureCode)]),
        ],
        history: [...step.history].reverse().map((h) => `${when(h.at)}: ${h.status}${h.source === 'message' ? '' : ` (${channelName(h.source)})`}`),
      })),
      escalations: journey.escalations.map((e) => row(when(e.openedAt),
        `${escalationReasonText(e.reason, journey.journeyType)}. ${e.status === 'open' ? `Open, contact by ${when(e.dueBy)}` : `Closed: ${escalationOutcomeText(e.outcome ?? 'closed')}${e.closedAt === undefined ? '' : `, ${when(e.closedAt)}`}${e.closedByRole === undefined ? '' : ` by ${STAFF_ROLE_TEXT[e.closedByRole as keyof typeof STAFF_ROLE_TEXT] ?? e.closedByRole}`}`}`)),
    },
    openEscalation: open === undefined ? undefined : {
      escalationId: open.escalationId, reason: escalationReasonText(open.reason, journey.journeyType), dueBy: when(open.dueBy),
    },
    outcomeItems: ESCALATION_OUTCOMES.map((o) => ({ value: o, text: ESCALATION_OUTCOME_TEXT[o] })),
    roleItems: [{ value: '', text: 'Select your role' }, ...STAFF_ROLES.map((r) => ({ value: r, text: STAFF_ROLE_TEXT[r] }))],
  });
}

function notFound(req: Request, res: Response, page: PageRenderer): void {
  page(req, res, 404, 'problem', { title: 'Page not found', lines: ['There is no journey here. It may have finished and been removed.'] });
}
