import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type Command, InvalidArgumentError, Option } from 'commander';
import type { FlowClient } from '../../client/flow-client.js';
import { action } from '../output.js';
import { downloadJobLog } from './job-admin.js';
import { asObject } from './json-values.js';
import { printEnvelope, siteClient } from './site.js';

interface ToyOptions {
  guestPartyId: string;
  hostPartyId: string;
  timeout: number;
  taskCores: number;
}

const ENDED = new Set(['success', 'failed', 'canceled', 'timeout']);

function positiveInteger(value: string): number {
  if (!/^[1-9][0-9]*$/.test(value)) throw new InvalidArgumentError('must be a positive integer');
  return Number(value);
}

/**
 * FATE's toy job (`flow_sdk/client/api/test.py`): SecureAddExample between one guest and one host,
 * the guest initiating. FATE's client puts the host's parameters straight under `host`, without a
 * party index, which FATE-Flow then silently drops; here they sit under index "0", where they apply.
 */
export function toyJob(options: Pick<ToyOptions, 'guestPartyId' | 'hostPartyId' | 'taskCores'>) {
  return {
    job_dsl: { components: { secure_add_example_0: { module: 'SecureAddExample' } } },
    job_runtime_conf: {
      dsl_version: 2,
      initiator: { role: 'guest', party_id: options.guestPartyId },
      role: { guest: [options.guestPartyId], host: [options.hostPartyId] },
      job_parameters: { common: { task_cores: options.taskCores } },
      component_parameters: {
        role: {
          guest: { '0': { secure_add_example_0: { seed: 123 } } },
          host: { '0': { secure_add_example_0: { seed: 321 } } },
        },
        common: { secure_add_example_0: { partition: 4, data_num: 1000 } },
      },
    },
  };
}

/** `flow test toy -gid G -hid H [--timeout S] [--task-cores N]`. */
export function registerTestCommands(program: Command): void {
  program
    .command('test')
    .description('FATE Flow Test Operations')
    .command('toy')
    .description('Toy Test Command')
    .requiredOption('--guest-party-id <party_id>', 'A valid party id (FATE\'s "-gid" works too).')
    .requiredOption('--host-party-id <party_id>', 'A valid party id (FATE\'s "-hid" works too).')
    .addOption(
      new Option('--timeout <seconds>', 'Timeout limit, default 300 seconds.').argParser(positiveInteger).default(300),
    )
    .addOption(
      new Option('--task-cores <n>', 'Run Job Task Cores, default 2 cores.').argParser(positiveInteger).default(2),
    )
    .action(
      action(async (options: ToyOptions, command: Command) => {
        const client = await siteClient(command);
        const submitted = await client.post('/v1/job/submit', toyJob(options));
        if (submitted.retcode !== 0 || typeof submitted.jobId !== 'string') return printEnvelope(submitted);
        const status = await waitForEnd(client, submitted.jobId, options);
        for (const line of await toyReport(client, submitted.jobId, options.guestPartyId, status)) {
          process.stdout.write(`${line}\n`);
        }
        if (status !== 'success') process.exitCode = 1;
      }),
    );
}

/** Polls the guest's record once a second, printing its status as FATE does, until it ends or time runs out. */
async function waitForEnd(client: FlowClient, jobId: string, options: ToyOptions): Promise<string> {
  let status = 'unknown';
  const deadline = Date.now() + options.timeout * 1000;
  while (Date.now() < deadline) {
    const answer = await client.post('/v1/job/query', { job_id: jobId, role: 'guest', party_id: options.guestPartyId });
    const [row] = answer.retcode === 0 && Array.isArray(answer.data) ? answer.data : [];
    if (row !== undefined) {
      status = String(asObject(row).f_status);
      process.stdout.write(`toy test job ${jobId} is ${status}\n`);
      if (ENDED.has(status)) return status;
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  process.stdout.write('check job status timeout\n');
  return status;
}

/**
 * What FATE's toy prints at the end: on success the guest's INFO.log lines of `secure_add_guest`;
 * otherwise its ERROR.log, then every party's error report as the initiator knows it (the failing
 * party may be the host, whose log stays at its own site).
 */
export async function toyReport(client: FlowClient, jobId: string, guest: string, status: string): Promise<string[]> {
  const logs = await downloadJobLog(client, jobId, join('logs', 'toy'));
  if (!('envelope' in logs) || logs.envelope.directory === undefined) {
    return [`get log failed, please check the logs of job ${jobId} at the site of party ${guest}`];
  }
  const folder = join(logs.envelope.directory, 'guest', guest);
  if (status === 'success' || status === 'canceled') {
    const info = await readFile(join(folder, 'INFO.log'), 'utf8');
    return info.split('\n').filter((line) => line.includes('secure_add_guest'));
  }
  const errors = (await readFile(join(folder, 'ERROR.log'), 'utf8')).split('\n').filter((line) => line !== '');
  const tasks = await client.post('/v1/job/task/query', { job_id: jobId });
  const reports = (Array.isArray(tasks.data) ? tasks.data : [])
    .map(asObject)
    .filter((task) => typeof task.f_error_report === 'string' && task.f_error_report !== '')
    .map((task) => `${String(task.f_role)} ${String(task.f_party_id)}: ${String(task.f_error_report)}`);
  return [...errors, ...[...new Set(reports)]];
}
