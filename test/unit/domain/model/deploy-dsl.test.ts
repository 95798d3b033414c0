import { describe, expect, it } from '@jest/globals';
import { ArgumentError } from '../../../../functions/domain/errors.js';
import { type Dsl, dslSchema } from '../../../../functions/domain/job/dsl-schema.js';
import { parseOrThrow } from '../../../../functions/domain/job/zod-errors.js';
import { deployDsl } from '../../../../functions/domain/model/deploy-dsl.js';

const dslOf = (components: Record<string, unknown>): Dsl => parseOrThrow(dslSchema, { components }, 'dsl');

/** A hetero-LR training pipeline: read, transform, intersect, train, evaluate. */
const training = dslOf({
  read_a: { module: 'Reader', output: { data: ['data'] } },
  transform_a: {
    module: 'DataTransform',
    input: { data: { data: ['read_a.data'] } },
    output: { data: ['data'], model: ['model'] },
  },
  intersect_a: { module: 'Intersection', input: { data: { data: ['transform_a.data'] } }, output: { data: ['data'] } },
  lr_a: {
    module: 'HeteroLR',
    input: { data: { train_data: ['intersect_a.data'], validate_data: ['intersect_a.data'] } },
    output: { data: ['data'], model: ['model'] },
  },
  eval_a: { module: 'Evaluation', input: { data: { data: ['lr_a.data'] } }, output: { data: ['data'] } },
});

describe('deployDsl (FATE-Flow 1.11 deploy_component)', () => {
  it('makes the predict DSL of the listed components: models from the pipeline, train_data read as test_data', () => {
    expect(deployDsl(training, ['read_a', 'transform_a', 'intersect_a', 'lr_a'])).toEqual({
      components: {
        read_a: { module: 'Reader', output: { data: ['data'] } },
        transform_a: {
          module: 'DataTransform',
          input: { data: { data: ['read_a.data'] }, model: ['pipeline.transform_a.model'] },
          output: { data: ['data'] },
        },
        intersect_a: {
          module: 'Intersection',
          input: { data: { data: ['transform_a.data'] } },
          output: { data: ['data'] },
        },
        lr_a: {
          module: 'HeteroLR',
          input: { data: { test_data: ['intersect_a.data'] }, model: ['pipeline.lr_a.model'] },
          output: { data: ['data'] },
        },
      },
    });
  });

  it('deploys every component when no list is given', () => {
    expect(Object.keys(deployDsl(training).components)).toEqual([
      'read_a',
      'transform_a',
      'intersect_a',
      'lr_a',
      'eval_a',
    ]);
  });

  it('reads through a component left out: the data it passed on comes from its own input', () => {
    const predict = deployDsl(training, ['read_a', 'transform_a', 'lr_a']);
    expect(predict.components.lr_a).toEqual({
      module: 'HeteroLR',
      input: { data: { test_data: ['transform_a.data'] }, model: ['pipeline.lr_a.model'] },
      output: { data: ['data'] },
    });
  });

  it('refuses a listed component the training DSL lacks, naming it and the DSL components', () => {
    let caught: unknown;
    try {
      deployDsl(training, ['read_a', 'lr_b']);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ArgumentError);
    expect((caught as ArgumentError).message).toBe(
      'cpn_list: lr_b not in the training DSL (its components: read_a, transform_a, intersect_a, lr_a, eval_a)',
    );
  });

  it('refuses an empty list', () => {
    expect(() => deployDsl(training, [])).toThrow('cpn_list: names no component to deploy');
  });
});

describe('deployDsl reading through what is left out', () => {
  it('follows a chain of left-out components to the first deployed or Reader upstream, once each', () => {
    const chain = dslOf({
      read_a: { module: 'Reader', output: { data: ['data'] } },
      scale_a: { module: 'FeatureScale', input: { data: { data: ['read_a.data'] } }, output: { data: ['data'] } },
      scale_b: { module: 'FeatureScale', input: { data: { data: ['scale_a.data'] } }, output: { data: ['data'] } },
      lr_a: {
        module: 'HomoLR',
        input: { data: { train_data: ['scale_b.data'] } },
        output: { data: ['data'], model: ['model'] },
      },
      lr_b: {
        module: 'HomoLR',
        input: { data: { train_data: ['scale_b.data'] } },
        output: { data: ['data'], model: ['model'] },
      },
    });
    const predict = deployDsl(chain, ['lr_a', 'lr_b']);
    const reads = { data: { test_data: ['read_a.data'] } };
    expect(predict.components).toEqual({
      lr_a: { module: 'HomoLR', input: { ...reads, model: ['pipeline.lr_a.model'] }, output: { data: ['data'] } },
      lr_b: { module: 'HomoLR', input: { ...reads, model: ['pipeline.lr_b.model'] }, output: { data: ['data'] } },
    });
  });

  it('reads nothing through a left-out component without a data input, and keeps a non-component reference', () => {
    const odd = dslOf({
      source_a: { module: 'Reader', output: { data: ['data'] } },
      gen_a: { module: 'FeatureScale', output: { data: ['data'] } },
      lr_a: {
        module: 'HomoLR',
        input: { data: { train_data: ['gen_a.data', 'args.train_data'] } },
        output: { data: ['data'], model: ['model'] },
      },
    });
    expect(deployDsl(odd, ['lr_a']).components).toEqual({
      lr_a: {
        module: 'HomoLR',
        input: { data: { test_data: ['args.train_data'] }, model: ['pipeline.lr_a.model'] },
        output: { data: ['data'] },
      },
    });
  });
});
