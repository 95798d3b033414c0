import type { Command } from 'commander';
import { action } from '../output.js';
import { type Format, formatOption, printListing } from '../view/format-option.js';
import { tasksTable } from '../view/listings.js';
import { fateBody, fateOption } from './fate-flags.js';
import { printEnvelope, siteClient } from './site.js';

interface TaskQueryOptions {
  jobId?: string;
  role?: string;
  partyId?: string;
  componentName?: string;
  status?: string;
  format?: Format;
}

/** `flow task query|list`: a job's tasks at this site, as FATE's `f_*` rows (query) or plain rows (list). */
export function registerTaskCommands(program: Command): void {
  const task = program.command('task').description('Task Operations');

  task
    .command('query')
    .description('Query Task Command')
    .addOption(fateOption('jobId', true))
    .addOption(fateOption('role'))
    .addOption(fateOption('partyId'))
    .addOption(fateOption('componentName'))
    .addOption(fateOption('status'))
    .addOption(formatOption())
    .action(
      action(async ({ format, ...options }: TaskQueryOptions, command: Command) => {
        printListing(
          await (await siteClient(command)).post('/v1/job/task/query', fateBody(options)),
          format,
          tasksTable,
        );
      }),
    );

  // FATE's `task list` has only -l; our sites list one job's tasks, so -j is required.
  task
    .command('list')
    .description('List Task Command')
    .addOption(fateOption('jobId', true))
    .addOption(fateOption('limit'))
    .action(
      action(async (options: { jobId: string; limit: number }, command: Command) => {
        printEnvelope(await (await siteClient(command)).post('/v1/job/list/task', fateBody(options)));
      }),
    );
}
