import { describe, expect, it } from 'vitest';
import { builtInCatalogue } from '../../../src/catalogue/built-in';
import { messageSizeProblems } from '../../../src/domain/journeys/check-message-sizes';
import { MESSAGE_CHARACTER_LIMITS, parseStartJourneyRequest, smsCharacters, smsEncodingOf, smsFragments, smsSize } from '../../../src/domain';

describe('channel limits (NHS Notify character limits and SMS parts)', () => {
  it('whole-message limits per channel', () => {
    expect(MESSAGE_CHARACTER_LIMITS).toEqual({ sms: 918, nhsapp: 5_000, email: 100_000, letter: 15_000 });
  });

  it('GSM parts break at 160, 306, 459, 612, 765 and 918 characters', () => {
    const at = (n: number): number => smsFragments(n, 'gsm');
    expect([at(0), at(160), at(161), at(306), at(307), at(459), at(612), at(765), at(918)]).toEqual([1, 1, 2, 2, 3, 3, 4, 5, 6]);
  });

  it('Unicode parts break at 70, 134, 201 and 268, then one more per 67 characters', () => {
    const at = (n: number): number => smsFragments(n, 'unicode');
    expect([at(70), at(71), at(134), at(135), at(201), at(268), at(269), at(335), at(336)]).toEqual([1, 2, 2, 3, 3, 4, 5, 5, 6]);
  });

  it('[]{}^\\|~€ count two characters; Ä É Ö Ü à ä é è ì ò ö ù ü cost nothing extra; anything else switches to Unicode', () => {
    expect(smsEncodingOf('[]{}^\\|~€')).toBe('gsm');
    expect(smsCharacters('[]{}^\\|~€', 'gsm')).toBe(18);
    expect(smsEncodingOf('ÄÉÖÜàäéèìòöùü')).toBe('gsm');
    expect(smsCharacters('ÄÉÖÜàäéèìòöùü', 'gsm')).toBe(13);
    expect(smsEncodingOf('Ysbyty Gwynedd, Bangor ŵ')).toBe('unicode');
    expect(smsEncodingOf('Clinic ✓')).toBe('unicode');
  });

  it('one Unicode character anywhere in the values makes the whole message Unicode', () => {
    expect(smsSize(100, ['Eye clinic'])).toEqual({ encoding: 'gsm', characters: 110, fragments: 1 });
    expect(smsSize(100, ['Eye clinic ŵ'])).toEqual({ encoding: 'unicode', characters: 112, fragments: 2 });
  });
});

describe('start requests past a limit are refused before anything is sent', () => {
  const catalogue = builtInCatalogue();
  const request = (journeyType: string, personalisation: Record<string, string>) => ({
    journeyType, eventId: 'limits-1', eventTime: '2026-06-01T10:00:00Z', patient: { nhsNumber: '9990000018' }, personalisation,
  });

  it("J4: a Unicode service name that takes test-result-ready's SMS past its 2-part cap is a field-level problem", () => {
    const gsm = parseStartJourneyRequest(request('test-result-ready', { serviceName: 'A'.repeat(100) }), catalogue);
    expect(gsm.ok).toBe(true);
    const unicode = parseStartJourneyRequest(request('test-result-ready', { serviceName: `${'A'.repeat(99)}ŵ` }), catalogue);
    expect(unicode.ok).toBe(false);
    if (unicode.ok) return;
    expect(unicode.code).toBe('INVALID_PERSONALISATION');
    expect(unicode.problems).toEqual([{ path: 'personalisation.serviceName', message: "makes the sms message 5 SMS parts (Unicode text), over this journey's cap of 2" }]);
    expect(JSON.stringify(unicode.problems)).not.toContain('AAAA');
  });

  it('J4: a letter address must have 2 to 5 lines and a postcode, as NHS Notify requires', () => {
    const withAddress = (lines: string[]) => parseStartJourneyRequest({
      ...request('appointment-reminder', { clinicName: 'Eye clinic' }),
      patient: { nhsNumber: '9990000018', contactDetails: { address: { lines, postcode: 'LS1 4AP' } } },
    }, catalogue);
    const paths = (lines: string[]) => { const result = withAddress(lines); return result.ok ? [] : result.problems.map((problem) => problem.path); };
    expect(paths(['1 Road', 'Leeds'])).toEqual([]);
    expect(paths(['1', '2', '3', '4', '5'])).toEqual([]);
    expect(paths(['1', '2', '3', '4', '5', '6'])).toEqual(['patient.contactDetails.address.lines']);
    expect(paths(['Only one line'])).toEqual(['patient.contactDetails.address.lines']);
  });

  it('the same values on a journey without a cap are accepted: only the 918-character limit applies there', () => {
    const result = parseStartJourneyRequest(request('appointment-reminder', { clinicName: `${'A'.repeat(99)}ŵ` }), catalogue);
    expect(result.ok).toBe(true);
  });
});

describe('messageSizeProblems: the whole rendered message against each channel limit', () => {
  const journey = (channel: 'sms' | 'email' | 'nhsapp' | 'letter', fixedLength: number) => ({
    steps: [{ id: 'only', channel, routingPlan: `${channel}-only` as const, template: { id: 't', version: '1' }, callbackTimeoutMs: 1 }],
    messageSizes: { steps: { only: { fixedLengths: { [channel]: fixedLength }, fields: ['a', 'b'] } } },
  });

  it.each([['sms', 918], ['nhsapp', 5_000], ['email', 100_000], ['letter', 15_000]] as const)('J4: %s: %i characters pass, one more is refused, naming the longest field', (channel, limit) => {
    const fits = { a: 'x'.repeat(10), b: 'y'.repeat(20) };
    expect(messageSizeProblems(journey(channel, limit - 30), fits)).toEqual([]);
    expect(messageSizeProblems(journey(channel, limit - 29), fits)).toEqual([
      { path: 'personalisation.b', message: `makes the only message ${limit + 1} characters, over NHS Notify's ${limit}-character limit for ${channel}` },
    ]);
  });

  it('J4: an SMS GSM extended character counts twice against 918', () => {
    expect(messageSizeProblems(journey('sms', 900), { a: '{'.repeat(9), b: '' })).toEqual([]);
    expect(messageSizeProblems(journey('sms', 900), { a: '{'.repeat(10), b: '' })).toHaveLength(1);
  });

  it('J4: a combined plan checks each channel it may fall back to, with that channel\'s template', () => {
    const combined = {
      steps: [{ id: 'cascade', channel: 'nhsapp' as const, routingPlan: 'nhsapp-then-sms' as const, template: { id: 't', version: '1' }, callbackTimeoutMs: 1 }],
      messageSizes: { steps: { cascade: { fixedLengths: { nhsapp: 1_000, sms: 150 }, fields: ['a'] } } },
    };
    expect(messageSizeProblems(combined, { a: 'x'.repeat(768) })).toEqual([]);
    expect(messageSizeProblems(combined, { a: 'x'.repeat(769) })).toEqual([
      { path: 'personalisation.a', message: "makes the cascade message's sms template 919 characters, over NHS Notify's 918-character limit for sms" },
    ]);
  });
});
