import { describe, expect, it } from '@jest/globals';
import { evaluationParameters } from '../../../components/evaluation.js';
import type { Role } from '../../../functions/domain/job/roles.js';
import { Evaluation } from '../../../runner/components/evaluation.js';
import { binaryPrediction, predictionTableCsv } from '../../../runner/components/prediction-table.js';
import { Harness, JOB_ID } from './support.js';

const SPEC = {
  module: 'Evaluation',
  input: { data: { data: ['hetero_lr_0.data'] } },
  output: { data: ['data'] },
};
const LABELS = [1, 0, 1, 0, 1, 0, 0];
const SCORES = [0.9, 0.8, 0.8, 0.4, 0.3, 0.3, 0.1];
const TRAIN = LABELS.map((label, index) => binaryPrediction(String(index), label, SCORES[index] ?? 0, 'train'));
const VALIDATE = [binaryPrediction('v1', 1, 0.7, 'validate'), binaryPrediction('v2', 0, 0.2, 'validate')];
const summaryKey = (role: Role = 'guest', partyId = 9999) =>
  `outputs/${JOB_ID}/evaluation_0/${role}/${partyId}/v0/data.csv`;

async function evaluate(csv: string, parameters: unknown = {}, role: Role = 'guest', partyId = 9999): Promise<Harness> {
  const harness = new Harness();
  await harness.upstream('hetero_lr_0', 'data', csv, { role, partyId });
  await harness.run(Evaluation, parameters, SPEC, { component: 'evaluation_0', role, partyId });
  return harness;
}

const ref = (role: Role = 'guest', partyId = 9999) => ({ jobId: JOB_ID, component: 'evaluation_0', role, partyId });

const metricsOf = async (harness: Harness, role: Role = 'guest', partyId = 9999) =>
  (await harness.tracking.listMetrics({ jobId: JOB_ID, component: 'evaluation_0', role, partyId })).map(
    ({ namespace, name, data, meta }) => ({ namespace, name, data, meta }),
  );

