/**
 * Composes the three layers (transport → auth → messages) into the NotifyClient the activities use.
 * Everything is injected: a Dispatcher (MockAgent in unit tests), a logger, a clock.
 */
import type { Dispatcher } from 'undici';
import { rootLogger, type Logger } from '../observability/logger';
import { createApiCaller } from './api-caller';
import { createAuthenticator, type NotifyAuthOptions } from './auth';
import { createMessageBatch } from './batch';
import { DEFAULT_MAX_BATCH_BYTES, MAX_MESSAGES_PER_BATCH, type BatchLimits } from './batch-plan';
import { systemClock, type Clock } from './clock';
import { createMessage, getMessage } from './messages';
import { checkAuthOptions, checkBaseUrl, checkBatchLimits, checkTimeouts } from './options';
import { createTransport, type TransportTimeouts } from './transport';
import type { BatchMessageInput, CreatedMessage, MessageAttributesInput, MessageBatchResult, MessageDetails, SendOptions } from './types';

export interface NotifyClientOptions {
  /** Ends in /comms, e.g. https://int.api.service.nhs.uk/comms. */
  readonly baseUrl: string;
  readonly auth: NotifyAuthOptions;
  readonly timeouts?: Partial<TransportTimeouts>;
  /** Default: an undici Agent with pooled keep-alive connections and the timeouts above. */
  readonly dispatcher?: Dispatcher;
  readonly logger?: Logger;
  readonly clock?: Clock;
  readonly maxResponseBytes?: number;
  readonly batchLimits?: Partial<BatchLimits>;
}

export interface NotifyClient {
  createMessage(attributes: MessageAttributesInput, opts?: SendOptions): Promise<CreatedMessage>;
  /** Splits sets over 45,000 messages (or the payload limit) into parts with derived batch references. */
  createMessageBatch(routingPlanId: string, batchReference: string, messages: readonly BatchMessageInput[], opts?: SendOptions): Promise<MessageBatchResult>;
  getMessage(messageId: string, opts?: SendOptions): Promise<MessageDetails>;
  /** Token requests made so far (0 with auth 'none'). */
  tokenRequests(): number;
  /** Closes the dispatcher if the client created it. */
  close(): Promise<void>;
}

export function createNotifyClient(options: NotifyClientOptions): NotifyClient {
  const baseUrl = checkBaseUrl(options.baseUrl);
  checkAuthOptions(options.auth);
  checkTimeouts(options.timeouts);
  checkBatchLimits(options.batchLimits);
  const logger = (options.logger ?? rootLogger).child({ component: 'notify-client' });
  const clock = options.clock ?? systemClock;
  const transport = createTransport({
    logger, dispatcher: options.dispatcher, timeouts: options.timeouts, maxResponseBytes: options.maxResponseBytes,
  });
  const auth = createAuthenticator(options.auth, { transport, clock, logger });
  const callApi = createApiCaller({ baseUrl, transport, auth, clock, logger });
  const limits: BatchLimits = {
    maxMessages: options.batchLimits?.maxMessages ?? MAX_MESSAGES_PER_BATCH,
    maxBytes: options.batchLimits?.maxBytes ?? DEFAULT_MAX_BATCH_BYTES,
  };
  return {
    createMessage: (attributes, opts) => createMessage(callApi, attributes, opts),
    createMessageBatch: (routingPlanId, batchReference, messages, opts) => createMessageBatch(callApi, routingPlanId, batchReference, messages, limits, opts),
    getMessage: (messageId, opts) => getMessage(callApi, messageId, opts),
    tokenRequests: () => auth.tokenRequests(),
    close: () => transport.close(),
  };
}
