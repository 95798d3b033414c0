import { describe, expect, it } from '@jest/globals';
import { dataTransformParameters } from '../../../components/data-transform.js';
import type { Role } from '../../../functions/domain/job/roles.js';
import { DataTransform } from '../../../runner/components/data-transform.js';
import { Harness, JOB_ID, NOW } from './support.js';

const SPEC = {
  module: 'DataTransform',
  input: { data: { data: ['reader_0.data'] } },
  output: { data: ['data'], model: ['model'] },
};
const at = (component: string, role: Role = 'guest', partyId = 9999) => ({ jobId: JOB_ID, component, role, partyId });
const dataKey = (role: Role = 'guest', partyId = 9999) =>
  `outputs/${JOB_ID}/data_transform_0/${role}/${partyId}/v0/data.csv`;
const modelKey = (role: Role = 'guest', partyId = 9999) =>
  `outputs/${JOB_ID}/data_transform_0/${role}/${partyId}/v0/model.json`;

/** Runs DataTransform at a party on `csv` as reader_0's output there. */
async function transform(csv: string, parameters: unknown, role: Role = 'guest', partyId = 9999): Promise<Harness> {
  const harness = new Harness();
  await harness.upstream('reader_0', 'data', csv, { role, partyId });
  await harness.run(DataTransform, parameters, SPEC, { component: 'data_transform_0', role, partyId });
  return harness;
}

const failure = (csv: string, parameters: unknown) => transform(csv, parameters).then(() => 'passed');

describe('DataTransform', () => {
  it('puts the label right after the id and writes every cell as a checked number', async () => {
    const harness = await transform('id,x0,y,x1\n10,1.50,1,-2\n11,1e-3,0,+0.25\n', {
      with_label: true,
      label_name: 'y',
      label_type: 'int',
      output_format: 'dense',
    });

    expect(harness.objects.text(dataKey())).toBe('id,y,x0,x1\n10,1,1.5,-2\n11,0,0.001,0.25\n');
    // FATE's DataTransform sets a summary only when it fills missing values.
    expect(await harness.tracking.getSummary(at('data_transform_0'))).toBeUndefined();
    const [data, model] = [
      await harness.tracking.listOutputs(at('data_transform_0'), 'data'),
      await harness.tracking.listOutputs(at('data_transform_0'), 'model'),
    ];
    expect(data.map((output) => output.meta)).toEqual([
      {
        label_name: 'y',
        with_label: true,
        label_type: 'int',
        header: ['y', 'x0', 'x1'],
        total: 2,
        sid: 'id',
        delimiter: ',',
      },
    ]);
    expect(model.map((output) => [output.location, output.meta, output.createTime])).toEqual([
      [modelKey(), { model_type: 'DataTransform' }, NOW],
    ]);
    expect(JSON.parse(harness.objects.text(modelKey()) ?? '')).toEqual({
      meta: {
        input_format: 'dense',
        data_type: 'float64',
        with_label: true,
        label_name: 'y',
        label_type: 'int',
        output_format: 'dense',
        missing_fill: false,
        default_value: 0,
        missing_impute: null,
      },
      param: { sid_name: 'id', label_name: 'y', header: ['x0', 'x1'] },
    });
    expect(harness.lines).toEqual(['transformed reader_0.data: 2 rows, 2 features, label "y"']);
  });

  it('keeps every column a feature at a host without labels', async () => {
    const harness = await transform('id,x0,x1\n10,3,4\n', { with_label: false }, 'host', 10000);

    expect(harness.objects.text(dataKey('host', 10000))).toBe('id,x0,x1\n10,3,4\n');
    const [data] = await harness.tracking.listOutputs(at('data_transform_0', 'host', 10000), 'data');
    expect(data?.meta).toEqual({
      label_name: null,
      with_label: false,
      label_type: 'int',
      header: ['x0', 'x1'],
      total: 1,
      sid: 'id',
      delimiter: ',',
    });
    expect(JSON.parse(harness.objects.text(modelKey('host', 10000)) ?? '').param).toEqual({
      sid_name: 'id',
      label_name: null,
      header: ['x0', 'x1'],
    });
  });

  it('fills missing cells with default_value when missing_fill is on', async () => {
    const harness = await transform('id,y,x0,x1\n1,1,NA,\n2,0,null,5\n', {
      with_label: true,
      missing_fill: true,
      default_value: -1,
    });

    expect(harness.objects.text(dataKey())).toBe('id,y,x0,x1\n1,1,-1,-1\n2,0,-1,5\n');
    // FATE's summary of the fill: the values taken as missing, per feature the fill and the share filled.
    expect((await harness.tracking.getSummary(at('data_transform_0')))?.summary).toEqual({
      missing_fill_info: {
        missing_value: ['', 'NA', 'na', 'null', 'NULL', 'None', 'none', 'NaN', 'nan'],
        missing_impute_value: { x0: -1, x1: -1 },
        missing_impute_rate: { x0: 1, x1: 0.5 },
      },
    });
  });

  it('fills only the values missing_impute lists when it is given', async () => {
    const harness = await transform('id,x0\n1,?\n2,7\n', { missing_fill: true, missing_impute: ['?'] });

    expect(harness.objects.text(dataKey())).toBe('id,x0\n1,0\n2,7\n');
    expect((await harness.tracking.getSummary(at('data_transform_0')))?.summary).toEqual({
      missing_fill_info: { missing_value: ['?'], missing_impute_value: { x0: 0 }, missing_impute_rate: { x0: 0.5 } },
    });
  });

  it('names the row, id and column of a cell that is not a number', async () => {
    await expect(failure('id,y,x0\n1,1,0.5\n2,0,abc\n', { with_label: true })).rejects.toThrow(
      'row 2 (id 2), column "x0": "abc" is not a number',
    );
  });

  it('names a missing value and the setting that fills it', async () => {
    await expect(failure('id,y,x0\n1,1,\n', { with_label: true })).rejects.toThrow(
      'row 1 (id 1), column "x0": the value is missing (""); set missing_fill: true to fill it',
    );
  });

  it('refuses a fractional label of label_type int and a fractional cell of data_type int', async () => {
    await expect(failure('id,y,x0\n1,0.5,1\n', { with_label: true })).rejects.toThrow(
      'row 1 (id 1), column "y": "0.5" is not an integer (label_type int)',
    );
    await expect(failure('id,x0\n4,1.5\n', { data_type: 'int' })).rejects.toThrow(
      'row 1 (id 4), column "x0": "1.5" is not an integer (data_type int)',
    );
  });

  it('accepts a fractional label of label_type float', async () => {
    const harness = await transform('id,y,x0\n1,0.5,1\n', { with_label: true, label_type: 'float' });

    expect(harness.objects.text(dataKey())).toBe('id,y,x0\n1,0.5,1\n');
  });

  it('names the header when the label column is not in the table', async () => {
    await expect(failure('id,x0,x1\n1,2,3\n', { with_label: true, label_name: 'label' })).rejects.toThrow(
      'the label column "label" is not in reader_0.data at guest 9999 (header: id, x0, x1); ' +
        'set label_name, or with_label: false at a party without labels',
    );
  });
});

