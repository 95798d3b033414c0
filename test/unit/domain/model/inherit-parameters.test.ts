import { describe, expect, it } from '@jest/globals';
import { inheritTrainingParameters } from '../../../../functions/domain/model/inherit-parameters.js';

/** FATE's hetero_lr_normal training conf, reduced to what a predict job inherits. */
const train = {
  role: { guest: [9999], host: [10000, 10001], arbiter: [10000] },
  component_parameters: {
    common: {
      intersection_0: { intersect_method: 'rsa', rsa_params: { hash_method: 'sha256' } },
      hetero_lr_0: { max_iter: 30 },
      evaluation_0: { eval_type: 'binary' },
    },
    role: {
      guest: { 0: { data_transform_0: { with_label: true, label_name: 'y' } } },
      host: {
        0: { data_transform_0: { with_label: false }, evaluation_0: { need_run: false } },
        1: { data_transform_0: { with_label: false, missing_fill: true } },
      },
    },
  },
};
const dsl = {
  components: { reader_0: {}, data_transform_0: {}, intersection_0: {}, hetero_lr_0: {} },
};

describe('inheritTrainingParameters', () => {
  it("gives the predict DSL's components the training parameters, the predict conf's winning", () => {
    const predict = {
      role: { guest: [9999], host: [10000, 10001], arbiter: [10000] },
      component_parameters: {
        common: { intersection_0: { rsa_params: { hash_method: 'sha1' } } },
        role: { guest: { 0: { reader_0: { table: { name: 't', namespace: 'n' } } } } },
      },
    };
    expect(inheritTrainingParameters(train, predict, dsl)).toEqual({
      role: predict.role,
      component_parameters: {
        common: {
          intersection_0: { intersect_method: 'rsa', rsa_params: { hash_method: 'sha1' } },
          hetero_lr_0: { max_iter: 30 },
        },
        role: {
          guest: {
            0: {
              data_transform_0: { with_label: true, label_name: 'y' },
              reader_0: { table: { name: 't', namespace: 'n' } },
            },
          },
          host: {
            0: { data_transform_0: { with_label: false } },
            1: { data_transform_0: { with_label: false, missing_fill: true } },
          },
        },
      },
    });
  });

  it('renumbers a role whose predict parties are fewer, and drops a role the predict job lacks', () => {
    const predict = { role: { guest: [9999], host: [10001] } };
    expect(inheritTrainingParameters(train, predict, dsl).component_parameters).toEqual({
      common: {
        intersection_0: { intersect_method: 'rsa', rsa_params: { hash_method: 'sha256' } },
        hetero_lr_0: { max_iter: 30 },
      },
      role: {
        guest: { 0: { data_transform_0: { with_label: true, label_name: 'y' } } },
        host: { 0: { data_transform_0: { with_label: false, missing_fill: true } } },
      },
    });
    const withoutHosts = inheritTrainingParameters(train, { role: { guest: [9999] } }, dsl);
    expect(Object.keys((withoutHosts.component_parameters as { role: object }).role)).toEqual(['guest']);
  });

  it('keeps "all" keys, merges two training keys that name the same predict party, and skips what is not parameters', () => {
    const training = {
      role: { guest: [9999], host: [10000, 10001] },
      component_parameters: {
        role: {
          guest: 'not parameters',
          host: {
            all: { data_transform_0: { with_label: false } },
            '0|1': { hetero_lr_0: { alpha: 0.1 } },
            1: { hetero_lr_0: { penalty: 'L2' } },
            0: 'not parameters',
          },
        },
      },
    };
    const predict = { role: { guest: [9999], host: [10001] } };
    expect(inheritTrainingParameters(training, predict, dsl).component_parameters).toEqual({
      role: {
        host: {
          all: { data_transform_0: { with_label: false } },
          0: { hetero_lr_0: { alpha: 0.1, penalty: 'L2' } },
        },
      },
    });
  });

  it('inherits nothing for a predict DSL without components', () => {
    expect(inheritTrainingParameters(train, { role: { guest: [9999] } }, {}).component_parameters).toEqual({});
  });
});
