import { describe, expect, it } from '@jest/globals';
import { productionSpecs } from '../../../../components/catalog.js';
import { EarlyStopping } from '../../../../runner/components/lr-validation.js';
import { BEHAVIOURS } from './behaviour.js';

/**
 * Every top-level parameter of every shipped component, with a value other than FATE's default:
 * - `changes`: accepted, and the run (with `given` set in both runs) differs from the run without it;
 *   `guestOnly` sets it at the guest alone, for settings both parties must share (a mismatch shows it is read);
 * - `refused`: the schema refuses it naming the parameter (submit answers retcode 101 with that message).
 * A parameter added to a schema without a row here fails the walk.
 */
type Case =
  | { readonly changes: unknown; readonly given?: Record<string, unknown>; readonly guestOnly?: boolean }
  | { readonly refused: unknown }
  | { readonly decides: () => boolean };

/**
 * use_first_metric_only changes which metric early stopping listens to; on data small enough for
 * this walk both metrics stall together, so the decision itself is shown: AUC still improving, KS
 * stalled — with every metric, KS stops training; with the first (AUC) only, it goes on.
 */
const firstMetricOnlyDecides = () => {
  const verdict = (useFirstMetricOnly: boolean) => {
    const stopping = new EarlyStopping({
      freqs: 1,
      earlyStoppingRounds: 1,
      metrics: ['auc', 'ks'],
      useFirstMetricOnly,
    });
    stopping.update(0, { auc: 0.7, ks: 0.5 });
    return stopping.update(1, { auc: 0.8, ks: 0.5 }).stop;
  };
  return verdict(false) === true && verdict(true) === false;
};

const lr: Record<string, Case> = {
  penalty: { changes: 'L1' },
  tol: { changes: 10 },
  alpha: { changes: 0.5 },
  learning_rate: { changes: 0.3 },
  init_param: { changes: { init_method: 'zeros' } },
  max_iter: { changes: 1 },
  early_stop: { changes: 'abs', given: { tol: 10 } },
  predict_param: { changes: { threshold: 0.9 } },
  cv_param: { refused: { need_cv: true } },
  decay: { changes: 0 },
  decay_sqrt: { changes: false },
  multi_class: { refused: 'ovo' },
  validation_freqs: { changes: 1 },
  metrics: { changes: ['ks'], given: { validation_freqs: 1 } },
  callback_param: { changes: { callbacks: ['PerformanceEvaluate'], validation_freqs: 2 } },
};

