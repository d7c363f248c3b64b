/**
 * `journeys list | show | cancel | start`: journeys as on-call people find and stop them
 * (docs/runbooks/unexpected-messages.md), through the journeys API (ops/journeys-api.ts).
 *   list     filter by --type, --status, --cohort, --open; --json
 *   show     one journey's status and timeline (what was sent, when, with which template); --json
 *   cancel   one journey by id, or every open journey a filter matches (confirm, or --yes), with a summary
 *   start    --csv cohort.csv: one journey per row, row problems by line and column, a summary; with --in-batches
 *            (and --cohort) the file is one cohort whose first step goes out in NHS Notify message batches
 */
import { readFileSync } from 'node:fs';
import { Command, InvalidArgumentError, Option } from 'commander';
import { CANCEL_REASONS } from '../../domain/journeys/types';
import type { JourneySummary, JourneyTimeline } from '../../contracts/ports';
import { START_OUTCOMES, startCohort, type BatchStartSummary } from '../ops/batch-start';
import { cancelJourneys, openJourneys } from '../ops/bulk-cancel';
import { readCohortCsv } from '../ops/cohort-csv';
import { startCohortFile, type CohortFileStart } from '../ops/cohort-start';
import { confirmed } from '../ops/confirm';
import { journeysApi } from '../ops/journeys-api';
import { plural, printJson, table } from '../ops/table';

interface FilterOptions {
  readonly type?: string;
  readonly status?: string;
  readonly cohort?: string;
}

const filterOptions = (command: Command): Command => command
  .option('--type <journeyType>', 'one journey type, e.g. appointment-reminder')
  .option('--status <status>', 'one status, e.g. scheduled, paused, awaiting_outcome, delivered, escalated')
  .option('--cohort <tag>', 'journeys started with this cohort tag');

const filterOf = (opts: FilterOptions) => ({
  ...(opts.type === undefined ? {} : { type: opts.type }), ...(opts.status === undefined ? {} : { status: opts.status }),
  ...(opts.cohort === undefined ? {} : { cohort: opts.cohort }),
});

const describeFilter = (opts: FilterOptions): string =>
  Object.entries(filterOf(opts)).map(([name, value]) => `${name}=${value}`).join(', ');

function count(text: string, name: string, max: number): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1 || value > max) throw new InvalidArgumentError(`${name} must be a whole number from 1 to ${max}`);
  return value;
}

function summaryRows(items: readonly JourneySummary[]): string[][] {
  return items.map((j) => [j.journeyId, j.type, j.status, j.createdAt, j.updatedAt ?? '']);
}

function listCommand(): Command {
  return filterOptions(new Command('list').description('List journeys (newest first), filtered by type, status or cohort'))
    .option('--open', 'only journeys still running')
    .option('--limit <n>', 'at most this many (1 to 200)', (text) => count(text, '--limit', 200), 50)
    .option('--cursor <cursor>', 'the next page, as the previous page printed it')
    .option('--json', 'print as JSON ({ items, nextCursor })')
    .action(async (opts: FilterOptions & { open?: boolean; limit: number; cursor?: string; json?: boolean }) => {
      const page = await journeysApi().listJourneys({
        ...filterOf(opts), limit: opts.limit, ...(opts.open === true ? { open: true } : {}), ...(opts.cursor === undefined ? {} : { cursor: opts.cursor }),
      });
      if (opts.json === true) return printJson(page);
      if (page.items.length === 0) return console.log('no journeys match');
      console.log(table(['JOURNEY', 'TYPE', 'STATUS', 'STARTED', 'FINISHED'], summaryRows(page.items)));
      console.log(`${plural(page.items.length, 'journey')}${page.nextCursor === undefined ? '' : `; more with --cursor ${page.nextCursor}`}`);
    });
}

