import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { runFlow } from '../../support/flow-in-process.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const example = (name: string, file: string) => join(root, 'examples', name, file);

interface CliResult {
  readonly code: number;
  readonly stdout: string;
}

/** Runs `flow` in this process (validate reads files and talks to no site). */
async function flowCli(...args: string[]): Promise<CliResult> {
  const { code, stdout } = await runFlow(args, { cwd: root, env: {} });
  return { code, stdout };
}

interface PrintedTask {
  component: string;
  need_run: boolean;
}
interface PrintedParty {
  role: string;
  party_id: number;
  resources: { cores: number };
  tasks: PrintedTask[];
}

describe('flow job validate', () => {
  it('prints the hetero-LR plan with five stages and the host skipping evaluation', async () => {
    const result = await flowCli(
      'job',
      'validate',
      '-d',
      example('hetero-lr', 'dsl.json'),
      '-c',
      example('hetero-lr', 'conf.json'),
    );
    expect(result.code).toBe(0);
    const plan = JSON.parse(result.stdout) as {
      stages: string[][];
      parties: PrintedParty[];
      unknown_modules: string[];
    };
    expect(plan.stages).toEqual([
      ['reader_0'],
      ['data_transform_0'],
      ['intersection_0'],
      ['hetero_lr_0'],
      ['evaluation_0'],
    ]);
    const skipped = plan.parties.flatMap((p) =>
      p.tasks.filter((t) => !t.need_run).map((t) => `${p.role} ${p.party_id} ${t.component}`),
    );
    // Reader, DataTransform, Intersection and Evaluation do not run at the arbiter (FATE binds them to guest and host).
    expect(skipped).toEqual([
      'host 10000 evaluation_0',
      'arbiter 10000 reader_0',
      'arbiter 10000 data_transform_0',
      'arbiter 10000 intersection_0',
      'arbiter 10000 evaluation_0',
    ]);
    expect(plan.parties.map((p) => [p.role, p.party_id, p.resources.cores])).toEqual([
      ['guest', 9999, 2],
      ['host', 10000, 2],
      ['arbiter', 10000, 1],
    ]);
    expect(plan.unknown_modules).toEqual([]);
  });

  it('refuses modules this build cannot run when --strict is given', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'flow-validate-'));
    const dsl = join(dir, 'dsl.json');
    await writeFile(
      dsl,
      JSON.stringify({
        components: {
          reader_0: { module: 'Reader', output: { data: ['data'] } },
          boost_0: { module: 'HeteroSecureBoost', input: { data: { train_data: ['reader_0.data'] } } },
        },
      }),
    );
    const result = await flowCli('job', 'validate', '--strict', '-d', dsl, '-c', example('hetero-lr', 'conf.json'));
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toEqual({
      retcode: 101,
      retmsg:
        'dsl.components: unknown module HeteroSecureBoost; ' +
        'this site knows: DataTransform, Evaluation, FeatureScale, HeteroLR, HomoLR, Intersection, Reader, SecureAddExample',
    });
  });

  it('applies the per-job core limit of the given pool with retcode 103', async () => {
    const result = await flowCli(
      'job',
      'validate',
      '--cores',
      '1',
      '-d',
      example('hetero-lr', 'dsl.json'),
      '-c',
      example('hetero-lr', 'conf.json'),
    );
    expect(result.code).toBe(1);
    const envelope = JSON.parse(result.stdout) as { retcode: number; retmsg: string };
    expect(envelope.retcode).toBe(103);
    expect(envelope.retmsg).toMatch(/^max cores per job is 1 .* expect 2 cores at guest 9999/);
  });

  it('names the offending field of a malformed conf', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'flow-validate-'));
    const conf = join(dir, 'conf.json');
    await writeFile(
      conf,
      JSON.stringify({ dsl_version: 2, initiator: { role: 'guest', party_id: 1.5 }, role: { guest: [9999] } }),
    );
    const result = await flowCli('job', 'validate', '-d', example('hetero-lr', 'dsl.json'), '-c', conf);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toEqual({
      retcode: 101,
      retmsg: 'runtime_conf.initiator.party_id: party id must be a non-negative integer such as 9999, got 1.5',
    });
  });

  it('reports a file that is not JSON', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'flow-validate-'));
    const dsl = join(dir, 'dsl.json');
    await writeFile(dsl, '{"components": ');
    const result = await flowCli('job', 'validate', '-d', dsl, '-c', example('hetero-lr', 'conf.json'));
    expect(result.code).toBe(1);
    const envelope = JSON.parse(result.stdout) as { retcode: number; retmsg: string };
    expect(envelope.retcode).toBe(101);
    expect(envelope.retmsg).toContain(`the DSL file ${dsl} is not valid JSON`);
  });

  it('prints a readable table with --format table', async () => {
    const result = await flowCli(
      'job',
      'validate',
      '--format',
      'table',
      '-d',
      example('hetero-lr', 'dsl.json'),
      '-c',
      example('hetero-lr', 'conf.json'),
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      '5 stages: [reader_0] → [data_transform_0] → [intersection_0] → [hetero_lr_0] → [evaluation_0]',
    );
    expect(result.stdout).toMatch(/4 +evaluation_0 \(Evaluation\) +run +pass +pass/);
  });
});
