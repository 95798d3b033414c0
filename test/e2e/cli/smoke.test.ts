import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { FATE_FLOW_VERSION, SERVERLESS_VERSION } from '../../../functions/version.js';
import { startTestFederation, TEST_TOKEN, type TestFederation } from '../../support/local-federation.js';
import { flowProcess, ROOT } from './support/flow-process.js';

// What only the real executable shows; every command's behaviour is tested in-process (test/integration/cli).

const VERSION_LINE = `${SERVERLESS_VERSION} (FATE-Flow ${FATE_FLOW_VERSION} API)\n`;

/** A `node` on PATH older than 22 (the machine's own, before the toolchain's), if there is one. */
function olderNode(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const node = join(dir, 'node');
    if (!existsSync(node)) continue;
    const major = Number(execFileSync(node, ['-p', 'process.versions.node.split(".")[0]'], { encoding: 'utf8' }));
    if (major < 22) return node;
  }
  return undefined;
}

describe('bin/flow.js', () => {
  it('prints its version under Node 22', async () => {
    expect(await flowProcess(['--version'])).toEqual({ code: 0, stdout: VERSION_LINE, stderr: '' });
  });

  // CI machines have an older Node first on PATH (scripts/toolchain.mjs provides 22); without
  // one there is nothing to run again, and the test says so by being skipped.
  const older = olderNode();
  (older === undefined ? it.skip : it)(
    'runs itself again with Node 22 under an older Node',
    async () => {
      // A clone whose scripts ran under Node 22 has no .toolchain/ yet: flow's first run under the
      // older Node would install it and say so on stderr. Installed first, as .ci/run does on CI.
      execFileSync(older ?? 'node', [join(ROOT, 'scripts', 'toolchain.mjs'), '--print-path'], { stdio: 'ignore' });
      expect(await flowProcess(['--version'], {}, older)).toEqual({ code: 0, stdout: VERSION_LINE, stderr: '' });
    },
    120_000,
  );
});

describe('flow against a site', () => {
  let federation: TestFederation;
  beforeAll(async () => {
    federation = await startTestFederation();
  }, 30_000);
  afterAll(async () => {
    await federation.stop();
  });

  it("submits, queries with FATE's -cpn, and exits 1 on a refused request", async () => {
    const env = { FATE_FLOW_URL: federation.site(9999).apiUrl, FATE_FLOW_TOKEN: TEST_TOKEN };
    const conf = ['-c', 'examples/hetero-lr/conf.json', '-d', 'examples/hetero-lr/dsl.json'];
    const submitted = await flowProcess(['job', 'submit', ...conf], env);
    expect(submitted.code).toBe(0);
    const jobId = String((JSON.parse(submitted.stdout) as { jobId: string }).jobId);

    const query = await flowProcess(['task', 'query', '-j', jobId, '-r', 'guest', '-cpn', 'reader_0'], env);
    const rows = (JSON.parse(query.stdout) as { data: Array<Record<string, unknown>> }).data;
    expect([query.code, rows.map((row) => [row.f_component_name, row.f_role, row.f_status])]).toEqual([
      0,
      [['reader_0', 'guest', 'waiting']],
    ]);

    const refused = await flowProcess(['server', 'versions'], {
      ...env,
      FATE_FLOW_TOKEN: 'not-the-token-of-this-site',
    });
    expect([refused.code, JSON.parse(refused.stdout)]).toEqual([1, { retcode: 109, retmsg: 'authentication failed' }]);
  }, 60_000);
});
