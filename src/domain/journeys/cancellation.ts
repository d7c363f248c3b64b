/**
 * Whether cancelling a journey should start a notice journey. Only a cancelled appointment is news the
 * patient needs; a cancel for a deceased patient, an error or a clinical decision must never message them.
 */
import type { CancelReason, JourneyDefinition, JourneyType } from './types';

const REASONS_THAT_NOTIFY: readonly CancelReason[] = ['appointment_cancelled'];

export function cancellationNotice(journey: JourneyDefinition, reason: CancelReason): JourneyType | undefined {
  const { sendsNotice, noticeJourney } = journey.cancellation;
  return sendsNotice && REASONS_THAT_NOTIFY.includes(reason) ? noticeJourney : undefined;
}
