import { describe, expect, it } from '@jest/globals';
import type { PipelinedModel } from '../../../functions/domain/model/pipelined-model.js';
import { deployedModelSource, jobModelSource, readModels } from '../../../runner/context/read-models.js';
import { MemoryObjectStore, MemoryTrackingStore } from './fakes.js';
import { JOB_ID, NOW, taskKey } from './support.js';

const deployed = (location: string): PipelinedModel => ({
  modelId: 'guest-9999#model',
  modelVersion: '202601010000000000002',
  role: 'guest',
  partyId: 9999,
  initiator: { role: 'guest', partyId: 9999 },
  roles: { guest: [9999] },
  jobId: '202601010000000000001',
  parent: false,
  trainDsl: {},
  trainRuntimeConf: {},
  inferenceDsl: {},
  components: {
    lr_a: { module: 'HeteroLR', ranHere: true, models: { model: { location, meta: { model_type: 'HeteroLR' } } } },
  },
  imported: false,
  createTime: NOW,
});

describe("a component's model inputs", () => {
  it('reads pipeline.<component>.<model> from the deployed model the predict job names, and <component>.<model> from this job', async () => {
    const tracking = new MemoryTrackingStore();
    const objects = new MemoryObjectStore();
    await objects.put('outputs/train/lr_a/guest/9999/v0/model.json', '{"weight":{"x0":0.5}}');
    await objects.put(`outputs/${JOB_ID}/scale_a/guest/9999/v0/model.json`, '{"mean":[1]}');
    await tracking.putOutput({
      jobId: JOB_ID,
      component: 'scale_a',
      role: 'guest',
      partyId: 9999,
      kind: 'model',
      name: 'model',
      location: `outputs/${JOB_ID}/scale_a/guest/9999/v0/model.json`,
      meta: { model_type: 'FeatureScale' },
      createTime: NOW,
    });
    const source = deployedModelSource(jobModelSource({ tracking, objects }), objects, async () =>
      deployed('outputs/train/lr_a/guest/9999/v0/model.json'),
    );
    const models = await readModels(source, taskKey({ component: 'lr_b' }), {
      module: 'HeteroLR',
      input: { model: ['pipeline.lr_a.model'], isometric_model: ['scale_a.model'] },
    });

    expect(models).toEqual({
      model: [
        { name: 'lr_a.model', component: 'lr_a', model: { weight: { x0: 0.5 } }, meta: { model_type: 'HeteroLR' } },
      ],
      isometric_model: [
        { name: 'scale_a.model', component: 'scale_a', model: { mean: [1] }, meta: { model_type: 'FeatureScale' } },
      ],
    });
  });

  it('fails naming the reference and the party when the job names no model or the model lacks it', async () => {
    const sources = { tracking: new MemoryTrackingStore(), objects: new MemoryObjectStore() };
    const job = jobModelSource(sources);
    const spec = { module: 'HeteroLR', input: { model: ['pipeline.lr_a.weights'] } };
    await expect(
      readModels(
        deployedModelSource(job, sources.objects, async () => undefined),
        taskKey(),
        spec,
      ),
    ).rejects.toThrow('input.model "pipeline.lr_a.weights": this job names no deployed model at guest 9999');
    await expect(
      readModels(
        deployedModelSource(job, sources.objects, async () => deployed('x')),
        taskKey(),
        spec,
      ),
    ).rejects.toThrow(
      'input.model "pipeline.lr_a.weights": model guest-9999#model 202601010000000000002 has no model "weights" of lr_a at guest 9999',
    );
  });
});
