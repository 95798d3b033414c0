import { describe, expect, it } from '@jest/globals';
import { partialScore, sigmoid, transformRecord } from '../../../../functions/domain/inference/partial-score.js';
import { ServingCode, ServingError } from '../../../../functions/domain/inference/serving-codes.js';
import type { ServingPipeline, ServingTransform } from '../../../../functions/domain/inference/serving-pipeline.js';

const transform: ServingTransform = {
  header: ['x0', 'x1', 'x2'],
  labelName: 'y',
  integerData: false,
  missingFill: false,
  defaultValue: 0,
  missingValues: ['', 'NA', 'null'],
};

const guest: ServingPipeline = {
  transform,
  scale: undefined,
  lr: { modelType: 'HeteroLR', weights: { x0: 0.5, x1: -1.25, x2: 2 }, intercept: 0.125 },
};

function refusal(run: () => unknown): ServingError {
  try {
    run();
  } catch (error) {
    if (error instanceof ServingError) return error;
    throw error;
  }
  throw new Error('expected a ServingError');
}

describe('transformRecord', () => {
  it('reads the features in the trained order, as numbers or as the text a table cell holds; the label is ignored', () => {
    expect(transformRecord(transform, { x2: '3.5', y: 1, x0: 1, x1: '-2e-1' })).toEqual([1, -0.2, 3.5]);
  });

  it('names every missing and every extra feature at once (code 102)', () => {
    const error = refusal(() => transformRecord(transform, { x0: 1, x3: 2, x4: 3 }));
    expect([error.code, error.message]).toEqual([
      ServingCode.FEATURE_ERROR,
      'the features do not match the model; missing: x1, x2; not in the model: x3, x4',
    ]);
  });

  it('refuses a value that is not a number without echoing it', () => {
    for (const value of ['abc', '0x1f', ' 1', true, {}, [1]]) {
      const error = refusal(() => transformRecord(transform, { x0: 1, x1: value, x2: 3 }));
      expect(error.code).toBe(ServingCode.FEATURE_ERROR);
      expect(error.message).toMatch(/^feature "x1" (is not a number|must be a number, got (boolean|object))$/);
    }
  });

  it('fills a missing marker with the default when the model fills, else refuses it', () => {
    const filling = { ...transform, missingFill: true, defaultValue: 7 };
    expect(transformRecord(filling, { x0: 'NA', x1: '', x2: null })).toEqual([7, 7, 7]);
    const error = refusal(() => transformRecord(transform, { x0: 'NA', x1: 1, x2: 2 }));
    expect([error.code, error.message]).toEqual([
      ServingCode.FEATURE_ERROR,
      'feature "x0" is missing and the model does not fill missing values',
    ]);
  });

  it('takes only integers for an integer data type', () => {
    const integers = { ...transform, integerData: true };
    expect(transformRecord(integers, { x0: 1, x1: '2', x2: -3 })).toEqual([1, 2, -3]);
    expect(refusal(() => transformRecord(integers, { x0: 1.5, x1: 2, x2: 3 })).message).toBe(
      'feature "x0" must be an integer',
    );
  });
});

describe('partialScore', () => {
  it("is the intercept plus w·x in the trained order (the guest's part)", () => {
    const x = { x0: 0.3, x1: 0.7, x2: -1.1 };
    expect(partialScore(guest, x)).toBe(0.125 + 0.3 * 0.5 + 0.7 * -1.25 + -1.1 * 2);
  });

  it("is w·x alone without an intercept (a host's part)", () => {
    const host = { ...guest, lr: { ...guest.lr, intercept: undefined } };
    expect(partialScore(host, { x0: 2, x1: 4, x2: 8 })).toBe(2 * 0.5 + 4 * -1.25 + 8 * 2);
  });

  it('scales the scaled features first (standard: clipped, minus mean, over std; min-max: over the range)', () => {
    const standard: ServingPipeline = {
      ...guest,
      scale: {
        method: 'standard_scale',
        params: { x0: { column_lower: 0, column_upper: 10, mean: 4, std: 2 } },
      },
    };
    // x0 = 12 is clipped to 10: (10 − 4) / 2 = 3; x1 and x2 pass unscaled.
    expect(partialScore(standard, { x0: 12, x1: 1, x2: 1 })).toBe(0.125 + 3 * 0.5 + 1 * -1.25 + 1 * 2);
    const minMax: ServingPipeline = {
      ...guest,
      scale: {
        method: 'min_max_scale',
        params: { x2: { column_lower: -2, column_upper: 6, mean: 0, std: 1 } },
      },
    };
    expect(partialScore(minMax, { x0: 0, x1: 0, x2: 2 })).toBe(0.125 + 0 + 0 + ((2 - -2) / 8) * 2);
  });

  it('gives sigmoid(w·x + b) as the probability', () => {
    expect(sigmoid(0)).toBe(0.5);
    expect(sigmoid(Math.log(3))).toBeCloseTo(0.75, 15);
  });
});
