/**
 * The NHS Notify HTTP contract as zod schemas (docs/nhs-notify.md §3 to §12).
 * Both sides of the wire import these: the client (src/notify) to build requests and parse responses,
 * the simulator (src/simulator) to produce responses and callbacks, and the gateway (src/gateway) to
 * validate callbacks. Response schemas are tolerant of extra fields (the API may add some).
 * Request schemas are exactly NHS's specification, no stricter: a request NHS accepts must never be
 * refused here, or a journey would take a permanent fallback for a message that could have gone. Rules
 * of our own (the journey API's required NHS number, its contact-detail formats) live in src/domain and
 * say so in their errors. Fields NHS ignores are passed through untouched.
 */
import { z } from 'zod';
import { isValidNhsNumber } from '../../domain/nhs-number';

import { CHANNELS } from '../../domain/channel';
export { CHANNELS };
export const Channel = z.enum(CHANNELS);
export type Channel = z.infer<typeof Channel>;

export const MESSAGE_STATUSES = ['created', 'pending_enrichment', 'enriched', 'sending', 'delivered', 'failed'] as const;
export const MessageStatus = z.enum(MESSAGE_STATUSES);
export type MessageStatus = z.infer<typeof MessageStatus>;

export const CHANNEL_STATUSES = ['created', 'sending', 'delivered', 'failed', 'skipped'] as const;
export const ChannelStatus = z.enum(CHANNEL_STATUSES);
export type ChannelStatus = z.infer<typeof ChannelStatus>;

export const SUPPLIER_STATUSES = ['delivered', 'read', 'notification_attempted', 'unnotified', 'rejected', 'notified',
  'received', 'permanent_failure', 'temporary_failure', 'technical_failure', 'accepted', 'cancelled',
  'pending_virus_check', 'validation_failed', 'unknown'] as const;
export const SupplierStatus = z.enum(SUPPLIER_STATUSES);
export type SupplierStatus = z.infer<typeof SupplierStatus>;

const uuid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'must be a UUID');
const nonBlank = z.string().refine((s) => s.trim().length > 0, 'must not be blank');
const isoTimestamp = z.string().datetime({ offset: true });
export const Ksuid = z.string().regex(/^[a-zA-Z0-9]{27}$/, 'must be a KSUID');

// ---------------------------------------------------------------- requests (§3, §4)

export const Address = z.looseObject({
  lines: z.array(z.string()).min(2).max(5),
  postcode: z.string(),
});

/** Every part optional: NHS's specification requires none of them, and its sandbox accepts a name without lastName. */
export const Name = z.looseObject({
  prefix: z.string().optional(), firstName: z.string().optional(), middleNames: z.string().optional(),
  lastName: z.string().optional(), suffix: z.string().optional(),
});

export const ContactDetails = z.looseObject({
  /** The specification's length bounds; its pattern is not published in a form we can reuse, so NHS judges the rest. */
  email: z.string().min(6).max(90).optional(),
  sms: z.string().optional(),
  address: Address.optional(),
  name: Name.optional(),
});

/**
 * `nhsNumber` is optional, as in NHS's specification: a recipient may be given by contact details alone
 * (clients set up for anonymous patients). When present it must pass the modulus-11 check, as NHS's proxy
 * checks it.
 */
export const Recipient = z.looseObject({
  nhsNumber: z.string().refine(isValidNhsNumber, 'must be 10 digits with a valid modulus-11 check digit').optional(),
  contactDetails: ContactDetails.optional(),
});
export type Recipient = z.infer<typeof Recipient>;

/** `{}` is valid: the client's default ODS code then applies. */
export const Originator = z.looseObject({ odsCode: z.string().optional() });

/** Any JSON values: NHS checks only that personalisation is an object; the template decides what fits. */
export const Personalisation = z.record(z.string(), z.unknown());
export type Personalisation = z.infer<typeof Personalisation>;

export const MessageAttributes = z.looseObject({
  routingPlanId: uuid,
  messageReference: nonBlank,
  billingReference: z.string().optional(),
  recipient: Recipient,
  originator: Originator.optional(),
  personalisation: Personalisation.optional(),
});
export type MessageAttributes = z.infer<typeof MessageAttributes>;

export const CreateMessageRequest = z.object({
  data: z.object({ type: z.literal('Message'), attributes: MessageAttributes }).strict(),
}).strict();
export type CreateMessageRequest = z.infer<typeof CreateMessageRequest>;

export const BatchMessage = MessageAttributes.omit({ routingPlanId: true });
export type BatchMessage = z.infer<typeof BatchMessage>;

export const CreateMessageBatchRequest = z.object({
  data: z.object({
    type: z.literal('MessageBatch'),
    attributes: z.object({
      routingPlanId: uuid,
      messageBatchReference: nonBlank,
      messages: z.array(BatchMessage).min(1).max(45_000),
    }).strict(),
  }).strict(),
}).strict();
export type CreateMessageBatchRequest = z.infer<typeof CreateMessageBatchRequest>;

// ---------------------------------------------------------------- responses (§3, §4, §5)

export const RoutingPlanRef = z.object({
  id: z.string(), name: z.string(), version: z.string(), createdDate: z.string(),
});
export type RoutingPlanRef = z.infer<typeof RoutingPlanRef>;

/** What every message answer carries: the 201 to a send and the GET of a message (which adds status detail). */
const MessageAnswerAttributes = z.object({
  messageReference: z.string(),
  messageStatus: MessageStatus,
  routingPlan: RoutingPlanRef,
  timestamps: z.object({ created: z.string() }).passthrough(),
});

