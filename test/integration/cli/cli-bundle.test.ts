import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { FATE_FLOW_VERSION, SERVERLESS_VERSION } from '../../../functions/version.js';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** `cliBundle(cacheDir)` of scripts/cli-bundle.mjs in a child (as bin/flow.js calls it): the bundle's path. */
async function cliBundle(cacheDir: string): Promise<string> {
  const script =
    "const { cliBundle } = await import('./scripts/cli-bundle.mjs'); console.log(await cliBundle(process.argv[1]));";
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script, cacheDir], { cwd: ROOT });
  return stdout.trim();
}

interface Manifest {
  bundle: string;
  inputs: Record<string, string>;
}

describe('the compiled flow CLI (scripts/cli-bundle.mjs)', () => {
  let cacheDir: string;
  let first: string;
  beforeAll(async () => {
    // Inside the project, as the real cache is: the bundle imports its packages from node_modules.
    await mkdir(join(ROOT, 'node_modules', '.cache'), { recursive: true });
    cacheDir = await mkdtemp(join(ROOT, 'node_modules', '.cache', 'flow-cli-bundle-test-'));
    first = await cliBundle(cacheDir);
  }, 60_000);
  afterAll(async () => {
    await rm(cacheDir, { recursive: true, force: true });
  });

  it('runs in plain Node, without a TypeScript loader', async () => {
    const { stdout } = await run(process.execPath, [first, '--version'], { cwd: tmpdir() });
    expect(stdout).toBe(`${SERVERLESS_VERSION} (FATE-Flow ${FATE_FLOW_VERSION} API)\n`);
  });

  it("keeps each source file's import.meta.url (the CLI finds bin/flow.js and the project's files from it)", async () => {
    const folder = dirname(first);
    const chunks = (await readdir(folder)).filter((name) => name.endsWith('.mjs'));
    const texts = await Promise.all(chunks.map((name) => readFile(join(folder, name), 'utf8')));
    expect(texts.filter((text) => text.includes('import.meta.url'))).toEqual([]);
    expect(
      texts.some((text) => text.includes(JSON.stringify(new URL('cli/commands/local.ts', `file://${ROOT}`).href))),
    ).toBe(true);
  });

  it('is reused while its sources are unchanged and built again when one changes', async () => {
    const manifestPath = join(cacheDir, 'current.json');
    const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as Manifest;
    expect([await cliBundle(cacheDir), Object.keys(manifest.inputs)]).toEqual([
      first,
      expect.arrayContaining(['cli/flow.ts', 'cli/program.ts', 'scripts/cli-bundle.mjs']),
    ]);

    // As if cli/program.ts had been edited since: its recorded size and time no longer match.
    manifest.inputs['cli/program.ts'] = '0:0';
    await writeFile(manifestPath, JSON.stringify(manifest));
    const second = await cliBundle(cacheDir);
    expect(second).not.toBe(first);
    expect((JSON.parse(await readFile(manifestPath, 'utf8')) as Manifest).bundle).toBe(
      second.slice(cacheDir.length + 1),
    );
  }, 60_000);
});
