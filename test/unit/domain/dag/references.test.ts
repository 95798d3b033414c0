import { describe, expect, it } from '@jest/globals';
import { parseReference } from '../../../../functions/domain/dag/references.js';

describe('parseReference', () => {
  it('reads "<component>.<output>" as an output of an upstream component', () => {
    expect(parseReference('reader_0.data')).toEqual({ kind: 'component', component: 'reader_0', output: 'data' });
  });

  it('accepts hyphens and digits in both parts', () => {
    expect(parseReference('split-1.train-data2')).toEqual({
      kind: 'component',
      component: 'split-1',
      output: 'train-data2',
    });
  });

  it('reads "pipeline.<component>.<model>" as a model of the trained pipeline', () => {
    expect(parseReference('pipeline.hetero_lr_0.model')).toEqual({
      kind: 'pipeline',
      component: 'hetero_lr_0',
      model: 'model',
    });
  });

  it('reads "args.<key>" as data handed in by the conf', () => {
    expect(parseReference('args.eval_data')).toEqual({ kind: 'args', key: 'eval_data' });
  });

  it('reads "pipeline.<x>" with two parts as an ordinary component reference', () => {
    expect(parseReference('pipeline.model')).toEqual({ kind: 'component', component: 'pipeline', output: 'model' });
  });

  it.each([
    '',
    'reader_0',
    'reader_0.',
    '.data',
    'reader_0..data',
    'reader_0.data.extra',
    'args.eval_data.x',
    'pipeline.hetero_lr_0.model.x',
    'reader 0.data',
    'reader_0.data ',
    'reader_0/data',
    'reader_0.dåta',
  ])('returns undefined for %j, which has none of the three shapes', (text) => {
    expect(parseReference(text)).toBeUndefined();
  });
});
