import { describe, expect, it } from '@jest/globals';
import { build, type Metafile } from 'esbuild';
import { LAMBDA_ENTRIES } from '../../functions/lambda/site-env.js';
import { FUNCTION_BUNDLING, FUNCTION_RUNTIME } from '../../infra/constructs/service-function-defaults.js';
import { PROJECT_ROOT } from '../../infra/project-root.js';

/** Folders no Lambda may carry: the task runner (its components, Paillier …), the local runtime, the CLI. */
const FORBIDDEN = ['runner/', 'local/', 'cli/'];

/** The entry files the stack deploys, once each (the four steps share one file). */
const ENTRY_FILES = [...new Set(Object.values(LAMBDA_ENTRIES).map((entry) => entry.file))].sort();

/**
 * Every entry bundled as the stack bundles it (infra/constructs/service-function-defaults.ts: ESM
 * for Node, the AWS SDK inside), in one esbuild call, writing nothing: only the metafile is read.
 */
async function bundledInputs(): Promise<Record<string, string[]>> {
  const result = await build({
    absWorkingDir: PROJECT_ROOT,
    entryPoints: ENTRY_FILES,
    outdir: 'lambda-bundles',
    bundle: true,
    write: false,
    metafile: true,
    platform: 'node',
    format: 'esm',
    target: FUNCTION_RUNTIME.name.replace(/^nodejs(\d+)\.x$/, 'node$1'),
    mainFields: FUNCTION_BUNDLING.mainFields ?? ['module', 'main'],
    external: FUNCTION_BUNDLING.externalModules ?? (FUNCTION_BUNDLING.bundleAwsSDK ? [] : ['@aws-sdk/*']),
    logLevel: 'silent',
  });
  return inputsByEntry(result.metafile);
}

function inputsByEntry(metafile: Metafile): Record<string, string[]> {
  return Object.fromEntries(
    Object.values(metafile.outputs).flatMap((output) =>
      output.entryPoint === undefined ? [] : [[output.entryPoint, Object.keys(output.inputs).sort()]],
    ),
  );
}

describe('the Lambda bundles', () => {
  it('carry no runner, local-runtime or CLI code, and of the components only the specs of production', async () => {
    const inputs = await bundledInputs();
    expect(Object.keys(inputs).sort()).toEqual(ENTRY_FILES);
    const forbidden = Object.fromEntries(
      Object.entries(inputs).map(([entry, files]) => [
        entry,
        files.filter(
          (file) => FORBIDDEN.some((folder) => file.startsWith(folder)) || file.startsWith('components/testing/'),
        ),
      ]),
    );
    expect(forbidden).toEqual(Object.fromEntries(ENTRY_FILES.map((entry) => [entry, []])));
    // What is there: the entry itself, and the spec catalog the control plane plans jobs against.
    expect(inputs['functions/lambda/api.ts']).toEqual(
      expect.arrayContaining(['functions/lambda/api.ts', 'components/catalog.ts', 'components/hetero-lr.ts']),
    );
  }, 60_000);
});