describe('Evaluation', () => {
  it("logs AUC, KS and the rates at 0.5 under FATE's names, per data type, and writes the summary", async () => {
    const harness = await evaluate(predictionTableCsv([...TRAIN, ...VALIDATE]), { eval_type: 'binary' });

    expect(harness.objects.text(summaryKey())).toBe(
      'id,auc,ks,accuracy,precision,recall,total,positives\n' +
        'train.hetero_lr_0,0.75,0.416667,0.714286,0.666667,0.666667,7,3\n' +
        'validate.hetero_lr_0,1,1,1,1,1,2,1\n',
    );
    // FATE's summary: per evaluated data name and data type, the single-valued metrics.
    expect((await harness.tracking.getSummary(ref()))?.summary).toEqual({
      hetero_lr_0: {
        train: { auc: 0.75, ks: 0.416667, accuracy: 0.714286, precision: 0.666667, recall: 0.666667 },
        validate: { auc: 1, ks: 1, accuracy: 1, precision: 1, recall: 1 },
      },
    });
    const metrics = await metricsOf(harness);
    expect(metrics.map((metric) => `${metric.namespace}/${metric.name}`)).toEqual([
      'train/hetero_lr_0',
      'train/hetero_lr_0_roc',
      'train/hetero_lr_0_ks_fpr',
      'train/hetero_lr_0_ks_tpr',
      'validate/hetero_lr_0',
      'validate/hetero_lr_0_roc',
      'validate/hetero_lr_0_ks_fpr',
      'validate/hetero_lr_0_ks_tpr',
    ]);
    expect(metrics[0]).toEqual({
      namespace: 'train',
      name: 'hetero_lr_0',
      data: [
        ['auc', 0.75],
        ['ks', 0.416667],
        ['accuracy', 0.714286],
        ['precision', 0.666667],
        ['recall', 0.666667],
      ],
      meta: { metric_type: 'EVALUATION_SUMMARY', threshold: 0.5 },
    });
    expect(metrics[1]).toEqual({
      namespace: 'train',
      name: 'hetero_lr_0_roc',
      data: [
        [0, 0],
        [0, 0.333333],
        [0.25, 0.666667],
        [0.5, 0.666667],
        [0.75, 1],
        [1, 1],
      ],
      meta: {
        metric_type: 'ROC_EVALUATION',
        unit_name: 'fpr',
        ordinate_name: 'tpr',
        curve_name: 'hetero_lr_0',
        thresholds: [null, 0.9, 0.8, 0.4, 0.3, 0.1],
      },
    });
    expect(metrics[2]?.data).toEqual([
      [0, 0],
      [0.142857, 0],
      [0.428571, 0.25],
      [0.571429, 0.5],
      [0.857143, 0.75],
      [1, 1],
    ]);
    expect(metrics[3]?.meta).toEqual({
      metric_type: 'KS_EVALUATION',
      curve_name: 'hetero_lr_0_tpr',
      pair_type: 'hetero_lr_0',
      thresholds: [null, 0.9, 0.8, 0.4, 0.3, 0.1],
    });
    expect(harness.lines).toEqual([
      'train hetero_lr_0: auc 0.75, ks 0.416667 over 7 rows',
      'validate hetero_lr_0: auc 1, ks 1 over 2 rows',
    ]);
  });

  it('logs only the metrics the metrics parameter names', async () => {
    const harness = await evaluate(predictionTableCsv(TRAIN), { metrics: ['auc'] });

    expect(await metricsOf(harness)).toEqual([
      {
        namespace: 'train',
        name: 'hetero_lr_0',
        data: [['auc', 0.75]],
        meta: { metric_type: 'EVALUATION_SUMMARY', threshold: 0.5 },
      },
    ]);
  });

  it('maps pos_label to the positive class and every other label to the negative one', async () => {
    const rows = [binaryPrediction('a', 2, 0.9, 'train'), binaryPrediction('b', 7, 0.1, 'train')];
    const harness = await evaluate(predictionTableCsv(rows), { pos_label: 2 });

    expect(harness.objects.text(summaryKey())?.split('\n')[1]).toBe('train.hetero_lr_0,1,1,1,1,1,2,1');
  });

  it('evaluates nothing at a host whose prediction table has no rows, and writes an empty summary', async () => {
    const harness = await evaluate(predictionTableCsv([]), {}, 'host', 10000);

    expect(harness.objects.text(summaryKey('host', 10000))).toBe(
      'id,auc,ks,accuracy,precision,recall,total,positives\n',
    );
    expect(await metricsOf(harness, 'host', 10000)).toEqual([]);
    // Empty, as FATE's: get-summary then answers that there is none.
    expect((await harness.tracking.getSummary(ref('host', 10000)))?.summary).toEqual({});
    expect(harness.lines).toEqual(['no predictions with labels at host 10000: nothing to evaluate']);
  });

  it('fails naming the table when its rows hold one class only', async () => {
    await expect(evaluate(predictionTableCsv([binaryPrediction('a', 1, 0.9, 'train')]))).rejects.toThrow(
      'hetero_lr_0.data (train) at guest 9999: AUC and KS need both classes: only one class is present ' +
        '(1 positive, 0 negative rows)',
    );
  });

  it('fails naming the columns when the upstream table is not a prediction table', async () => {
    await expect(evaluate('id,y,x0\n1,0,0.5\n')).rejects.toThrow(
      'hetero_lr_0.data is not a prediction table: its columns after the id are y, x0, expected ' +
        'label, predict_result, predict_score, predict_detail, type',
    );
  });

  it('runs at guest and host; the planner passes it at the arbiter', () => {
    expect(Evaluation.roles).toEqual(['guest', 'host']);
  });
});

describe('Evaluation parameters', () => {
  const messages = (value: unknown) =>
    evaluationParameters.safeParse(value).error?.issues.map((issue) => issue.message);

  it('default to binary evaluation of label 1 with every supported metric', () => {
    expect(evaluationParameters.parse({})).toEqual({ eval_type: 'binary', pos_label: 1, metrics: null });
  });

  it('refuse other evaluation types and metrics this build does not compute, by name', () => {
    expect(messages({ eval_type: 'regression' })).toEqual(['eval_type: only "binary" evaluation is supported']);
    expect(messages({ metrics: ['auc', 'lift'] })).toEqual([
      'metrics: "lift" is not supported (supported: auc, ks, roc, accuracy, precision, recall)',
    ]);
  });
});