/** A message answer's envelope around its attributes. */
const messageEnvelope = <A extends z.ZodType>(attributes: A) => z.object({
  data: z.object({
    type: z.literal('Message'),
    id: Ksuid,
    attributes,
    links: z.object({ self: z.string() }).optional(),
  }),
});

export const MessageCreatedResponse = messageEnvelope(MessageAnswerAttributes);
export type MessageCreatedResponse = z.infer<typeof MessageCreatedResponse>;

export const MessageBatchCreatedResponse = z.object({
  data: z.object({
    type: z.literal('MessageBatch'),
    id: Ksuid,
    attributes: z.object({
      messageBatchReference: z.string(),
      routingPlan: RoutingPlanRef,
      messages: z.array(z.object({ messageReference: z.string(), id: Ksuid })),
    }),
  }),
});
export type MessageBatchCreatedResponse = z.infer<typeof MessageBatchCreatedResponse>;

export const MessageChannel = z.object({
  type: Channel,
  cascadeType: z.enum(['primary', 'secondary']),
  cascadeOrder: z.number().int().min(1),
  channelStatus: ChannelStatus,
  channelStatusDescription: z.string().optional(),
  channelFailureReasonCode: z.string().optional(),
  supplierStatus: SupplierStatus.optional(),
  retryCount: z.number().int().min(0).optional(),
  timestamps: z.object({ created: z.string() }).passthrough(),
  routingPlan: z.object({ id: z.string(), version: z.string().optional(), type: z.enum(['original', 'override']) }),
});
export type MessageChannel = z.infer<typeof MessageChannel>;

export const MessageResponse = messageEnvelope(MessageAnswerAttributes.extend({
  messageStatusDescription: z.string().optional(),
  messageFailureReasonCode: z.string().optional(),
  channels: z.array(MessageChannel).optional(),
}));
export type MessageResponse = z.infer<typeof MessageResponse>;

// ---------------------------------------------------------------- errors (§8)

export const ApiError = z.object({
  id: z.string(),
  code: z.string(),
  links: z.record(z.string(), z.string()).optional(),
  status: z.string(),
  title: z.string(),
  detail: z.string(),
  source: z.object({ pointer: z.string().optional(), header: z.string().optional(), parameter: z.string().optional() }).optional(),
  meta: z.record(z.string(), z.unknown()).optional(),
});
export type ApiError = z.infer<typeof ApiError>;
export const ErrorEnvelope = z.object({ errors: z.array(ApiError).min(1) });
export type ErrorEnvelope = z.infer<typeof ErrorEnvelope>;

// ---------------------------------------------------------------- auth (§11)

export const TokenResponse = z.object({
  access_token: z.string().min(1),
  expires_in: z.string().regex(/^\d+$/, 'expires_in is a string of seconds'),
  token_type: z.literal('Bearer'),
  issued_at: z.string().optional(),
});
export type TokenResponse = z.infer<typeof TokenResponse>;

export const TokenErrorBody = z.object({
  error: z.string(),
  error_description: z.string(),
  message_id: z.string().optional(),
});
export type TokenErrorBody = z.infer<typeof TokenErrorBody>;

// ---------------------------------------------------------------- callbacks (§12)

// Every string a callback carries has a bound, so one signed but absurd body can't turn into a huge signal,
// workflow id or log line. Our references are 36-character UUIDs; the gateway checks their exact shape.
const text = (max: number) => z.string().max(max);
const CallbackLinks = z.object({ message: text(2048) });
const CallbackMeta = z.object({ idempotencyKey: z.string().min(1).max(256) });
const callbackReference = nonBlank.max(256);
const CallbackRoutingPlan = z.object({ id: text(256), name: text(256), version: text(256), createdDate: text(64) });

export const MessageStatusCallbackItem = z.object({
  type: z.literal('MessageStatus'),
  attributes: z.object({
    messageId: Ksuid,
    messageReference: callbackReference,
    messageStatus: MessageStatus,
    messageStatusDescription: text(1024).optional(),
    messageFailureReasonCode: text(64).optional(),
    channels: z.array(z.object({ type: Channel, channelStatus: ChannelStatus })).max(10).optional(),
    timestamp: isoTimestamp,
    routingPlan: CallbackRoutingPlan,
  }).passthrough(),
  links: CallbackLinks,
  meta: CallbackMeta,
});
export type MessageStatusCallbackItem = z.infer<typeof MessageStatusCallbackItem>;

export const ChannelStatusCallbackItem = z.object({
  type: z.literal('ChannelStatus'),
  attributes: z.object({
    messageId: Ksuid,
    messageReference: callbackReference,
    cascadeType: z.enum(['primary', 'secondary']),
    cascadeOrder: z.number().int().min(1),
    channel: Channel,
    channelStatus: ChannelStatus,
    channelStatusDescription: text(1024).optional(),
    channelFailureReasonCode: text(64).optional(),
    supplierStatus: SupplierStatus.optional(),
    timestamp: isoTimestamp,
    retryCount: z.number().int().min(0),
  }).passthrough(),
  links: CallbackLinks,
  meta: CallbackMeta,
});
export type ChannelStatusCallbackItem = z.infer<typeof ChannelStatusCallbackItem>;

export const CallbackItem = z.discriminatedUnion('type', [MessageStatusCallbackItem, ChannelStatusCallbackItem]);
export type CallbackItem = z.infer<typeof CallbackItem>;

export const CallbackBody = z.object({ data: z.array(CallbackItem).min(1).max(100) });
export type CallbackBody = z.infer<typeof CallbackBody>;
