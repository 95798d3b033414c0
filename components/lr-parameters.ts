import { z } from 'zod';

/**
 * The parameters FATE 1.11's logistic regressions share (its LinearModelParam), by FATE's own
 * names and defaults, for HeteroLR and HomoLR. Settings this build does not implement are
 * accepted at FATE's default only and refused at submit, saying why.
 */
export const refuse = (why: string) => ({ error: why });

/** A case-insensitive choice among `values`, as FATE reads its string settings. */
export const lower = <const T extends readonly [string, ...string[]]>(values: T, why: string) =>
  z
    .string()
    .toLowerCase()
    .pipe(z.enum(values, refuse(why)));

const initParam = z
  .strictObject({
    init_method: lower(
      ['random_uniform', 'random_normal', 'ones', 'zeros', 'const'],
      'init_method must be random_uniform, random_normal, ones, zeros or const',
    ).default('random_uniform'),
    init_const: z.number().default(1),
    fit_intercept: z.boolean().default(true),
    random_seed: z.number().int().nullable().default(null),
  })
  .prefault({});

const penalty = z
  .union([z.string(), z.null()])
  .transform((value) => (value === null ? 'NONE' : value.toUpperCase()))
  .pipe(z.enum(['L1', 'L2', 'NONE'], refuse('penalty must be "L1", "L2" or "none"')));

/** The fields both components take alike; each adds its own (optimizer default, batches, encryption …). */
export const linearModelFields = {
  penalty: penalty.default('L2'),
  tol: z.number().nonnegative().default(1e-4),
  alpha: z.number().nonnegative().default(1),
  learning_rate: z.number().positive().default(0.01),
  init_param: initParam,
  max_iter: z.number().int().min(1, refuse('max_iter must be at least 1')).default(100),
  early_stop: lower(['diff', 'abs', 'weight_diff'], 'early_stop must be diff, abs or weight_diff').default('diff'),
  predict_param: z.strictObject({ threshold: z.number().min(0).max(1).default(0.5) }).prefault({}),
  cv_param: z
    .looseObject({
      need_cv: z.literal(false, refuse('cross validation (cv_param.need_cv true) is not implemented')).default(false),
    })
    .prefault({}),
  decay: z.number().nonnegative().default(1),
  decay_sqrt: z.boolean().default(true),
  multi_class: lower(['ovr'], 'multi_class must be "ovr"; multi-class labels are refused at run time').default('ovr'),
  validation_freqs: z.null(refuse('validation during training (validation_freqs) is not implemented')).default(null),
  early_stopping_rounds: z
    .null(refuse('early_stopping_rounds needs validation, which is not implemented'))
    .default(null),
  metrics: z.array(z.string()).default(['auc', 'ks']),
  use_first_metric_only: z.boolean().default(false),
  // FATE's callbacks (EarlyStopping, PerformanceEvaluate, ModelCheckpoint) validate or save during
  // training: none is implemented, so only a callback_param that asks for none is accepted.
  callback_param: z
    .looseObject({
      callbacks: z
        .array(z.string())
        .max(
          0,
          refuse('callback_param.callbacks (EarlyStopping, PerformanceEvaluate, ModelCheckpoint) are not implemented'),
        )
        .optional(),
      validation_freqs: z
        .null(refuse('callback_param.validation_freqs: validation during training is not implemented'))
        .optional(),
      early_stopping_rounds: z
        .null(refuse('callback_param.early_stopping_rounds needs validation, which is not implemented'))
        .optional(),
    })
    .optional(),
};
