import * as z from 'zod';
import { defineSpec } from '../functions/domain/plan/component-catalog.js';

/**
 * FATE 1.11's FeatureScaleParam by its own names and defaults. `mode: "cap"` (feat_upper /
 * feat_lower read as percentiles) is refused; in `normal` mode they are values, one number for
 * every scaled column or a list with one per scaled column.
 */
const refuse = (why: string) => ({ error: why });
const bound = z
  .union([z.number(), z.array(z.number())])
  .nullable()
  .default(null);

export const featureScaleParameters = z
  .strictObject({
    method: z
      .string()
      .toLowerCase()
      .pipe(z.enum(['standard_scale', 'min_max_scale'], refuse('method must be "standard_scale" or "min_max_scale"')))
      .default('standard_scale'),
    mode: z
      .string()
      .toLowerCase()
      .pipe(z.literal('normal', refuse('mode "cap" (percentile bounds) is not implemented; use mode "normal"')))
      .default('normal'),
    scale_col_indexes: z.union([z.literal(-1), z.array(z.number().int().nonnegative())]).default(-1),
    scale_names: z.array(z.string()).nullable().default(null),
    feat_upper: bound,
    feat_lower: bound,
    with_mean: z.boolean().default(true),
    with_std: z.boolean().default(true),
  })
  .refine(
    (p) => typeof p.feat_upper !== 'number' || typeof p.feat_lower !== 'number' || p.feat_upper >= p.feat_lower,
    refuse('feat_upper must not be below feat_lower'),
  );

export type FeatureScaleParameters = z.output<typeof featureScaleParameters>;

/** FATE's FeatureScale: each party scales its own feature columns (standard or min-max). */
export const featureScaleSpec = defineSpec({
  module: 'FeatureScale',
  roles: ['guest', 'host'],
  parameters: featureScaleParameters,
});
