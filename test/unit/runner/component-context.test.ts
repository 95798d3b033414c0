import { describe, expect, it } from '@jest/globals';
import { Harness, JOB_ID, NOW } from './support.js';

const ref = { jobId: JOB_ID, component: 'pass_0', role: 'guest', partyId: 9999 } as const;
const spec = { module: 'PassThrough', output: { data: ['data'], model: ['model'] } };

describe('the component context', () => {
  it('carries the task identity, the parameters and the declared outputs', async () => {
    const ctx = await new Harness().context({ rows: 2 }, spec, { taskVersion: 3, role: 'host', partyId: 10000 });

    expect([ctx.jobId, ctx.component, ctx.taskVersion, ctx.role, ctx.partyId, ctx.module]).toEqual([
      JOB_ID,
      'pass_0',
      3,
      'host',
      10000,
      'PassThrough',
    ]);
    expect(ctx.parameters).toEqual({ rows: 2 });
    expect(ctx.outputs).toEqual({ data: ['data'], model: ['model'] });
    expect(ctx.inputs).toEqual({});
  });

  it('exposes each input kind as tables split into header and rows, with the upstream meta', async () => {
    const harness = new Harness();
    const upstream = await harness.upstream('reader_0', 'data', 'id,y\n1,0\n2,1\n');
    const ctx = await harness.context(
      {},
      { module: 'PassThrough', input: { data: { train_data: ['reader_0.data'] } } },
    );

    expect(ctx.inputs).toEqual({
      train_data: [
        {
          name: 'reader_0.data',
          header: ['id', 'y'],
          rows: [
            ['1', '0'],
            ['2', '1'],
          ],
          csv: 'id,y\n1,0\n2,1\n',
          meta: upstream.meta,
        },
      ],
    });
  });

  it('splits an upstream table on the delimiter its meta records', async () => {
    const harness = new Harness();
    const upstream = await harness.upstream('reader_0', 'data', 'id;y\n1;0\n');
    await harness.tracking.putOutput({ ...upstream, meta: { ...upstream.meta, delimiter: ';' } });
    const ctx = await harness.context({}, { module: 'PassThrough', input: { data: { data: ['reader_0.data'] } } });

    expect(ctx.inputs.data?.map((table) => [table.header, table.rows])).toEqual([[['id', 'y'], [['1', '0']]]]);
  });

  it('refuses an args reference, which only predict jobs hand over', async () => {
    await expect(
      new Harness().context({}, { module: 'PassThrough', input: { data: { eval_data: ['args.eval_data'] } } }),
    ).rejects.toThrow(
      'input.data.eval_data "args.eval_data": the runner reads only "<component>.<output>" data references',
    );
  });

  it('fails naming the object key when the tracked table is gone from the object store', async () => {
    const harness = new Harness();
    const upstream = await harness.upstream('reader_0', 'data', 'id\n1\n');
    await harness.objects.delete(upstream.location);

    await expect(
      harness.context({}, { module: 'PassThrough', input: { data: { data: ['reader_0.data'] } } }),
    ).rejects.toThrow(
      `input.data.data "reader_0.data": the table of reader_0.data at guest 9999 is missing from the object store (${upstream.location})`,
    );
  });

  it('stores a data output under the task version and records its header, total and id column', async () => {
    const harness = new Harness();
    const ctx = await harness.context({}, spec, { taskVersion: 2 });
    await ctx.writeData('data', 'id,a,b\r\n1,2,3\r\n4,5,6', { header: ['wrong'], note: 'kept' });

    const location = `outputs/${JOB_ID}/pass_0/guest/9999/v2/data.csv`;
    expect(harness.objects.text(location)).toBe('id,a,b\n1,2,3\n4,5,6\n');
    expect(await harness.tracking.listOutputs(ref, 'data')).toEqual([
      {
        ...ref,
        kind: 'data',
        name: 'data',
        location,
        meta: { note: 'kept', header: ['a', 'b'], total: 2, sid: 'id', delimiter: ',' },
        createTime: NOW,
      },
    ]);
  });

  it("stores the task's summary, a later one replacing it, and refuses one over the record limit by its size", async () => {
    const harness = new Harness();
    const ctx = await harness.context({}, spec);
    await ctx.writeSummary({ intersect_num: 1 });
    await ctx.writeSummary({ intersect_num: 3, intersect_rate: 0.6 });
    expect(await harness.tracking.getSummary(ref)).toEqual({
      ...ref,
      summary: { intersect_num: 3, intersect_rate: 0.6 },
    });

    const huge = { coef: Object.fromEntries(Array.from({ length: 40_000 }, (_, j) => [`feature_${j}`, j])) };
    await expect(ctx.writeSummary(huge)).rejects.toThrow(
      /^the summary of pass_0 would take \d+ bytes in the store, over the limit of 307200 bytes per record/,
    );
    expect(await harness.tracking.getSummary(ref)).toEqual({
      ...ref,
      summary: { intersect_num: 3, intersect_rate: 0.6 },
    });
  });

  it('refuses to write an output the DSL does not declare', async () => {
    const ctx = await new Harness().context({}, spec);

    await expect(ctx.writeData('dat', 'id\n1\n')).rejects.toThrow(
      'pass_0 writes data output "dat", which the DSL does not declare in output.data (declared: data)',
    );
    await expect(ctx.writeModel('data', {})).rejects.toThrow(
      'pass_0 writes model output "data", which the DSL does not declare in output.model (declared: model)',
    );
  });

  it('refuses a table whose rows do not have the header width', async () => {
    const ctx = await new Harness().context({}, spec);

    await expect(ctx.writeData('data', 'id,a\n1,2\n3\n')).rejects.toThrow('row 2 has 1 cells where the header has 2');
    await expect(ctx.writeData('data', '')).rejects.toThrow('the table is empty: it has no header line');
  });

  it('stores a model as JSON with its meta', async () => {
    const harness = new Harness();
    const ctx = await harness.context({}, spec);
    await ctx.writeModel('model', { weights: [0.5, -1] }, { model_type: 'PassThrough' });

    const location = `outputs/${JOB_ID}/pass_0/guest/9999/v0/model.json`;
    expect(harness.objects.text(location)).toBe('{"weights":[0.5,-1]}');
    expect(await harness.tracking.listOutputs(ref, 'model')).toEqual([
      { ...ref, kind: 'model', name: 'model', location, meta: { model_type: 'PassThrough' }, createTime: NOW },
    ]);
  });

  it('appends metric points to the series the task logged before', async () => {
    const harness = new Harness();
    const ctx = await harness.context({}, spec);
    await ctx.logMetric('train', 'loss', [[0, 0.69]], { metric_type: 'LOSS' });
    await ctx.logMetric('train', 'loss', [
      [1, 0.5],
      [2, 0.4],
    ]);

    expect(await harness.tracking.getMetric(ref, 'train', 'loss')).toEqual({
      ...ref,
      namespace: 'train',
      name: 'loss',
      data: [
        [0, 0.69],
        [1, 0.5],
        [2, 0.4],
      ],
      meta: {},
    });
  });
});
