/**
 * Accepting one message: give it a KSUID, store it, append it to the ledger, announce it ('accepted')
 * and start its lifecycle. Shared by single sends and batches. Also the small timing helpers both use
 * for the accept-then-delay fault.
 */
import { newKsuid } from './ksuid';
import { createSimMessage, type SimMessage } from './message-model';
import type { SimPlan } from './plans';
import type { SimulatorState } from '../state/state';
import { scenarioFor } from '../lifecycle/test-recipients';
import type { MessageItem } from './validation';

export interface AcceptInput {
  readonly applicationId: string;
  readonly item: MessageItem;
  readonly plan: SimPlan;
  readonly batchId?: string;
}

export function acceptMessage(state: SimulatorState, input: AcceptInput): SimMessage {
  const nowMs = state.clock();
  const createdAt = new Date(nowMs).toISOString();
  const message = createSimMessage({
    id: newKsuid(nowMs),
    applicationId: input.applicationId,
    messageReference: input.item.messageReference,
    plan: input.plan,
    ...(input.batchId !== undefined ? { batchId: input.batchId } : {}),
    nhsNumber: input.item.nhsNumber,
    scenario: scenarioFor(input.item.nhsNumber),
    createdAt,
  });
  state.messages.set(message.id, message);
  const entry = state.ledger.append({
    messageId: message.id,
    messageReference: message.messageReference,
    applicationId: message.applicationId,
    routingPlanId: input.plan.id,
    routingPlanVersion: input.plan.version,
    ...(input.batchId !== undefined ? { batchId: input.batchId } : {}),
    nhsNumber: input.item.nhsNumber,
    personalisationKeys: input.item.personalisationKeys,
    acceptedAt: createdAt,
  });
  state.counters.messagesAccepted += 1;
  state.events.emit('accepted', entry);
  state.runner.start(message);
  return message;
}

/** A timer that never keeps the process alive on its own. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

/** The absolute URL of a message on the host the client called (links.self, §3). */
export function messageUrl(req: { protocol: string; get(name: string): string | undefined }, messageId: string): string {
  return `${req.protocol}://${req.get('host') ?? 'localhost'}/comms/v1/messages/${messageId}`;
}
