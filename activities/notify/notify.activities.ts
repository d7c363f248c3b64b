/**
 * NHS Notify activities, built over ports: the client, the routing plan ids of this
 * environment, a clock and a logger. Workflows see only `ReturnType<typeof createNotifyActivities>`.
 * Logs carry the messageReference (a derived key, no patient data), codes and attempt numbers: never the
 * recipient, personalisation or response bodies.
 */
import { activityInfo, cancellationSignal } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { RoutingPlanName } from '../../src/domain/routing-plans';
import type { Clock } from '../../src/notify/clock';
import type { NotifyClient } from '../../src/notify/client';
import type { Recipient } from '../../src/contracts/nhs-notify/wire';
import type { Logger } from '../../src/observability/logger';
import type { OutcomeMetrics } from '../../src/observability/outcome-metrics';
import { DEFAULT_BACKOFF, toActivityFailure, type BackoffOptions } from './notify-failure';
import {
  SEND_FAILURE_TYPES, type MessageStatusSnapshot, type SendMessageInput, type SendMessageResult,
} from './send-contract';

export interface NotifyActivityDeps {
  readonly notify: Pick<NotifyClient, 'createMessage' | 'getMessage'>;
  /** Logical routing plan name → this environment's routingPlanId. */
  readonly routingPlanIds: Readonly<Partial<Record<RoutingPlanName, string>>>;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly backoff?: BackoffOptions;
  /** Jitter source; injectable so tests can pin it. */
  readonly random?: () => number;
  readonly metrics?: Pick<OutcomeMetrics, 'messagesSent' | 'sendFailures'>;
}

export function createNotifyActivities(deps: NotifyActivityDeps) {
  const logger = deps.logger.child({ component: 'notify-activities' });
  const failureContext = () => ({ attempt: activityInfo().attempt, backoff: deps.backoff ?? DEFAULT_BACKOFF, random: deps.random ?? Math.random });

  function routingPlanId(name: RoutingPlanName): string {
    const id = deps.routingPlanIds[name];
    if (id === undefined) {
      throw ApplicationFailure.create({ message: `routing plan ${name} has no id in this environment`, type: SEND_FAILURE_TYPES.routingPlanNotConfigured, nonRetryable: true });
    }
    return id;
  }

  return {
    /** POST /v1/messages for one step. Safe to retry: the messageReference is fixed by the caller. */
    sendMessage: async (input: SendMessageInput): Promise<SendMessageResult> => {
      const id = routingPlanId(input.routingPlan);
      const log = { messageReference: input.messageReference, channel: input.channel, attempt: activityInfo().attempt };
      try {
        const created = await deps.notify.createMessage({
          routingPlanId: id,
          messageReference: input.messageReference,
          // A copy of the validated recipient (C3): the wire type is mutable, the journey's is not.
          recipient: structuredClone(input.recipient) as Recipient,
          personalisation: { ...input.personalisation },
          ...(input.odsCode === undefined ? {} : { originator: { odsCode: input.odsCode } }),
        }, { signal: cancellationSignal() });
        logger.info({ ...log, messageId: created.messageId }, 'NHS Notify accepted the message');
        deps.metrics?.messagesSent.inc({ journey_type: input.journeyType ?? 'unknown', channel: input.channel, accepted: 'now' });
        return {
          accepted: 'now', messageId: created.messageId, acceptedAt: new Date(deps.clock.now()).toISOString(),
          routingPlan: { id: created.routingPlan.id, name: created.routingPlan.name, version: created.routingPlan.version },
        };
      } catch (err) {
        const failure = toActivityFailure(err, failureContext());
        if (failure === undefined) {
          logger.info(log, 'NHS Notify already holds this messageReference: accepted earlier');
          deps.metrics?.messagesSent.inc({ journey_type: input.journeyType ?? 'unknown', channel: input.channel, accepted: 'earlier' });
          return { accepted: 'earlier', routingPlan: { id }, acceptedAt: new Date(deps.clock.now()).toISOString() };
        }
        logger.warn({ ...log, code: failure.type, retryable: !failure.nonRetryable }, 'NHS Notify send failed');
        deps.metrics?.sendFailures.inc({ channel: input.channel, code: failure.type ?? 'UNKNOWN', kind: failure.nonRetryable ? 'permanent' : 'transient' });
        throw failure;
      }
    },

    /** GET /v1/messages/{id}: reconciles a step whose callbacks are late or lost. */
    getMessageStatus: async (messageId: string): Promise<MessageStatusSnapshot> => {
      try {
        const details = await deps.notify.getMessage(messageId, { signal: cancellationSignal() });
        const a = details.attributes;
        return {
          messageId: details.id, messageReference: a.messageReference, status: a.messageStatus,
          routingPlan: { id: a.routingPlan.id, version: a.routingPlan.version },
          channels: (a.channels ?? []).map((c) => ({ channel: c.type, status: c.channelStatus })),
          observedAt: deps.clock.now(),
          ...(a.messageFailureReasonCode === undefined ? {} : { failureCode: a.messageFailureReasonCode }),
        };
      } catch (err) {
        // A duplicate cannot happen on a GET; anything unexpected is retried like a transient error.
        throw toActivityFailure(err, failureContext()) ?? ApplicationFailure.retryable('unexpected duplicate answer to a GET', 'NOTIFY_BAD_RESPONSE');
      }
    },
  };
}

export type NotifyActivities = ReturnType<typeof createNotifyActivities>;
