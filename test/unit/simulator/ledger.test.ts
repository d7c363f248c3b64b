import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Ledger, type NewLedgerEntry } from '../../../src/simulator/state/ledger';

const entry = (overrides: Partial<NewLedgerEntry> = {}): NewLedgerEntry => ({
  messageId: `id-${Math.random()}`,
  messageReference: 'ref-1',
  applicationId: 'app-1',
  routingPlanId: 'plan-1',
  routingPlanVersion: 'v1',
  nhsNumber: '9990000018',
  personalisationKeys: ['appointmentDate'],
  acceptedAt: '2026-01-01T00:00:00.000Z',
  ...overrides,
});

describe('Ledger', () => {
  it('appends entries with a sequence number and a salted recipient hash, never the NHS number', () => {
    const ledger = new Ledger({ salt: 'fixed' });
    const appended = ledger.append(entry());
    expect(appended.seq).toBe(1);
    expect(appended.recipientHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(ledger.entries())).not.toContain('9990000018');
    expect(new Ledger({ salt: 'fixed' }).recipientHash('9990000018')).toBe(appended.recipientHash);
    expect(new Ledger({ salt: 'other' }).recipientHash('9990000018')).not.toBe(appended.recipientHash);
  });

  it('records outcomes in order against the entry', () => {
    const ledger = new Ledger();
    const { messageId } = ledger.append(entry());
    ledger.recordOutcome(messageId, { at: 't1', status: 'pending_enrichment' });
    ledger.recordOutcome(messageId, { at: 't2', channel: 'nhsapp', status: 'delivered', supplierStatus: 'read' });
    expect(ledger.byMessageId(messageId)?.outcomes.map((o) => o.status)).toEqual(['pending_enrichment', 'delivered']);
  });

  it('hands out copies, so callers cannot rewrite history', () => {
    const ledger = new Ledger();
    ledger.append(entry());
    const copy = ledger.entries();
    (copy[0] as { messageReference: string }).messageReference = 'tampered';
    expect(ledger.entries()[0]?.messageReference).toBe('ref-1');
  });

  it('counts by reference and reports references accepted more than once per application', () => {
    const ledger = new Ledger();
    ledger.append(entry({ messageReference: 'a' }));
    ledger.append(entry({ messageReference: 'b' }));
    ledger.append(entry({ messageReference: 'a', applicationId: 'app-2' }));
    expect(ledger.countAccepted()).toBe(3);
    expect(ledger.countAccepted('a')).toBe(2);
    expect(ledger.byReference('a')).toHaveLength(2);
    expect(ledger.duplicates()).toEqual([]);
    const dup = ledger.append(entry({ messageReference: 'b' }));
    expect(ledger.duplicates()).toEqual([{ applicationId: 'app-1', messageReference: 'b', messageIds: [expect.any(String), dup.messageId] }]);
    expect(ledger.toJSON().duplicates).toHaveLength(1);
  });

  it('mirrors to a JSONL file when given a path', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'ledger-')), 'ledger.jsonl');
    const ledger = new Ledger({ filePath: path });
    const { messageId } = ledger.append(entry());
    ledger.recordOutcome(messageId, { at: 't1', status: 'delivered' });
    await ledger.close();
    const lines = readFileSync(path, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => l.event)).toEqual(['accepted', 'outcome']);
    expect(readFileSync(path, 'utf8')).not.toContain('9990000018');
  });
});
