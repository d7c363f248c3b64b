/**
 * The append-only ledger of accepted messages: the source of truth for exactly-once checks (R1, R16).
 * One entry per accepted message, then its outcomes as they happen. Holds a salted hash of the recipient,
 * never the NHS number, and personalisation keys, never values. Optionally mirrored to a JSONL file.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';
import type { Channel, ChannelStatus, MessageStatus, SupplierStatus } from '../../contracts/nhs-notify/wire';

export interface LedgerOutcome {
  readonly at: string;
  readonly channel?: Channel;
  readonly status: MessageStatus | ChannelStatus;
  readonly supplierStatus?: SupplierStatus;
}

export interface LedgerEntry {
  readonly seq: number;
  readonly messageId: string;
  readonly messageReference: string;
  readonly applicationId: string;
  readonly routingPlanId: string;
  readonly routingPlanVersion: string;
  readonly batchId?: string;
  readonly recipientHash: string;
  readonly personalisationKeys: readonly string[];
  readonly acceptedAt: string;
  readonly outcomes: readonly LedgerOutcome[];
}

export type NewLedgerEntry = Omit<LedgerEntry, 'seq' | 'outcomes' | 'recipientHash'> & { readonly nhsNumber: string | undefined };

export interface DuplicateReference { readonly applicationId: string; readonly messageReference: string; readonly messageIds: readonly string[] }

export class Ledger {
  private readonly list: Array<LedgerEntry & { outcomes: LedgerOutcome[] }> = [];
  private readonly byId = new Map<string, LedgerEntry & { outcomes: LedgerOutcome[] }>();
  private readonly file: WriteStream | undefined;
  private readonly salt: string;

  constructor(options: { filePath?: string; salt?: string } = {}) {
    this.salt = options.salt ?? randomBytes(16).toString('hex');
    this.file = options.filePath !== undefined ? createWriteStream(options.filePath, { flags: 'a' }) : undefined;
  }

  /** sha256 of salt and NHS number: the same recipient hashes the same within one salt, and cannot be reversed by lookup. */
  recipientHash(nhsNumber: string | undefined): string {
    return createHash('sha256').update(`${this.salt}:${nhsNumber ?? 'anonymous'}`).digest('hex');
  }

  append(input: NewLedgerEntry): LedgerEntry {
    const { nhsNumber, ...rest } = input;
    const entry = { ...rest, seq: this.list.length + 1, recipientHash: this.recipientHash(nhsNumber), outcomes: [] as LedgerOutcome[] };
    this.list.push(entry);
    this.byId.set(entry.messageId, entry);
    this.write({ event: 'accepted', ...entry, outcomes: undefined });
    return structuredClone(entry);
  }

  recordOutcome(messageId: string, outcome: LedgerOutcome): void {
    const entry = this.byId.get(messageId);
    if (entry === undefined) return;
    entry.outcomes.push(outcome);
    this.write({ event: 'outcome', messageId, ...outcome });
  }

  entries(): LedgerEntry[] {
    return structuredClone(this.list);
  }

  byReference(messageReference: string): LedgerEntry[] {
    return structuredClone(this.list.filter((e) => e.messageReference === messageReference));
  }

  byMessageId(messageId: string): LedgerEntry | undefined {
    const entry = this.byId.get(messageId);
    return entry === undefined ? undefined : structuredClone(entry);
  }

  countAccepted(messageReference?: string): number {
    return messageReference === undefined ? this.list.length : this.list.filter((e) => e.messageReference === messageReference).length;
  }

  /** References accepted more than once for one application. Must always be empty. */
  duplicates(): DuplicateReference[] {
    const groups = new Map<string, { applicationId: string; messageReference: string; messageIds: string[] }>();
    for (const e of this.list) {
      const key = `${e.applicationId}\u0000${e.messageReference}`;
      const group = groups.get(key) ?? { applicationId: e.applicationId, messageReference: e.messageReference, messageIds: [] };
      group.messageIds.push(e.messageId);
      groups.set(key, group);
    }
    return [...groups.values()].filter((g) => g.messageIds.length > 1);
  }

  toJSON(): { entries: LedgerEntry[]; duplicates: DuplicateReference[] } {
    return { entries: this.entries(), duplicates: this.duplicates() };
  }

  /** Admin reset for tests: forget the in-memory entries (the JSONL file keeps its history). */
  clear(): void {
    this.list.length = 0;
    this.byId.clear();
    this.write({ event: 'reset', at: new Date().toISOString() });
  }

  async close(): Promise<void> {
    const file = this.file;
    if (file === undefined || file.closed) return;
    await new Promise<void>((resolve) => file.end(resolve));
  }

  private write(record: Record<string, unknown>): void {
    if (this.file !== undefined && !this.file.closed) this.file.write(`${JSON.stringify(record)}\n`);
  }
}