function printJourney(journey: JourneyTimeline & { deadline?: string; nextSendAt?: string }): void {
  console.log(`journey ${journey.journeyId}`);
  console.log(`  type ${journey.type}, status ${journey.status}, started ${journey.createdAt}${journey.updatedAt === undefined ? '' : `, updated ${journey.updatedAt}`}`);
  if (journey.deadline !== undefined) console.log(`  deadline ${journey.deadline}${journey.nextSendAt === undefined ? '' : `, next send due ${journey.nextSendAt}`}`);
  console.log('timeline:');
  for (const entry of journey.timeline) {
    const facts = [
      entry.stepId === undefined ? undefined : `step ${entry.stepId}`, entry.channel, entry.status,
      entry.templateId === undefined ? undefined : `template ${entry.templateId}${entry.templateVersion === undefined ? '' : ` v${entry.templateVersion}`}`,
      entry.routingPlan === undefined ? undefined : `routing plan ${entry.routingPlan.id}${entry.routingPlan.version === undefined ? '' : ` v${entry.routingPlan.version}`}`,
      entry.messageReference === undefined ? undefined : `message ${entry.messageReference}`,
      entry.controlScope === undefined ? undefined : `control ${entry.controlScope} by ${entry.controlRole ?? '?'}`,
      entry.reason === undefined ? undefined : `reason: ${entry.reason}`,
    ].filter((fact) => fact !== undefined);
    console.log(`  ${entry.at}  ${entry.kind}${facts.length === 0 ? '' : `  ${facts.join(', ')}`}`);
  }
}

function showCommand(): Command {
  return new Command('show').description('One journey: its status and timeline (which message, channel, template, when)')
    .argument('<journeyId>')
    .option('--live', 'ask the journey itself (its live detail) instead of what it last published')
    .option('--json', 'print as JSON')
    .action(async (journeyId: string, opts: { live?: boolean; json?: boolean }) => {
      const journey = await journeysApi().getJourney(journeyId, opts.live === true);
      if (journey === undefined) throw new Error(`no journey ${journeyId}`);
      if (opts.json === true) return printJson(journey);
      printJourney(journey);
    });
}

function cancelCommand(): Command {
  const command: Command = filterOptions(new Command('cancel')
    .description('Cancel one journey, or every open journey a filter matches (--type, --status, --cohort)')
    .argument('[journeyId]', 'one journey (else give a filter)'))
    .addOption(new Option('--reason <reason>', 'why (a code: it decides whether the patient is told)').choices(CANCEL_REASONS).makeOptionMandatory())
    .option('--yes', 'do not ask before a bulk cancel (required when not at a terminal)')
    .option('--json', 'print the result as JSON')
    .action(async (journeyId: string | undefined, opts: FilterOptions & { reason: string; yes?: boolean; json?: boolean }) => {
      const filter = filterOf(opts);
      if ((journeyId === undefined) === (Object.keys(filter).length === 0)) command.error('give a journey id or a filter (--type, --status, --cohort), not both', { exitCode: 2 });
      const api = journeysApi();
      if (journeyId !== undefined) {
        const journey = await api.cancelJourney(journeyId, opts.reason);
        return opts.json === true ? printJson({ journey }) : console.log(`cancelled ${journey.journeyId} (${opts.reason})`);
      }
      const journeys = await openJourneys(api, filter);
      if (journeys.length === 0) {
        return opts.json === true ? printJson({ matched: 0 }) : console.log(`no open journeys match ${describeFilter(opts)}`);
      }
      if (!(await confirmed(command, `Cancel ${plural(journeys.length, 'open journey')} (${describeFilter(opts)}) with reason ${opts.reason}?`, opts.yes === true))) {
        console.error('nothing cancelled');
        process.exitCode = 1;
        return;
      }
      const summary = await cancelJourneys(api, journeys, opts.reason);
      if (summary.failed > 0) process.exitCode = 1;
      if (opts.json === true) return printJson(summary);
      console.log(`matched ${summary.matched}: cancelled ${summary.cancelled}, already finished ${summary.alreadyFinished}, not found ${summary.notFound}, failed ${summary.failed}`);
      for (const failure of summary.failures) console.log(`  failed ${failure.journeyId}: ${failure.code}`);
      if (summary.failed > 0) console.log('run the same command again: cancelling is idempotent');
    });
  return command;
}

