import { describe, expect, it } from '@jest/globals';
import type { PartyRef } from '../../../functions/domain/job/roles.js';
import type { InputModel, RunnableComponent } from '../../../runner/components/component.js';
import { DataTransform } from '../../../runner/components/data-transform.js';
import { FeatureScale } from '../../../runner/components/feature-scale.js';
import { Intersection } from '../../../runner/components/intersection.js';
import { fakeContext, inputTable, type Written } from './support/fake-context.js';
import { memoryFederation } from './support/memory-federation.js';

const guest: PartyRef = { role: 'guest', partyId: 9999 };
const host: PartyRef = { role: 'host', partyId: 10000 };
const roles = { guest: [9999], host: [10000] };

/** Runs `component` at each party with its table, parameters and (optionally) a model input, as the runner would. */
async function runAt(
  component: RunnableComponent,
  parties: { party: PartyRef; csv: string; meta?: Record<string, unknown>; parameters: unknown; model?: InputModel }[],
): Promise<Written[]> {
  const federation = memoryFederation(roles);
  const runs = parties.map(({ party, csv, meta = {}, parameters, model }) => {
    const { ctx, written } = fakeContext(
      party,
      component.parameters.parse(parameters),
      federation.channel(party),
      { data: [inputTable('upstream.data', csv, meta)] },
      component.module,
      model === undefined ? {} : { model: [model] },
    );
    return { run: component.run(ctx), written };
  });
  await Promise.all(runs.map((r) => r.run));
  return runs.map((r) => r.written);
}

const asModel = (written: Written | undefined, name: string): InputModel => ({
  name,
  component: name.split('.')[0] ?? '',
  model: written?.models.get('model')?.model,
  meta: written?.models.get('model')?.meta ?? {},
});

describe("a model input carries the trained settings, as FATE's predict-conf inheritance does", () => {
  const trainCsv = 'id,x0,y,x1\n1,0.5,1,2\n2,1.5,0,4\n';

  it('DataTransform reads the label and types the model was trained with, whatever its own parameters say, in the trained column order', async () => {
    const [trained] = await runAt(DataTransform, [
      { party: guest, csv: trainCsv, parameters: { with_label: true, label_name: 'y', label_type: 'int' } },
    ]);
    const model = asModel(trained, 'data_transform_0.model');
    const [predicted] = await runAt(DataTransform, [
      { party: guest, csv: 'id,x1,y,x0\n7,8,0,9\n', parameters: { with_label: false }, model },
    ]);
    expect(predicted?.data.get('data')?.csv).toBe('id,y,x0,x1\n7,0,9,8\n');
    expect(predicted?.data.get('data')?.meta).toEqual({ label_name: 'y', with_label: true, label_type: 'int' });
    // Unlabelled data to predict: the trained label is dropped, the features kept.
    const [unlabelled] = await runAt(DataTransform, [
      { party: guest, csv: 'id,x0,x1\n7,9,8\n', parameters: {}, model },
    ]);
    expect(unlabelled?.data.get('data')?.csv).toBe('id,x0,x1\n7,9,8\n');
    // A label_type int from the model refuses a fraction the parameters alone would not.
    await expect(
      runAt(DataTransform, [
        { party: guest, csv: 'id,x0,y,x1\n7,9,0.5,8\n', parameters: { label_type: 'float' }, model },
      ]),
    ).rejects.toThrow('row 1 (id 7), column "y": "0.5" is not an integer (label_type int)');
    await expect(
      runAt(DataTransform, [{ party: guest, csv: 'id,x0,y,x9\n7,9,0,8\n', parameters: {}, model }]),
    ).rejects.toThrow(
      'upstream.data does not have the columns data_transform_0.model was trained on; missing: x1; not in the model: x9',
    );
  });

  it('FeatureScale applies the fitted statistics to other data instead of fitting its own', async () => {
    const meta = { label_name: 'y', with_label: true };
    const [fitted] = await runAt(FeatureScale, [
      { party: guest, csv: 'id,y,a,b\nr1,1,1,10\nr2,0,3,30\n', meta, parameters: { method: 'min_max_scale' } },
    ]);
    const model = asModel(fitted, 'scale_0.model');
    const [applied] = await runAt(FeatureScale, [
      { party: guest, csv: 'id,y,a,b\nv1,1,2,40\nv2,0,0,20\n', meta, parameters: { method: 'standard_scale' }, model },
    ]);
    // min-max over [1, 3] and [10, 30], clipped to the fitted range, not the new rows' statistics.
    expect(applied?.data.get('data')?.csv).toBe('id,y,a,b\nv1,1,0.5,1\nv2,0,0,0.5\n');
    expect(applied?.models.get('model')?.model).toEqual(model.model);
    await expect(
      runAt(FeatureScale, [{ party: guest, csv: 'id,y,a\nv1,1,2\n', meta, parameters: {}, model }]),
    ).rejects.toThrow('upstream.data lacks the columns scale_0.model scales: b');
  });

  it('Intersection matches with the method and parameters of its model (RSA) although its own say ECDH', async () => {
    const rsa = { intersect_method: 'rsa', rsa_params: { key_length: 512, salt: 'pepper' } };
    const trained = await runAt(Intersection, [
      { party: guest, csv: 'id,y\n1,1\n2,0\n3,1\n', parameters: rsa },
      { party: host, csv: 'id,x\n3,30\n1,10\n', parameters: rsa },
    ]);
    expect(trained[0]?.models.get('model')?.model).toEqual({
      model_type: 'Intersection',
      intersect_method: 'rsa',
      rsa_params: {
        salt: 'pepper',
        hash_method: 'sha256',
        final_hash_method: 'sha256',
        split_calculation: false,
        random_base_fraction: null,
        key_length: 512,
        random_bit: 128,
      },
      ecdh_params: { salt: '', hash_method: 'sha256', curve: 'curve25519' },
      random_bit: null,
      sync_intersect_ids: true,
      only_output_key: false,
    });
    const again = await runAt(Intersection, [
      {
        party: guest,
        csv: 'id,y\n4,1\n3,0\n1,1\n',
        parameters: {},
        model: asModel(trained[0], 'intersection_0.model'),
      },
      { party: host, csv: 'id,x\n1,10\n4,40\n', parameters: {}, model: asModel(trained[1], 'intersection_0.model') },
    ]);
    expect(again[0]?.data.get('data')?.csv).toBe('id,y\n4,1\n1,1\n');
    expect(again[0]?.data.get('data')?.meta).toEqual({ intersect_method: 'rsa' });
    expect(again[1]?.data.get('data')?.csv).toBe('id,x\n1,10\n4,40\n');
  });
});
