import { describe, expect, it } from '@jest/globals';
import { productionCatalog } from '../../../components/catalog.js';
import { heteroLrParameters } from '../../../components/hetero-lr.js';
import { homoLrParameters } from '../../../components/homo-lr.js';
import { checkpointFrequency, validationSettings } from '../../../components/lr-parameters.js';
import { planJob } from '../../../functions/domain/plan/plan-job.js';
import { exampleJob } from '../../fixtures/jobs.js';

const messagesOf = (result: { success: boolean; error?: { issues: Array<{ message: string }> } }) =>
  result.success ? [] : (result.error?.issues ?? []).map((issue) => issue.message);

describe("LR settings FATE's confs carry", () => {
  it.each([
    ['HeteroLR', heteroLrParameters],
    ['HomoLR', homoLrParameters],
  ])('%s takes validation in callback_param as FATE 1.11 writes it, and refuses what would do nothing', (_, schema) => {
    const asked = { callback_param: { callbacks: ['PerformanceEvaluate'], validation_freqs: 3, metrics: ['AUC'] } };
    const parsed = schema.parse(asked);
    expect(validationSettings(parsed)).toEqual({
      freqs: 3,
      earlyStoppingRounds: null,
      metrics: ['auc'],
      useFirstMetricOnly: false,
    });
    expect(
      checkpointFrequency(schema.parse({ callback_param: { callbacks: ['ModelCheckpoint'], save_freq: 2 } })),
    ).toBe(2);
    expect(
      checkpointFrequency(schema.parse({ callback_param: { callbacks: ['ModelCheckpoint'], save_freq: 'epoch' } })),
    ).toBe(1);
    expect(checkpointFrequency(schema.parse({ callback_param: { callbacks: ['ModelCheckpoint'] } }))).toBe(1);
    expect(checkpointFrequency(schema.parse({}))).toBeNull();
    expect(messagesOf(schema.safeParse({ callback_param: { callbacks: ['LRScheduler'], save_freq: 0 } }))).toEqual([
      'callback_param.callbacks may list EarlyStopping, PerformanceEvaluate and ModelCheckpoint',
      'callback_param.save_freq must be a positive integer or "epoch"',
    ]);
    expect(messagesOf(schema.safeParse({ callback_param: { save_freq: 2 } }))).toEqual([
      'callback_param.save_freq is read by ModelCheckpoint only: list it in callback_param.callbacks',
    ]);
    expect(messagesOf(schema.safeParse({ callback_param: { callbacks: ['PerformanceEvaluate'] } }))).toEqual([
      'callback_param.callbacks lists PerformanceEvaluate without validation_freqs, so it would never run',
    ]);
    expect(messagesOf(schema.safeParse({ metrics: ['lift'] }))).toEqual([
      'metrics: validation computes "auc" and "ks"',
    ]);
    expect(messagesOf(schema.safeParse({ validation_freqs: 0 }))).toEqual([
      'validation_freqs must be a positive integer, a list of iterations or null',
    ]);
  });

  it("HeteroLR takes FATE's hetero_lr_validate early stopping and refuses early stopping that never validates", () => {
    // As FATE's hetero_lr_validate_conf.json writes it.
    const asked = { callback_param: { callbacks: ['EarlyStopping'], validation_freqs: 3, early_stopping_rounds: 3 } };
    expect(validationSettings(heteroLrParameters.parse(asked))).toEqual({
      freqs: 3,
      earlyStoppingRounds: 3,
      metrics: ['auc', 'ks'],
      useFirstMetricOnly: false,
    });
    // The top level wins over callback_param, as in FATE 1.11.
    expect(validationSettings(heteroLrParameters.parse({ ...asked, validation_freqs: [0, 4] })).freqs).toEqual([0, 4]);
    expect(messagesOf(heteroLrParameters.safeParse({ early_stopping_rounds: 2 }))).toEqual([
      'early_stopping_rounds needs validation_freqs: early stopping is checked when the model is validated',
    ]);
    expect(messagesOf(heteroLrParameters.safeParse({ callback_param: { callbacks: ['EarlyStopping'] } }))).toEqual([
      'callback_param.callbacks lists EarlyStopping without validation_freqs, so it would never run',
    ]);
    // As FATE's homo_lr_train_eval_conf.json writes it: validation every iteration, no early stopping.
    const validating = heteroLrParameters.parse({
      callback_param: { callbacks: ['EarlyStopping'], validation_freqs: 1 },
    });
    expect(validationSettings(validating)).toMatchObject({ freqs: 1, earlyStoppingRounds: null });
  });

  it('HomoLR refuses early stopping, as FATE does for homo algorithms', () => {
    expect(messagesOf(homoLrParameters.safeParse({ validation_freqs: 1, early_stopping_rounds: 2 }))).toEqual([
      'early_stopping_rounds: early stopping is not supported for homo algorithms (as in FATE)',
    ]);
  });

  it('HeteroLR refuses stepwise selection and takes a stepwise_param that asks for none', () => {
    expect(messagesOf(heteroLrParameters.safeParse({ stepwise_param: { need_stepwise: true } }))).toEqual([
      'stepwise_param.need_stepwise: stepwise selection is not implemented',
    ]);
    expect(heteroLrParameters.safeParse({ stepwise_param: { need_stepwise: false, mode: 'hetero' } }).success).toBe(
      true,
    );
  });

  it('HeteroLR takes the encrypted mode calculator in strict mode only', () => {
    expect(messagesOf(heteroLrParameters.safeParse({ encrypted_mode_calculator_param: { mode: 'fast' } }))).toEqual([
      'encrypted_mode_calculator_param.mode must be "strict" (the only mode implemented)',
    ]);
    expect(heteroLrParameters.safeParse({ encrypted_mode_calculator_param: { mode: 'Strict' } }).success).toBe(true);
  });
});

