/**
 * Would any step's message be too long for NHS Notify, or cost more SMS parts than the journey allows? Checked at
 * journey start with the values NHS Notify will get (fallbacks filled), before anything is sent: NHS Notify itself
 * accepts an over-long message and fails it later, when the patient can no longer be reached in time.
 */
import type { Channel } from '../channel';
import { MESSAGE_CHARACTER_LIMITS, renderedCharacters, smsEncodingOf, smsSize } from '../channel-limits';
import type { Problem } from '../errors';
import type { PersonalisationValues } from './resolve-personalisation';
import type { JourneyDefinition } from './types';

export function messageSizeProblems(journey: Pick<JourneyDefinition, 'steps' | 'messageSizes'>, values: PersonalisationValues): Problem[] {
  const problems: Problem[] = [];
  for (const step of journey.steps) {
    const size = journey.messageSizes.steps[step.id];
    if (size === undefined) continue;
    const used = size.fields.filter((field) => values[field] !== undefined);
    const texts = used.map((field) => values[field] ?? '');
    const path = `personalisation.${culprit(step.channel, used, values) ?? ''}`;
    const limit = MESSAGE_CHARACTER_LIMITS[step.channel];
    const characters = renderedCharacters(step.channel, size.fixedLength, texts);
    if (characters > limit) {
      problems.push({ path, message: `makes the ${step.id} message ${characters} characters, over NHS Notify's ${limit}-character limit for ${step.channel}` });
      continue;
    }
    const cap = journey.messageSizes.maxSmsFragments;
    if (step.channel === 'sms' && cap !== undefined) {
      const sms = smsSize(size.fixedLength, texts);
      if (sms.fragments > cap) {
        problems.push({ path, message: `makes the ${step.id} message ${sms.fragments} SMS parts (${sms.encoding === 'unicode' ? 'Unicode' : 'GSM'} text), over this journey's cap of ${cap}` });
      }
    }
  }
  return problems;
}

/**
 * The field a client can most usefully change: for an SMS, the first value that switches it to Unicode (which cuts
 * a part from 160 to 70 characters); otherwise the longest value the template uses.
 */
function culprit(channel: Channel, fields: readonly string[], values: PersonalisationValues): string | undefined {
  const unicode = channel === 'sms' ? fields.find((field) => smsEncodingOf(values[field] ?? '') === 'unicode') : undefined;
  return unicode ?? [...fields].sort((a, b) => (values[b]?.length ?? 0) - (values[a]?.length ?? 0))[0];
}

