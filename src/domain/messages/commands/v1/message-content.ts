/**
 * What one send puts in front of NHS Notify: the recipient and the personalisation read from ONE source,
 * so they can never come from two different patients (C3 in docs/reliability.md). The source is made from
 * the validated start request once, when the journey starts (`messageSourceOf`); the journey workflow keeps
 * it in its input (the personalisation is refreshed by an appointment change) and calls `messageContentFor`
 * for every step it sends.
 */
import type { DeepReadonly } from '../../../deep-readonly';
import type { ResolvedPersonalisation } from '../../../journeys/resolve-personalisation';
import type { JourneyStep } from '../../../journeys/types';
import type { StartJourneyData, ValidStartJourneyRequest } from './start-journey.request';

/** The recipient exactly as validated at journey start: plain data, as it travels in Temporal payloads. */
export type Recipient = DeepReadonly<Omit<StartJourneyData['patient'], 'nhsNumber'>> & { readonly nhsNumber: string };

export interface MessageSource {
  readonly recipient: Recipient;
  readonly personalisation: ResolvedPersonalisation;
  readonly odsCode?: string;
}

export interface MessageContent {
  readonly recipient: Recipient;
  readonly personalisation: Readonly<Record<string, string>>;
  readonly odsCode?: string;
  readonly template: JourneyStep['template'];
  readonly routingPlan: JourneyStep['routingPlan'];
}

/** The only way from a request to a message source: it takes a branded, validated request. */
export function messageSourceOf(request: ValidStartJourneyRequest): MessageSource {
  return {
    recipient: request.patient,
    personalisation: request.personalisation,
    ...(request.originator === undefined ? {} : { odsCode: request.originator.odsCode }),
  };
}

export function messageContentFor(source: MessageSource, step: Pick<JourneyStep, 'template' | 'routingPlan'>): MessageContent {
  return {
    recipient: source.recipient,
    personalisation: source.personalisation.values,
    ...(source.odsCode === undefined ? {} : { odsCode: source.odsCode }),
    template: step.template,
    routingPlan: step.routingPlan,
  };
}
