import { describe, expect, it } from '@jest/globals';
import { confusionAt, countsFromSummaryTable, derivedCurves } from '../../../board/lib/derived-curves.js';

describe('the board curves derived from the ROC', () => {
  // 10 rows, 4 positive: at each cut, tp = tpr·4 and fp = fpr·6.
  const counts = { total: 10, positives: 4 };
  const roc = { fpr: [0, 0, 1 / 6, 1], tpr: [0, 0.5, 1, 1] };

  it('gives PR, gain and lift at every cut that predicts a positive', () => {
    expect(derivedCurves(roc, counts)).toEqual({
      // (tp, fp): (2, 0), (4, 1), (4, 6)
      pr: { recall: [0.5, 1, 1], precision: [1, 0.8, 0.4] },
      gain: { taken: [0.2, 0.5, 1], found: [0.5, 1, 1] },
      lift: { taken: [0.2, 0.5, 1], lift: [2.5, 2, 1] },
    });
  });

  it('gives nothing without positives', () => {
    expect(derivedCurves(roc, { total: 10, positives: 0 }).pr.recall).toEqual([]);
  });

  it("recovers the confusion matrix from the Evaluation's precision and recall", () => {
    // 357 positives of 569: recall 0.957983 → tp 342; precision 0.91689 → fp 31.
    expect(confusionAt({ precision: 0.91689, recall: 0.957983 }, { total: 569, positives: 357 })).toEqual({
      tp: 342,
      fp: 31,
      fn: 15,
      tn: 181,
    });
    expect(confusionAt({ precision: 0, recall: 0 }, counts)).toBeUndefined();
  });

  it("reads the class counts from the Evaluation's summary table", () => {
    const header = ['id', 'auc', 'ks', 'accuracy', 'precision', 'recall', 'total', 'positives'];
    const rows = [['train.hetero_lr_0', '0.97', '0.84', '0.9', '0.9', '0.9', '569', '357']];
    expect([...countsFromSummaryTable(header, rows)]).toEqual([['train.hetero_lr_0', { total: 569, positives: 357 }]]);
    expect(countsFromSummaryTable(['id', 'auc'], rows).size).toBe(0);
  });
});
