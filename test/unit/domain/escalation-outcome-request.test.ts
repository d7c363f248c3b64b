import { describe, expect, it } from 'vitest';
import { STAFF_ROLES } from '../../../src/domain/timeline';
import { EscalationOutcomeRequest } from '../../../src/domain';

describe('the staff outcome request admitted at the API edge', () => {
  it.each(STAFF_ROLES)('accepts the role %s', (staffRole) => {
    expect(EscalationOutcomeRequest.safeParse({ outcome: 'phoned', staffRole }).success).toBe(true);
  });

  it.each(['Dr Jane Smith', 'practice nurse Sarah', 'nurse ', ''])('refuses free text that could carry a name: %j', (staffRole) => {
    expect(EscalationOutcomeRequest.safeParse({ outcome: 'phoned', staffRole }).success).toBe(false);
  });

  it('refuses outcomes outside phoned, letter_posted and unreachable', () => {
    expect(EscalationOutcomeRequest.safeParse({ outcome: 'patient_contacted', staffRole: 'nurse' }).success).toBe(false);
  });
});
