/**
 * The `flow` command line run in the test's own process: the same commander program `bin/flow.js`
 * runs (`cli/program.ts`), with the same argv rewriting, environment variables and working
 * folder, its stdout, stderr and exit code captured. Saves a Node start and a tsx compile per
 * command (≈ 1 s each); the real executable keeps its own smoke tests (test/e2e/cli).
 */
import { type Command, CommanderError } from 'commander';
import { expandFateFlags } from '../../cli/commands/fate-flags.js';
import { buildProgram } from '../../cli/program.js';

export interface FlowRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface FlowRunSetting {
  /** The command's working folder (relative paths, the local federation's state). */
  readonly cwd: string;
  /** The variables the command reads (FATE_FLOW_*): each set, or removed when undefined. */
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** One command at a time: the process's stdout, exit code, environment and folder are shared. */
let queue: Promise<unknown> = Promise.resolve();

/** Runs `flow <args>` in this process; what it printed and the exit code it set. */
export function runFlow(args: readonly string[], setting: FlowRunSetting): Promise<FlowRun> {
  const next = queue.then(() => runAlone(args, setting));
  queue = next.catch(() => undefined);
  return next;
}

async function runAlone(args: readonly string[], setting: FlowRunSetting): Promise<FlowRun> {
  const out: string[] = [];
  const err: string[] = [];
  const saved = {
    cwd: process.cwd(),
    env: Object.fromEntries(Object.keys(setting.env).map((key) => [key, process.env[key]])),
    exitCode: process.exitCode,
    stdout: process.stdout.write,
    stderr: process.stderr.write,
  };
  const capture = (into: string[]) =>
    ((chunk: string | Uint8Array) => {
      into.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      return true;
    }) as typeof process.stdout.write;
  setEnv(setting.env);
  process.chdir(setting.cwd);
  process.exitCode = undefined;
  process.stdout.write = capture(out);
  process.stderr.write = capture(err);
  let code: number;
  try {
    const program = buildProgram();
    // Commander's own exits (--version, --help, a bad flag) throw with the code it would exit with.
    // Each subcommand keeps the settings it had when added, so every one of them is told.
    for (const command of allCommands(program)) {
      command
        .exitOverride()
        .configureOutput({ writeOut: (text) => out.push(text), writeErr: (text) => err.push(text) });
    }
    await program.parseAsync(expandFateFlags(['node', 'flow', ...args]));
    code = Number(process.exitCode ?? 0);
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    code = error.exitCode;
  } finally {
    process.stdout.write = saved.stdout;
    process.stderr.write = saved.stderr;
    process.exitCode = saved.exitCode;
    process.chdir(saved.cwd);
    setEnv(saved.env);
  }
  return { code, stdout: out.join(''), stderr: err.join('') };
}

function allCommands(command: Command): Command[] {
  return [command, ...command.commands.flatMap(allCommands)];
}

function setEnv(values: Readonly<Record<string, string | undefined>>): void {
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
}
