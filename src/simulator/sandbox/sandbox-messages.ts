/**
 * The fixed message ids NHS's public sandbox answers GET /v1/messages/{id} for (docs/nhs-notify.md §13), so a
 * client's tests written against those ids pass against the simulator. Each id is described by its scenario
 * (status, channels, failure codes and wording, batch and override links); timestamps are fixed, and the
 * bodies take the shape of the simulator's own messages (message-view.ts). The simulator's stateful messages
 * are looked up first; these ids are KSUIDs from 2023, so a new message never collides with them.
 */
import type { Channel, ChannelStatus, MessageResponse, MessageStatus } from '../../contracts/nhs-notify/wire';

const PLAN = { id: 'b838b13c-f98c-4def-93f0-515d4e4f4ee1', name: 'routing-plan-name', version: '1', createdDate: '2022-01-01T00:00:00.000Z' } as const;
const CREATED = '2023-10-09T10:31:37Z';
const ENRICHED = '2023-10-09T10:31:59Z';
const ENDED = '2023-10-09T10:52:12Z';

interface Failure { readonly code?: string; readonly description: string }

interface ChannelSpec {
  readonly type: Channel;
  readonly status: ChannelStatus;
  readonly cascadeType?: 'primary' | 'secondary';
  readonly failure?: Failure;
  readonly retryCount?: number;
  readonly override?: { readonly id: string; readonly version: string };
}

interface Scenario {
  readonly status: MessageStatus;
  readonly channels: readonly ChannelSpec[];
  readonly failure?: Failure;
  readonly batchId?: string;
}

const NOT_FOUND: Failure = { code: 'CFR_PDSV_0004', description: 'Failed reason: NHS number not found' };
const CONTACT_MISSING: Failure = { code: 'CFR_PDSV_0002', description: 'Failed reason: Contact detail is missing' };
const SUPPLIER: Readonly<Record<'sms' | 'email' | 'letter', Failure>> = {
  sms: { code: 'CFR_SUPE_0007', description: 'Failed reason: The provider could not deliver the message. This can happen when the recipient\u2019s phone is off, has no signal, or their text message inbox is full.' },
  email: { code: 'CFR_SUPE_0007', description: 'Failed reason: The provider could not deliver the message. This can happen when the recipient\u2019s inbox is full or their anti-spam filter rejects your email.' },
  letter: { code: 'CFR_SUPE_0007', description: 'Failed reason: The provider could not deliver the message.' },
};
const NOT_READ: Failure = { description: 'Message not read in specified time frame' };

/** A message-level failure repeats its last channel's reason, CFR_ becoming MFR_. */
const atMessageLevel = (f: Failure): Failure => (f.code === undefined ? f : { ...f, code: f.code.replace(/^CFR_/, 'MFR_') });
const pds = (code: string, description: string): Scenario => ({ status: 'failed', channels: [], failure: { code, description: `Failed reason: ${description}` } });
const single = (type: Channel, status: ChannelStatus, failure?: Failure): Scenario => ({
  status: status === 'delivered' || status === 'failed' ? status : 'sending',
  channels: [{ type, status, ...(failure === undefined ? {} : { failure }) }],
  ...(failure === undefined ? {} : { failure: atMessageLevel(failure) }),
});
const CASCADE: readonly Channel[] = ['nhsapp', 'email', 'sms', 'letter'];
/** The four-channel cascade delivered on channel `n` (1-based): earlier ones failed, later ones never tried. */
const deliveredOn = (n: number): Scenario => ({
  status: 'delivered',
  channels: CASCADE.map((type, i): ChannelSpec => {
    if (i + 1 === n) return { type, status: 'delivered' };
    if (i + 1 > n) return { type, status: 'created' };
    return type === 'nhsapp' ? { type, status: 'failed', failure: NOT_FOUND } : { type, status: 'failed', failure: SUPPLIER[type], retryCount: 1 };
  }),
});

