/** The NHS Notify client: `createNotifyClient(options)`, its errors and types. */
export { createNotifyClient, type NotifyClient, type NotifyClientOptions } from './client';
export * from './errors';
export type * from './types';
export type { NotifyAuthOptions, SignedJwtAuthOptions } from './auth';
export { createKeyRing, parseKeyFileSpecs, type KeyRing, type PublicJwk, type PublicJwks, type SigningKeySource } from './signing-keys';
export { DEFAULT_TIMEOUTS, type TransportTimeouts } from './transport';
export { MAX_MESSAGES_PER_BATCH, DEFAULT_MAX_BATCH_BYTES, type BatchLimits } from './batch-plan';
export type { Clock } from './clock';
