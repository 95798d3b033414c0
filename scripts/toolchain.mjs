#!/usr/bin/env node
// Runs a project command under Node >= 22 with dependencies installed, whatever the machine has.
// Plain JavaScript on purpose: it must start under the machine's own (possibly older) Node.
//
//   node scripts/toolchain.mjs <command> [args...]   run <command> with Node 22 and node_modules/.bin on PATH
//   node scripts/toolchain.mjs --print-path          print the PATH entries to prepend (for .ci/run)
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const MIN_NODE_MAJOR = 22;
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const toolDir = join(root, '.toolchain');
const npmCommand = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function run(command, args, env, stdio = 'inherit') {
  const result = spawnSync(command, args, { cwd: root, stdio, env });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

function majorOf(version) {
  return Number.parseInt(version.replace(/^v/, '').split('.')[0] ?? '0', 10);
}

/** The folder holding a `node` of at least MIN_NODE_MAJOR: this one, or one installed from the npm registry. */
function nodeBinDir() {
  if (majorOf(process.versions.node) >= MIN_NODE_MAJOR) return dirname(process.execPath);
  const bin = join(toolDir, 'node_modules', 'node', 'bin');
  if (!existsSync(join(bin, 'node'))) {
    process.stderr.write(
      `Node ${process.versions.node} is older than ${MIN_NODE_MAJOR}: installing node@${MIN_NODE_MAJOR} into .toolchain/\n`,
    );
    const status = run(
      npmCommand,
      ['install', '--prefix', toolDir, '--no-save', '--no-audit', '--no-fund', `node@${MIN_NODE_MAJOR}`],
      process.env,
      // npm's report on stderr: stdout is `--print-path`'s answer, which .ci/run reads.
      ['inherit', 2, 2],
    );
    if (status !== 0 || !existsSync(join(bin, 'node'))) {
      throw new Error(`could not install node@${MIN_NODE_MAJOR} from the npm registry`);
    }
  }
  return bin;
}

/**
 * `npm ci` when node_modules is missing or older than package-lock.json. npm writes
 * node_modules/.package-lock.json at every install, so its age tells whether the install matches.
 */
function ensureDependencies(env) {
  const lock = join(root, 'package-lock.json');
  const installed = join(root, 'node_modules', '.package-lock.json');
  if (existsSync(installed) && statSync(installed).mtimeMs >= statSync(lock).mtimeMs) return;
  process.stderr.write('Installing dependencies (npm ci)\n');
  const status = run(npmCommand, ['ci', '--no-audit', '--no-fund'], env);
  if (status !== 0) throw new Error('npm ci failed');
}

const pathEntries = [nodeBinDir(), join(root, 'node_modules', '.bin')];
const env = { ...process.env, PATH: [...pathEntries, process.env.PATH ?? ''].join(delimiter) };
const [command, ...args] = process.argv.slice(2);

if (command === '--print-path') {
  process.stdout.write(pathEntries.join(delimiter));
  process.exit(0);
}
/**
 * The board's browser tests drive Debian's chromium (playwright-core brings no browser): `npm test`
 * installs it, as .ci/run does, when the machine has none and apt-get is there (as root, else sudo).
 */
function ensureChromium() {
  const has = (name) => spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
  if (has('chromium') || !has('apt-get')) return;
  // `env` sets apt's variable; under sudo, sudo runs `env`.
  const prefix = process.getuid?.() === 0 ? ['env'] : ['sudo', 'env'];
  const apt = (args) =>
    run(prefix[0], [...prefix.slice(1), 'DEBIAN_FRONTEND=noninteractive', 'apt-get', ...args], process.env, [
      'ignore',
      2,
      2,
    ]);
  process.stderr.write("Installing Debian's chromium for the board's browser tests (apt-get)\n");
  if (apt(['update', '-qq']) !== 0 || apt(['install', '-y', '-qq', '--no-install-recommends', 'chromium']) !== 0) {
    process.stderr.write('could not install chromium: the board tests will say so\n');
  }
}

ensureDependencies(env);
if (!command) process.exit(0);
if (command === 'jest') ensureChromium();
if (command === 'jest') env.NODE_OPTIONS = [env.NODE_OPTIONS, '--experimental-vm-modules'].filter(Boolean).join(' ');
process.exit(run(command, args, env));
