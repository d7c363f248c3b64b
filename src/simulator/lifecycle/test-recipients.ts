/**
 * Deterministic outcomes by recipient, like GOV.UK Notify's test numbers: each NHS number below (valid
 * modulus 11, in the 999 range NHS uses for test patients) makes the simulator play out one scenario on
 * every routing plan. Any other valid NHS number is delivered on the plan's first channel. The same table
 * is in docs/simulator.md. Tests pick recipients by name: `TEST_RECIPIENTS.nhsAppUnread.nhsNumber`.
 */
import type { Channel } from '../../contracts/nhs-notify/wire';

/** What the supplier does when a channel is tried. */
export type ChannelOutcome =
  | 'delivered'         // delivered (NHS App: read) within the delivery delay
  | 'unread'            // NHS App only: delivered but not read, fails when the channel window ends
  | 'notRegistered'     // NHS App only: the patient has no NHS App account, fails at once (CFR_SUPE_0001)
  | 'noContactDetail'   // PDS has no contact detail for the channel: failed at once (CFR_PDSV_0002), as NHS reports it
  | 'permanentFailure'  // bad address or number: supplier permanent_failure
  | 'temporaryFailure'  // phone off or inbox full: supplier temporary_failure, retried, fails when the window ends
  | 'technicalFailure'  // fault between NHS Notify and the supplier
  | 'validationFailed'; // letter content outside the printable area

/** What the PDS lookup at enrichment finds. Anything but 'found' fails the message with no channels. */
export type PdsOutcome = 'found' | 'notFound' | 'formallyDead' | 'informallyDead' | 'exitCode' | 'invalidated';

export interface TestRecipient {
  readonly nhsNumber: string;
  readonly description: string;
  readonly pds: PdsOutcome;
  readonly channels: Readonly<Record<Channel, ChannelOutcome>>;
}

const allDelivered = { nhsapp: 'delivered', email: 'delivered', sms: 'delivered', letter: 'delivered' } as const;
/** No NHS App and no email on file, so a full cascade really reaches SMS. */
const toSms = { nhsapp: 'notRegistered', email: 'noContactDetail' } as const;
const toLetter = { nhsapp: 'notRegistered', email: 'noContactDetail', sms: 'noContactDetail' } as const;

function recipient(nhsNumber: string, description: string, channels: Partial<Record<Channel, ChannelOutcome>>, pds: PdsOutcome = 'found'): TestRecipient {
  return { nhsNumber, description, pds, channels: { ...allDelivered, ...channels } };
}

export const TEST_RECIPIENTS = {
  deliveredFirstChannel: recipient('9990000018', 'Delivered on the first channel of any plan', {}),
  nhsAppUnread: recipient('9990000026', 'NHS App message not read in the window; falls back to the next channel', { nhsapp: 'unread' }),
  nhsAppNotRegistered: recipient('9990000034', 'Not registered with the NHS App: that channel fails at once; next channel delivered', { nhsapp: 'notRegistered' }),
  smsPermanentFailure: recipient('9990000042', 'SMS permanent failure (bad number); no NHS App or email; letter delivered', { ...toSms, sms: 'permanentFailure' }),
  smsTemporaryFailure: recipient('9990000050', 'SMS temporary failure (phone off), fails when the SMS window ends; letter delivered', { ...toSms, sms: 'temporaryFailure' }),
  emailBounce: recipient('9990000069', 'Email bounces (permanent failure); no NHS App; SMS delivered', { nhsapp: 'notRegistered', email: 'permanentFailure' }),
  letterDelivered: recipient('9990000077', 'Only a postal address: every earlier channel fails for a missing contact detail; letter delivered', { ...toLetter }),
  letterValidationFailure: recipient('9990000085', 'Only a postal address, and the letter fails validation: message failed', { ...toLetter, letter: 'validationFailed' }),
  everythingFails: recipient('9990000093', 'Every channel fails: NHS App unread, email and SMS permanent, letter technical failure', {
    nhsapp: 'unread', email: 'permanentFailure', sms: 'permanentFailure', letter: 'technicalFailure',
  }),
  patientNotFound: recipient('9990000107', 'PDS: patient does not exist; message failed, no channels (MFR_PDSV_0006)', {}, 'notFound'),
  formallyDead: recipient('9990000115', 'PDS: patient is formally dead; message failed, no channels (MFR_PDSV_0112)', {}, 'formallyDead'),
  informallyDead: recipient('9990000123', 'PDS: patient is informally dead; message failed, no channels (MFR_PDSV_0111)', {}, 'informallyDead'),
  exitCode: recipient('9990000131', 'PDS: patient has an exit code; message failed, no channels (MFR_PDSV_0110)', {}, 'exitCode'),
  recordInvalidated: recipient('9990000158', 'PDS: patient record invalidated; message failed, no channels (MFR_PDSV_0008)', {}, 'invalidated'),
} as const satisfies Record<string, TestRecipient>;

export type TestRecipientName = keyof typeof TEST_RECIPIENTS;

/** The scenario any other valid NHS number gets. */
export const DEFAULT_SCENARIO: TestRecipient = recipient('', 'Any other valid NHS number: delivered on the first channel', {});

const BY_NUMBER = new Map<string, TestRecipient>(Object.values(TEST_RECIPIENTS).map((r) => [r.nhsNumber, r]));

export function scenarioFor(nhsNumber: string | undefined): TestRecipient {
  return (nhsNumber !== undefined ? BY_NUMBER.get(nhsNumber) : undefined) ?? DEFAULT_SCENARIO;
}

export function testRecipient(name: TestRecipientName): TestRecipient {
  return TEST_RECIPIENTS[name];
}
