/**
 * `audit verify | export | expire`: the communications record (docs/communications-record.md), read from
 * AUDIT_DATABASE_URL or, in local, the embedded store under DATA_DIR (stop `npm start` first: the embedded
 * database belongs to one process at a time).
 *   verify   walks every hash chain; exit 1 names the first broken link
 *   export   --from --to --format csv|jsonl [--output file]; progress on stderr; patients pseudonymised
 *   expire   one retention run under AUDIT_RETENTION_DAYS, itself recorded
 */
import { createWriteStream } from 'node:fs';
import { Command, Option } from 'commander';
import { loadConfig } from '../../config';
import { EXPORT_FORMATS, exportFacts, type ExportFormat } from '../../audit/export';
import { expireRecords } from '../../audit/retention';
import { auditLocation, openAuditDatabase, type AuditDatabase } from '../../audit/store/database';
import { verifyChains } from '../../audit/store/verify-chain';

/** Exit code 3: the record's database could not be reached (the CLI's contract, see notify-journeys.ts). */
async function withRecord<T>(work: (db: AuditDatabase) => Promise<T>): Promise<T> {
  let db: AuditDatabase;
  try {
    db = await openAuditDatabase(auditLocation(loadConfig()), { migrate: false });
  } catch (error) {
    console.error(`cannot reach the communications record: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(3);
  }
  try {
    return await work(db);
  } finally {
    await db.close();
  }
}

function instant(value: string): number {
  const ms = Date.parse(value);
  if (!Number.isFinite(ms)) throw new Error(`not an ISO 8601 date or date-time: ${value}`);
  return ms;
}

function verifyCommand(): Command {
  return new Command('verify').description('Walk every hash chain and name the first broken link').action(async () => {
    const result = await withRecord((db) => verifyChains(db, (facts) => process.stderr.write(`\rverified ${facts} facts`)));
    process.stderr.write('\n');
    if (result.broken !== undefined) {
      const { partitionKey, seq, problem } = result.broken;
      console.log(`BROKEN: chain ${partitionKey}, fact ${seq}: ${problem} (${result.facts} facts before it verified)`);
      process.exitCode = 1;
      return;
    }
    console.log(`OK: ${result.facts} facts in ${result.partitions} chains verified`);
  });
}

function exportCommand(): Command {
  return new Command('export').description('Export journey facts for reporting (patients as keyed-hash pseudonyms)')
    .requiredOption('--from <iso>', 'first instant (inclusive)', instant)
    .requiredOption('--to <iso>', 'last instant (exclusive)', instant)
    .addOption(new Option('--format <format>', 'output format').choices(EXPORT_FORMATS).default('csv'))
    .option('--output <file>', 'write to a file instead of stdout')
    .action(async (options: { from: number; to: number; format: ExportFormat; output?: string }) => {
      const out = options.output === undefined ? process.stdout : createWriteStream(options.output, { mode: 0o600 });
      const write = (chunk: string) => new Promise<void>((resolve, reject) => out.write(chunk, (error) => (error ? reject(error) : resolve())));
      const count = await withRecord((db) => exportFacts(db, {
        from: options.from, to: options.to, format: options.format, write, onProgress: (facts) => process.stderr.write(`\rexported ${facts} facts`),
      }));
      process.stderr.write(`\rexported ${count} facts\n`);
      if (out !== process.stdout) await new Promise<void>((resolve) => out.end(resolve));
    });
}

function expireCommand(): Command {
  return new Command('expire').description('Run the retention expiry once (AUDIT_RETENTION_DAYS), recorded in the retention log').action(async () => {
    const retentionDays = loadConfig().audit.retentionDays;
    if (retentionDays === undefined) throw new Error('AUDIT_RETENTION_DAYS is not set: retention is the trust\'s decision (docs/communications-record.md)');
    const run = await withRecord((db) => expireRecords(db, { retentionDays }));
    console.log(`expired ${run.journeys} journeys (${run.facts} facts) that finished before ${run.cutoff}`);
  });
}

export function auditCommand(): Command {
  return new Command('audit').description('The communications record: verify, export, expire')
    .addCommand(verifyCommand()).addCommand(exportCommand()).addCommand(expireCommand());
}
