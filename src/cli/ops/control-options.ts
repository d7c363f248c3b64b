/**
 * The options every sending-control command shares: which journeys (--type, --cohort or --all, exactly one),
 * who by role (--role) and why (--reason); and how a change and the status are printed.
 */
import { Command, Option } from 'commander';
import { parseControlChange } from '../../domain/controls/control-change-request';
import { describeScope, OPS_ROLES, type ControlAction, type ControlChange, type ControlState } from '../../domain/controls/sending-controls';
import { controlsView } from '../../contracts/sending-controls-view';
import { withService } from './service-connection';

interface ControlOptions {
  type?: string;
  cohort?: string;
  all?: boolean;
  role: string;
  reason: string;
  json?: boolean;
}

/** A command that applies one control change (pause, resume, dry run on or off) and prints the result. */
export function controlChangeCommand(name: string, action: ControlAction, description: string): Command {
  const command: Command = new Command(name)
    .description(description)
    .option('--type <journeyType>', 'one journey type, e.g. appointment-reminder')
    .option('--cohort <tag>', 'journeys started with this cohort tag')
    .option('--all', 'every journey')
    .addOption(new Option('--role <role>', 'who is making the change, as a role').choices(OPS_ROLES).default('on_call_engineer'))
    .requiredOption('--reason <text>', 'why, for the audit trail (never patient details)')
    .option('--json', 'print the controls after the change as JSON')
    .action(async (opts: ControlOptions) => {
      const change = changeFrom(command, action, opts);
      const state = await withService((service) => service.controls.change(change));
      print(state, opts.json === true, `${action} ${describeScope(change.scope)}: done`);
    });
  return command;
}

/** `status`: the controls in force, the journeys each holds now, and the recent changes. */
export function controlStatusCommand(): Command {
  return new Command('status')
    .description('Show what is paused or in dry run, how many journeys are held, and the recent changes')
    .option('--json', 'print as JSON')
    .action(async (opts: { json?: boolean }) => {
      const { state, held } = await withService(async (service) => ({ state: await service.controls.status(), held: await service.controls.heldCount() }));
      if (opts.json === true) {
        console.log(JSON.stringify({ ...controlsView(state).controls, heldJourneys: held }, null, 2));
        return;
      }
      print(state, false);
      console.log(`journeys held now: ${held}`);
    });
}

function changeFrom(command: Command, action: ControlAction, opts: ControlOptions): ControlChange {
  const scopes = [opts.type === undefined ? undefined : { journeyType: opts.type }, opts.cohort === undefined ? undefined : { cohort: opts.cohort },
    opts.all === true ? { all: true } : undefined].filter((s) => s !== undefined);
  if (scopes.length !== 1) command.error('give exactly one of --type, --cohort or --all', { exitCode: 2 });
  const parsed = parseControlChange({ action, scope: scopes[0], role: opts.role, reason: opts.reason });
  if (!parsed.ok) command.error(parsed.problems.map((p) => `${p.path}: ${p.message}`).join('; '), { exitCode: 2 });
  return parsed.value;
}

function print(state: ControlState, json: boolean, headline?: string): void {
  if (json) {
    console.log(JSON.stringify(controlsView(state).controls, null, 2));
    return;
  }
  if (headline !== undefined) console.log(headline);
  if (state.rules.length === 0) console.log('sending: normal (nothing paused, no dry run)');
  for (const rule of state.rules) {
    console.log(`${rule.mode === 'paused' ? 'PAUSED ' : 'DRY RUN'}  ${describeScope(rule.scope)}  since ${new Date(rule.since).toISOString()}  by ${rule.role}: ${rule.reason}`);
  }
  const recent = state.history.slice(-5);
  if (recent.length > 0) console.log('recent changes:');
  for (const event of recent) {
    console.log(`  ${new Date(event.at).toISOString()}  ${event.action} ${describeScope(event.scope)}  by ${event.role}: ${event.reason}${event.changed ? '' : ' (no change)'}`);
  }
}
