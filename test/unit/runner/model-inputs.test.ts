import { describe, expect, it } from '@jest/globals';
import type { DslComponent } from '../../../functions/domain/job/dsl-schema.js';
import { createComponentContext } from '../../../runner/context/component-context.js';
import type { ModelSource } from '../../../runner/context/read-models.js';
import { Harness, NOW, taskKey } from './support.js';

const trainer: DslComponent = { module: 'PassThrough', output: { model: ['model'] } };
const reader = (input: DslComponent['input']): DslComponent => ({ module: 'PassThrough', input });

describe("a component's model inputs", () => {
  it('are the models the upstream components of the job wrote at this party, by kind and in DSL order', async () => {
    const harness = new Harness();
    for (const [component, weights] of [
      ['lr_0', [1, 2]],
      ['scale_0', [3]],
    ] as const) {
      const ctx = await harness.context({}, trainer, { component });
      await ctx.writeModel('model', { weights }, { model_type: 'Test' });
    }
    const other = await harness.context({}, trainer, { component: 'lr_0', role: 'host', partyId: 10000 });
    await other.writeModel('model', { weights: ['host'] }, { model_type: 'Test' });

    const ctx = await harness.context({}, reader({ model: ['lr_0.model'], isometric_model: ['scale_0.model'] }), {
      component: 'lr_1',
    });
    expect(ctx.models).toEqual({
      model: [{ name: 'lr_0.model', component: 'lr_0', model: { weights: [1, 2] }, meta: { model_type: 'Test' } }],
      isometric_model: [
        { name: 'scale_0.model', component: 'scale_0', model: { weights: [3] }, meta: { model_type: 'Test' } },
      ],
    });
  });

  it('fail the task before it starts when the model is not there, naming the reference and the party', async () => {
    const harness = new Harness();
    await expect(harness.context({}, reader({ model: ['lr_0.model'] }), { component: 'lr_1' })).rejects.toThrow(
      'input.model "lr_0.model": lr_0 stored no model "model" at guest 9999',
    );
    await expect(harness.context({}, reader({ model: ['pipeline.lr_0.model'] }))).rejects.toThrow(
      'input.model "pipeline.lr_0.model": this runner reads only "<component>.<output>" models of the same job',
    );
  });

  it('resolve through the source the runner is given, which a site serving predict jobs replaces', async () => {
    const harness = new Harness();
    const asked: string[] = [];
    const deployed: ModelSource = {
      async resolve(reference, task, where) {
        asked.push(`${where} ${reference.kind} ${task.role} ${task.partyId}`);
        return { name: 'lr_0.model', component: 'lr_0', model: { weights: [9] }, meta: {} };
      },
    };
    const ctx = await createComponentContext(
      { tracking: harness.tracking, objects: harness.objects, now: () => NOW, log: () => {}, models: deployed },
      { ...taskKey({ component: 'lr_0' }), module: 'PassThrough' },
      {},
      reader({ model: ['pipeline.lr_0.model'] }),
    );
    expect(asked).toEqual(['input.model "pipeline.lr_0.model" pipeline guest 9999']);
    expect(ctx.models.model.map((m) => m.model)).toEqual([{ weights: [9] }]);
  });
});
