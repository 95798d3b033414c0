import type { Command } from 'commander';
import { action } from '../output.js';
import { fateBody, fateOption } from './fate-flags.js';
import { printEnvelope, siteClient } from './site.js';

/** `flow resource query|return` and `flow server versions`: what the site holds and runs. */
export function registerSiteInfoCommands(program: Command): void {
  const resource = program.command('resource').description('Resource Manager');
  resource
    .command('query')
    .description('Query Resource Command')
    .action(
      action(async (_options: object, command: Command) => {
        printEnvelope(await (await siteClient(command)).post('/v1/resource/query', {}));
      }),
    );
  resource
    .command('return')
    .description('Return Job Resource Command')
    .addOption(fateOption('jobId', true))
    .action(
      action(async (options: { jobId: string }, command: Command) => {
        printEnvelope(await (await siteClient(command)).post('/v1/resource/return', fateBody(options)));
      }),
    );

  // As FATE's own client: /v1/server/version/get (sites answer /v1/version/get too).
  program
    .command('server')
    .description('FATE Flow Server Operations')
    .command('versions')
    .description('Show Versions Command')
    .action(
      action(async (_options: object, command: Command) => {
        printEnvelope(await (await siteClient(command)).post('/v1/server/version/get', {}));
      }),
    );
}
