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
    // A combined routing plan renders one template per channel it may fall back to: each must fit.
    const lengths = Object.entries(size.fixedLengths) as [Channel, number][];
    for (const [channel, fixedLength] of lengths) {
      const message = lengths.length === 1 ? `the ${step.id} message` : `the ${step.id} message's ${channel} template`;
      const problem = channelProblem(channel, fixedLength, texts, journey.messageSizes.maxSmsFragments);
      if (problem !== undefined) problems.push({ path: `personalisation.${culprit(channel, used, values) ?? ''}`, message: `makes ${message} ${problem}` });
    }
  }
  return problems;
}

function channelProblem(channel: Channel, fixedLength: number, texts: readonly string[], maxSmsFragments: number | undefined): string | undefined {
  const limit = MESSAGE_CHARACTER_LIMITS[channel];
  const characters = renderedCharacters(channel, fixedLength, texts);
  if (characters > limit) return `${characters} characters, over NHS Notify's ${limit}-character limit for ${channel}`;
  if (channel !== 'sms' || maxSmsFragments === undefined) return undefined;
  const sms = smsSize(fixedLength, texts);
  return sms.fragments > maxSmsFragments
    ? `${sms.fragments} SMS parts (${sms.encoding === 'unicode' ? 'Unicode' : 'GSM'} text), over this journey's cap of ${maxSmsFragments}`
    : undefined;
}

/**
 * The field a client can most usefully change: for an SMS, the first value that switches it to Unicode (which cuts
 * a part from 160 to 70 characters); otherwise the longest value the template uses.
 */
function culprit(channel: Channel, fields: readonly string[], values: PersonalisationValues): string | undefined {
  const unicode = channel === 'sms' ? fields.find((field) => smsEncodingOf(values[field] ?? '') === 'unicode') : undefined;
  return unicode ?? [...fields].sort((a, b) => (values[b]?.length ?? 0) - (values[a]?.length ?? 0))[0];
}