describe("ModelCheckpoint and the DSL's model output", () => {
  const withCheckpoints = (keepModelOutput: boolean) => {
    const { dsl, conf } = exampleJob('hetero-lr');
    const lr = (dsl as { components: Record<string, { output?: Record<string, unknown> }> }).components.hetero_lr_0;
    if (!keepModelOutput && lr?.output !== undefined) delete lr.output.model;
    const common = (conf as { component_parameters: { common: Record<string, Record<string, unknown>> } })
      .component_parameters.common;
    common.hetero_lr_0 = { ...common.hetero_lr_0, callback_param: { callbacks: ['ModelCheckpoint'], save_freq: 2 } };
    return { dsl, conf };
  };

  it('is planned when the DSL declares the model output the checkpoints are kept from', () => {
    const { dsl, conf } = withCheckpoints(true);
    expect(planJob(dsl, conf, { catalog: productionCatalog }).components.map((c) => c.name)).toContain('hetero_lr_0');
  });

  it('is refused at submit, naming the component, the field and the missing output, when the DSL declares none', () => {
    const { dsl, conf } = withCheckpoints(false);
    expect(() => planJob(dsl, conf, { catalog: productionCatalog })).toThrow(
      'runtime_conf.component_parameters (guest 9999, host 10000, arbiter 10000).hetero_lr_0.callback_param.callbacks: ModelCheckpoint keeps the model after iterations, but dsl.components.hetero_lr_0 declares no model output (output.model)',
    );
  });

  it("is planned in a predict job, which trains nothing, though the training conf's ModelCheckpoint is inherited", () => {
    const { dsl, conf } = withCheckpoints(false);
    const predict = conf as { job_parameters?: { common?: Record<string, unknown> } };
    predict.job_parameters = {
      ...predict.job_parameters,
      common: { ...predict.job_parameters?.common, job_type: 'predict', model_id: 'm', model_version: 'v' },
    };
    expect(planJob(dsl, conf, { catalog: productionCatalog }).jobType).toBe('predict');
  });
});
