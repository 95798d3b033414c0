import { Command, InvalidArgumentError, Option } from 'commander';
import { FATE_FLOW_VERSION, SERVERLESS_VERSION } from '../functions/version.js';
import { registerCheckpointCommands } from './commands/checkpoint.js';
import { registerComponentCommands } from './commands/component.js';
import { registerDataCommands } from './commands/data.js';
import { registerFederationCommands } from './commands/federation.js';
import { registerInitCommand } from './commands/init.js';
import { registerJobCommands } from './commands/job.js';
import { registerLocalCommands } from './commands/local.js';
import { registerModelCommands } from './commands/model.js';
import { registerPrivilegeCommands } from './commands/privilege.js';
import { registerSiteInfoCommands } from './commands/site-info.js';
import { registerTableCommands } from './commands/table.js';
import { registerTaskCommands } from './commands/task.js';
import { registerTestCommands } from './commands/test-toy.js';

function partyId(value: string): number {
  if (!/^(0|[1-9][0-9]*)$/.test(value)) throw new InvalidArgumentError('must be a party id such as 9999');
  return Number(value);
}

/** The `flow` command line: FATE's verbs and flags, talking to this project's sites. */
export function buildProgram(): Command {
  const program = new Command('flow')
    .description('Fate Flow Client (serverless)')
    .version(`${SERVERLESS_VERSION} (FATE-Flow ${FATE_FLOW_VERSION} API)`, '--version')
    .showHelpAfterError();
  program.addOption(
    new Option('--party <party_id>', "the local federation's site to talk to (default: its first)")
      .env('FATE_FLOW_PARTY')
      .argParser(partyId),
  );
  registerInitCommand(program);
  registerJobCommands(program);
  registerTaskCommands(program);
  registerDataCommands(program);
  registerTableCommands(program);
  registerComponentCommands(program);
  registerModelCommands(program);
  registerCheckpointCommands(program);
  registerPrivilegeCommands(program);
  registerSiteInfoCommands(program);
  registerFederationCommands(program);
  registerLocalCommands(program);
  registerTestCommands(program);
  return program;
}
