#!/usr/bin/env node
// The `flow` executable. It needs Node >= 22 whatever `node` is first on PATH: under an older one it
// runs itself again with the project's Node 22 (.toolchain/, which scripts/toolchain.mjs installs
// from the npm registry once). It then runs the CLI compiled into one file (scripts/cli-bundle.mjs:
// built at the first run and again after a source changes), so no TypeScript is compiled per command.
// Plain JavaScript on purpose: it must start under the machine's own Node.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const MIN_NODE_MAJOR = 22;

if (Number.parseInt(process.versions.node.split('.')[0] ?? '0', 10) < MIN_NODE_MAJOR) {
  const node = projectNode();
  if (node === undefined) {
    process.stderr.write(
      `flow needs Node >= ${MIN_NODE_MAJOR} (this is ${process.version}): run \`node scripts/toolchain.mjs\` once to install it\n`,
    );
    process.exit(1);
  }
  const again = spawnSync(node, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(again.status ?? 1);
}

ensureDependencies();
const { cliBundle } = await import('../scripts/cli-bundle.mjs');
await import(pathToFileURL(await cliBundle()).href);

/** The toolchain's Node: found where scripts/toolchain.mjs installs it, else asked of it (which may install it). */
function projectNode() {
  const installed = fileURLToPath(new URL('../.toolchain/node_modules/node/bin/node', import.meta.url));
  if (existsSync(installed)) return installed;
  const toolchain = fileURLToPath(new URL('../scripts/toolchain.mjs', import.meta.url));
  const found = spawnSync(process.execPath, [toolchain, '--print-path'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  // The path is the last line: a first-time install of Node may print above it.
  const nodeDir = found.status === 0 ? found.stdout.trim().split('\n').at(-1)?.split(delimiter)[0] : undefined;
  return nodeDir === undefined ? undefined : join(nodeDir, 'node');
}

/**
 * A fresh clone has no node_modules (and `npx flow` runs this file straight from the clone): install
 * them as `npm start` and `npm test` do, through scripts/toolchain.mjs, which runs `npm ci` when they
 * are missing or older than package-lock.json. Its report goes to stderr: stdout is the command's.
 */
function ensureDependencies() {
  const lock = fileURLToPath(new URL('../package-lock.json', import.meta.url));
  const installed = fileURLToPath(new URL('../node_modules/.package-lock.json', import.meta.url));
  if (existsSync(installed) && statSync(installed).mtimeMs >= statSync(lock).mtimeMs) return;
  const toolchain = fileURLToPath(new URL('../scripts/toolchain.mjs', import.meta.url));
  const setup = spawnSync(process.execPath, [toolchain], { stdio: ['ignore', 2, 2] });
  if (setup.status !== 0) {
    process.stderr.write('flow could not install its dependencies (npm ci, above)\n');
    process.exit(1);
  }
}
