/**
 * From the identity provider's claims to the console's roles. The organisation names its roles in a claim
 * (default `roles`; a string or an array of strings); CONSOLE_ALLOWED_ROLES lists which values admit a person
 * as `staff`, CONSOLE_OPS_ROLES which also grant `ops`. Anyone else is refused at sign-in.
 */
import type { ConsoleRole } from '../ports';

export interface RoleMapping {
  readonly claim: string;
  readonly staffValues: readonly string[];
  readonly opsValues: readonly string[];
}

export function consoleRolesOf(claims: Readonly<Record<string, unknown>>, mapping: RoleMapping): ConsoleRole[] {
  const raw = claims[mapping.claim];
  const values = typeof raw === 'string' ? raw.split(/[\s,]+/) : Array.isArray(raw) ? raw.filter((v): v is string => typeof v === 'string') : [];
  const ops = values.some((v) => mapping.opsValues.includes(v));
  const staff = ops || values.some((v) => mapping.staffValues.includes(v));
  return [...(staff ? ['staff' as const] : []), ...(ops ? ['ops' as const] : [])];
}

/** A name to show in the header: the provider's `name`, else the username, else the subject. */
export function displayNameOf(claims: Readonly<Record<string, unknown>>): string {
  for (const key of ['name', 'preferred_username', 'email', 'sub']) {
    const value = claims[key];
    if (typeof value === 'string' && value !== '') return value;
  }
  return 'Staff member';
}
