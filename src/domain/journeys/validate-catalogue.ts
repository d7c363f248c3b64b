/**
 * Invariants every catalogue must hold. Broken ones are configuration errors caught when the catalogue
 * is built (at worker and gateway start), not when a patient's message would have gone out.
 */
import type { Problem } from '../errors';
import { parseLocalTime } from '../planning/quiet-hours';
import { ROUTING_PLANS } from '../routing-plans';
import { clashesWithReservedName } from './personalisation-spec';
import { JOURNEY_TYPES, type JourneyCatalogue, type JourneyDefinition } from './types';

const STEP_ID = /^[a-z][a-z0-9-]{0,31}$/;
const positive = (value: number): boolean => Number.isFinite(value) && value > 0;

export function validateCatalogue(catalogue: JourneyCatalogue): Problem[] {
  return JOURNEY_TYPES.flatMap((type) => {
    const journey = catalogue[type] as JourneyDefinition | undefined;
    if (journey === undefined) return [{ path: type, message: 'missing from the catalogue' }];
    const problems = validateJourney(journey, catalogue);
    if (journey.type !== type) problems.push({ path: `${type}.type`, message: 'does not match its catalogue key' });
    return problems.map((problem) => ({ path: `${type}.${problem.path}`, message: problem.message }));
  });
}

function validateJourney(journey: JourneyDefinition, catalogue: JourneyCatalogue): Problem[] {
  const problems: Problem[] = [];
  const fail = (path: string, message: string): void => { problems.push({ path, message }); };
  if (!Number.isInteger(journey.version) || journey.version < 1) fail('version', 'must be a positive integer');
  if (journey.steps.length === 0) fail('steps', 'must have at least one step');
  const ids = new Set<string>();
  journey.steps.forEach((step, i) => {
    const at = `steps.${i}`;
    if (!STEP_ID.test(step.id)) fail(`${at}.id`, 'must be a short lowercase id');
    if (ids.has(step.id)) fail(`${at}.id`, 'duplicates another step id');
    ids.add(step.id);
    const plan = (ROUTING_PLANS as Record<string, (typeof ROUTING_PLANS)[keyof typeof ROUTING_PLANS] | undefined>)[step.routingPlan];
    if (plan === undefined) fail(`${at}.routingPlan`, 'is not a known routing plan');
    else if (plan.channels[0] !== step.channel) fail(`${at}.routingPlan`, "does not start with the step's channel");
    if (step.template.id.trim() === '' || step.template.version.trim() === '') fail(`${at}.template`, 'needs an id and a version');
    if (!positive(step.callbackTimeoutMs)) fail(`${at}.callbackTimeoutMs`, 'must be a positive duration');
  });
  const { notBeforeOffsetMs, deadlineOffsetMs } = journey.window;
  if (!Number.isFinite(deadlineOffsetMs)) fail('window.deadlineOffsetMs', 'must be a finite duration');
  if (notBeforeOffsetMs !== undefined && !(notBeforeOffsetMs < deadlineOffsetMs)) fail('window', 'notBefore must come before the deadline');
  if (!positive(journey.letterLeadTimeMs)) fail('letterLeadTimeMs', 'must be a positive duration');
  if (!positive(journey.escalationSlaMs)) fail('escalationSlaMs', 'must be a positive duration');
  for (const [channel, window] of Object.entries(journey.quietHours)) {
    try { parseLocalTime(window.from); parseLocalTime(window.to); } catch { fail(`quietHours.${channel}`, 'times must be HH:MM or HH:MM:SS'); }
  }
  const { sendsNotice, noticeJourney } = journey.cancellation;
  if (sendsNotice && (noticeJourney === undefined || !(noticeJourney in catalogue) || noticeJourney === journey.type)) {
    fail('cancellation.noticeJourney', 'must name another journey in the catalogue');
  }
  for (const [name, field] of Object.entries(journey.personalisation.fields)) {
    const at = `personalisation.${name}`;
    if (clashesWithReservedName(name)) fail(at, 'clashes with a name NHS Notify reserves');
    if (field.required !== true && field.fallback === undefined) fail(at, 'optional fields need a fallback (a missing value fails the message)');
    if (field.fallback !== undefined && 'text' in field.fallback && field.fallback.text.trim() === '') fail(at, 'fallback text must not be blank');
    if (!positive(field.maxLength)) fail(`${at}.maxLength`, 'must be positive');
  }
  return problems;
}
