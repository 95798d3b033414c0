import { describe, expect, it } from '@jest/globals';
import { Harness, JOB_ID, NOW } from './support.js';

const spec = { module: 'PassThrough', output: { data: ['data'], model: ['model'] } };

describe('ctx.writeCheckpoint', () => {
  it("stores the step's model under the task's outputs, recorded with its index, name and model alias", async () => {
    const harness = new Harness();
    const ctx = await harness.context({}, spec);
    await ctx.writeCheckpoint(2, 'iter_2', { coef: [0.5] }, { model_type: 'HomoLR' });

    const [checkpoint] = await harness.tracking.listOutputs(
      { jobId: JOB_ID, component: 'pass_0', role: 'guest', partyId: 9999 },
      'checkpoint',
    );
    const location = `outputs/${JOB_ID}/pass_0/guest/9999/v0/checkpoints/000002.json`;
    expect(checkpoint).toEqual({
      jobId: JOB_ID,
      component: 'pass_0',
      role: 'guest',
      partyId: 9999,
      kind: 'checkpoint',
      name: '000002',
      location,
      meta: { model_type: 'HomoLR', step_index: 2, step_name: 'iter_2', model_alias: 'model' },
      createTime: NOW,
    });
    expect(new TextDecoder().decode(await harness.objects.get(location))).toBe('{"coef":[0.5]}');
  });

  it('refuses a component without a model output, and a step index outside 0…999999', async () => {
    const harness = new Harness();
    const noModel = await harness.context({}, { module: 'PassThrough', output: { data: ['data'] } });
    await expect(noModel.writeCheckpoint(0, 'iter_0', {})).rejects.toThrow(
      'pass_0 writes a checkpoint, but the DSL declares no model output for it',
    );
    const ctx = await harness.context({}, spec);
    await expect(ctx.writeCheckpoint(-1, 'x', {})).rejects.toThrow(
      'checkpoint step_index must be an integer from 0 to 999999, got -1',
    );
  });
});
