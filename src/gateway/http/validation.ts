/**
 * zod issues → field problems for the error envelope. Only the *location* (a JSON pointer built from schema
 * keys and array indices) and the *kind* of problem leave the process; values, unrecognised key names and
 * zod's own messages never do, so a bad request can't be reflected back (P6).
 */
import type { z } from 'zod';
import type { FieldProblem } from './errors';

const SAFE_SEGMENT = /^[A-Za-z0-9_]{1,64}$/;
const MAX_PROBLEMS = 20;

function pointerOf(path: readonly PropertyKey[]): string {
  return path.map((segment) => {
    if (typeof segment === 'number') return `/${segment}`;
    return typeof segment === 'string' && SAFE_SEGMENT.test(segment) ? `/${segment}` : '/*';
  }).join('') || '/';
}

export function toFieldProblems(error: z.ZodError): FieldProblem[] {
  const seen = new Set<string>();
  const problems: FieldProblem[] = [];
  for (const issue of error.issues) {
    const problem: FieldProblem = { pointer: pointerOf(issue.path), problem: issue.code };
    const key = `${problem.pointer} ${problem.problem}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push(problem);
    if (problems.length >= MAX_PROBLEMS) break;
  }
  return problems;
}
