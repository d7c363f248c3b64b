/**
 * Canary patient data for the privacy tests (P1-P3) and the scans that look for it. A scan reads every string
 * of a document as itself AND as base64-decoded bytes: Temporal's JSON carries payload data in base64, so a
 * plaintext payload would hide its NHS number from a naive text search.
 */
import { TEST_RECIPIENTS } from '../../../../src/simulator';

export const CANARY = {
  /** A test-reserved NHS number (modulus 11 valid) the simulator delivers to. */
  nhsNumber: TEST_RECIPIENTS.deliveredFirstChannel.nhsNumber,
  email: 'zebediah.canary@example.test',
  phone: '+447700900461',
  name: 'Zebediah Canaryfield',
} as const;

/** appointment-reminder personalisation carrying every canary except the NHS number (which is the patient). */
export const CANARY_PERSONALISATION = {
  clinicName: `${CANARY.name} Clinic`, location: `write to ${CANARY.email}`, contactPhone: CANARY.phone,
};

const CANARY_VALUES = [CANARY.nhsNumber, CANARY.email, CANARY.phone, CANARY.name];

function stringsIn(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const item of value) stringsIn(item, out);
  else if (value && typeof value === 'object') for (const item of Object.values(value)) stringsIn(item, out);
  return out;
}

const BASE64 = /^[A-Za-z0-9+/_-]{8,}={0,2}$/;

/** Every canary value found in a text (JSON documents are walked, base64 strings decoded too). */
export function canariesIn(text: string): string[] {
  let strings = [text];
  try {
    strings = stringsIn(JSON.parse(text));
  } catch {
    // not JSON (log lines, metrics text): scan as text
  }
  const views = strings.flatMap((s) => (BASE64.test(s) ? [s, Buffer.from(s, 'base64').toString('utf8')] : [s]));
  return CANARY_VALUES.filter((canary) => views.some((view) => view.includes(canary)));
}

/** Workflow ids are ours: lower-case words and HMAC digests only. */
export const WORKFLOW_ID = /^[a-z0-9:-]+$/;
/** Search attribute values also hold snake_case statuses and NHS Notify's message ids (mixed-case KSUIDs). */
export const SEARCH_ATTRIBUTE_VALUE = /^[A-Za-z0-9:_-]+$/;

/** P2's allow-list: the pattern (so no '@', no '+', no spaces), and no run of 10 digits (an NHS number). */
export function idLeaks(value: string, pattern: RegExp): string | undefined {
  if (!pattern.test(value)) return `${value}: outside ${String(pattern)}`;
  if (/\d{10}/.test(value)) return `${value}: a run of 10 digits`;
  return undefined;
}
