import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { type Command, InvalidArgumentError, Option } from 'commander';
import type { Envelope } from '../../client/flow-client.js';
import { DEFAULT_SITE_POOL } from '../../functions/domain/plan/resources.js';
import { action, printJson } from '../output.js';
import { readJsonFile } from '../read-json-file.js';
import { type Format, formatOption, printListing } from '../view/format-option.js';
import { jobsTable } from '../view/listings.js';
import { fateBody, fateOption } from './fate-flags.js';
import { registerJobAdminCommands } from './job-admin.js';
import { asObject, readJsonObject } from './json-values.js';
import { printEnvelope, siteClient } from './site.js';

interface ValidateOptions {
  dslPath: string;
  confPath: string;
  strict: boolean;
  cores: number;
  format: 'json' | 'table';
}

function positiveInteger(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw new InvalidArgumentError('must be a positive integer');
  return parsed;
}

/** `flow job …`: FATE's job verbs. */
export function registerJobCommands(program: Command): void {
  const job = program.command('job').description('Job Operations');
  registerValidate(job);
  registerSubmit(job);
  registerQuery(job);
  registerList(job);
  registerStop(job);
  registerRerun(job);
  registerConfig(job);
  registerJobAdminCommands(job);
}

function registerValidate(job: Command): void {
  job
    .command('validate')
    .description('Check a DSL v2 + runtime conf v2 pair as the scheduler would and print the job plan')
    .requiredOption('-d, --dsl-path <path>', 'DSL file')
    .requiredOption('-c, --conf-path <path>', 'runtime conf file')
    .option('--strict', 'refuse modules that this build cannot run', false)
    .option(
      '--cores <n>',
      "the site pool's cores the per-job limit is checked against",
      positiveInteger,
      DEFAULT_SITE_POOL.cores,
    )
    .addOption(new Option('--format <format>', 'output format').choices(['json', 'table']).default('json'))
    .action(
      action(async (options: ValidateOptions) => {
        // Loaded here: the planner and its schemas take ~150 ms that the other commands need not pay.
        // One after the other: jest's ESM loader (the in-process CLI tests) cannot link two first
        // imports of one package (zod) at once.
        const { planJob } = await import('../../functions/domain/plan/plan-job.js');
        const { productionCatalog } = await import('../../components/catalog.js');
        const { planToJson, planToTable } = await import('../render-plan.js');
        const [dsl, conf] = await Promise.all([
          readJsonFile(options.dslPath, 'DSL'),
          readJsonFile(options.confPath, 'runtime conf'),
        ]);
        const plan = planJob(dsl, conf, {
          catalog: productionCatalog,
          strict: options.strict,
          pool: { ...DEFAULT_SITE_POOL, cores: options.cores },
        });
        if (options.format === 'table') process.stdout.write(planToTable(plan));
        else printJson(planToJson(plan));
      }),
    );
}

interface SubmitOptions {
  confPath: string;
  dslPath?: string;
  wait: boolean;
}

/** `flow job submit -c conf -d dsl`: the conf carries `conf_path` and `dsl_path` as typed, as FATE's client adds them. */
function registerSubmit(job: Command): void {
  job
    .command('submit')
    .description('Submit Job Command')
    .addOption(fateOption('confPath', true))
    .addOption(fateOption('dslPath'))
    .option(
      '--wait',
      "follow the job until it ends: its stages, every party's tasks, the running component's iteration; exit 0 on success, 1 otherwise",
      false,
    )
    .action(
      action(async ({ wait, ...options }: SubmitOptions, command: Command) => {
        const conf = await readJsonObject(options.confPath, 'runtime conf');
        const dsl = options.dslPath === undefined ? {} : await readJsonObject(options.dslPath, 'DSL');
        const body = { job_dsl: dsl, job_runtime_conf: { ...conf, ...fateBody(options) } };
        const client = await siteClient(command);
        const submitted = await client.post('/v1/job/submit', body);
        printEnvelope(submitted);
        if (!wait || submitted.retcode !== 0 || submitted.jobId === undefined) return;
        // Loaded here: the DSL's schema (zod) is for the watch only, not every command's start.
        const { watchJob } = await import('../view/job-watch.js');
        const last = await watchJob(client, submitted.jobId, {
          write: (text) => process.stdout.write(text),
          tty: process.stdout.isTTY === true,
          ...(process.stdout.columns === undefined ? {} : { columns: process.stdout.columns }),
          sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
        });
        process.exitCode = last.status === 'success' ? 0 : 1;
      }),
    );
}

