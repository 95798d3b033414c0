import { describe, expect, it } from '@jest/globals';
import { evaluationCurves, iterationSeries, type MetricAll, summaryRows } from '../../../board/lib/metrics.js';

/** What component metric-all answers for HeteroLR and Evaluation at the guest (runner/components). */
const metrics: MetricAll = {
  train: {
    loss: {
      data: [
        [1, 0.5],
        [0, 0.69],
        [2, 0.41],
        [1, 0.52],
      ],
      meta: { metric_type: 'LOSS', unit_name: 'iters' },
    },
    hetero_lr_0: {
      data: [
        ['auc', 0.97],
        ['ks', 0.84],
      ],
      meta: { metric_type: 'EVALUATION_SUMMARY' },
    },
    hetero_lr_0_roc: {
      data: [
        [0, 0],
        [0.1, 0.8],
        [1, 1],
      ],
      meta: { metric_type: 'ROC_EVALUATION', thresholds: [0.9, 0.5, null] },
    },
    hetero_lr_0_ks_fpr: {
      data: [
        [0, 0],
        [0.5, 0.1],
        [1, 1],
      ],
      meta: { metric_type: 'KS_EVALUATION' },
    },
    hetero_lr_0_ks_tpr: {
      data: [
        [0, 0],
        [0.5, 0.9],
        [1, 1],
      ],
      meta: { metric_type: 'KS_EVALUATION' },
    },
  },
};

describe('the board metric shaping', () => {
  it('makes one point per iteration of the loss, in order, a retried iteration once with its last value', () => {
    expect(iterationSeries(metrics)).toEqual([
      { title: 'train loss', xLabel: 'iters', yLabel: 'loss', x: [0, 1, 2], y: [0.69, 0.52, 0.41] },
    ]);
  });

  it('keeps the single values as summary rows', () => {
    expect(summaryRows(metrics)).toEqual([
      { namespace: 'train', name: 'hetero_lr_0', values: { auc: 0.97, ks: 0.84 } },
    ]);
  });

  it('pairs the ROC with its KS curves and thresholds', () => {
    expect(evaluationCurves(metrics)).toEqual([
      {
        namespace: 'train',
        dataName: 'hetero_lr_0',
        fpr: [0, 0.1, 1],
        tpr: [0, 0.8, 1],
        thresholds: [0.9, 0.5, null],
        ks: { cuts: [0, 0.5, 1], fpr: [0, 0.1, 1], tpr: [0, 0.9, 1] },
      },
    ]);
  });

  it('draws no KS chart when one of its two curves is missing', () => {
    const { hetero_lr_0_ks_tpr: _, ...rest } = metrics.train ?? {};
    expect(evaluationCurves({ train: rest })[0]?.ks).toBeUndefined();
  });
});
