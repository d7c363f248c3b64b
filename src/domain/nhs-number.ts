/**
 * NHS numbers: 10 digits whose last digit is a modulus-11 check digit (docs/nhs-notify.md).
 * A value of this branded type has been checked, so code that holds one never re-validates it.
 */
export type NhsNumber = string & { readonly __brand: 'NhsNumber' };

const WEIGHTS = [10, 9, 8, 7, 6, 5, 4, 3, 2] as const;

/** The check digit for the first nine digits, or undefined when no valid number can end them (remainder 10). */
export function nhsCheckDigit(firstNine: string): number | undefined {
  if (!/^\d{9}$/.test(firstNine)) return undefined;
  const sum = WEIGHTS.reduce((acc, weight, i) => acc + weight * Number(firstNine[i]), 0);
  const check = (11 - (sum % 11)) % 11;
  return check === 10 ? undefined : check;
}

export function isValidNhsNumber(value: unknown): value is NhsNumber {
  if (typeof value !== 'string' || !/^\d{10}$/.test(value)) return false;
  return nhsCheckDigit(value.slice(0, 9)) === Number(value[9]);
}
