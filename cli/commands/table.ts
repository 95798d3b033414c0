import type { Command } from 'commander';
import { action } from '../output.js';
import { fateBody, fateOption } from './fate-flags.js';
import { readJsonObject } from './json-values.js';
import { printEnvelope, siteClient } from './site.js';

interface TableOptions {
  namespace: string;
  tableName: string;
}

/** `flow table info|delete|disable|enable -n NAMESPACE -t TABLE_NAME` and `flow table bind|add -c CONF [--drop]`. */
export function registerTableCommands(program: Command): void {
  const table = program.command('table').description('Table Operations');
  const verbs = [
    ['info', 'Query Table Command', '/v1/table/table_info'],
    ['delete', 'Delete Table Command', '/v1/table/delete'],
    ['disable', 'Disable Table Command', '/v1/table/disable'],
    ['enable', 'Enable Table Command', '/v1/table/enable'],
  ] as const;
  for (const [verb, description, path] of verbs) {
    table
      .command(verb)
      .description(description)
      .addOption(fateOption('namespace', true))
      .addOption(fateOption('tableName', true))
      .action(
        action(async (options: TableOptions, command: Command) => {
          printEnvelope(await (await siteClient(command)).post(path, fateBody(options)));
        }),
      );
  }
  // FATE's `table bind -c conf [--drop]` (and its twin `add`): the conf as the body, drop 1 with --drop.
  for (const [verb, description, path] of [
    ['bind', 'Bind Table Command', '/v1/table/bind'],
    ['add', 'Add Table Command', '/v1/table/add'],
  ] as const) {
    table
      .command(verb)
      .description(description)
      .addOption(fateOption('confPath', true))
      .option('--drop', 'replace a table of the same namespace and name', false)
      .action(
        action(async (options: { confPath: string; drop: boolean }, command: Command) => {
          const conf = await readJsonObject(options.confPath, 'table bind conf');
          const body = { ...conf, ...(options.drop ? { drop: 1 } : {}) };
          printEnvelope(await (await siteClient(command)).post(path, body));
        }),
      );
  }
}
