/**
 * Field checks of NHS Notify's proxy (docs/nhs-notify.md §8.3, `helpers/validationChecks.js`): absent gives
 * MISSING, null gives NULL (except odsCode, where null is INVALID), anything else wrong gives INVALID.
 * Each check pushes at most one error and says whether the caller may look inside the value.
 */
import { isValidNhsNumber } from '../../domain/nhs-number';
import type { ErrorSpec } from '../http/errors';

export type Errors = ErrorSpec[];
type Obj = Record<string, unknown>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const missing = (pointer: string): ErrorSpec => ({ key: 'CM_MISSING_VALUE', pointer });
const nil = (pointer: string): ErrorSpec => ({ key: 'CM_NULL_VALUE', pointer });
export const invalid = (pointer: string, detail?: string): ErrorSpec => (detail === undefined ? { key: 'CM_INVALID_VALUE', pointer } : { key: 'CM_INVALID_VALUE', pointer, detail });

/** Pushes MISSING / NULL for absent values; true when the caller should go on checking. */
function present(errors: Errors, value: unknown, pointer: string): boolean {
  if (value === undefined) errors.push(missing(pointer));
  else if (value === null) errors.push(nil(pointer));
  else return true;
  return false;
}

export function isObject(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function checkObject(errors: Errors, value: unknown, pointer: string): value is Obj {
  if (!present(errors, value, pointer)) return false;
  if (!isObject(value)) {
    errors.push(invalid(pointer));
    return false;
  }
  return true;
}

export function checkConstant(errors: Errors, value: unknown, pointer: string, required: string): boolean {
  if (!present(errors, value, pointer)) return false;
  if (value !== required) {
    errors.push(invalid(pointer));
    return false;
  }
  return true;
}

export function checkUuid(errors: Errors, value: unknown, pointer: string): value is string {
  if (!present(errors, value, pointer)) return false;
  if (typeof value !== 'string' || !UUID.test(value)) {
    errors.push(invalid(pointer));
    return false;
  }
  return true;
}

/** A reference: a string that is not blank. */
export function checkString(errors: Errors, value: unknown, pointer: string): value is string {
  if (!present(errors, value, pointer)) return false;
  if (typeof value !== 'string' || value.trim().length === 0) {
    errors.push(invalid(pointer));
    return false;
  }
  return true;
}

/** Optional: only checked when present. */
export function checkNhsNumber(errors: Errors, value: unknown, pointer: string): boolean {
  if (value === undefined) return true;
  if (value === null) {
    errors.push(nil(pointer));
    return false;
  }
  if (!isValidNhsNumber(value)) {
    errors.push({ key: 'CM_INVALID_NHS_NUMBER', pointer });
    return false;
  }
  return true;
}

/** Optional, and null is INVALID rather than NULL (a quirk of the live proxy). */
export function checkOdsCode(errors: Errors, value: unknown, pointer: string): boolean {
  if (value !== undefined && typeof value !== 'string') {
    errors.push(invalid(pointer));
    return false;
  }
  return true;
}

export function checkArray(errors: Errors, value: unknown, pointer: string, minItems: number): value is unknown[] {
  if (!present(errors, value, pointer)) return false;
  if (!Array.isArray(value)) {
    errors.push(invalid(pointer));
    return false;
  }
  if (value.length < minItems) {
    errors.push({ key: 'CM_TOO_FEW_ITEMS', pointer });
    return false;
  }
  return true;
}
