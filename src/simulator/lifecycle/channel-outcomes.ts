/**
 * What each supplier outcome looks like on the wire: the channel status it ends in, the supplier status,
 * and the failure code and description (docs/nhs-notify.md §7). NHS publishes no full catalogue of codes;
 * these reuse the codes and wording of NHS's sandbox fixtures where one exists.
 */
import type { Channel, ChannelStatus, SupplierStatus } from '../../contracts/nhs-notify/wire';
import type { ChannelOutcome, PdsOutcome } from './test-recipients';

export interface ChannelEnd {
  readonly channelStatus: Extract<ChannelStatus, 'delivered' | 'failed'>;
  readonly supplierStatus?: SupplierStatus;
  readonly code?: string;
  readonly description?: string;
}

const DELIVERED_SUPPLIER_STATUS: Record<Channel, SupplierStatus> = { nhsapp: 'read', email: 'delivered', sms: 'delivered', letter: 'received' };

const PROVIDER = 'Failed reason: The provider could not deliver the message.';

export const NOT_READ_IN_TIME = 'Message not read in specified time frame';

/** How a channel ends, for an outcome; `unread` and `temporaryFailure` end when the window closes. */
export function channelEnd(channel: Channel, outcome: ChannelOutcome): ChannelEnd {
  switch (outcome) {
    case 'delivered': return { channelStatus: 'delivered', supplierStatus: DELIVERED_SUPPLIER_STATUS[channel] };
    case 'unread': return { channelStatus: 'failed', supplierStatus: 'delivered', description: NOT_READ_IN_TIME };
    case 'notRegistered': return { channelStatus: 'failed', code: 'CFR_SUPE_0001', description: 'Failed reason: Not registered with NHS App' };
    // NHS reports a channel with no contact detail as failed with the PDS reason (its sandbox fixtures), never skipped.
    case 'noContactDetail': return { channelStatus: 'failed', code: 'CFR_PDSV_0002', description: 'Failed reason: Contact detail is missing' };
    case 'permanentFailure': return { channelStatus: 'failed', supplierStatus: 'permanent_failure', code: 'CFR_SUPE_0007', description: `${PROVIDER} The ${channel === 'sms' ? 'phone number' : 'address'} is not valid.` };
    case 'temporaryFailure': return { channelStatus: 'failed', supplierStatus: 'temporary_failure', code: 'CFR_SUPE_0007', description: `${PROVIDER} This can happen when the recipient's phone is off, has no signal, or their inbox is full.` };
    case 'technicalFailure': return { channelStatus: 'failed', supplierStatus: 'technical_failure', code: 'CFR_SUPE_0007', description: `${PROVIDER} There was a technical failure between NHS Notify and the provider.` };
    case 'validationFailed': return { channelStatus: 'failed', supplierStatus: 'validation_failed', code: 'CFR_SUPE_0007', description: `${PROVIDER} The letter content is outside the printable area.` };
  }
}

/** Outcomes decided without asking a supplier: the channel ends the moment it is tried. */
export function endsAtOnce(outcome: ChannelOutcome): boolean {
  return outcome === 'notRegistered' || outcome === 'noContactDetail';
}

/** Outcomes that wait out the channel window before failing; the supplier status they show meanwhile. */
export function interimSupplierStatus(outcome: ChannelOutcome): SupplierStatus | undefined {
  if (outcome === 'unread') return 'delivered';
  if (outcome === 'temporaryFailure') return 'temporary_failure';
  return undefined;
}

export const PDS_FAILURES: Readonly<Record<Exclude<PdsOutcome, 'found'>, { code: string; description: string }>> = {
  notFound: { code: 'MFR_PDSV_0006', description: 'Failed reason: Patient does not exist in PDS' },
  invalidated: { code: 'MFR_PDSV_0008', description: 'Failed reason: patient record invalidated' },
  exitCode: { code: 'MFR_PDSV_0110', description: 'Failed reason: Patient has exit code' },
  informallyDead: { code: 'MFR_PDSV_0111', description: 'Failed reason: Patient is informally dead' },
  formallyDead: { code: 'MFR_PDSV_0112', description: 'Failed reason: Patient is formally dead' },
};

export const NO_NHS_NUMBER_FAILURE = { code: 'MFR_CFGV_0005', description: 'Failed reason: No valid request item plans were generated' };

/** A message that fails because its last channel failed reports that channel's reason at message level. */
export function messageCodeFor(channelCode: string | undefined): string | undefined {
  return channelCode?.replace(/^CFR_/, 'MFR_');
}
