/**
 * `escalations list | close`: the staff worklist from the command line. close records what staff did through
 * the API's escalation outcome (the journey's own Update), so the journey, its timeline, its webhooks and the
 * metrics see exactly what a console or clinical system would have recorded.
 */
import { Command, Option } from 'commander';
import { ESCALATION_OUTCOMES, STAFF_ROLES } from '../../domain/timeline';
import { journeysApi } from '../ops/journeys-api';
import { plural, printJson, table } from '../ops/table';

function listCommand(): Command {
  return new Command('list').description('The escalations waiting for staff (or, with --status closed, the ones closed)')
    .addOption(new Option('--status <status>', 'open or closed').choices(['open', 'closed']).default('open'))
    .option('--cursor <cursor>', 'the next page, as the previous page printed it')
    .option('--json', 'print as JSON ({ items, nextCursor })')
    .action(async (opts: { status: 'open' | 'closed'; cursor?: string; json?: boolean }) => {
      const page = await journeysApi().listEscalations({ status: opts.status, limit: 200, ...(opts.cursor === undefined ? {} : { cursor: opts.cursor }) });
      if (opts.json === true) return printJson(page);
      if (page.items.length === 0) return console.log(`no ${opts.status} escalations`);
      console.log(table(['ESCALATION', 'JOURNEY', 'REASON', 'RAISED', 'OUTCOME'],
        page.items.map((e) => [e.escalationId, e.journeyId, e.reason, e.raisedAt, e.outcome ?? ''])));
      console.log(`${plural(page.items.length, `${opts.status} escalation`)}${page.nextCursor === undefined ? '' : `; more with --cursor ${page.nextCursor}`}`);
    });
}

function closeCommand(): Command {
  return new Command('close').description('Record what staff did about an escalation; the journey closes it')
    .argument('<escalationId>')
    .addOption(new Option('--outcome <outcome>', 'what was done').choices(ESCALATION_OUTCOMES).makeOptionMandatory())
    .addOption(new Option('--role <role>', 'who did it, as a role (never a name)').choices(STAFF_ROLES).default('operations'))
    .option('--json', 'print the closed escalation as JSON')
    .action(async (escalationId: string, opts: { outcome: string; role: string; json?: boolean }) => {
      const escalation = await journeysApi().recordEscalationOutcome(escalationId, { outcome: opts.outcome, staffRole: opts.role });
      if (opts.json === true) return printJson({ escalation });
      console.log(`closed ${escalation.escalationId} (journey ${escalation.journeyId}): ${escalation.outcome ?? opts.outcome} by ${opts.role}`);
    });
}

export function escalationsCommand(): Command {
  return new Command('escalations').description('The staff worklist: list escalations, record what was done')
    .addCommand(listCommand()).addCommand(closeCommand());
}
