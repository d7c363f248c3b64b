/**
 * zod issues → field problems for the error envelope. Only the *location* and the *kind* of problem leave the
 * process; values, zod's own messages and any key the client chose never do, so a bad request can't be
 * reflected back (P6). A path segment is shown only when the schema declares it (an object's own key, or an
 * array index); a key of a record, a passthrough object or anything the schema does not name becomes `*`.
 */
import type { z } from 'zod';
import type { FieldProblem } from './errors';

const MAX_PROBLEMS = 20;

interface Def {
  readonly type?: string;
  readonly shape?: Readonly<Record<string, unknown>>;
  readonly element?: unknown;
  readonly innerType?: unknown;
  readonly in?: unknown;
  readonly options?: readonly unknown[];
  readonly getter?: () => unknown;
}

const defOf = (schema: unknown): Def => (schema as { _zod?: { def?: Def } } | undefined)?._zod?.def ?? {};

/** Unwraps optional, nullable, default, pipe, lazy…: the schema that gives the value its structure. */
function structural(schema: unknown): unknown {
  let current = schema;
  for (let depth = 0; depth < 16; depth += 1) {
    const def = defOf(current);
    const next = def.innerType ?? (def.type === 'pipe' ? def.in : undefined) ?? (def.type === 'lazy' ? def.getter?.() : undefined);
    if (next === undefined) return current;
    current = next;
  }
  return current;
}

/** The schema for `segment` under `schema`, if the schema declares it; undefined means "the client's own". */
function child(schema: unknown, segment: PropertyKey): unknown {
  const def = defOf(structural(schema));
  if (def.type === 'array' && typeof segment === 'number') return def.element;
  if (def.type === 'object' && typeof segment === 'string' && def.shape !== undefined && Object.hasOwn(def.shape, segment)) return def.shape[segment];
  if (def.type === 'union' && def.options !== undefined) {
    for (const option of def.options) {
      const found = child(option, segment);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

/** An RFC 6901 pointer for `path` that shows only what `schema` declares. */
export function pointerOf(schema: z.ZodType, path: readonly PropertyKey[], beyondSchema?: (segment: PropertyKey) => boolean): string {
  let current: unknown = schema;
  let pointer = '';
  for (const segment of path) {
    const type = current === undefined ? undefined : defOf(structural(current)).type;
    if (type === 'unknown' || type === 'any') {
      // The schema leaves this value to another check (e.g. a journey's own personalisation schema).
      pointer += beyondSchema?.(segment) === true ? `/${String(segment)}` : '/*';
      continue;
    }
    const next = current === undefined ? undefined : child(current, segment);
    pointer += next === undefined ? '/*' : `/${String(segment)}`;
    current = next;
  }
  return pointer || '/';
}

/** Problems for `error`, which `schema.safeParse` produced. */
export function toFieldProblems(error: z.ZodError, schema: z.ZodType): FieldProblem[] {
  const seen = new Set<string>();
  const problems: FieldProblem[] = [];
  for (const issue of error.issues) {
    const problem: FieldProblem = { pointer: pointerOf(schema, issue.path), problem: issue.code };
    const key = `${problem.pointer} ${problem.problem}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push(problem);
    if (problems.length >= MAX_PROBLEMS) break;
  }
  return problems;
}
