import * as z from 'zod';
import { defineSpec } from '../functions/domain/plan/component-catalog.js';

/** The metrics this build computes for eval_type binary, by FATE's names. */
export const BINARY_METRICS = ['auc', 'ks', 'roc', 'accuracy', 'precision', 'recall'] as const;
export type BinaryMetricName = (typeof BINARY_METRICS)[number];

/** FATE's EvaluateParam; only binary evaluation is built, the other types are refused by name. */
export const evaluationParameters = z.strictObject({
  eval_type: z
    .enum(['binary', 'regression', 'multi', 'clustering'], { error: 'eval_type must be binary' })
    .default('binary')
    .refine((type) => type === 'binary', { error: 'eval_type: only "binary" evaluation is supported' }),
  pos_label: z.union([z.number(), z.string()], { error: 'pos_label must be a number or a string' }).default(1),
  metrics: z
    .array(
      z.string().refine((name) => (BINARY_METRICS as readonly string[]).includes(name), {
        error: (issue) =>
          `metrics: "${String(issue.input)}" is not supported (supported: ${BINARY_METRICS.join(', ')})`,
      }),
    )
    .nullable()
    .default(null),
  // Multi-class and clustering evaluation are refused (eval_type), so their switches pass at FATE's default only.
  unfold_multi_result: z
    .literal(false, { error: 'unfold_multi_result is for multi-class evaluation, which is not supported' })
    .optional(),
  run_clustering_arbiter_metric: z
    .literal(false, { error: 'run_clustering_arbiter_metric is for clustering evaluation, which is not supported' })
    .optional(),
});

export type EvaluationParameters = z.output<typeof evaluationParameters>;

/** FATE's Evaluation (binary): AUC, KS and curves of the upstream predictions, where the labels are. */
export const evaluationSpec = defineSpec({
  module: 'Evaluation',
  roles: ['guest', 'host'],
  parameters: evaluationParameters,
});
