/**
 * Personalisation per journey, declared as data and compiled to a strict zod schema. NHS Notify accepts
 * any personalisation with a 201 and fails the message later if a template field is missing or too long
 * (docs/nhs-notify.md), so we check at journey start, when the client can still fix it.
 * Every optional field has a fallback, because a template placeholder without a value fails the message.
 */
import { z } from 'zod';

export type FieldKind = 'text' | 'https-url' | 'phone';

/** What to send when the client leaves an optional field out. */
export type FieldFallback = { readonly text: string } | { readonly fromEvent: 'date' | 'time' };

export interface PersonalisationField {
  readonly description: string;
  readonly maxLength: number;
  readonly kind?: FieldKind;
  readonly required?: boolean;
  /** Required for optional fields (catalogue validation checks it). */
  readonly fallback?: FieldFallback;
}

export type PersonalisationFields = Readonly<Record<string, PersonalisationField>>;

export interface PersonalisationSpec {
  readonly fields: PersonalisationFields;
  /** Strict: unknown keys are problems, so a typo never silently drops a field. */
  readonly schema: z.ZodObject;
}

// Control characters break SMS and letters and are a log-injection vector; none of our fields needs them.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/;
const HTTPS_URL = /^https:\/\/[A-Za-z0-9.-]+(?::\d+)?(?:\/[^\s]*)?$/;
const PHONE = /^\+?[0-9 ()-]{6,20}$/;

function fieldSchema(field: PersonalisationField): z.ZodType<string | undefined> {
  let schema = z.string()
    .max(field.maxLength)
    .refine((value) => value.trim().length > 0, 'must not be blank')
    .refine((value) => !CONTROL_CHARACTERS.test(value), 'must not contain control characters');
  if (field.kind === 'https-url') schema = schema.refine((value) => HTTPS_URL.test(value), 'must be an https URL');
  if (field.kind === 'phone') schema = schema.refine((value) => PHONE.test(value), 'must be a phone number');
  return field.required === true ? schema : schema.optional();
}

export function definePersonalisation(fields: PersonalisationFields): PersonalisationSpec {
  const shape: Record<string, z.ZodType<string | undefined>> = {};
  for (const [name, field] of Object.entries(fields)) shape[name] = fieldSchema(field);
  return { fields, schema: z.object(shape).strict() };
}

/**
 * Names NHS Notify fills itself or reserves (docs/nhs-notify.md). A custom field that clashes, even by case or punctuation,
 * makes personalisation fail, so catalogue validation refuses them.
 */
export const RESERVED_PERSONALISATION_NAMES = [
  'fullName', 'firstName', 'lastName', 'nhsNumber', 'date', 'emailAddress', 'phoneNumber', 'addressLine1',
  'addressLine2', 'addressLine3', 'addressLine4', 'addressLine5', 'addressLine6', 'addressLine7', 'middleNames',
  'namePrefix', 'nameSuffix', 'clientRef', 'recipientContactValue', 'template',
] as const;

export function clashesWithReservedName(name: string): boolean {
  const normalise = (text: string): string => text.toLowerCase().replace(/[^a-z0-9]/g, '');
  return RESERVED_PERSONALISATION_NAMES.some((reserved) => normalise(reserved) === normalise(name));
}
