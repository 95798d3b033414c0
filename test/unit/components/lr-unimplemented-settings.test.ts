import { describe, expect, it } from '@jest/globals';
import { heteroLrParameters } from '../../../components/hetero-lr.js';
import { homoLrParameters } from '../../../components/homo-lr.js';

const messagesOf = (result: { success: boolean; error?: { issues: Array<{ message: string }> } }) =>
  result.success ? [] : (result.error?.issues ?? []).map((issue) => issue.message);

describe("LR settings FATE's confs carry that this build does not implement", () => {
  it.each([
    ['HeteroLR', heteroLrParameters],
    ['HomoLR', homoLrParameters],
  ])('%s refuses callbacks, validation and early stopping asked for in callback_param', (_, schema) => {
    // As FATE's hetero_lr_validate_conf.json writes it.
    const asked = { callback_param: { callbacks: ['EarlyStopping'], validation_freqs: 3, early_stopping_rounds: 3 } };
    expect(messagesOf(schema.safeParse(asked))).toEqual([
      'callback_param.callbacks (EarlyStopping, PerformanceEvaluate, ModelCheckpoint) are not implemented',
      'callback_param.validation_freqs: validation during training is not implemented',
      'callback_param.early_stopping_rounds needs validation, which is not implemented',
    ]);
    const none = { callback_param: { callbacks: [], validation_freqs: null, use_first_metric_only: false } };
    expect(schema.safeParse(none).success).toBe(true);
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
