/**
 * Turns zod issues into field-level problems that never echo input. Zod's own messages are safe today,
 * but some quote keys the client chose ("Unrecognized key: ..."); we write every message ourselves so a
 * library upgrade cannot start leaking patient data into error bodies, logs or Temporal failures (P3, P6).
 */
import type { z } from 'zod';
import type { Problem } from './errors';

type Issue = z.core.$ZodIssue;

export function problemsFrom(issues: readonly Issue[], prefix: readonly PropertyKey[] = []): Problem[] {
  return issues.map((issue) => {
    const path = formatPath([...prefix, ...issue.path]);
    const required = issue.code === 'invalid_type' && issue.input === undefined ? REQUIRED_BECAUSE[path] : undefined;
    return { path, message: required ?? messageFor(issue) };
  });
}

/**
 * Fields the journey API requires although NHS Notify does not: the error says the rule is ours, so a
 * client that knows NHS's specification is not left guessing.
 */
const REQUIRED_BECAUSE: Readonly<Record<string, string>> = {
  'patient.nhsNumber': 'is required by the journey API (journeys are keyed on the NHS number), although NHS Notify accepts contact details alone',
};

/** Dotted path; array indexes as numbers; keys the client invented are masked (they are input too). */
export function formatPath(path: readonly PropertyKey[]): string {
  const text = path.map((segment) => {
    if (typeof segment === 'number') return String(segment);
    if (typeof segment === 'string' && /^[A-Za-z][A-Za-z0-9_]{0,63}$/.test(segment)) return segment;
    return '<key>';
  }).join('.');
  return text === '' ? '(root)' : text;
}

function messageFor(issue: Issue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? 'is required' : `must be ${article(issue.expected)}`;
    case 'too_small':
      return issue.origin === 'string' ? `must be at least ${String(issue.minimum)} characters` : `must have at least ${String(issue.minimum)} items`;
    case 'too_big':
      return issue.origin === 'string' ? `must be at most ${String(issue.maximum)} characters` : `must have at most ${String(issue.maximum)} items`;
    case 'invalid_format':
      return issue.format === 'datetime' ? 'must be an ISO 8601 date-time with an offset' : 'has an invalid format';
    case 'invalid_value':
      return 'is not one of the allowed values';
    case 'unrecognized_keys':
      return `has ${issue.keys.length} unrecognised field(s)`;
    case 'custom':
      return issue.message; // our own refinements: written not to include the value
    default:
      return 'is invalid';
  }
}

function article(expected: string): string {
  return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;
}
