/**
 * The shape of docs/safety/hazard-log.yaml and the DCB0129 risk matrix it is scored with. A hazard without
 * controls or without verifying test IDs does not parse.
 */
import { z } from 'zod';

export const SEVERITIES = ['Minor', 'Significant', 'Considerable', 'Major', 'Catastrophic'] as const;
export const LIKELIHOODS = ['Very low', 'Low', 'Medium', 'High', 'Very high'] as const;

// Rows: likelihood (Very low .. Very high); columns: severity (Minor .. Catastrophic).
const RISK_MATRIX: readonly (readonly number[])[] = [
  [1, 1, 2, 2, 3],
  [1, 2, 2, 3, 4],
  [2, 2, 3, 3, 4],
  [2, 3, 3, 4, 5],
  [3, 4, 4, 5, 5],
];

export function riskOf(severity: (typeof SEVERITIES)[number], likelihood: (typeof LIKELIHOODS)[number]): number {
  return RISK_MATRIX[LIKELIHOODS.indexOf(likelihood)]?.[SEVERITIES.indexOf(severity)] ?? Number.NaN;
}

const text = z.string().trim().min(10);

export const Hazard = z.object({
  id: z.string().regex(/^H\d{2}$/),
  description: text,
  cause: text,
  effect: text,
  severity: z.enum(SEVERITIES),
  likelihood: z.enum(LIKELIHOODS),
  risk: z.number().int().min(1).max(5),
  controls: z.array(text).min(1),
  verifiedBy: z.array(z.string().regex(/^[A-Z]\d+$/)).min(1),
}).strict();
export type Hazard = z.infer<typeof Hazard>;

export const HazardLog = z.object({ hazards: z.array(Hazard).min(1) }).strict();

/** Repository paths a control names: anything with a slash that ends in a file extension or a slash. */
export function pathsIn(control: string): string[] {
  return [...control.matchAll(/(?:^|[\s(,])((?:[\w.-]+\/)+(?:[\w.-]+\.(?:ts|json|yaml|md|mjs))?)(?=[\s),.;]|$)/g)].map((m) => m[1] ?? '');
}
