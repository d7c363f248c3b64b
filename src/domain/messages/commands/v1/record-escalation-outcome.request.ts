/**
 * RecordEscalationOutcomeRequest v1: a member of staff says what they did about an escalated journey. The
 * outcome and the role are closed lists; a role, never a name: the audit trail records roles, identities live
 * in the staff system.
 */
import { z } from 'zod';
import { ESCALATION_OUTCOMES, STAFF_ROLES } from '../../../timeline';

export const EscalationOutcomeRequest = z.object({
  outcome: z.enum(ESCALATION_OUTCOMES),
  staffRole: z.enum(STAFF_ROLES),
}).strict();
export type EscalationOutcomeRequest = z.output<typeof EscalationOutcomeRequest>;
