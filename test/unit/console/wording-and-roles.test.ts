import { describe, expect, it } from 'vitest';
import { escalationReasonText, formatNhsNumber, nhsNumberFromInput } from '../../../src/domain/staff/wording';
import { consoleRolesOf, displayNameOf } from '../../../src/console/sign-in/roles';

describe('console wording', () => {
  it('writes NHS numbers 3-3-4 and reads them back with spaces or dashes', () => {
    expect(formatNhsNumber('9990000018')).toBe('999 000 0018');
    expect(nhsNumberFromInput(' 999-000 0018 ')).toBe('9990000018');
    expect(formatNhsNumber('12345')).toBe('12345');
  });

  it('says why a journey escalated in plain English, naming the event', () => {
    expect(escalationReasonText('no_step_can_arrive_in_time', 'appointment-reminder')).toBe('No channel could reach the patient before the appointment');
    expect(escalationReasonText('deadline_passed', 'screening-invitation')).toBe('No message was delivered before the screening date');
    expect(escalationReasonText('something_new', 'appointment-reminder')).toBe('The journey needs a person to contact the patient');
  });
});

describe('console roles from the identity provider\'s claim', () => {
  const mapping = { claim: 'roles', staffValues: ['nj-staff'], opsValues: ['nj-ops'] };
  it('admits staff, grants ops (which includes staff), and refuses anyone else', () => {
    expect(consoleRolesOf({ roles: ['nj-staff'] }, mapping)).toEqual(['staff']);
    expect(consoleRolesOf({ roles: 'nj-ops other' }, mapping)).toEqual(['staff', 'ops']);
    expect(consoleRolesOf({ roles: ['other'] }, mapping)).toEqual([]);
    expect(consoleRolesOf({}, mapping)).toEqual([]);
    expect(consoleRolesOf({ roles: [42, 'nj-staff'] }, mapping)).toEqual(['staff']);
  });
  it('shows a name from the usual claims', () => {
    expect(displayNameOf({ name: 'Sam Smith', sub: 'x' })).toBe('Sam Smith');
    expect(displayNameOf({ sub: 'abc' })).toBe('abc');
  });
});
