import * as z from 'zod';
import { defineSpec } from '../functions/domain/plan/component-catalog.js';

/** A parameter of FATE's DataTransform we know but do not implement: only `allowed` passes, anything else names why. */
function onlyValue<T extends string | number | boolean | null>(field: string, allowed: T, why: string) {
  return z
    .unknown()
    .refine((value) => value === allowed, { error: `${field}: ${why}` })
    .transform((): T => allowed)
    .optional();
}

const INTEGER_TYPES = ['int', 'int32', 'int64', 'long'] as const;
const FLOAT_TYPES = ['float', 'float32', 'float64', 'double'] as const;

/** Cells FATE's dense DataTransform treats as missing when no `missing_impute` list is given. */
export const DEFAULT_MISSING_VALUES: readonly string[] = ['', 'NA', 'na', 'null', 'NULL', 'None', 'none', 'NaN', 'nan'];

/**
 * FATE's DataTransformParam (dense tables). Every key FATE accepts is known here, so a misspelt one
 * fails at submit; what this build does not do (sparse/tag input, outlier replacement, fills other
 * than a designated value, match ids) is refused by name instead of being silently ignored.
 */
export const dataTransformParameters = z.strictObject({
  input_format: onlyValue('input_format', 'dense', 'only "dense" tables are supported (not sparse or tag)'),
  delimitor: onlyValue('delimitor', ',', 'only "," is supported: the Reader stores every table with ","'),
  data_type: z
    .enum([...FLOAT_TYPES, ...INTEGER_TYPES], { error: 'data_type must be float64, float, int or int64' })
    .default('float64'),
  exclusive_data_type: onlyValue('exclusive_data_type', null, 'per-column data types are not supported'),
  tag_with_value: onlyValue('tag_with_value', false, 'tag input is not supported'),
  tag_value_delimitor: onlyValue('tag_value_delimitor', ':', 'tag input is not supported'),
  missing_fill: z.boolean().default(false),
  default_value: z.number({ error: 'default_value must be a number' }).default(0),
  missing_fill_method: z
    .enum(['designated'], { error: 'missing_fill_method: only "designated" (fill with default_value) is supported' })
    .nullable()
    .default(null),
  missing_impute: z
    .array(z.union([z.string(), z.number(), z.null()]), { error: 'missing_impute must be a list of values' })
    .nullable()
    .default(null),
  outlier_replace: onlyValue('outlier_replace', false, 'outlier replacement is not supported'),
  outlier_replace_method: onlyValue('outlier_replace_method', null, 'outlier replacement is not supported'),
  outlier_impute: onlyValue('outlier_impute', null, 'outlier replacement is not supported'),
  outlier_replace_value: onlyValue('outlier_replace_value', 0, 'outlier replacement is not supported'),
  with_label: z.boolean({ error: 'with_label must be true or false' }).default(false),
  label_name: z.string().min(1, { error: 'label_name must not be empty' }).default('y'),
  label_type: z.enum([...INTEGER_TYPES, ...FLOAT_TYPES], { error: 'label_type must be int or float' }).default('int'),
  output_format: onlyValue('output_format', 'dense', 'only "dense" output is supported'),
  with_match_id: onlyValue('with_match_id', false, 'match ids are not supported'),
  match_id_name: onlyValue('match_id_name', null, 'match ids are not supported'),
  match_id_index: onlyValue('match_id_index', 0, 'match ids are not supported'),
});

export type DataTransformParameters = z.output<typeof dataTransformParameters>;

/** Whether values of this FATE type must be whole numbers. */
export function isIntegerType(type: string): boolean {
  return (INTEGER_TYPES as readonly string[]).includes(type);
}

/** FATE's DataTransform: a party's table as checked numbers, its label (if any) right after the id. */
export const dataTransformSpec = defineSpec({
  module: 'DataTransform',
  roles: ['guest', 'host'],
  parameters: dataTransformParameters,
});
