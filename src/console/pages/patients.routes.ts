/**
 * "Did this patient get the message?": search by NHS number (checked, mod 11) with a required reason, and
 * every journey and message from the communications record, newest first. The search is a POST, so the NHS
 * number never enters a URL, the browser's history or an access log; the record logs the view itself.
 */
import { Router } from 'express';
import { z } from 'zod';
import { isValidNhsNumber } from '../../domain/nhs-number';
import { channelName, formatNhsNumber, journeyStatusText, messageStatusText, nhsNumberFromInput } from '../../domain/staff/wording';
import { LOOKUP_REASONS, type PatientCommunications, type PatientJourneyRecord } from '../ports';
import { journeyTypeName, when } from './format';
import type { PageRenderer } from './page';

const REASON_TEXT: Readonly<Record<(typeof LOOKUP_REASONS)[number], string>> = {
  patient_enquiry: 'The patient (or someone acting for them) asked', clinical_query: 'A clinical query',
  complaint_investigation: 'Investigating a complaint', safeguarding: 'Safeguarding',
};

const SearchForm = z.object({
  nhsNumber: z.string({ error: 'Enter an NHS number' }).transform(nhsNumberFromInput)
    .refine((v) => v !== '', 'Enter an NHS number')
    .refine((v) => v === '' || /^\d{10}$/.test(v), 'NHS number must be 10 digits')
    .refine((v) => !/^\d{10}$/.test(v) || isValidNhsNumber(v), 'Enter a valid NHS number: this one fails its check digit'),
  reason: z.enum(LOOKUP_REASONS, { error: 'Select why you are looking' }),
});

export function patientRoutes(record: PatientCommunications, page: PageRenderer): Router {
  const router = Router();
  const reasonItems = (chosen?: string) => LOOKUP_REASONS.map((r) => ({ value: r, text: REASON_TEXT[r], checked: r === chosen }));

  router.get('/patients', (req, res) => {
    page(req, res, 200, 'patients', { title: "Find a patient's messages", section: 'patients', reasonItems: reasonItems(), fieldErrors: {} });
  });

  router.post('/patients', async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const form = SearchForm.safeParse(body);
    if (!form.success) {
      const fieldErrors: Record<string, string> = {};
      for (const issue of form.error.issues) fieldErrors[String(issue.path[0])] ??= issue.message;
      return page(req, res, 400, 'patients', {
        title: "Find a patient's messages", section: 'patients', fieldErrors, nhsNumber: typeof body.nhsNumber === 'string' ? body.nhsNumber : '',
        reasonItems: reasonItems(typeof body.reason === 'string' ? body.reason : undefined),
        errors: Object.entries(fieldErrors).map(([field, text]) => ({ text, href: field === 'reason' ? '#reason' : `#${field}` })),
      });
    }
    const nhsNumber = form.data.nhsNumber;
    if (!isValidNhsNumber(nhsNumber)) throw new Error('unreachable: the form checked the NHS number');
    const staff = res.locals.staff as { subject: string; roles: ('staff' | 'ops')[] };
    const journeys = await record.lookUp({ nhsNumber, reason: form.data.reason, viewer: { subject: staff.subject, roles: staff.roles } });
    page(req, res, 200, 'patients', {
      title: "Find a patient's messages", section: 'patients', fieldErrors: {}, nhsNumber: formatNhsNumber(nhsNumber), reasonItems: reasonItems(form.data.reason),
      results: { nhsNumber: formatNhsNumber(nhsNumber), journeys: journeys.map(journeyView) },
    });
  });
  return router;
}

function journeyView(j: PatientJourneyRecord) {
  return {
    journeyType: journeyTypeName(j.journeyType), startedAt: when(j.startedAt), status: journeyStatusText(j.status),
    messages: j.messages.map((m) => ({
      channel: channelName(m.channel), fallback: m.fallback, status: messageStatusText(m.status),
      template: `${m.templateId}${m.templateVersion === undefined ? '' : ` version ${m.templateVersion}`}`,
      routingPlan: `${m.routingPlan.name ?? m.routingPlan.id ?? 'unknown'}${m.routingPlan.version === undefined ? '' : ` version ${m.routingPlan.version}`}`,
      history: m.statusHistory.map((h) => `${when(h.at)}: ${messageStatusText(h.status)}`),
    })),
  };
}
