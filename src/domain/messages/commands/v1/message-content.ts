/**
 * What one send puts in front of NHS Notify, read from ONE validated request: the recipient and the
 * personalisation can never come from two different patients (reliability.md C3).
 */
import type { DeepReadonly } from '../../../deep-readonly';
import type { JourneyStep } from '../../../journeys/types';
import type { StartJourneyData, ValidStartJourneyRequest } from './start-journey.request';

export interface MessageContent {
  readonly recipient: DeepReadonly<StartJourneyData['patient']>;
  readonly personalisation: Readonly<Record<string, string>>;
  readonly originator?: DeepReadonly<NonNullable<StartJourneyData['originator']>>;
  readonly template: JourneyStep['template'];
  readonly routingPlan: JourneyStep['routingPlan'];
}

export function messageContentFor(request: ValidStartJourneyRequest, step: JourneyStep): MessageContent {
  return {
    recipient: request.patient,
    personalisation: request.personalisation.values,
    ...(request.originator === undefined ? {} : { originator: request.originator }),
    template: step.template,
    routingPlan: step.routingPlan,
  };
}
