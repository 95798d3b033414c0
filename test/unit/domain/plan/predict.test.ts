import { describe, expect, it } from '@jest/globals';
import { ArgumentError } from '../../../../functions/domain/errors.js';
import { planJob } from '../../../../functions/domain/plan/plan-job.js';
import { exampleJob, REMOVE, thrownBy, withValue, withValues } from '../../../fixtures/jobs.js';

const predict = exampleJob('hetero-lr-predict');
const MODEL_ID = 'arbiter-10000#guest-9999#host-10000#model';

describe('predict jobs', () => {
  it('plans an explicit predict job with the model it names', () => {
    const plan = planJob(predict.dsl, predict.conf);
    expect(plan.jobType).toBe('predict');
    expect(plan.modelInfo).toEqual({ modelId: MODEL_ID, modelVersion: '202611271544180123451' });
    expect(plan.parties.every((party) => party.jobParameters.job_type === 'predict')).toBe(true);
  });

  it('makes no edge for pipeline models, so a model-only input adds no upstream', () => {
    const plan = planJob(predict.dsl, predict.conf);
    expect(plan.components.find((component) => component.name === 'hetero_lr_0')?.upstream).toEqual(['intersection_0']);
  });

  it('infers predict from pipeline.* model references when job_type is not set, and says so', () => {
    const conf = withValue(predict.conf, ['job_parameters', 'common', 'job_type'], REMOVE);
    const plan = planJob(predict.dsl, conf);
    expect(plan.jobType).toBe('predict');
    expect(plan.warnings).toEqual(['job_type is not set; the DSL reads pipeline.* models, so this is a predict job']);
  });

  it('infers predict from a pipeline.* isometric model too', () => {
    const dsl = withValues(predict.dsl, [
      [['components', 'data_transform_0', 'input', 'model'], REMOVE],
      [['components', 'data_transform_0', 'input', 'isometric_model'], ['pipeline.data_transform_0.model']],
      [['components', 'hetero_lr_0', 'input', 'model'], REMOVE],
    ]);
    const conf = withValue(predict.conf, ['job_parameters', 'common', 'job_type'], REMOVE);
    expect(planJob(dsl, conf).jobType).toBe('predict');
  });

  it('stays a train job when job_type is not set and the DSL reads no pipeline model', () => {
    const { dsl, conf } = exampleJob('hetero-lr');
    const plan = planJob(dsl, withValue(conf, ['job_parameters', 'common', 'job_type'], REMOVE));
    expect(plan.jobType).toBe('train');
    expect(plan.modelInfo).toEqual({ modelId: MODEL_ID, modelVersion: null });
  });

  it('accepts args.* data inputs in a predict DSL', () => {
    const dsl = withValue(predict.dsl, ['components', 'intersection_0', 'input', 'data', 'data'], ['args.eval_data']);
    const plan = planJob(dsl, predict.conf);
    expect(plan.components.find((component) => component.name === 'intersection_0')?.upstream).toEqual([]);
  });

  it('turns a numeric model_version into a string', () => {
    const conf = withValue(predict.conf, ['job_parameters', 'common', 'model_version'], 202611271544180);
    expect(planJob(predict.dsl, conf).modelInfo.modelVersion).toBe('202611271544180');
  });

  it('warns about an empty model_id or model_version left to fill in', () => {
    const conf = withValues(predict.conf, [
      [['job_parameters', 'common', 'model_id'], ''],
      [['job_parameters', 'common', 'model_version'], ''],
    ]);
    expect(planJob(predict.dsl, conf).warnings).toEqual([
      "runtime_conf.job_parameters.common.model_id is empty: fill in the trained model's model_id before submitting",
      "runtime_conf.job_parameters.common.model_version is empty: fill in the trained model's model_version before submitting",
    ]);
  });

  it.each([
    ['model_id', 'runtime_conf.job_parameters.common.model_id: a predict job needs the model_id of the trained model'],
    [
      'model_version',
      'runtime_conf.job_parameters.common.model_version: a predict job needs the model_version of the trained model',
    ],
  ])('refuses a predict job without %s', (key, message) => {
    const error = thrownBy(() =>
      planJob(predict.dsl, withValue(predict.conf, ['job_parameters', 'common', key], REMOVE)),
    );
    expect(error).toBeInstanceOf(ArgumentError);
    expect(error).toMatchObject({
      retcode: 101,
      message,
      details: { field: `runtime_conf.job_parameters.common.${key}` },
    });
  });

  it('refuses an inferred predict job without model_id too', () => {
    const conf = withValue(predict.conf, ['job_parameters', 'common'], { model_version: '202611271544180123451' });
    expect(() => planJob(predict.dsl, conf)).toThrow(
      'runtime_conf.job_parameters.common.model_id: a predict job needs the model_id of the trained model',
    );
  });

  it('refuses pipeline.* models in a job that says it is a train job', () => {
    const conf = withValue(predict.conf, ['job_parameters', 'common', 'job_type'], 'train');
    expect(() => planJob(predict.dsl, conf)).toThrow(
      'dsl.components.data_transform_0.input.model[0]: "pipeline.data_transform_0.model" reads a model of a trained pipeline; only predict jobs (job_type "predict") may do that',
    );
  });
});
