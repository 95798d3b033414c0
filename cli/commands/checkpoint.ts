import { type Command, Option } from 'commander';
import { action } from '../output.js';
import { fateBody, fateOption } from './fate-flags.js';
import { printEnvelope, siteClient } from './site.js';

/** `flow checkpoint list|get`: FATE's checkpoint verbs and flags (`flow_cli/commands/checkpoint.py`). */
export function registerCheckpointCommands(program: Command): void {
  const checkpoint = program.command('checkpoint').description('Checkpoint Operations');
  const withModel = (command: Command) =>
    command
      .addOption(new Option('--model-id <model_id>', 'Parameter model id.').makeOptionMandatory())
      .addOption(new Option('--model-version <model_version>', 'Parameter model version.').makeOptionMandatory())
      .addOption(fateOption('role', true))
      .addOption(fateOption('partyId', true))
      .addOption(fateOption('componentName', true));
  withModel(checkpoint.command('list').description('List checkpoints')).action(
    action(async (options: object, command: Command) => {
      printEnvelope(await (await siteClient(command)).post('/v1/checkpoint/list', fateBody(options)));
    }),
  );
  withModel(checkpoint.command('get').description('Get checkpoint'))
    .option('--step-index <step_index>', 'Step index.')
    .option('--step-name <step_name>', 'Step name.')
    .action(
      action(async (options: object, command: Command) => {
        printEnvelope(await (await siteClient(command)).post('/v1/checkpoint/get', fateBody(options)));
      }),
    );
}