const CASES: Record<string, Record<string, Case>> = {
  Reader: { table: { changes: { namespace: 'experiment', name: 'other' } } },
  DataTransform: {
    input_format: { refused: 'sparse' },
    delimitor: { refused: ';' },
    data_type: { changes: 'int' },
    exclusive_data_type: { refused: { x0: 'int' } },
    tag_with_value: { refused: true },
    tag_value_delimitor: { refused: ';' },
    missing_fill: { changes: true },
    default_value: { changes: 7, given: { missing_fill: true } },
    missing_fill_method: { refused: 'mean' },
    missing_impute: { changes: ['-1'], given: { missing_fill: true } },
    outlier_replace: { refused: true },
    outlier_replace_method: { refused: 'designated' },
    outlier_impute: { refused: [1] },
    outlier_replace_value: { refused: 1 },
    with_label: { changes: true, given: { missing_fill: true } },
    label_name: { changes: 'x0', given: { with_label: true, missing_fill: true } },
    label_type: { changes: 'float', given: { with_label: true, missing_fill: true, label_name: 'x0' } },
    output_format: { refused: 'sparse' },
    with_match_id: { refused: true },
    match_id_name: { refused: 'uid' },
    match_id_index: { refused: 1 },
  },
  Intersection: {
    intersect_method: { changes: 'rsa', given: { rsa_params: { key_length: 512 } } },
    sync_intersect_ids: { changes: false },
    only_output_key: { changes: true },
    random_bit: { changes: 64, given: { intersect_method: 'rsa', rsa_params: { key_length: 512 } }, guestOnly: true },
    rsa_params: {
      changes: { key_length: 512, salt: 'pepper' },
      given: { intersect_method: 'rsa', rsa_params: { key_length: 512 } },
      guestOnly: true,
    },
    ecdh_params: { changes: { hash_method: 'sha512' }, guestOnly: true },
    join_role: { refused: 'host' },
    with_encode: { refused: true },
    join_method: { refused: 'left_join' },
    new_sample_id: { refused: true },
    sample_id_generator: { refused: 'host' },
    run_cache: { refused: true },
    cardinality_only: { refused: true },
    sync_cardinality: { refused: true },
    run_preprocess: { refused: true },
    repeated_id_process: { refused: true },
    repeated_id_owner: { refused: 'host' },
    with_sample_id: { refused: true },
    allow_info_share: { refused: true },
    info_owner: { refused: 'host' },
    raw_params: { refused: { use_hash: true } },
    encode_params: { refused: { encode_method: 'sha256' } },
    dh_params: { refused: { key_length: 1024 } },
    intersect_cache_param: { refused: { use_cache: true } },
    intersect_preprocess_params: { refused: { filter_method: 'bloom' } },
    cardinality_method: { refused: 'rsa' },
  },
  HeteroLR: {
    ...lr,
    early_stopping_rounds: { changes: 1, given: { validation_freqs: 1 } },
    use_first_metric_only: { decides: firstMetricOnlyDecides },
    optimizer: { changes: 'sgd' },
    batch_size: { changes: 10, given: { max_iter: 1 } },
    // FATE shuffles full batches whenever masked_rate > 0: shuffle decides with masked_rate 0.
    shuffle: { changes: false, given: { batch_size: 10, max_iter: 1, masked_rate: 0 } },
    batch_strategy: { refused: 'random' },
    masked_rate: { refused: 3 },
    encrypt_param: { changes: { key_length: 640 } },
    encrypted_mode_calculator_param: { refused: { mode: 'fast' } },
    sqn_param: { refused: { memory_M: 6 } },
    floating_point_precision: { changes: 4 },
    stepwise_param: { refused: { need_stepwise: true } },
    is_warm_start: { refused: true },
  },
  HomoLR: {
    ...lr,
    early_stopping_rounds: { refused: 1 },
    use_first_metric_only: { refused: true },
    optimizer: { changes: 'rmsprop' },
    batch_size: { changes: 2 },
    encrypt_param: { refused: { method: 'paillier' } },
    re_encrypt_batches: { refused: 3 },
    aggregate_iters: { changes: 2 },
    use_proximal: { refused: true },
    mu: { refused: 0.2 },
  },
  Evaluation: {
    eval_type: { refused: 'regression' },
    pos_label: { changes: 0 },
    metrics: { changes: ['auc'] },
    unfold_multi_result: { refused: true },
    run_clustering_arbiter_metric: { refused: true },
  },
  FeatureScale: {
    method: { changes: 'min_max_scale' },
    mode: { refused: 'cap' },
    scale_col_indexes: { changes: [0] },
    scale_names: { changes: ['b'], given: { scale_col_indexes: [] } },
    feat_upper: { changes: 2 },
    feat_lower: { changes: 2 },
    with_mean: { changes: false },
    with_std: { changes: false },
  },
  SecureAddExample: {
    seed: { changes: 8 },
    partition: { changes: 2 },
    data_num: { changes: 20 },
  },
};

const rows = productionSpecs.flatMap((spec) =>
  Object.keys((spec.parameters as unknown as { shape: Record<string, unknown> }).shape).map(
    (key) => [spec.module, key] as const,
  ),
);

describe('accepted means implemented: every parameter of every shipped component', () => {
  it('has a case here, and every case names a parameter the schema has', () => {
    const named = Object.entries(CASES).flatMap(([module, cases]) =>
      Object.keys(cases).map((key) => `${module}.${key}`),
    );
    expect(named.sort()).toEqual(rows.map(([module, key]) => `${module}.${key}`).sort());
  });

  it.each(rows)('%s.%s: a non-default value changes the run or is refused, named', async (module, key) => {
    const spec = productionSpecs.find((candidate) => candidate.module === module);
    const behaviour = BEHAVIOURS[module];
    const testCase = CASES[module]?.[key];
    if (spec === undefined || behaviour === undefined || testCase === undefined)
      throw new Error(`no case for ${module}.${key}`);
    if ('decides' in testCase) {
      expect(testCase.decides()).toBe(true);
      return;
    }
    if ('refused' in testCase) {
      const parsed = spec.parameters.safeParse({ ...behaviour.base, [key]: testCase.refused });
      expect(parsed.success).toBe(false);
      const issues = parsed.success ? [] : parsed.error.issues;
      expect(issues.some((issue) => issue.path[0] === key || issue.message.includes(key))).toBe(true);
      return;
    }
    const given = { ...behaviour.base, ...testCase.given };
    const changed = { [key]: testCase.changes };
    const [before, after] = await Promise.all([
      behaviour.run(given),
      testCase.guestOnly ? behaviour.run(given, changed) : behaviour.run({ ...given, ...changed }),
    ]);
    expect(after).not.toBe(before);
  });
});