function printStartSummary(summary: BatchStartSummary): void {
  console.log(`${plural(summary.rows, 'row')}: ${START_OUTCOMES.map((outcome) => `${outcome} ${summary.counts[outcome]}`).join(', ')}`);
  for (const row of summary.results) {
    if (row.problems !== undefined) console.log(`  line ${row.line}: ${row.outcome}: ${row.problems.join('; ')}`);
  }
  if (summary.stoppedBecause !== undefined) console.log(`stopped: ${summary.stoppedBecause}`);
  if (summary.counts.failed > 0) console.log('run the same file again when the service answers: rows already started answer "duplicate"');
}

function printCohortStart(start: CohortFileStart): void {
  switch (start.outcome) {
    case 'invalid':
      console.log('nothing was started: a cohort starts whole or not at all');
      for (const row of start.problems) console.log(`  line ${row.line}: ${row.problems.join('; ')}`);
      return;
    case 'conflict':
      console.log(start.problem);
      return;
    default: {
      const { cohortId, counts } = start.cohort;
      console.log(`cohort ${cohortId} ${start.outcome === 'started' ? 'started' : 'was started before with this file (nothing new sent)'}`);
      console.log(`  ${plural(counts.patients, 'patient')}: first step in message batches for ${counts.patients - counts.startedSingly}, ordinary journeys for ${counts.startedSingly} (first step not due yet)${counts.repeatedRows === 0 ? '' : `; ${plural(counts.repeatedRows, 'repeated row')} kept once`}`);
      console.log(`  sent ${counts.sent}, accepted ${counts.accepted}, delivered ${counts.delivered}, following up ${counts.followingUp}, failed ${counts.failed}, refused ${counts.refused}`);
      console.log(`  counts later: GET /v1/cohorts/${cohortId}`);
    }
  }
}

function startCommand(): Command {
  const command: Command = new Command('start').description('Start one journey per row of a CSV file (a header line of start request fields, e.g. patient.nhsNumber)')
    .requiredOption('--csv <file>', 'the cohort file: journeyType,eventId,eventTime,patient.nhsNumber,personalisation.<field>,cohort')
    .option('--type <journeyType>', 'the journey type for rows without a journeyType column')
    .option('--cohort <tag>', 'tag every row with this cohort (so it can be paused or cancelled together)')
    .option('--batch-size <n>', 'rows per API request (1 to 100)', (text) => count(text, '--batch-size', 100), 50)
    .option('--in-batches', 'start the file as one cohort (needs --cohort, its reference): the first step for every row in NHS Notify message batches, each patient followed up on their own')
    .option('--json', 'print the summary as JSON')
    .action(async (opts: { csv: string; type?: string; cohort?: string; batchSize: number; inBatches?: boolean; json?: boolean }) => {
      if (opts.inBatches === true && opts.cohort === undefined) command.error('--in-batches needs --cohort <tag>: the cohort\'s reference and tag', { exitCode: 2 });
      let text: string;
      try {
        text = readFileSync(opts.csv, 'utf8');
      } catch (error) {
        throw new Error(`cannot read ${opts.csv}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
      }
      const file = readCohortCsv(text, { ...(opts.type === undefined ? {} : { journeyType: opts.type }), ...(opts.cohort === undefined ? {} : { cohort: opts.cohort }) });
      if (!file.ok) throw new Error(`${opts.csv}: ${file.problem}; nothing was started`);
      if (opts.inBatches === true) {
        const started = await startCohortFile(journeysApi(), file.rows, file.invalid, opts.cohort!);
        if (started.outcome === 'invalid' || started.outcome === 'conflict') process.exitCode = 1;
        return opts.json === true ? printJson(started) : printCohortStart(started);
      }
      const summary = await startCohort(journeysApi(), file.rows, file.invalid, opts.batchSize);
      if (summary.counts.invalid + summary.counts.conflict + summary.counts.failed > 0) process.exitCode = 1;
      if (opts.json === true) return printJson(summary);
      printStartSummary(summary);
    });
  return command;
}

export function journeysCommand(): Command {
  return new Command('journeys').description('Find, inspect, cancel and start journeys (through the journeys API)')
    .addCommand(listCommand()).addCommand(showCommand()).addCommand(cancelCommand()).addCommand(startCommand());
}