export const SANDBOX_MESSAGES: Readonly<Record<string, Scenario>> = {
  '2WL3qFTEFM0qMY8xjRbt1LIKCzM': single('nhsapp', 'delivered'),
  '2WL3wwFhpZ6blJNIoh747bDEFNv': single('email', 'delivered'),
  '2WL3ydEEk37IzREoWRhuAdolFCE': single('sms', 'delivered'),
  '2WL3zxCY9e5vm2VP1ZfYMb53WPF': single('letter', 'delivered'),
  '2WL44QP7vrKxKKBZdTtUQoB2bWl': single('nhsapp', 'sending'),
  '2WL4GEeFVxXG9S57nRlefBwwKxp': single('email', 'sending'),
  '2WL4JXrfauCaQnSFbAujoImSKwo': single('sms', 'sending'),
  '2WL4LuyNMtoGAsJQIpTxZLl8e3e': single('letter', 'sending'),
  '2WL45YuHOLATvC3GspEu0oSioux': single('nhsapp', 'failed', NOT_FOUND),
  '2WL4JtCiOe7l2TT4szwPjNJah3z': single('sms', 'failed', SUPPLIER.sms),
  '2WL4W9RgbuLLByXdR77H8vjKSDd': single('email', 'failed', SUPPLIER.email),
  '2WL4MOuSeCTODDAScFG7KIq9a5r': single('letter', 'failed', SUPPLIER.letter),
  '2WL4QcKGjNHvHFQeKgYbapZJGHK': pds('MFR_PDSV_0006', 'Patient does not exist in PDS'),
  '2WL4cPfBRuPKa44JxhyXYf2kr1E': pds('MFR_PDSV_0008', 'patient record invalidated'),
  '2WL4ibGoigirgbH4yQwqbPaJXyQ': pds('MFR_PDSV_0112', 'Patient is formally dead'),
  '2WL4khXn32dOOj4bB4bi8Tkllrq': pds('MFR_PDSV_0111', 'Patient is informally dead'),
  '2WL4mvx6eBva8dcIK60VEGIfcgZ': pds('MFR_PDSV_0110', 'Patient has exit code'),
  '2WL4pcpmKxYYblm3PSKVEqcmEPX': pds('MFR_PDSV_0001', 'Name response is invalid: Contact detail is malformed'),
  '2WL4vHFZzInmaYwq6HRNDqTX8dH': single('nhsapp', 'failed', CONTACT_MISSING),
  '2WL4xcWKvz4F32g0htBEl8DINzn': single('email', 'failed', CONTACT_MISSING),
  '2WL50w41YaZXcyFCNT346LY8rlz': single('sms', 'failed', CONTACT_MISSING),
  '2WL54x0XQjCbWeE5lN0DKQZcokU': single('letter', 'failed', CONTACT_MISSING),
  '2WL5TWl7F7PondWbZ1vctlEtOZ3': deliveredOn(1),
  '2WL5eDefrbW31uw1il84WdF8ndH': deliveredOn(2),
  '2WL5eYSWGzCHlGmzNxuqVusPxDg': deliveredOn(3),
  '2WL5f8j4XVxUPgd3OOqXVYvVFIW': deliveredOn(4),
  '2WL5qbEa7TzSWZXU2IAOCCrLXVL': { ...single('nhsapp', 'delivered'), batchId: '2WWq0oqcx5pdoNnh8hJuYLonZMy' },
  '2bBBpsiMl2rnQt99qm6JLZ6w1vq': {
    status: 'failed',
    channels: [{ type: 'sms', status: 'failed', failure: { description: CONTACT_MISSING.description }, override: { id: '9ba00d23-cd6f-4aca-8688-00abc85a7980', version: '5' } }],
    failure: { description: CONTACT_MISSING.description },
  },
  '2n7C5wdJ9JSOSeCJTyd50GvtZeR': {
    status: 'delivered',
    channels: [
      { type: 'nhsapp', status: 'failed', failure: NOT_READ, retryCount: 1 },
      { type: 'sms', status: 'delivered', cascadeType: 'secondary', retryCount: 1 },
      { type: 'letter', status: 'delivered' },
    ],
  },
};

type Body = MessageResponse & { data: { relationships?: unknown; attributes: { metadata?: unknown[] } } };

function channelView(spec: ChannelSpec, order: number): NonNullable<MessageResponse['data']['attributes']['channels']>[number] {
  const ended = spec.status === 'delivered' ? { delivered: ENDED } : spec.status === 'failed' ? { failed: ENDED } : {};
  return {
    type: spec.type,
    cascadeType: spec.cascadeType ?? 'primary',
    cascadeOrder: order,
    channelStatus: spec.status,
    ...(spec.failure === undefined ? {} : { channelStatusDescription: spec.failure.description }),
    ...(spec.failure?.code === undefined ? {} : { channelFailureReasonCode: spec.failure.code }),
    ...(spec.retryCount === undefined ? {} : { retryCount: spec.retryCount }),
    timestamps: { created: ENRICHED, ...ended },
    routingPlan: spec.override === undefined ? { id: PLAN.id, version: PLAN.version, type: 'original' } : { ...spec.override, type: 'override' },
  };
}

/** The sandbox's body for a fixed id, or undefined for any other id. */
export function sandboxMessage(messageId: string, selfUrl: string): Body | undefined {
  const scenario = Object.hasOwn(SANDBOX_MESSAGES, messageId) ? SANDBOX_MESSAGES[messageId] : undefined;
  if (scenario === undefined) return undefined;
  // cascadeOrder is counted within each cascade type.
  const seen: Record<string, number> = {};
  const channels = scenario.channels.map((c) => {
    const kind = c.cascadeType ?? 'primary';
    seen[kind] = (seen[kind] ?? 0) + 1;
    return channelView(c, seen[kind]);
  });
  const ended = scenario.status === 'delivered' ? { delivered: ENDED } : scenario.status === 'failed' ? { failed: ENDED } : {};
  const body: Body = {
    data: {
      type: 'Message',
      id: messageId,
      attributes: {
        messageReference: `sandbox-${messageId}`,
        messageStatus: scenario.status,
        ...(scenario.failure === undefined ? {} : { messageStatusDescription: scenario.failure.description }),
        ...(scenario.failure?.code === undefined ? {} : { messageFailureReasonCode: scenario.failure.code }),
        routingPlan: { ...PLAN },
        timestamps: { created: CREATED, enriched: ENRICHED, ...ended },
        ...(channels.length === 0 ? {} : { channels }),
        metadata: [{ queriedAt: ENRICHED, version: '23', source: 'pds', labels: scenario.channels.map((c) => c.type) }],
      },
      links: { self: selfUrl },
    },
  };
  if (scenario.batchId !== undefined) body.data.relationships = { messageBatch: { data: { type: 'MessageBatch', id: scenario.batchId } } };
  return body;
}
