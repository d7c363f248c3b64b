/** Everything one running simulator holds, passed to each route module instead of globals. */
import type { EventEmitter } from 'node:events';
import type { Logger } from '../../observability/logger';
import type { ApplicationRegistry } from '../auth/applications';
import type { SimulatorCounters } from './counters';
import type { DedupeStore } from '../messages/dedupe';
import type { FaultController } from '../faults/faults';
import type { Ledger } from './ledger';
import type { LifecycleRunner } from '../lifecycle/lifecycle-runner';
import type { SimMessage } from '../messages/message-model';
import type { QuotaTracker } from './quota';

export interface SimulatorUrls {
  /** e.g. http://127.0.0.1:3100 */
  url: string;
  /** url + '/comms' */
  baseUrl: string;
  /** url + '/oauth2/token' */
  tokenUrl: string;
}

export interface SimulatorState {
  readonly openAccess: boolean;
  /** Stateless answers like NHS's sandbox (options.ts): no de-duplication, GET only for the fixed ids. */
  readonly sandbox: boolean;
  readonly maxBodyBytes: number;
  readonly tokenLifetimeSeconds: number;
  readonly registry: ApplicationRegistry;
  readonly messages: Map<string, SimMessage>;
  readonly ledger: Ledger;
  readonly counters: SimulatorCounters;
  readonly dedupe: DedupeStore;
  readonly runner: LifecycleRunner;
  readonly faults: FaultController;
  readonly quota: QuotaTracker | undefined;
  readonly events: EventEmitter;
  readonly clock: () => number;
  readonly logger: Logger;
  readonly urls: SimulatorUrls;
}

/** The application id messages get in open-access (sandbox) mode when no token is presented. */
export const OPEN_ACCESS_APPLICATION_ID = 'sandbox';
