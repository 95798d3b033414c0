import type { Command } from 'commander';
import { action } from '../output.js';
import { fateBody, fateOption } from './fate-flags.js';
import { printEnvelope, siteClient } from './site.js';

interface TableOptions {
  namespace: string;
  tableName: string;
}

/** `flow table info|delete -n NAMESPACE -t TABLE_NAME`. */
export function registerTableCommands(program: Command): void {
  const table = program.command('table').description('Table Operations');
  const verbs = [
    ['info', 'Query Table Command', '/v1/table/table_info'],
    ['delete', 'Delete Table Command', '/v1/table/delete'],
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
}
