/**
 * The local/dev worklist: one JSON line per event in `<DATA_DIR>/escalations.jsonl`, read back on first use
 * so a restarted worker still knows which tickets exist (idempotent by escalation id across restarts).
 * Single-process by design; a shared deployment plugs in a real ticketing port instead.
 */
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Logger } from '../../src/observability/logger';
import type { EscalationClosure, EscalationTicket, EscalationWorklist } from './worklist';

type Line = ({ readonly event: 'opened' } & EscalationTicket) | ({ readonly event: 'closed' } & EscalationClosure);

export function createJsonlWorklist(options: { readonly filePath: string; readonly logger: Logger }): EscalationWorklist {
  const logger = options.logger.child({ component: 'escalation-worklist' });
  const opened = new Set<string>();
  const closed = new Set<string>();
  let loading: Promise<void> | undefined;
  // Appends are chained so two activities never interleave half lines.
  let writes: Promise<void> = Promise.resolve();

  async function load(): Promise<void> {
    await mkdir(dirname(options.filePath), { recursive: true });
    const text = await readFile(options.filePath, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return '';
      throw error;
    });
    for (const raw of text.split('\n')) {
      if (raw.trim() === '') continue;
      try {
        const line = JSON.parse(raw) as Line;
        (line.event === 'opened' ? opened : closed).add(line.escalationId);
      } catch {
        logger.warn('skipping an unreadable worklist line');
      }
    }
  }

  const ready = () => (loading ??= load());
  const append = (line: Line): Promise<void> => {
    writes = writes.then(() => appendFile(options.filePath, `${JSON.stringify(line)}\n`, 'utf8'));
    return writes;
  };

  return {
    async open(ticket) {
      await ready();
      if (opened.has(ticket.escalationId)) return { created: false };
      opened.add(ticket.escalationId);
      await append({ event: 'opened', ...ticket });
      logger.warn({ escalationId: ticket.escalationId, journeyType: ticket.journeyType, reason: ticket.reason, dueAt: ticket.dueAt },
        'journey escalated to staff: worklist ticket opened');
      return { created: true };
    },
    async close(closure) {
      await ready();
      if (closed.has(closure.escalationId)) return { closed: false };
      closed.add(closure.escalationId);
      await append({ event: 'closed', ...closure });
      logger.info({ escalationId: closure.escalationId, outcome: closure.outcome }, 'worklist ticket closed');
      return { closed: true };
    },
  };
}
