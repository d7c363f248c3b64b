/**
 * NHS Notify's message size limits, in one place (docs/channel-limits.md says where each figure comes from).
 * NHS Notify accepts an over-long message with a 201 and fails it later, so we measure the rendered message at
 * journey start, when the client can still fix it: the template's fixed text (declared in the catalogue) plus
 * the personalisation values the template uses.
 */
import type { Channel } from './channel';

/** Characters in the whole rendered message, per channel. */
export const MESSAGE_CHARACTER_LIMITS: Readonly<Record<Channel, number>> = {
  sms: 918,
  nhsapp: 5_000,
  email: 100_000,
  letter: 15_000,
};

/** A letter address: 2 to 5 lines and a UK postcode (NHS Notify refuses 6 or more lines). */
export const LETTER_ADDRESS_LINES = { min: 2, max: 5 } as const;

/** Characters of fixed text each SMS part carries, by encoding: the first entries are cumulative totals. */
const GSM_PART_TOTALS = [160, 306, 459, 612, 765, 918] as const;
const UNICODE_PART_TOTALS = [70, 134, 201, 268] as const;
const UNICODE_CHARACTERS_PER_LATER_PART = 67;

// The GSM 03.38 basic set as NHS Notify counts it: these cost one character each.
const GSM_BASIC = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);
/** Cost two characters each (an escape plus the character). */
const GSM_EXTENDED = new Set('[]{}^\\|~€');

export type SmsEncoding = 'gsm' | 'unicode';

export interface SmsSize {
  readonly encoding: SmsEncoding;
  /** Characters as NHS Notify counts them (GSM extended characters count 2; Unicode counts UTF-16 units). */
  readonly characters: number;
  readonly fragments: number;
}

export function smsEncodingOf(text: string): SmsEncoding {
  for (const character of text) if (!GSM_BASIC.has(character) && !GSM_EXTENDED.has(character)) return 'unicode';
  return 'gsm';
}

/** Characters `text` costs in `encoding`. */
export function smsCharacters(text: string, encoding: SmsEncoding): number {
  if (encoding === 'unicode') return text.length;
  let count = 0;
  for (const character of text) count += GSM_EXTENDED.has(character) ? 2 : 1;
  return count;
}

/** How many SMS parts a message of `characters` takes in `encoding` (0 characters is still one part). */
export function smsFragments(characters: number, encoding: SmsEncoding): number {
  const totals: readonly number[] = encoding === 'gsm' ? GSM_PART_TOTALS : UNICODE_PART_TOTALS;
  const index = totals.findIndex((total) => characters <= total);
  if (index >= 0) return index + 1;
  if (encoding === 'gsm') return Math.ceil(characters / 153); // past 918 the message is refused anyway
  const last = UNICODE_PART_TOTALS[UNICODE_PART_TOTALS.length - 1] ?? 0;
  return UNICODE_PART_TOTALS.length + Math.ceil((characters - last) / UNICODE_CHARACTERS_PER_LATER_PART);
}

/**
 * The size of an SMS whose template has `fixedCharacters` of GSM text and whose personalisation adds `values`.
 * One non-GSM character anywhere switches the whole message to Unicode.
 */
export function smsSize(fixedCharacters: number, values: readonly string[]): SmsSize {
  const variable = values.join('');
  const encoding = smsEncodingOf(variable);
  const characters = fixedCharacters + smsCharacters(variable, encoding);
  return { encoding, characters, fragments: smsFragments(characters, encoding) };
}

/** The characters a non-SMS message renders to: fixed text plus the values (a JavaScript string's length). */
export function renderedCharacters(channel: Channel, fixedCharacters: number, values: readonly string[]): number {
  if (channel === 'sms') return smsSize(fixedCharacters, values).characters;
  return values.reduce((sum, value) => sum + value.length, fixedCharacters);
}
