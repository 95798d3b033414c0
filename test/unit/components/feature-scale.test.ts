import { describe, expect, it } from '@jest/globals';
import type { PartyRef } from '../../../functions/domain/job/roles.js';
import { FeatureScale } from '../../../runner/components/feature-scale.js';
import { fakeContext, inputTable } from './support/fake-context.js';
import { memoryFederation } from './support/memory-federation.js';

const guest: PartyRef = { role: 'guest', partyId: 9999 };
// Four rows, label y right after the id, features a (mean 2.5, σ √1.25) and b.
const table = 'id,y,a,b\nr1,1,1,10\nr2,0,2,20\nr3,1,3,30\nr4,0,4,0\n';

async function scale(
  parameters: Record<string, unknown>,
  meta: Record<string, unknown> = { label_name: 'y', with_label: true },
) {
  const federation = memoryFederation({ guest: [9999] });
  const { ctx, written } = fakeContext(
    guest,
    FeatureScale.parameters.parse(parameters),
    federation.channel(guest),
    { data: [inputTable('data_transform_0.data', table, meta)] },
    'FeatureScale',
  );
  await FeatureScale.run(ctx);
  return {
    csv: written.data.get('data')?.csv,
    meta: written.data.get('data')?.meta,
    model: written.models.get('model')?.model,
  };
}

describe('FeatureScale', () => {
  it('min-max scales every feature to [0, 1], keeping the id and the label cells', async () => {
    const { csv, meta, model } = await scale({ method: 'min_max_scale' });
    expect(csv).toBe(
      'id,y,a,b\nr1,1,0,0.3333333333333333\nr2,0,0.3333333333333333,0.6666666666666666\nr3,1,0.6666666666666666,1\nr4,0,1,0\n',
    );
    expect(meta).toEqual({ label_name: 'y', with_label: true });
    expect(model).toEqual({
      model_type: 'FeatureScale',
      method: 'min_max_scale',
      mode: 'normal',
      header: ['a', 'b'],
      scale_names: ['a', 'b'],
      with_mean: true,
      with_std: true,
      col_scale_param: {
        a: { column_lower: 1, column_upper: 4, mean: 2.5, std: Math.sqrt(1.25) },
        b: { column_lower: 0, column_upper: 30, mean: 15, std: Math.sqrt(125) },
      },
    });
  });

  it('standard-scales by the mean and the population standard deviation (the default method)', async () => {
    const { csv } = await scale({ scale_col_indexes: [0] });
    const z = (v: number) => String((v - 2.5) / Math.sqrt(1.25));
    expect(csv).toBe(`id,y,a,b\nr1,1,${z(1)},10\nr2,0,${z(2)},20\nr3,1,${z(3)},30\nr4,0,${z(4)},0\n`);
  });

  it('centres only without with_std and scales only without with_mean', async () => {
    expect((await scale({ scale_names: ['a'], scale_col_indexes: [], with_std: false })).csv).toBe(
      'id,y,a,b\nr1,1,-1.5,10\nr2,0,-0.5,20\nr3,1,0.5,30\nr4,0,1.5,0\n',
    );
    // Without the mean the deviation is still taken around 0: √((1 + 4 + 9 + 16)/4) = √7.5.
    const s = Math.sqrt(7.5);
    expect((await scale({ scale_names: ['a'], scale_col_indexes: [], with_mean: false })).csv).toBe(
      `id,y,a,b\nr1,1,${1 / s},10\nr2,0,${2 / s},20\nr3,1,${3 / s},30\nr4,0,${4 / s},0\n`,
    );
  });

  it('clips to feat_upper and feat_lower, given per scaled column, before min-max scaling', async () => {
    const { csv } = await scale({ method: 'min_max_scale', feat_upper: [3, 20], feat_lower: [2, 10] });
    expect(csv).toBe('id,y,a,b\nr1,1,0,0\nr2,0,0,1\nr3,1,1,1\nr4,0,1,0\n');
  });

  it('treats every column after the id as a feature when the table has no label', async () => {
    const { csv, model } = await scale(
      { method: 'min_max_scale', scale_col_indexes: [0] },
      { with_label: false, label_name: null },
    );
    expect(csv).toBe(table);
    expect(model).toMatchObject({ header: ['y', 'a', 'b'], scale_names: ['y'] });
  });

  it('refuses mode cap, unknown columns and bound lists of the wrong length, naming them', async () => {
    expect(FeatureScale.parameters.safeParse({ mode: 'cap' }).error?.issues[0]?.message).toBe(
      'mode "cap" (percentile bounds) is not implemented; use mode "normal"',
    );
    await expect(scale({ scale_names: ['zz'] })).rejects.toThrow(
      'scale_names: "zz" is not a feature of data_transform_0.data (a, b)',
    );
    await expect(scale({ scale_col_indexes: [2] })).rejects.toThrow(
      'scale_col_indexes: 2 is out of range, data_transform_0.data has 2 features',
    );
    await expect(scale({ feat_upper: [1] })).rejects.toThrow(
      'feat_upper lists 1 values, one per scaled column is needed (2)',
    );
  });
});