interface QueryOptions {
  jobId?: string;
  role?: string;
  partyId?: string;
  status?: string;
  format?: Format;
}

/** `flow job query`: FATE's CLI deletes f_runtime_conf and f_dsl from each row before printing. */
function registerQuery(job: Command): void {
  job
    .command('query')
    .description('Query Job Command')
    .addOption(fateOption('jobId'))
    .addOption(fateOption('role'))
    .addOption(fateOption('partyId'))
    .addOption(fateOption('status'))
    .addOption(formatOption())
    .action(
      action(async ({ format, ...options }: QueryOptions, command: Command) => {
        const envelope = await (await siteClient(command)).post('/v1/job/query', fateBody(options));
        printListing(withoutConfs(envelope), format, jobsTable);
      }),
    );
}

function withoutConfs(envelope: Envelope): Envelope {
  if (envelope.retcode !== 0 || !Array.isArray(envelope.data)) return envelope;
  const rows: unknown[] = envelope.data;
  return {
    ...envelope,
    data: rows.map((row) => {
      const { f_runtime_conf: _conf, f_dsl: _dsl, ...rest } = asObject(row);
      return rest;
    }),
  };
}

function registerList(job: Command): void {
  job
    .command('list')
    .description('List Job Command')
    .addOption(fateOption('limit'))
    .addOption(formatOption())
    .action(
      action(async ({ format, ...options }: { limit: number; format?: Format }, command: Command) => {
        printListing(await (await siteClient(command)).post('/v1/job/list/job', fateBody(options)), format, jobsTable);
      }),
    );
}

function registerStop(job: Command): void {
  job
    .command('stop')
    .description('Stop Job Command')
    .addOption(fateOption('jobId', true))
    .action(
      action(async (options: { jobId: string }, command: Command) => {
        printEnvelope(await (await siteClient(command)).post('/v1/job/stop', fateBody(options)));
      }),
    );
}

/** `flow job rerun -j [-cpn] [--force]`: the named (or every unfinished) component and all downstream. */
function registerRerun(job: Command): void {
  job
    .command('rerun')
    .description('Rerun Job Command')
    .addOption(fateOption('jobId', true))
    .addOption(fateOption('componentName'))
    .option('--force', 'rerun components that succeeded too', false)
    .action(
      action(async (options: { jobId: string; componentName?: string; force: boolean }, command: Command) => {
        printEnvelope(await (await siteClient(command)).post('/v1/job/rerun', fateBody(options)));
      }),
    );
}

interface ConfigOptions {
  jobId: string;
  role: string;
  partyId: string;
  outputPath: string;
}

/**
 * `flow job config -j -r -p -o DIR`: as FATE's CLI, writes every answered item but job_id as
 * `DIR/job_<id>_config/<key>.json` (dsl, runtime_conf, train_runtime_conf, model_info and our
 * runtime_conf_on_party), then prints the answer without the big ones and with the directory.
 */
function registerConfig(job: Command): void {
  job
    .command('config')
    .description('Config Job Command')
    .addOption(fateOption('jobId', true))
    .addOption(fateOption('role', true))
    .addOption(fateOption('partyId', true))
    .addOption(fateOption('outputPath', true))
    .action(
      action(async (options: ConfigOptions, command: Command) => {
        const envelope = await (await siteClient(command)).post('/v1/job/config', fateBody(options));
        if (envelope.retcode !== 0) return printEnvelope(envelope);
        const data = asObject(envelope.data);
        const directory = join(resolve(options.outputPath), `job_${String(data.job_id)}_config`);
        await writeJobConfig(directory, data);
        const { dsl: _dsl, runtime_conf: _conf, runtime_conf_on_party: _onParty, ...printed } = data;
        printEnvelope({
          ...envelope,
          data: printed,
          directory,
          retmsg: `download successfully, please check ${directory} directory`,
        });
      }),
    );
}

async function writeJobConfig(directory: string, data: Record<string, unknown>): Promise<void> {
  await mkdir(directory, { recursive: true });
  for (const [key, value] of Object.entries(data)) {
    if (key === 'job_id' || !/^[A-Za-z0-9_]+$/.test(key)) continue;
    await writeFile(join(directory, `${key}.json`), JSON.stringify(value, null, 4));
  }
}
