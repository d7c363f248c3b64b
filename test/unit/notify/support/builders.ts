/**
 * Test data for the NHS Notify client, shared by the unit and integration tiers. Builders give valid
 * defaults with unique references; PII values are canaries (P1) so a leak is easy to grep for.
 */
import { randomUUID } from 'node:crypto';
import { exportPKCS8, exportJWK, generateKeyPair } from 'jose';
import type { JSONWebKeySet } from 'jose';
import { createKeyRing, type KeyRing, type SigningKeySource } from '../../../../src/notify/signing-keys';
import type { BatchMessageInput as BatchMessage, MessageAttributesInput as MessageAttributes } from '../../../../src/notify/types';

/** Valid modulus 11, in the 999 test range (the simulator delivers it on the first channel). */
export const CANARY_NHS_NUMBER = '9990000018';
export const CANARY_EMAIL = 'canary.patient@example.nhs.net';
export const CANARY_NAME = 'Zebedee-Canary';
export const ROUTING_PLAN_ID = '4f8a1a52-0001-4c6e-9b7a-5d0a2f3b1c01';

export function aMessage(overrides: Partial<MessageAttributes> = {}): MessageAttributes {
  return {
    routingPlanId: ROUTING_PLAN_ID,
    messageReference: randomUUID(),
    recipient: { nhsNumber: CANARY_NHS_NUMBER, contactDetails: { email: CANARY_EMAIL, name: { lastName: CANARY_NAME } } },
    personalisation: { appointmentDate: '15 January 2027' },
    ...overrides,
  };
}

export function aBatchMessage(overrides: Partial<BatchMessage> = {}): BatchMessage {
  return { messageReference: randomUUID(), recipient: { nhsNumber: CANARY_NHS_NUMBER }, ...overrides };
}

export interface TestKey {
  readonly source: SigningKeySource & { pem: string };
  readonly publicJwk: Record<string, unknown>;
}

/** A fresh RS512 key pair from jose, never committed. */
export async function aTestKey(kid = `test-${randomUUID().slice(0, 8)}`): Promise<TestKey> {
  const { privateKey, publicKey } = await generateKeyPair('RS512', { extractable: true });
  const pem = await exportPKCS8(privateKey);
  return { source: { kid, pem }, publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'RS512', use: 'sig' } };
}

export async function aKeyRing(...kids: string[]): Promise<{ ring: KeyRing; keys: TestKey[] }> {
  const keys = await Promise.all((kids.length > 0 ? kids : [undefined]).map((kid) => aTestKey(kid)));
  return { ring: createKeyRing(keys.map((k) => k.source)), keys };
}

export function jwksOf(...keys: TestKey[]): JSONWebKeySet {
  return { keys: keys.map((k) => k.publicJwk) };
}

/** A clock the test moves by hand. */
export function aManualClock(startMs = Date.UTC(2027, 0, 15, 9, 0, 0)): { now: () => number; advance: (ms: number) => void; set: (ms: number) => void } {
  let t = startMs;
  return { now: () => t, advance: (ms) => { t += ms; }, set: (ms) => { t = ms; } };
}

/**
 * Requests NHS Notify's specification and its sandbox both accept, which the client must therefore send
 * (and the simulator accept), each named for the rule it pins.
 */
export function specAcceptedMessages(): ReadonlyArray<readonly [string, MessageAttributes]> {
  const base = aMessage();
  return [
    ['a recipient with contact details but no nhsNumber', { ...base, recipient: { contactDetails: { email: CANARY_EMAIL } } }],
    ['personalisation values that are numbers, booleans and objects', { ...base, personalisation: { count: 3, urgent: true, slot: { day: 'Monday' } } }],
    ['a name without lastName', { ...base, recipient: { nhsNumber: CANARY_NHS_NUMBER, contactDetails: { name: { firstName: CANARY_NAME } } } }],
    ['originator {}', { ...base, originator: {} }],
    ['extra attributes NHS ignores', { ...base, dateOfBirth: '1970-01-01', recipient: { nhsNumber: CANARY_NHS_NUMBER, extra: 'ignored' } }],
  ];
}
