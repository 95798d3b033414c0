import { spawn } from 'node:child_process';
import { mkdir, open } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { OperatingError } from '../../functions/domain/errors.js';
import type { FederationState } from '../../local/federation/federation-state.js';
import { action, printJson } from '../output.js';

const flowBin = fileURLToPath(new URL('../../bin/flow.js', import.meta.url));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface LocalOptions {
  config?: string;
}

/**
 * The config's data folder and the federation's state module. Loaded when a `flow local` command
 * runs, not at start: the config's schema (zod) costs every other command's start ~0.1 s.
 */
async function federationFiles(configPath: string | undefined) {
  // One after the other, as in `job validate`: jest's ESM loader cannot link two first imports at once.
  const { readFederationConfig } = await import('../../local/federation/federation-config.js');
  const state = await import('../../local/federation/federation-state.js');
  const config = await readFederationConfig(configPath);
  return { config, dataDir: state.dataDirOf(config, configPath), ...state };
}

/** `flow local up|down|serve|status`: a whole federation on this machine. */
export function registerLocalCommands(program: Command): void {
  const local = program.command('local').description('A local federation: one site per party on this machine');
  const configOption = [
    '-c, --config <path>',
    'federation config (default: guest 9999, host + arbiter 10000)',
  ] as const;

  local
    .command('up')
    .description('Start the federation in the background and print its sites')
    .option(...configOption)
    .action(
      action(async (options: LocalOptions) => {
        const { dataDir, readState, isAlive, removeState } = await federationFiles(options.config);
        const running = await readState(dataDir);
        if (running !== undefined && isAlive(running.pid)) {
          printJson({ retcode: 0, retmsg: 'already running', data: running });
          return;
        }
        await removeState(dataDir);
        await mkdir(dataDir, { recursive: true });
        const log = await open(join(dataDir, 'federation.log'), 'a');
        const args = [flowBin, 'local', 'serve', ...(options.config ? ['-c', options.config] : [])];
        const child = spawn(process.execPath, args, { detached: true, stdio: ['ignore', log.fd, log.fd] });
        child.unref();
        await log.close();
        for (let waited = 0; waited < 60_000; waited += 200) {
          const state = await readState(dataDir);
          if (state !== undefined && state.pid === child.pid) {
            printJson({ retcode: 0, retmsg: 'success', data: state });
            return;
          }
          if (child.exitCode !== null) break;
          await sleep(200);
        }
        throw new OperatingError(`the federation did not start; see ${join(dataDir, 'federation.log')}`);
      }),
    );

  local
    .command('down')
    .description('Stop the federation started by `flow local up`')
    .option(...configOption)
    .action(
      action(async (options: LocalOptions) => {
        const { dataDir, readState, isAlive, removeState } = await federationFiles(options.config);
        const state = await readState(dataDir);
        if (state === undefined || !isAlive(state.pid)) {
          await removeState(dataDir);
          printJson({ retcode: 0, retmsg: 'not running' });
          return;
        }
        process.kill(state.pid, 'SIGTERM');
        for (let waited = 0; waited < 15_000 && isAlive(state.pid); waited += 100) await sleep(100);
        if (isAlive(state.pid)) process.kill(state.pid, 'SIGKILL');
        await removeState(dataDir);
        printJson({ retcode: 0, retmsg: 'stopped', data: { pid: state.pid } });
      }),
    );

  local
    .command('status')
    .description("Print the running federation's sites, and any site's scheduler or detector pass that fails")
    .option(...configOption)
    .action(
      action(async (options: LocalOptions) => {
        const { dataDir, readState, isAlive } = await federationFiles(options.config);
        const state: FederationState | undefined = await readState(dataDir);
        if (state === undefined || !isAlive(state.pid)) return printJson({ retcode: 0, retmsg: 'not running' });
        printJson({ retcode: 0, retmsg: statusMessage(state), data: state });
      }),
    );

  local
    .command('demo')
    .description('Run a demo job on a fresh two-site federation and show every task as it changes')
    .option(
      '-d, --job-dir <dir>',
      'folder with dsl.json, conf.json and the upload-<role>.json confs of the tables it reads',
      'examples/hetero-lr',
    )
    .action(
      action(async (options: { jobDir: string }) => {
        const { runDemo } = await import('../../local/demo/run-demo.js');
        const { keepsFederationUp, stayUpUntilStopped } = await import('../../local/demo/keep-up.js');
        const log = (line: string) => process.stdout.write(`${line}\n`);
        // At a terminal the federation and the board stay up after the job until Ctrl-C.
        const stayUp = keepsFederationUp(process.stdout) ? stayUpUntilStopped(log, process) : undefined;
        const { succeeded } = await runDemo(options.jobDir, log, stayUp?.afterJob);
        process.exitCode = succeeded || stayUp?.stopped() === true ? 0 : 1;
      }),
    );

  local
    .command('serve')
    .description('Run the federation in the foreground until interrupted')
    .option(...configOption)
    .action(
      action(async (options: LocalOptions) => {
        // Loaded here, not at the top: the site runtime (dynalite, the AWS SDK) costs every other
        // `flow` command ~0.4 s at start.
        const { serveFederation } = await import('../../local/federation/serve-federation.js');
        await serveFederation(options.config, (line) => process.stdout.write(`${line}\n`));
      }),
    );
}

/** `running`, and what each site whose pass fails now says (the last error of each site is in its `last_pass_error`). */
function statusMessage(state: FederationState): string {
  const failing = state.sites.flatMap(({ party_id, last_pass_error: error }) =>
    error === undefined || error.recovered_at !== undefined
      ? []
      : [`party ${party_id}'s ${error.pass} pass fails since ${error.failing_since}: ${error.message}`],
  );
  return failing.length === 0 ? 'running' : `running, but ${failing.join('; ')}`;
}