describe('DataTransform parameters', () => {
  const messages = (value: unknown) =>
    dataTransformParameters.safeParse(value).error?.issues.map((issue) => issue.message);

  it('default as FATE does: no label, label y of type int, float64, no fill', () => {
    expect(dataTransformParameters.parse({})).toEqual({
      data_type: 'float64',
      missing_fill: false,
      default_value: 0,
      missing_fill_method: null,
      missing_impute: null,
      with_label: false,
      label_name: 'y',
      label_type: 'int',
    });
  });

  it('accept what FATE users write for dense tables', () => {
    expect(
      dataTransformParameters.safeParse({
        input_format: 'dense',
        delimitor: ',',
        output_format: 'dense',
        outlier_replace: false,
        with_match_id: false,
        tag_with_value: false,
        missing_fill_method: 'designated',
      }).success,
    ).toBe(true);
  });

  it('refuse what this build does not do, by name', () => {
    expect(messages({ input_format: 'sparse' })).toEqual([
      'input_format: only "dense" tables are supported (not sparse or tag)',
    ]);
    expect(messages({ output_format: 'sparse' })).toEqual(['output_format: only "dense" output is supported']);
    expect(messages({ outlier_replace: true })).toEqual(['outlier_replace: outlier replacement is not supported']);
    expect(messages({ missing_fill_method: 'mean' })).toEqual([
      'missing_fill_method: only "designated" (fill with default_value) is supported',
    ]);
    expect(messages({ with_match_id: true })).toEqual(['with_match_id: match ids are not supported']);
    expect(messages({ label_type: 'str' })).toEqual(['label_type must be int or float']);
    expect(messages({ with_lable: true })).toEqual(['Unrecognized key: "with_lable"']);
  });
});
