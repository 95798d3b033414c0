import { z } from 'zod';

/**
 * FATE 1.11's HeteroLogisticParam by its own names and defaults. Settings this build does not
 * implement are accepted at FATE's default value only and refused at submit, saying why; names
 * FATE does not have fail as unknown (strict objects).
 */
const refuse = (why: string) => ({ error: why });
const lower = <const T extends readonly [string, ...string[]]>(values: T, why: string) =>
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

const encryptParam = z
  .strictObject({
    method: z
      .string()
      .toLowerCase()
      .pipe(
        z.literal(
          'paillier',
          refuse('encrypt_param.method must be "Paillier" (training without encryption is not implemented)'),
        ),
      )
      .default('paillier'),
    key_length: z
      .number()
      .int()
      .min(512, refuse('encrypt_param.key_length must be at least 512'))
      .max(4096)
      .default(1024),
  })
  .prefault({});

const cvParam = z
  .looseObject({
    need_cv: z.literal(false, refuse('cross validation (cv_param.need_cv true) is not implemented')).default(false),
  })
  .prefault({});

const penalty = z
  .union([z.string(), z.null()])
  .transform((value) => (value === null ? 'NONE' : value.toUpperCase()))
  .pipe(z.enum(['L1', 'L2', 'NONE'], refuse('penalty must be "L1", "L2" or "none"')));

export const heteroLrParameters = z.strictObject({
  penalty: penalty.default('L2'),
  tol: z.number().nonnegative().default(1e-4),
  alpha: z.number().nonnegative().default(1),
  optimizer: z
    .string()
    .toLowerCase()
    .refine((value) => value !== 'sqn', refuse('optimizer "sqn" (stochastic quasi-Newton) is not implemented'))
    .pipe(
      z.enum(
        ['sgd', 'rmsprop', 'adam', 'adagrad', 'nesterov_momentum_sgd'],
        refuse('optimizer must be sgd, rmsprop, adam, adagrad or nesterov_momentum_sgd'),
      ),
    )
    .default('rmsprop'),
  batch_size: z
    .number()
    .int()
    .refine((value) => value === -1 || value >= 10, refuse('batch_size must be -1 (all rows) or at least 10'))
    .default(-1),
  shuffle: z.boolean().default(true),
  batch_strategy: lower(['full'], 'batch_strategy "random" is not implemented').default('full'),
  masked_rate: z.number().nonnegative().default(5),
  learning_rate: z.number().positive().default(0.01),
  init_param: initParam,
  max_iter: z.number().int().min(1, refuse('max_iter must be at least 1')).default(100),
  early_stop: lower(['diff', 'abs', 'weight_diff'], 'early_stop must be diff, abs or weight_diff').default('diff'),
  encrypt_param: encryptParam,
  encrypted_mode_calculator_param: z.looseObject({}).optional(),
  predict_param: z.strictObject({ threshold: z.number().min(0).max(1).default(0.5) }).prefault({}),
  cv_param: cvParam,
  decay: z.number().nonnegative().default(1),
  decay_sqrt: z.boolean().default(true),
  // Accepted as FATE's confs carry it; only the sqn optimizer would read it, and that is refused.
  sqn_param: z.looseObject({}).optional(),
  multi_class: lower(['ovr'], 'multi_class must be "ovr"; multi-class labels are refused at run time').default('ovr'),
  validation_freqs: z.null(refuse('validation during training (validation_freqs) is not implemented')).default(null),
  early_stopping_rounds: z
    .null(refuse('early_stopping_rounds needs validation, which is not implemented'))
    .default(null),
  metrics: z.array(z.string()).default(['auc', 'ks']),
  use_first_metric_only: z.boolean().default(false),
  floating_point_precision: z
    .number()
    .int()
    .min(0)
    .max(52, refuse('floating_point_precision must be between 0 and 52 (features are encoded exactly from doubles)'))
    .default(23),
  stepwise_param: z.looseObject({}).optional(),
  callback_param: z.looseObject({}).optional(),
  is_warm_start: z.literal(false, refuse('warm start is not implemented')).default(false),
});

export type HeteroLrParameters = z.output<typeof heteroLrParameters>;
