/**
 * Field schemas shared by the v1 journey commands. Messages are ours and never quote the value.
 * Contact details follow NHS Notify's own limits (docs/nhs-notify.md) so a request we accept is one
 * NHS Notify will accept; they are overrides only, used when the client is approved to set them.
 */
import { z } from 'zod';
import { LETTER_ADDRESS_LINES } from '../../../channel-limits';
import { isValidNhsNumber } from '../../../nhs-number';

/** Appointment or referral id from the client: opaque, but a safe charset and bounded length. */
export const EventId = z.string().min(1).max(64)
  .refine((value) => /^[A-Za-z0-9][A-Za-z0-9._:-]*$/.test(value), 'must use letters, digits and . _ : - only, starting with a letter or digit');

const EARLIEST = Date.UTC(2000, 0, 1);
const LATEST = Date.UTC(2100, 0, 1);

/** ISO 8601 with an explicit offset ("Z" or "+01:00"): a local time without one is ambiguous around DST. */
export const EventTime = z.iso.datetime({ offset: true })
  // NaN means the format check above already failed; say one thing at a time.
  .refine((value) => { const at = Date.parse(value); return Number.isNaN(at) || (at >= EARLIEST && at < LATEST); }, 'must be between 2000 and 2100');

export const NhsNumberField = z.string()
  .refine(isValidNhsNumber, 'must be 10 digits with a valid modulus-11 check digit'); // a type guard: output is NhsNumber

const line = z.string().min(1).max(100);

export const ContactDetails = z.object({
  email: z.string().min(6).max(90).refine((value) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value), 'must be an email address').optional(),
  sms: z.string().min(6).max(30).refine((value) => /^\+?[0-9 ()-]+$/.test(value), 'must be a phone number').optional(),
  address: z.object({
    lines: z.array(line).min(LETTER_ADDRESS_LINES.min).max(LETTER_ADDRESS_LINES.max),
    postcode: z.string().refine((value) => /^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$/i.test(value), 'must be a UK postcode'),
  }).strict().optional(),
  name: z.object({
    prefix: line.optional(), firstName: line.optional(), middleNames: line.optional(), lastName: line, suffix: line.optional(),
  }).strict().optional(),
}).strict();

export const Patient = z.object({ nhsNumber: NhsNumberField, contactDetails: ContactDetails.optional() }).strict();

export const Originator = z.object({
  odsCode: z.string().refine((value) => /^[A-Z0-9]{3,10}$/.test(value), 'must be an ODS code (3 to 10 capital letters or digits)'),
}).strict();

/** The clinical team staff escalations go to. Staff contact details, not the patient's. */
export const ClinicalContact = z.object({
  team: z.string().min(1).max(100),
  phone: z.string().min(6).max(30).refine((value) => /^\+?[0-9 ()-]+$/.test(value), 'must be a phone number').optional(),
  email: z.string().min(6).max(90).refine((value) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value), 'must be an email address').optional(),
}).strict();
