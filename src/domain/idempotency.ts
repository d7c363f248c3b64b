/**
 * Idempotency keys, derived purely from their inputs so that every kind of re-execution (activity retry,
 * worker crash, workflow retry, reset, continue-as-new) lands on the same key (docs/reliability.md R1, R8, R9 and
 * the "Our refinement" note: Run IDs change, Workflow IDs do not).
 *
 * - `journeyWorkflowId`: the Temporal Workflow ID, which is also the journey's idempotency key. Workflow IDs
 *   bypass Temporal's payload codec (stored in plaintext), so the id carries a keyed hash, never patient data.
 * - `messageReference`: the NHS Notify de-duplication key (9 months). Computed in the workflow, passed to the
 *   send activity, so a retried send gets 422 CM_DUPLICATE_REQUEST instead of a second message.
 * - `requestFingerprint`: lets the gateway tell "same key, same body" from "same key, different body".
 */
import { CHANNELS, type Channel } from './channel';
import { JourneyDomainError } from './errors';
import { canonicalJson } from './hashing/canonical-json';
import { bytesToBase32, bytesToHex, hasTenDigitRun, hmacSha256Bytes, secretLength, sha256Bytes, type SecretInput } from './hashing/digest';

/** The fields that make two journey triggers "the same journey". */
export interface JourneyBusinessKey {
  readonly journeyType: string;
  readonly nhsNumber: string;
  /** The client's appointment or referral id (opaque). */
  readonly eventId: string;
  /** The journey definition version, which pins the template versions its steps use. */
  readonly version: number;
}

/** HMAC keys shorter than SHA-256's output weaken the keyed hash; refuse them rather than run weak. */
export const MIN_WORKFLOW_ID_SECRET_BYTES = 32;
const ID_HASH_BYTES = 20; // 160 bits: collision-free for any realistic journey count, 32 base32 chars.
const TYPE_PATTERN = /^[a-z][a-z0-9-]{0,47}$/;
const STEP_ID_PATTERN = /^[a-z][a-z0-9-]{0,31}$/;

/**
 * `journey-<type>-<32 base32 chars>` (at most 80 chars). The hash is HMAC-SHA256(secret, canonical business
 * key): without the secret nobody can confirm a guessed NHS number against an id. Deterministic: the same
 * business key and secret always give the same id.
 */
export function journeyWorkflowId(secret: SecretInput, key: JourneyBusinessKey): string {
  if (secretLength(secret) < MIN_WORKFLOW_ID_SECRET_BYTES) {
    throw new JourneyDomainError('INVALID_ARGUMENT', `workflow id secret must be at least ${MIN_WORKFLOW_ID_SECRET_BYTES} bytes`);
  }
  requirePattern(key.journeyType, TYPE_PATTERN, 'journeyType');
  const canonical = canonicalJson(['notify-journeys/workflow-id/v1', key.journeyType, key.nhsNumber, key.eventId, key.version]);
  const hash = firstWithoutDigitRun((counter) => bytesToBase32(hmacSha256Bytes(secret, `${canonical}#${counter}`).slice(0, ID_HASH_BYTES)));
  return `journey-${key.journeyType}-${hash}`;
}

/**
 * `cohort-<32 base32 chars>`: the Workflow ID of a cohort (many patients' first step sent in batches). The
 * cohort key is the client's own name for the list (a campaign and run, a clinic list and day), hashed with
 * the same secret as journey ids: the same key always gives the same cohort, so starting it again is a
 * duplicate, never a second batch.
 */
export function cohortWorkflowId(secret: SecretInput, cohortKey: string): string {
  if (secretLength(secret) < MIN_WORKFLOW_ID_SECRET_BYTES) {
    throw new JourneyDomainError('INVALID_ARGUMENT', `workflow id secret must be at least ${MIN_WORKFLOW_ID_SECRET_BYTES} bytes`);
  }
  if (cohortKey.trim().length === 0 || cohortKey.length > 200) throw new JourneyDomainError('INVALID_ARGUMENT', 'cohortKey must be 1 to 200 characters');
  const canonical = canonicalJson(['notify-journeys/cohort-id/v1', cohortKey]);
  const hash = firstWithoutDigitRun((counter) => bytesToBase32(hmacSha256Bytes(secret, `${canonical}#${counter}`).slice(0, ID_HASH_BYTES)));
  return `cohort-${hash}`;
}

/**
 * The NHS Notify `messageReference` for one step of one journey: an RFC 9562 version 8 UUID whose 122 free
 * bits come from SHA-256(workflowId, stepId, channel). Same inputs, same UUID; different inputs, different
 * UUID (up to a 2^-122 collision chance). No patient data goes in, so none can come out.
 */
export function messageReference(workflowId: string, stepId: string, channel: Channel): string {
  if (workflowId.trim().length === 0 || workflowId.length > 255) {
    throw new JourneyDomainError('INVALID_ARGUMENT', 'workflowId must be 1 to 255 characters');
  }
  requirePattern(stepId, STEP_ID_PATTERN, 'stepId');
  if (!(CHANNELS as readonly string[]).includes(channel)) throw new JourneyDomainError('INVALID_ARGUMENT', 'unknown channel');
  return firstWithoutDigitRun((counter) =>
    uuidV8(sha256Bytes(canonicalJson(['notify-journeys/message-reference/v1', workflowId, stepId, channel, counter]))));
}

/**
 * A stable hash of a request body in canonical JSON form (key order does not matter). Pass the gateway's
 * secret to make it keyed: a plain hash of a body holding an NHS number could be confirmed by guessing.
 * Returns 64 lowercase hex characters. Not an identifier: store it beside the idempotency key, never log it.
 */
export function requestFingerprint(request: unknown, secret?: SecretInput): string {
  const canonical = canonicalJson(['notify-journeys/request-fingerprint/v1', request]);
  return bytesToHex(secret === undefined ? sha256Bytes(canonical) : hmacSha256Bytes(secret, canonical));
}

/** Formats 16 hash bytes as a UUID with version 8 (custom) and the RFC 9562 variant bits. */
function uuidV8(hash: Uint8Array): string {
  const bytes = hash.slice(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x80;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytesToHex(bytes);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * Hex and base32 can, by chance, contain ten digits in a row, which PII scanners read as an NHS number
 * (docs/reliability.md P2). Re-deriving with a counter is still a pure function of the inputs; on average it
 * costs 1.03 hashes for a UUID.
 */
function firstWithoutDigitRun(derive: (counter: number) => string): string {
  for (let counter = 0; counter < 1_000; counter += 1) {
    const candidate = derive(counter);
    if (!hasTenDigitRun(candidate)) return candidate;
  }
  throw new JourneyDomainError('INVALID_ARGUMENT', 'could not derive an identifier without a digit run');
}

function requirePattern(value: string, pattern: RegExp, name: string): void {
  if (!pattern.test(value)) throw new JourneyDomainError('INVALID_ARGUMENT', `${name} must match ${pattern.source}`);
}
