import * as z from 'zod';

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

/** FATE's validation_freqs: none, every n-th iteration (n ≥ 1), or the listed iterations (from 0). */
const validationFreqs = z
  .union(
    [
      z.null(),
      z.number().int().positive(refuse('validation_freqs must be a positive integer, a list of iterations or null')),
      z.array(z.number().int().nonnegative()).min(1),
    ],
    refuse('validation_freqs must be a positive integer, a list of iterations or null'),
  )
  .default(null);

const earlyStoppingRounds = z
  .union(
    [z.null(), z.number().int().positive(refuse('early_stopping_rounds must be a positive integer or null'))],
    refuse('early_stopping_rounds must be a positive integer or null'),
  )
  .default(null);

/** The single-value binary metrics validation computes (FATE's defaults for LR). */
export const VALIDATION_METRICS = ['auc', 'ks'] as const;
const validationMetrics = z
  .array(lower(VALIDATION_METRICS, 'metrics: validation computes "auc" and "ks"'))
  .min(1, refuse('metrics must name at least one metric'));

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
  validation_freqs: validationFreqs,
  early_stopping_rounds: earlyStoppingRounds,
  metrics: validationMetrics.default(['auc', 'ks']),
  use_first_metric_only: z.boolean().default(false),
  // FATE's callbacks: EarlyStopping and PerformanceEvaluate are what the validation settings above
  // (here or inside callback_param, as FATE 1.11 also takes them) switch on; ModelCheckpoint keeps
  // the model of every save_freq-th iteration as a checkpoint (flow checkpoint list/get).
  callback_param: z
    .strictObject({
      callbacks: z
        .array(
          z.enum(
            ['EarlyStopping', 'PerformanceEvaluate', 'ModelCheckpoint'],
            refuse('callback_param.callbacks may list EarlyStopping, PerformanceEvaluate and ModelCheckpoint'),
          ),
        )
        .default([]),
      validation_freqs: validationFreqs,
      early_stopping_rounds: earlyStoppingRounds,
      metrics: validationMetrics.nullable().default(null),
      use_first_metric_only: z.boolean().default(false),
      // FATE's "epoch" is every iteration.
      save_freq: z
        .union(
          [
            z.literal('epoch').transform(() => 1),
            z.number().int().positive(refuse('callback_param.save_freq must be a positive integer or "epoch"')),
          ],
          refuse('callback_param.save_freq must be a positive integer or "epoch"'),
        )
        .default(1),
    })
    .optional(),
};

type LinearModelShape = {
  readonly validation_freqs: number | number[] | null;
  readonly early_stopping_rounds: number | null;
  readonly metrics: readonly (typeof VALIDATION_METRICS)[number][];
  readonly use_first_metric_only: boolean;
  readonly callback_param?:
    | {
        readonly callbacks: readonly string[];
        readonly validation_freqs: number | number[] | null;
        readonly early_stopping_rounds: number | null;
        readonly metrics: readonly (typeof VALIDATION_METRICS)[number][] | null;
        readonly use_first_metric_only: boolean;
        readonly save_freq: number;
      }
    | undefined;
};

/** What validation during training does, from the top-level settings or callback_param's (the top level wins, as in FATE 1.11). */
export interface ValidationSettings {
  /** Validate at iteration `it` (from 0) when `(it + 1) % freqs === 0`, or when `it` is listed; never when null. */
  readonly freqs: number | readonly number[] | null;
  /** Stop after this many validations without improvement of a metric; null: never. */
  readonly earlyStoppingRounds: number | null;
  readonly metrics: readonly (typeof VALIDATION_METRICS)[number][];
  readonly useFirstMetricOnly: boolean;
}

export function validationSettings(p: LinearModelShape): ValidationSettings {
  const callback = p.callback_param;
  return {
    freqs: p.validation_freqs ?? callback?.validation_freqs ?? null,
    earlyStoppingRounds: p.early_stopping_rounds ?? callback?.early_stopping_rounds ?? null,
    metrics: callback?.metrics ?? p.metrics,
    useFirstMetricOnly: p.use_first_metric_only || (callback?.use_first_metric_only ?? false),
  };
}

/**
 * The settings that only mean something together: early stopping is checked at validations, so it
 * needs validation_freqs; a callback listed without validation_freqs would do nothing, so it is refused.
 */
export function checkValidationSettings(p: LinearModelShape, ctx: z.core.$RefinementCtx<unknown>): void {
  const settings = validationSettings(p);
  const issue = (message: string) => ctx.addIssue({ code: 'custom', message, input: p });
  if (settings.earlyStoppingRounds !== null && settings.freqs === null) {
    issue('early_stopping_rounds needs validation_freqs: early stopping is checked when the model is validated');
  }
  if (settings.useFirstMetricOnly && settings.earlyStoppingRounds === null) {
    issue('use_first_metric_only is read by early stopping only: it needs early_stopping_rounds');
  }
  // FATE runs either callback as its validation strategy (homo_lr_train_eval lists EarlyStopping
  // with validation_freqs and no rounds: it validates, never stops); without validation_freqs it never runs.
  const listed = (p.callback_param?.callbacks ?? []).filter(
    (name) => name === 'EarlyStopping' || name === 'PerformanceEvaluate',
  );
  if (listed.length > 0 && settings.freqs === null) {
    issue(`callback_param.callbacks lists ${listed.join(', ')} without validation_freqs, so it would never run`);
  }
  const callback = p.callback_param;
  if (callback !== undefined && callback.save_freq !== 1 && !callback.callbacks.includes('ModelCheckpoint')) {
    issue('callback_param.save_freq is read by ModelCheckpoint only: list it in callback_param.callbacks');
  }
}

/**
 * FATE's ModelCheckpoint callback: the iterations (from 0) whose model is kept, every save_freq-th
 * from the first (`iteration % save_freq === 0`, as FATE's on_epoch_end); null when it is not listed.
 */
export function checkpointFrequency(p: LinearModelShape): number | null {
  const callback = p.callback_param;
  return callback?.callbacks.includes('ModelCheckpoint') ? callback.save_freq : null;
}

/**
 * ModelCheckpoint keeps the model after iterations: it needs the component's model output, which a
 * DSL without `output.model` does not declare (a spec's `writesModel`, refused at submit).
 */
export function checkpointsWriteModel(p: LinearModelShape): { field: string; reason: string } | undefined {
  return checkpointFrequency(p) === null
    ? undefined
    : { field: '.callback_param.callbacks', reason: 'ModelCheckpoint keeps the model after iterations' };
}
