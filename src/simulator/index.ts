/**
 * A local NHS Notify that behaves like the real one, faults included: the embedded default tier used by
 * `npm start`, `npm run simulator`, integration tests, benchmarks and chaos tests. See docs/simulator.md.
 *
 *   const sim = await startSimulator({ applications: [{ apiKey, applicationId, jwks }], timings: FAST_TIMINGS });
 *   // sim.tokenUrl, sim.baseUrl, sim.ledger, sim.counters, sim.faults, sim.events; await sim.close();
 *
 * This file and options.ts are the public entry; the folders hold one concern each: http/ (the Express app,
 * routing, negotiation, error envelope, the NHS App accounts endpoint, admin), auth/ (token endpoint, client
 * assertions, registered applications), messages/ and batches/ (the POST routes, validation, plans,
 * de-duplication), lifecycle/ (the message state machine and test recipients), callbacks/, faults/,
 * sandbox/ (NHS's sandbox triggers and fixed messages) and state/ (ledger, counters, quota).
 */
import { EventEmitter } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { JSONWebKeySet } from 'jose';
import type { MessageResponse } from '../contracts/nhs-notify/wire';
import { rootLogger } from '../observability/logger';
import { ApplicationRegistry } from './auth/applications';
import { CallbackDispatcher } from './callbacks/callbacks-dispatcher';
import { newCounters, resetCounters, type SimulatorCounters } from './state/counters';
import { DedupeStore } from './messages/dedupe';
import { FaultController } from './faults/faults';
import { Ledger } from './state/ledger';
import { LifecycleRunner } from './lifecycle/lifecycle-runner';
import { messageBody } from './messages/message-view';
import { DEFAULT_MAX_BODY_BYTES, DEFAULT_TOKEN_LIFETIME_SECONDS, resolveTimings, type SimulatorApplication, type SimulatorOptions } from './options';
import { recordOutcomes } from './lifecycle/outcome-recorder';
import { QuotaTracker } from './state/quota';
import { createSimulatorApp } from './http/server';
import type { SimulatorState } from './state/state';

export type { SimulatorOptions, SimulatorApplication, SimulatorTimings, CallbackOptions } from './options';
export { DEFAULT_TIMINGS, FAST_TIMINGS } from './options';
export type { SimulatorCounters } from './state/counters';
export { Ledger, type LedgerEntry, type LedgerOutcome, type DuplicateReference } from './state/ledger';
export { FaultController, type FaultRule, type FaultKind, type FaultRoute } from './faults/faults';
export { TEST_RECIPIENTS, testRecipient, scenarioFor, type TestRecipient, type TestRecipientName } from './lifecycle/test-recipients';
export { allPlans, findPlan, type SimPlan } from './messages/plans';

export interface RunningSimulator {
  /** e.g. http://127.0.0.1:3100 */
  readonly url: string;
  /** url + '/comms': the NHS Notify API base URL. */
  readonly baseUrl: string;
  /** url + '/oauth2/token': also the `aud` client assertions must carry. */
  readonly tokenUrl: string;
  /** Append-only record of accepted messages. */
  readonly ledger: Ledger;
  /** Live counts (the same object updates as requests arrive). */
  readonly counters: SimulatorCounters;
  /** Programmatic faults; the same rules as POST/DELETE /_admin/faults. */
  readonly faults: FaultController;
  /** 'accepted' (LedgerEntry), 'message-status', 'channel-status', 'callback-delivered', 'callback-dead-lettered'. */
  readonly events: EventEmitter;
  setJwks(apiKey: string, jwks: JSONWebKeySet): void;
  registerApplication(app: SimulatorApplication): void;
  /** The message as GET /v1/messages/{id} would show it now, without HTTP. */
  getMessage(messageId: string): MessageResponse | undefined;
  /** Clear ledger, messages, dedupe keys, counters, faults and pending callbacks. Issued tokens stay valid, so a client's cached token keeps working. */
  reset(): void;
  close(): Promise<void>;
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const clock = options.clock ?? Date.now;
  const logger = options.logger ?? rootLogger.child({ component: 'simulator' });
  const registry = new ApplicationRegistry();
  for (const app of options.applications ?? []) registry.register(app);
  const counters = newCounters();
  const faults = new FaultController();
  faults.onInjected = () => { counters.faultsInjected += 1; };
  const state: SimulatorState = {
    openAccess: (options.openAccess ?? false) || options.sandbox === true,
    sandbox: options.sandbox ?? false,
    maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    tokenLifetimeSeconds: options.tokenLifetimeSeconds ?? DEFAULT_TOKEN_LIFETIME_SECONDS,
    registry,
    messages: new Map(),
    ledger: new Ledger({ ...(options.ledgerFile !== undefined ? { filePath: options.ledgerFile } : {}), ...(options.ledgerSalt !== undefined ? { salt: options.ledgerSalt } : {}) }),
    counters,
    dedupe: new DedupeStore(),
    runner: new LifecycleRunner(resolveTimings(options.timings), clock, logger),
    faults,
    quota: options.quotaPerMinute !== undefined ? new QuotaTracker(options.quotaPerMinute, clock) : undefined,
    events: new EventEmitter(),
    clock,
    logger,
    urls: { url: '', baseUrl: '', tokenUrl: '' },
  };
  state.runner.onEvent(recordOutcomes(state));
  const dispatcher = options.callbacks !== undefined ? new CallbackDispatcher(options.callbacks, state) : undefined;
  if (dispatcher !== undefined) state.runner.onEvent((message, event, nowMs) => dispatcher.onLifecycleEvent(message, event, nowMs));

  const reset = (): void => {
    state.runner.stopAll();
    dispatcher?.cancelAll();
    state.messages.clear();
    state.ledger.clear();
    state.dedupe.clear();
    state.quota?.clear();
    state.faults.clear();
    resetCounters(counters);
  };

  const server = createServer(createSimulatorApp(state, { reset, ...(options.adminToken === undefined ? {} : { adminToken: options.adminToken }) }));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  state.urls.url = `http://${host}:${address.port}`;
  state.urls.baseUrl = `${state.urls.url}/comms`;
  state.urls.tokenUrl = `${state.urls.url}/oauth2/token`;

  return {
    url: state.urls.url,
    baseUrl: state.urls.baseUrl,
    tokenUrl: state.urls.tokenUrl,
    ledger: state.ledger,
    counters,
    faults,
    events: state.events,
    setJwks: (apiKey, jwks) => registry.setJwks(apiKey, jwks),
    registerApplication: (app) => registry.register(app),
    getMessage: (messageId) => {
      const message = state.messages.get(messageId);
      return message === undefined ? undefined : messageBody(message, `${state.urls.baseUrl}/v1/messages/${messageId}`);
    },
    reset,
    close: async () => {
      state.runner.stopAll();
      dispatcher?.cancelAll();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await state.ledger.close();
    },
  };
}
