import { Command } from 'commander';
import { registerJobCommands } from './commands/job.js';
import { registerLocalCommands } from './commands/local.js';

/** The `flow` command line: FATE's verbs and flags, talking to this project's sites. */
export function buildProgram(): Command {
  const program = new Command('flow').description('Fate Flow Client (serverless)').showHelpAfterError();
  registerJobCommands(program);
  registerLocalCommands(program);
  return program;
}

await buildProgram().parseAsync(process.argv);
