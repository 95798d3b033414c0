import { describe, expect, it } from '@jest/globals';
import { ComponentExit } from '../../../runner/components/component.js';
import { generatedTable, PassThrough } from '../../../runner/components/testing/pass-through.js';
import { Sleep } from '../../../runner/components/testing/sleep.js';
import { Harness, JOB_ID, NOW } from './support.js';

const outputKey = (component: string, name: string, version = 0, role = 'guest', partyId = 9999): string =>
  `outputs/${JOB_ID}/${component}/${role}/${partyId}/v${version}/${name}.csv`;

const BREAST = 'id,y,x0\n1,0,0.5\n2,1,0.25\n';
const OTHER = 'id,x9\n7,3\n';

describe('PassThrough', () => {
  it('writes a generated table of five rows with header id,x0 when it has no input', async () => {
    const harness = new Harness();
    await harness.run(PassThrough, {}, { module: 'PassThrough', output: { data: ['data'] } });

    expect(harness.objects.text(outputKey('pass_0', 'data'))).toBe('id,x0\n0,0\n1,0.1\n2,0.2\n3,0.3\n4,0.4\n');
    expect(
      await harness.tracking.listOutputs({ jobId: JOB_ID, component: 'pass_0', role: 'guest', partyId: 9999 }),
    ).toEqual([
      {
        jobId: JOB_ID,
        component: 'pass_0',
        role: 'guest',
        partyId: 9999,
        kind: 'data',
        name: 'data',
        location: outputKey('pass_0', 'data'),
        meta: { generated: true, header: ['x0'], total: 5, sid: 'id', delimiter: ',' },
        createTime: NOW,
      },
    ]);
    expect(harness.lines).toEqual(['wrote data: a generated table of 5 rows']);
  });

  it('generates as many rows as the rows parameter asks, ids counting from 0', () => {
    expect(generatedTable(12).split('\n').slice(11)).toEqual(['10,0', '11,0.1', '']);
    expect(generatedTable(0)).toBe('id,x0\n');
  });

  it('copies the first input table to every declared data output', async () => {
    const harness = new Harness();
    await harness.upstream('reader_0', 'data', BREAST);
    await harness.upstream('reader_1', 'data', OTHER);
    await harness.run(
      PassThrough,
      {},
      {
        module: 'PassThrough',
        input: { data: { train_data: ['reader_0.data'], validate_data: ['reader_1.data'] } },
        output: { data: ['train', 'copy'] },
      },
    );

    expect(harness.objects.text(outputKey('pass_0', 'train'))).toBe(BREAST);
    expect(harness.objects.text(outputKey('pass_0', 'copy'))).toBe(BREAST);
    const stored = await harness.tracking.listOutputs({
      jobId: JOB_ID,
      component: 'pass_0',
      role: 'guest',
      partyId: 9999,
    });
    expect(stored.map((output) => [output.name, output.meta])).toEqual([
      ['train', { copiedFrom: 'reader_0.data', header: ['y', 'x0'], total: 2, sid: 'id', delimiter: ',' }],
      ['copy', { copiedFrom: 'reader_0.data', header: ['y', 'x0'], total: 2, sid: 'id', delimiter: ',' }],
    ]);
  });

  it('reads the upstream table of its own role and party, not another party', async () => {
    const harness = new Harness();
    await harness.upstream('reader_0', 'data', OTHER, { role: 'host', partyId: 10000 });
    await harness.upstream('reader_0', 'data', BREAST, { role: 'guest', partyId: 9999 });
    await harness.run(
      PassThrough,
      {},
      {
        module: 'PassThrough',
        input: { data: { data: ['reader_0.data'] } },
        output: { data: ['data'] },
      },
    );

    expect(harness.objects.text(outputKey('pass_0', 'data'))).toBe(BREAST);
  });

  it('fails naming the reference when the upstream stored nothing at this party', async () => {
    const harness = new Harness();
    await harness.upstream('reader_0', 'data', BREAST, { role: 'host', partyId: 10000 });

    await expect(
      harness.run(PassThrough, {}, { module: 'PassThrough', input: { data: { data: ['reader_0.data'] } } }),
    ).rejects.toThrow('input.data.data "reader_0.data": reader_0 stored no data output "data" at guest 9999');
  });

  it('writes nothing and says so when the DSL declares no data output', async () => {
    const harness = new Harness();
    await harness.run(PassThrough, { rows: 3 }, { module: 'PassThrough' });

    expect(harness.objects.objects.size).toBe(0);
    expect(harness.lines).toEqual(['no data output declared: nothing to write']);
  });

  it('refuses a misspelt parameter instead of ignoring it', () => {
    const result = PassThrough.parameters.safeParse({ row: 3 });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => [issue.code, issue.message])).toEqual([
      ['unrecognized_keys', 'Unrecognized key: "row"'],
    ]);
  });

  it('runs at every role', () => {
    expect(PassThrough.roles).toEqual(['guest', 'host', 'arbiter', 'local']);
  });
});

describe('Sleep', () => {
  it('defaults to no sleep, no failure, exit code 1 and five generated rows', () => {
    expect(Sleep.parameters.parse({})).toEqual({
      seconds: 0,
      fail: false,
      fail_while_version_below: 0,
      exit_code: 1,
      rows: 5,
    });
  });

  it.each([0, 126, 1.5])('refuses exit code %s', (exitCode) => {
    expect(Sleep.parameters.safeParse({ exit_code: exitCode }).success).toBe(false);
  });

  it('refuses negative seconds and unknown parameters', () => {
    expect(Sleep.parameters.safeParse({ seconds: -1 }).success).toBe(false);
    expect(Sleep.parameters.safeParse({ second: 1 }).success).toBe(false);
  });

  it('fails with its exit code when fail is true', async () => {
    const harness = new Harness();
    const run = harness.run(Sleep, { fail: true, exit_code: 3 }, { module: 'Sleep', output: { data: ['data'] } });

    await expect(run).rejects.toEqual(new ComponentExit(3, 'Sleep fails on purpose (fail: true)'));
    await expect(run).rejects.toHaveProperty('exitCode', 3);
    expect(harness.objects.objects.size).toBe(0);
  });

  it('fails while the task version is below fail_while_version_below and passes from that version on', async () => {
    const harness = new Harness();
    const spec = { module: 'Sleep', output: { data: ['data'] } };
    const parameters = { fail_while_version_below: 2 };

    await expect(harness.run(Sleep, parameters, spec, { component: 'sleep_0', taskVersion: 1 })).rejects.toThrow(
      'Sleep fails while the task version is below 2 (this is version 1)',
    );
    await harness.run(Sleep, parameters, spec, { component: 'sleep_0', taskVersion: 2 });

    expect([...harness.objects.objects.keys()]).toEqual([outputKey('sleep_0', 'data', 2)]);
  });

  it('sleeps the given seconds, then passes its input through', async () => {
    const harness = new Harness();
    await harness.upstream('reader_0', 'data', BREAST);
    const started = performance.now();
    await harness.run(
      Sleep,
      { seconds: 0.05 },
      { module: 'Sleep', input: { data: { data: ['reader_0.data'] } }, output: { data: ['data'] } },
      { component: 'sleep_0' },
    );

    expect(performance.now() - started).toBeGreaterThanOrEqual(49);
    expect(harness.objects.text(outputKey('sleep_0', 'data'))).toBe(BREAST);
    expect(harness.lines).toEqual(['sleeping 0.05 s', 'wrote data: a copy of reader_0.data (2 rows)']);
  });
});
