/**
 * Custom search attributes that make journeys filterable in the Web UI and by the gateway's list endpoint.
 * None of them may carry patient data: search attributes bypass the payload codec and are stored in plaintext.
 */
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

export const JourneyTypeKey = defineSearchAttributeKey('JourneyType', SearchAttributeType.KEYWORD);
export const JourneyStatusKey = defineSearchAttributeKey('JourneyStatus', SearchAttributeType.KEYWORD);
export const JourneyStepKey = defineSearchAttributeKey('JourneyStep', SearchAttributeType.KEYWORD);
export const NotifyMessageIdKey = defineSearchAttributeKey('NotifyMessageId', SearchAttributeType.KEYWORD);
export const EscalationOpenKey = defineSearchAttributeKey('EscalationOpen', SearchAttributeType.BOOL);

export const SEARCH_ATTRIBUTES = [JourneyTypeKey, JourneyStatusKey, JourneyStepKey, NotifyMessageIdKey, EscalationOpenKey] as const;

const CLI_TYPE_NAMES: Record<string, string> = {
  [SearchAttributeType.KEYWORD]: 'Keyword',
  [SearchAttributeType.BOOL]: 'Bool',
  [SearchAttributeType.TEXT]: 'Text',
  [SearchAttributeType.INT]: 'Int',
  [SearchAttributeType.DOUBLE]: 'Double',
  [SearchAttributeType.DATETIME]: 'Datetime',
  [SearchAttributeType.KEYWORD_LIST]: 'KeywordList',
};

/** `--search-attribute Name=Type` arguments for `temporal server start-dev`. */
export function searchAttributeCliArgs(): string[] {
  return SEARCH_ATTRIBUTES.flatMap((key) => ['--search-attribute', `${key.name}=${CLI_TYPE_NAMES[key.type] ?? 'Keyword'}`]);
}
