import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DynamoTrackingStore } from '../../../functions/adapters/dynamodb/tracking-store.js';
import type { ComponentRef, MetricRecord, OutputRecord } from '../../../functions/domain/ports/tracking-store.js';
import { type LocalDynamo, startDynalite } from '../../support/dynalite.js';
import { GUEST, HOST, newJobId } from './records.js';

let local: LocalDynamo;
let store: DynamoTrackingStore;

beforeAll(async () => {
  local = await startDynalite();
  store = new DynamoTrackingStore(local.client, local.tableName);
});

afterAll(async () => {
  await local.stop();
});

const refOf = (component: string, role: ComponentRef['role'] = 'guest', partyId = GUEST): ComponentRef => ({
  jobId: newJobId(),
  component,
  role,
  partyId,
});

const metric = (ref: ComponentRef, namespace: string, name: string, data: MetricRecord['data']): MetricRecord => ({
  ...ref,
  namespace,
  name,
  data,
  meta: { metric_type: 'LOSS', unit_name: 'iters' },
});

const output = (ref: ComponentRef, kind: OutputRecord['kind'], name: string): OutputRecord => ({
  ...ref,
  kind,
  name,
  location: `outputs/${ref.jobId}/${ref.component}/${kind}/${name}`,
  meta: kind === 'data' ? { header: ['y', 'x0'], total: 569, sid: 'id' } : { model_type: 'HeteroLR' },
  createTime: 1_767_268_800_000,
});

describe('metrics', () => {
  it('stores series and lists them by namespace and name', async () => {
    const ref = refOf('hetero_lr_0');
    const loss = metric(ref, 'train', 'loss', [
      [0, 0.69],
      [1, 0.52],
      [2, 0.4],
    ]);
    const auc = metric(ref, 'eval', 'auc', [['auc', 0.98]]);
    await store.putMetric(loss);
    await store.putMetric(auc);

    expect(await store.listMetrics(ref)).toEqual([auc, loss]);
    expect(await store.getMetric(ref, 'train', 'loss')).toEqual(loss);
    expect(await store.getMetric(ref, 'train', 'absent')).toBeUndefined();
  });

  it('replaces a series put again under the same name', async () => {
    const ref = refOf('hetero_lr_0');
    await store.putMetric(metric(ref, 'train', 'loss', [[0, 0.69]]));
    const latest = metric(ref, 'train', 'loss', [
      [0, 0.69],
      [1, 0.5],
    ]);

    await store.putMetric(latest);

    expect(await store.listMetrics(ref)).toEqual([latest]);
  });

  it('keeps the metrics of each party and component apart', async () => {
    const guest = refOf('lr_0');
    const host = { ...guest, role: 'host' as const, partyId: HOST };
    const sibling = { ...guest, component: 'lr_0#x' };
    await store.putMetric(metric(guest, 'train', 'loss', [[0, 1]]));
    await store.putMetric(metric(host, 'train', 'loss', [[0, 2]]));
    await store.putMetric(metric(sibling, 'train', 'loss', [[0, 3]]));

    expect((await store.listMetrics(guest)).map((m) => m.data)).toEqual([[[0, 1]]]);
    expect((await store.listMetrics(host)).map((m) => m.data)).toEqual([[[0, 2]]]);
    expect((await store.listMetrics(sibling)).map((m) => m.data)).toEqual([[[0, 3]]]);
  });
});

describe('outputs', () => {
  it('lists outputs, all or of one kind', async () => {
    const ref = refOf('intersection_0');
    const data = output(ref, 'data', 'data');
    const train = output(ref, 'data', 'train_data');
    const model = output(ref, 'model', 'model');
    const checkpoint = output(ref, 'checkpoint', '000003');
    for (const record of [model, train, data, checkpoint]) await store.putOutput(record);

    expect(await store.listOutputs(ref)).toEqual([checkpoint, data, train, model]);
    expect(await store.listOutputs(ref, 'data')).toEqual([data, train]);
    expect(await store.listOutputs(ref, 'model')).toEqual([model]);
    expect(await store.listOutputs(ref, 'checkpoint')).toEqual([checkpoint]);
  });

  it('replaces an output put again under the same kind and name', async () => {
    const ref = refOf('reader_0');
    await store.putOutput(output(ref, 'data', 'data'));
    const again = { ...output(ref, 'data', 'data'), location: 'outputs/elsewhere' };

    await store.putOutput(again);

    expect(await store.listOutputs(ref)).toEqual([again]);
  });
});

describe('summaries', () => {
  it("keeps one summary per component and party, replaced by each put, apart from the component's metrics and outputs", async () => {
    const ref = refOf('intersection_0');
    const host = { ...ref, role: 'host' as const, partyId: HOST };
    const first = { intersect_num: 3, intersect_rate: 0.6, cardinality_only: false, unique_id_num: 5 };
    await store.putSummary({ ...ref, summary: { intersect_num: 1 } });
    await store.putSummary({ ...ref, summary: first });
    await store.putSummary({ ...host, summary: { intersect_num: 3, intersect_rate: 0.75 } });
    await store.putMetric(metric(ref, 'train', 'intersection', [['intersect_count', 3]]));

    expect(await store.getSummary(ref)).toEqual({ ...ref, summary: first });
    expect(await store.getSummary(host)).toEqual({ ...host, summary: { intersect_num: 3, intersect_rate: 0.75 } });
    expect(await store.getSummary({ ...ref, component: 'intersection_1' })).toBeUndefined();
    expect((await store.listMetrics(ref)).map((m) => m.name)).toEqual(['intersection']);
    expect(await store.listOutputs(ref)).toEqual([]);
  });
});

describe('clean', () => {
  it("deletes a component's metrics, outputs and summary at one party, counts them, and leaves the rest", async () => {
    const ref = refOf('hetero_lr_0');
    const host = { ...ref, role: 'host' as const, partyId: HOST };
    const other = { ...ref, component: 'evaluation_0' };
    for (let i = 0; i < 30; i += 1) await store.putMetric(metric(ref, 'train', `m${i}`, [[i, i]]));
    await store.putOutput(output(ref, 'data', 'data'));
    await store.putOutput(output(ref, 'model', 'model'));
    await store.putMetric(metric(host, 'train', 'loss', [[0, 1]]));
    await store.putOutput(output(other, 'data', 'data'));
    await store.putSummary({ ...ref, summary: { is_converged: true } });
    await store.putSummary({ ...host, summary: { is_converged: true } });

    expect(await store.clean(ref)).toBe(33);

    expect(await store.listMetrics(ref)).toEqual([]);
    expect(await store.listOutputs(ref)).toEqual([]);
    expect(await store.getSummary(ref)).toBeUndefined();
    expect(await store.getSummary(host)).toEqual({ ...host, summary: { is_converged: true } });
    expect(await store.listMetrics(host)).toHaveLength(1);
    expect(await store.listOutputs(other)).toHaveLength(1);
    expect(await store.clean(ref)).toBe(0);
  });
});
