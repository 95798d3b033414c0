#!/usr/bin/env node
// The `flow` executable: runs the TypeScript CLI through tsx, so no build step is needed. It needs
// Node >= 22 whatever `node` is first on PATH: under an older one it runs itself again with the
// Node that scripts/toolchain.mjs provides (installed from the npm registry into .toolchain/ once).
// Plain JavaScript on purpose: it must start under the machine's own Node.
import { spawnSync } from 'node:child_process';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const MIN_NODE_MAJOR = 22;

if (Number.parseInt(process.versions.node.split('.')[0] ?? '0', 10) < MIN_NODE_MAJOR) {
  const toolchain = fileURLToPath(new URL('../scripts/toolchain.mjs', import.meta.url));
  const found = spawnSync(process.execPath, [toolchain, '--print-path'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  // The path is the last line: a first-time install of Node may print above it.
  const nodeDir = found.status === 0 ? found.stdout.trim().split('\n').at(-1)?.split(delimiter)[0] : undefined;
  if (!nodeDir) {
    process.stderr.write(
      `flow needs Node >= ${MIN_NODE_MAJOR} (this is ${process.version}); run \`npm test\` once to install it\n`,
    );
    process.exit(1);
  }
  const again = spawnSync(join(nodeDir, 'node'), [fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
    stdio: 'inherit',
  });
  process.exit(again.status ?? 1);
}

const { register } = await import('tsx/esm/api');
register();
await import('../cli/flow.ts');
