import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createJsonlWorklist } from '../../../activities';
import { createLogger } from '../../../src/observability/logger';

const ticket = (n: number) => ({
  escalationId: `journey-appointment-reminder-abc:${n}`, journeyId: 'journey-appointment-reminder-abc', journeyType: 'appointment-reminder',
  reason: 'no_steps_left', raisedAt: '2026-11-25T10:00:00.000Z', dueAt: '2026-11-26T10:00:00.000Z',
});

describe('the local JSONL staff worklist', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));
  const aFile = () => {
    const dir = mkdtempSync(join(tmpdir(), 'worklist-'));
    dirs.push(dir);
    return join(dir, 'nested', 'escalations.jsonl');
  };

  it('is idempotent by escalation id, also across a restart (a new worklist over the same file)', async () => {
    const filePath = aFile();
    const logger = createLogger({ level: 'silent' });
    const first = createJsonlWorklist({ filePath, logger });
    expect(await Promise.all([first.open(ticket(1)), first.open(ticket(1))])).toEqual([{ created: true }, { created: false }]);
    const restarted = createJsonlWorklist({ filePath, logger });
    expect(await restarted.open(ticket(1))).toEqual({ created: false });
    expect(await restarted.open(ticket(2))).toEqual({ created: true });
    expect(await restarted.close({ escalationId: ticket(1).escalationId, journeyId: ticket(1).journeyId, outcome: 'phoned', staffRole: 'nurse', closedAt: '2026-11-25T11:00:00.000Z' }))
      .toEqual({ closed: true });
    const lines = readFileSync(filePath, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { event: string; escalationId: string });
    expect(lines.map((l) => [l.event, l.escalationId.split(':')[1]])).toEqual([['opened', '1'], ['opened', '2'], ['closed', '1']]);
  });
});
