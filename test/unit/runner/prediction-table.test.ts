import { describe, expect, it } from '@jest/globals';
import type { InputTable } from '../../../runner/components/component.js';
import {
  binaryPrediction,
  parsePredictDetail,
  predictionTableCsv,
  readPredictionTable,
} from '../../../runner/components/prediction-table.js';
import { parseCsv } from '../../../runner/context/csv.js';

const asInput = (csv: string): InputTable => ({ name: 'hetero_lr_0.data', ...parseCsv(csv, ','), csv, meta: {} });

describe('prediction table', () => {
  it("writes FATE's predict columns after the id, predict_detail as class:probability pairs", () => {
    const rows = [binaryPrediction('7', 1, 0.75, 'train'), binaryPrediction('8', 0, 0.5, 'validate')];

    expect(predictionTableCsv(rows)).toBe(
      'id,label,predict_result,predict_score,predict_detail,type\n' +
        '7,1,1,0.75,0:0.25;1:0.75,train\n' +
        '8,0,0,0.5,0:0.5;1:0.5,validate\n',
    );
  });

  it('reads back exactly what it wrote, an empty label as none', () => {
    const rows = [binaryPrediction('7', 1, 0.123456789, 'train'), binaryPrediction('9', null, 0.9, 'predict')];

    expect(readPredictionTable(asInput(predictionTableCsv(rows)))).toEqual(rows);
  });

  it('names the row and column of a cell that is not a number and a type it does not know', () => {
    const header = 'id,label,predict_result,predict_score,predict_detail,type\n';

    expect(() => readPredictionTable(asInput(`${header}7,1,1,high,0:0;1:1,train\n`))).toThrow(
      'hetero_lr_0.data row 1 (id 7), column "predict_score": "high" is not a number',
    );
    expect(() => readPredictionTable(asInput(`${header}7,1,1,0.5,0:0.5;1:0.5,eval\n`))).toThrow(
      'hetero_lr_0.data row 1 (id 7): type "eval" is not one of train, validate, test, predict',
    );
  });

  it('refuses a predict_detail that is not class:probability pairs', () => {
    expect(parsePredictDetail('0:0.4;1:0.6', 'here')).toEqual({ '0': 0.4, '1': 0.6 });
    expect(() => parsePredictDetail('{"0": 0.4}', 'here')).toThrow(
      'here: predict_detail "{"0": 0.4}" is not "<class>:<probability>;…"',
    );
  });
});
