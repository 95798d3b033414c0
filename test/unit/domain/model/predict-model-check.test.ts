import { describe, expect, it } from '@jest/globals';
import type { PipelinedModel } from '../../../../functions/domain/model/pipelined-model.js';
import { predictModelProblem } from '../../../../functions/domain/model/predict-model-check.js';

const predictDsl = {
  components: {
    read_a: { module: 'Reader', output: { data: ['data'] } },
    transform_a: {
      module: 'DataTransform',
      input: { data: { data: ['read_a.data'] }, model: ['pipeline.transform_a.model'] },
    },
    lr_a: { module: 'HeteroLR', input: { data: { test_data: ['transform_a.data'] }, model: ['pipeline.lr_a.model'] } },
  },
};

const deployed: PipelinedModel = {
  modelId: 'arbiter-2#guest-1#host-2#model',
  modelVersion: '202601010000000000002',
  role: 'guest',
  partyId: 1,
  initiator: { role: 'guest', partyId: 1 },
  roles: { guest: [1], host: [2], arbiter: [2] },
  jobId: '202601010000000000001',
  parent: false,
  parentInfo: { modelId: 'arbiter-2#guest-1#host-2#model', modelVersion: '202601010000000000001' },
  trainDsl: {},
  trainRuntimeConf: {},
  inferenceDsl: predictDsl,
  components: {
    read_a: { module: 'Reader', ranHere: true, models: {} },
    transform_a: {
      module: 'DataTransform',
      ranHere: true,
      models: { model: { location: 'outputs/t.json', meta: {} } },
    },
    lr_a: { module: 'HeteroLR', ranHere: true, models: { model: { location: 'outputs/l.json', meta: {} } } },
  },
  imported: false,
  createTime: 1,
};
const info = { modelId: deployed.modelId, modelVersion: deployed.modelVersion };
const guest = { role: 'guest' as const, partyId: 1 };

describe('predictModelProblem', () => {
  it('accepts a deployed model holding every pipeline model the DSL reads', () => {
    expect(predictModelProblem(predictDsl, info, guest, deployed)).toBeUndefined();
  });

  it('refuses an empty model id or version', () => {
    expect(predictModelProblem(predictDsl, { modelId: '', modelVersion: '' }, guest, undefined)).toBe(
      'job_parameters.common.model_id and model_version must name a deployed model (flow model deploy)',
    );
  });

  it('names the party that lacks the model', () => {
    expect(predictModelProblem(predictDsl, info, { role: 'host', partyId: 2 }, undefined)).toBe(
      `model ${info.modelId} ${info.modelVersion} does not exist at host 2`,
    );
  });

  it('refuses a training version that was never deployed', () => {
    expect(predictModelProblem(predictDsl, info, guest, { ...deployed, parent: true })).toMatch(
      /has not been deployed/,
    );
  });

  it('refuses a version of another model', () => {
    expect(predictModelProblem(predictDsl, { ...info, modelId: 'guest-1#model' }, guest, deployed)).toBe(
      `model version ${info.modelVersion} at guest 1 belongs to model ${info.modelId}, not guest-1#model`,
    );
  });

  it('names a component the model lacks', () => {
    const dsl = {
      components: {
        ...predictDsl.components,
        scale_a: { module: 'FeatureScale', input: { model: ['pipeline.scale_a.model'] } },
      },
    };
    expect(predictModelProblem(dsl, info, guest, deployed)).toBe(
      `scale_a.input.model reads pipeline.scale_a.model, but model ${info.modelId} ${info.modelVersion} has no component scale_a (its components: read_a, transform_a, lr_a)`,
    );
  });

  it('names a model output a component did not write here, but not one of a component that did not run here', () => {
    const dsl = { components: { lr_a: { module: 'HeteroLR', input: { model: ['pipeline.lr_a.weights'] } } } };
    expect(predictModelProblem(dsl, info, guest, deployed)).toBe(
      `lr_a.input.model reads pipeline.lr_a.weights, but component lr_a of model ${info.modelId} ${info.modelVersion} has no model "weights" at guest 1`,
    );
    const arbiter = {
      ...deployed,
      role: 'arbiter' as const,
      partyId: 2,
      components: { ...deployed.components, transform_a: { module: 'DataTransform', ranHere: false, models: {} } },
    };
    expect(predictModelProblem(predictDsl, info, { role: 'arbiter', partyId: 2 }, arbiter)).toBeUndefined();
  });
});
