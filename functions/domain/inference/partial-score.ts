import { ServingCode, ServingError } from './serving-codes.js';
import type { ServingColumnScale, ServingPipeline, ServingScale, ServingTransform } from './serving-pipeline.js';

/** A plain decimal number as a table cell holds one (DataTransform's own test, runner/components/data-transform.ts). */
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * One record's features as the trained DataTransform reads them, in the trained order: every
 * feature of the model must be there and no other (the label may be); a missing marker is filled
 * when the model fills, else refused; every value a number (an integer for integer data types).
 * A value may come as a JSON number or as the text a table cell would hold. A refusal names the
 * feature, never its value (a host's refusal goes to the guest).
 */
export function transformRecord(transform: ServingTransform, record: Readonly<Record<string, unknown>>): number[] {
  const known = new Set(transform.header);
  const extra = Object.keys(record).filter((name) => !known.has(name) && name !== transform.labelName);
  const missing = transform.header.filter((name) => !Object.hasOwn(record, name));
  if (missing.length > 0 || extra.length > 0) {
    throw new ServingError(
      ServingCode.FEATURE_ERROR,
      'the features do not match the model' +
        (missing.length > 0 ? `; missing: ${missing.join(', ')}` : '') +
        (extra.length > 0 ? `; not in the model: ${extra.join(', ')}` : ''),
    );
  }
  const missingValues = new Set(transform.missingValues);
  return transform.header.map((name) => {
    const value = record[name];
    const cell = typeof value === 'number' ? String(value) : value === null ? 'null' : value;
    if (typeof cell !== 'string') {
      throw new ServingError(ServingCode.FEATURE_ERROR, `feature "${name}" must be a number, got ${typeof value}`);
    }
    if (missingValues.has(cell) && (transform.missingFill || !NUMBER.test(cell))) {
      if (transform.missingFill) return transform.defaultValue;
      throw new ServingError(
        ServingCode.FEATURE_ERROR,
        `feature "${name}" is missing and the model does not fill missing values`,
      );
    }
    const number = typeof value === 'number' ? value : NUMBER.test(cell) ? Number(cell) : Number.NaN;
    if (!Number.isFinite(number)) {
      throw new ServingError(ServingCode.FEATURE_ERROR, `feature "${name}" is not a number`);
    }
    if (transform.integerData && !Number.isInteger(number)) {
      throw new ServingError(ServingCode.FEATURE_ERROR, `feature "${name}" must be an integer`);
    }
    return number;
  });
}

/** FATE's FeatureScale of one value: clipped to the trained bounds, then standardised or min-max scaled. */
export function scaleValue(value: number, scale: ServingColumnScale, method: ServingScale['method']): number {
  const v = Math.min(scale.column_upper, Math.max(scale.column_lower, value));
  if (method === 'standard_scale') return (v - scale.mean) / scale.std;
  const range = scale.column_upper - scale.column_lower;
  return (v - scale.column_lower) / (Math.abs(range) < 1e-6 ? 1 : range);
}

/**
 * This party's part of one record's score: its intercept (the guest's), plus w·x over its features
 * in the trained order — summed in the order batch predict sums them, so the two agree exactly.
 */
export function partialScore(pipeline: ServingPipeline, record: Readonly<Record<string, unknown>>): number {
  const { transform, scale, lr } = pipeline;
  const values = transformRecord(transform, record);
  return transform.header.reduce((sum, name, j) => {
    const raw = values[j] ?? 0;
    const stats = scale?.params[name];
    // A table cell holds a scaled value as its shortest decimal text, which reads back as the same double.
    const x = stats === undefined || scale === undefined ? raw : scaleValue(raw, stats, scale.method);
    return sum + x * (lr.weights[name] ?? 0);
  }, lr.intercept ?? 0);
}

export function sigmoid(value: number): number {
  return 1 / (1 + Math.exp(-value));
}
