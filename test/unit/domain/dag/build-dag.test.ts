import { describe, expect, it } from '@jest/globals';
import { buildDag } from '../../../../functions/domain/dag/build-dag.js';
import { ArgumentError } from '../../../../functions/domain/errors.js';
import { type Dsl, dslSchema } from '../../../../functions/domain/job/dsl-schema.js';
import { parseOrThrow } from '../../../../functions/domain/job/zod-errors.js';

const dslOf = (components: Record<string, unknown>): Dsl => parseOrThrow(dslSchema, { components }, 'dsl');

const reader = { module: 'Reader', output: { data: ['data'] } };

function thrownBy(call: () => unknown): unknown {
  try {
    call();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to throw');
}

describe('buildDag', () => {
  it('makes an edge for every FATE data input kind', () => {
    const { dag, warnings } = buildDag(
      dslOf({
        r_data: reader,
        r_train: reader,
        r_validate: reader,
        r_test: reader,
        r_eval: reader,
        sink: {
          module: 'Any',
          input: {
            data: {
              data: ['r_data.data'],
              train_data: ['r_train.data'],
              validate_data: ['r_validate.data'],
              test_data: ['r_test.data'],
              eval_data: ['r_eval.data'],
            },
          },
        },
      }),
      'train',
    );
    expect(dag.upstream.get('sink')).toEqual(['r_data', 'r_train', 'r_validate', 'r_test', 'r_eval']);
    expect(warnings).toEqual([]);
  });

  it('resolves model, isometric_model and cache inputs against the matching output lists', () => {
    const { dag } = buildDag(
      dslOf({
        reader_0: reader,
        fit: { module: 'FeatureScale', input: { data: { data: ['reader_0.data'] } }, output: { model: ['scale'] } },
        cache_maker: {
          module: 'Intersection',
          input: { data: { data: ['reader_0.data'] } },
          output: { data: ['data'], cache: ['ids'] },
        },
        uses_model: { module: 'FeatureScale', input: { data: { data: ['reader_0.data'] }, model: ['fit.scale'] } },
        uses_iso: {
          module: 'FeatureScale',
          input: { data: { data: ['reader_0.data'] }, isometric_model: ['fit.scale'] },
        },
        uses_cache: {
          module: 'Intersection',
          input: { data: { data: ['reader_0.data'] }, cache: ['cache_maker.ids'] },
        },
      }),
      'train',
    );
    expect(dag.upstream.get('uses_model')).toEqual(['reader_0', 'fit']);
    expect(dag.upstream.get('uses_iso')).toEqual(['reader_0', 'fit']);
    expect(dag.upstream.get('uses_cache')).toEqual(['reader_0', 'cache_maker']);
    expect(dag.downstream.get('fit')).toEqual(['uses_model', 'uses_iso']);
    expect(dag.downstream.get('reader_0')).toEqual(['fit', 'cache_maker', 'uses_model', 'uses_iso', 'uses_cache']);
  });

  it('lists a component read twice once, in DSL order', () => {
    const { dag } = buildDag(
      dslOf({
        b: reader,
        a: reader,
        t: {
          module: 'DataTransform',
          input: { data: { data: ['a.data'], train_data: ['b.data', 'a.data'] } },
          output: { data: ['data'], model: ['model'] },
        },
        u: { module: 'X', input: { data: { data: ['t.data'] }, model: ['t.model'] } },
      }),
      'train',
    );
    expect(dag.names).toEqual(['b', 'a', 't', 'u']);
    expect(dag.upstream.get('t')).toEqual(['b', 'a']);
    expect(dag.upstream.get('u')).toEqual(['t']);
    expect(dag.downstream.get('a')).toEqual(['t']);
  });

  it('warns about a data input key FATE gives no meaning to, and still makes the edge', () => {
    const { dag, warnings } = buildDag(
      dslOf({ reader_0: reader, x: { module: 'X', input: { data: { training: ['reader_0.data'] } } } }),
      'train',
    );
    expect(dag.upstream.get('x')).toEqual(['reader_0']);
    expect(warnings).toEqual([
      'dsl.components.x.input.data.training: "training" is not one of FATE\'s data inputs (data, train_data, validate_data, test_data, eval_data)',
    ]);
  });

  it('makes no edge for pipeline models and args data in a predict DSL', () => {
    const { dag } = buildDag(
      dslOf({
        reader_0: reader,
        lr: {
          module: 'HeteroLR',
          input: {
            data: { test_data: ['reader_0.data'], eval_data: ['args.eval_data'] },
            model: ['pipeline.lr.model'],
          },
        },
        scale: { module: 'FeatureScale', input: { isometric_model: ['pipeline.scale_0.model'] } },
      }),
      'predict',
    );
    expect(dag.upstream.get('lr')).toEqual(['reader_0']);
    expect(dag.upstream.get('scale')).toEqual([]);
  });

  it('treats "args.<x>" as a component reference when the DSL has a component named args', () => {
    const { dag } = buildDag(
      dslOf({ args: reader, x: { module: 'X', input: { data: { data: ['args.data'] } } } }),
      'train',
    );
    expect(dag.upstream.get('x')).toEqual(['args']);
  });

  it.each<[string, Record<string, unknown>, 'train' | 'predict', string]>([
    [
      'an unknown upstream component',
      { reader_0: reader, x: { module: 'X', input: { data: { data: ['reader_9.data'] } } } },
      'train',
      'dsl.components.x.input.data.data[0]: "reader_9.data" refers to component "reader_9", which the DSL does not declare',
    ],
    [
      'an output name the upstream does not declare',
      { reader_0: reader, x: { module: 'X', input: { data: { data: ['reader_0.table'] } } } },
      'train',
      'dsl.components.x.input.data.data[0]: "reader_0.table": component "reader_0" has no data output named "table" (its data outputs are: data)',
    ],
    [
      'a model input naming a data output',
      { reader_0: reader, x: { module: 'X', input: { model: ['reader_0.data'] } } },
      'train',
      'dsl.components.x.input.model[0]: "reader_0.data": component "reader_0" has no model output named "data" (it declares no model output)',
    ],
    [
      'a cache input naming a data output',
      { reader_0: reader, x: { module: 'X', input: { cache: ['reader_0.data'] } } },
      'train',
      'dsl.components.x.input.cache[0]: "reader_0.data": component "reader_0" has no cache output named "data" (it declares no cache output)',
    ],
    [
      'an isometric model naming a data output',
      {
        reader_0: reader,
        fit: { module: 'F', input: { data: { data: ['reader_0.data'] } }, output: { data: ['d'], model: ['m'] } },
        x: { module: 'X', input: { isometric_model: ['fit.d'] } },
      },
      'train',
      'dsl.components.x.input.isometric_model[0]: "fit.d": component "fit" has no model output named "d" (its model outputs are: m)',
    ],
    [
      'a Reader with an input',
      { reader_0: { module: 'Reader', input: { data: {} }, output: { data: ['data'] } } },
      'train',
      'dsl.components.reader_0.input: a Reader has outputs only; remove its input',
    ],
    [
      'text that is not a reference',
      { reader_0: reader, x: { module: 'X', input: { data: { data: ['reader_0'] } } } },
      'train',
      'dsl.components.x.input.data.data[0]: "reader_0" is not a reference; write "<component>.<output name>", e.g. "reader_0.data"',
    ],
    [
      'a pipeline model in a train job',
      { x: { module: 'X', input: { model: ['pipeline.x.model'] } } },
      'train',
      'dsl.components.x.input.model[0]: "pipeline.x.model" reads a model of a trained pipeline; only predict jobs (job_type "predict") may do that',
    ],
    [
      'a pipeline model under input.data',
      { x: { module: 'X', input: { data: { data: ['pipeline.x.model'] } } } },
      'predict',
      'dsl.components.x.input.data.data[0]: "pipeline.x.model" is a pipeline model; it belongs under input.model or input.isometric_model',
    ],
    [
      'args data in a train job',
      { x: { module: 'X', input: { data: { data: ['args.train_data'] } } } },
      'train',
      'dsl.components.x.input.data.data[0]: "args.train_data" is a v1 "args." input, accepted only in predict DSLs',
    ],
    [
      'args data under input.model',
      { x: { module: 'X', input: { model: ['args.model'] } } },
      'predict',
      'dsl.components.x.input.model[0]: "args.model" is an "args." data input; it belongs under input.data',
    ],
    [
      'a component reading itself',
      { x: { module: 'X', input: { data: { data: ['x.data'] } }, output: { data: ['data'] } } },
      'train',
      'dsl.components: the component graph has a cycle: x → x',
    ],
  ])('refuses %s with retcode 101 and a message naming the field', (_what, components, jobType, message) => {
    const error = thrownBy(() => buildDag(dslOf(components), jobType));
    expect(error).toBeInstanceOf(ArgumentError);
    expect(error).toMatchObject({ retcode: 101, message });
  });

  it('puts the offending field and reference in the details', () => {
    const error = thrownBy(() =>
      buildDag(dslOf({ reader_0: reader, x: { module: 'X', input: { data: { data: ['nope.data'] } } } }), 'train'),
    );
    expect(error).toMatchObject({
      details: { field: 'dsl.components.x.input.data.data[0]', reference: 'nope.data' },
    });
  });

  it('reports the position of the bad reference within its list', () => {
    expect(() =>
      buildDag(
        dslOf({ reader_0: reader, x: { module: 'X', input: { data: { train_data: ['reader_0.data', 'r.data'] } } } }),
        'train',
      ),
    ).toThrow(
      'dsl.components.x.input.data.train_data[1]: "r.data" refers to component "r", which the DSL does not declare',
    );
  });

  it('names the components of a cycle in order', () => {
    const error = thrownBy(() =>
      buildDag(
        dslOf({
          reader_0: reader,
          a: { module: 'X', input: { data: { data: ['reader_0.data', 'c.data'] } }, output: { data: ['data'] } },
          b: { module: 'X', input: { data: { data: ['a.data'] } }, output: { data: ['data'] } },
          c: { module: 'X', input: { data: { data: ['b.data'] } }, output: { data: ['data'] } },
        }),
        'train',
      ),
    );
    expect(error).toMatchObject({
      retcode: 101,
      message: 'dsl.components: the component graph has a cycle: a → b → c → a',
      details: { field: 'dsl.components', cycle: ['a', 'b', 'c', 'a'] },
    });
  });
});
