import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { planJob } from '../../../../functions/domain/plan/plan-job.js';
import { exampleJob } from '../../../fixtures/jobs.js';

const readJson = (file: string): unknown =>
  JSON.parse(readFileSync(new URL(`../../../../examples/hetero-lr/${file}`, import.meta.url), 'utf8'));

describe('planJob on examples/hetero-lr', () => {
  const plan = planJob(readJson('dsl.json'), readJson('conf.json'));

  it('validates into exactly five stages, one component each', () => {
    expect(plan.stages).toEqual([
      ['reader_0'],
      ['data_transform_0'],
      ['intersection_0'],
      ['hetero_lr_0'],
      ['evaluation_0'],
    ]);
  });

  it('plans guest 9999, host 10000 and arbiter 10000, in that order', () => {
    expect(plan.parties.map(({ role, partyId, index }) => ({ role, partyId, index }))).toEqual([
      { role: 'guest', partyId: 9999, index: 0 },
      { role: 'host', partyId: 10000, index: 0 },
      { role: 'arbiter', partyId: 10000, index: 0 },
    ]);
    expect(plan.roles).toEqual({ guest: [9999], host: [10000], arbiter: [10000] });
    expect(plan.initiator).toEqual({ role: 'guest', partyId: 9999 });
  });

  it('skips evaluation_0 at host 10000 only; every other task runs', () => {
    const matrix = Object.fromEntries(
      plan.parties.map((party) => [
        `${party.role} ${party.partyId}`,
        Object.fromEntries(party.tasks.map((task) => [task.component, task.needRun])),
      ]),
    );
    expect(matrix).toEqual({
      'guest 9999': {
        reader_0: true,
        data_transform_0: true,
        intersection_0: true,
        hetero_lr_0: true,
        evaluation_0: true,
      },
      'host 10000': {
        reader_0: true,
        data_transform_0: true,
        intersection_0: true,
        hetero_lr_0: true,
        evaluation_0: false,
      },
      'arbiter 10000': {
        reader_0: true,
        data_transform_0: true,
        intersection_0: true,
        hetero_lr_0: true,
        evaluation_0: true,
      },
    });
  });

  it('is a train job with the model id built from its roles and no model version yet', () => {
    expect(plan.jobType).toBe('train');
    expect(plan.modelInfo).toEqual({ modelId: 'arbiter-10000#guest-9999#host-10000#model', modelVersion: null });
  });

  it('describes every component with its module, stage and neighbours', () => {
    expect(plan.components).toEqual([
      { name: 'reader_0', module: 'Reader', stage: 0, upstream: [], downstream: ['data_transform_0'] },
      {
        name: 'data_transform_0',
        module: 'DataTransform',
        stage: 1,
        upstream: ['reader_0'],
        downstream: ['intersection_0'],
      },
      {
        name: 'intersection_0',
        module: 'Intersection',
        stage: 2,
        upstream: ['data_transform_0'],
        downstream: ['hetero_lr_0'],
      },
      { name: 'hetero_lr_0', module: 'HeteroLR', stage: 3, upstream: ['intersection_0'], downstream: ['evaluation_0'] },
      { name: 'evaluation_0', module: 'Evaluation', stage: 4, upstream: ['hetero_lr_0'], downstream: [] },
    ]);
  });

  it("merges each party's component parameters, without need_run", () => {
    const parametersOf = (role: string, component: string) =>
      plan.parties.find((party) => party.role === role)?.tasks.find((task) => task.component === component)?.parameters;
    expect(parametersOf('guest', 'reader_0')).toEqual({
      table: { name: 'breast_hetero_guest', namespace: 'experiment' },
    });
    expect(parametersOf('host', 'reader_0')).toEqual({
      table: { name: 'breast_hetero_host', namespace: 'experiment' },
    });
    expect(parametersOf('arbiter', 'reader_0')).toEqual({});
    expect(parametersOf('guest', 'data_transform_0')).toEqual({
      with_label: true,
      label_name: 'y',
      label_type: 'int',
      output_format: 'dense',
    });
    expect(parametersOf('host', 'data_transform_0')).toEqual({ with_label: false, output_format: 'dense' });
    expect(parametersOf('host', 'evaluation_0')).toEqual({ eval_type: 'binary' });
    expect(parametersOf('arbiter', 'hetero_lr_0')).toEqual({
      penalty: 'L2',
      optimizer: 'rmsprop',
      alpha: 0.01,
      learning_rate: 0.15,
      batch_size: 320,
      max_iter: 30,
      init_param: { init_method: 'zeros' },
      encrypt_param: { key_length: 1024 },
    });
  });

  it("applies the conf's job parameters over the defaults at every party", () => {
    for (const party of plan.parties) {
      expect(party.jobParameters).toEqual({
        job_type: 'train',
        task_cores: 2,
        task_parallelism: 1,
        timeout: 3600,
        auto_retries: 1,
        auto_retry_delay: 1,
        computing_partitions: 20,
        federated_status_collect_type: 'PUSH',
        federated_mode: 'MULTIPLE',
        priority: 0,
      });
    }
  });

  it('asks 2 cores at the guest and the host and 1 at the arbiter', () => {
    expect(plan.parties.map((party) => [party.role, party.resources])).toEqual([
      ['guest', { taskCoresPerNode: 2, taskNodes: 1, taskParallelism: 1, cores: 2, memory: 0 }],
      ['host', { taskCoresPerNode: 2, taskNodes: 1, taskParallelism: 1, cores: 2, memory: 0 }],
      ['arbiter', { taskCoresPerNode: 1, taskNodes: 1, taskParallelism: 1, cores: 1, memory: 0 }],
    ]);
  });

  it('uses the default provider everywhere and raises no warning', () => {
    expect(plan.parties.flatMap((party) => party.tasks.map((task) => task.provider))).toEqual(Array(15).fill(null));
    expect(plan.warnings).toEqual([]);
    expect(plan.unknownModules).toEqual(['DataTransform', 'Evaluation', 'HeteroLR', 'Intersection', 'Reader']);
  });

  it('does not change the documents it is given', () => {
    const { dsl, conf } = exampleJob('hetero-lr');
    const before = structuredClone({ dsl, conf });
    planJob(dsl, conf);
    expect({ dsl, conf }).toEqual(before);
  });
});

describe('planJob on the other examples', () => {
  it('plans examples/homo-lr-validate with its branches merging into homo_lr_0', () => {
    const { dsl, conf } = exampleJob('homo-lr-validate');
    const plan = planJob(dsl, conf);
    expect(plan.stages).toEqual([
      ['reader_train', 'reader_validate'],
      ['transform_train'],
      ['transform_validate', 'scale_train'],
      ['scale_validate'],
      ['homo_lr_0'],
      ['evaluation_0'],
    ]);
    expect(plan.parties.map((party) => [party.role, party.partyId, party.jobParameters.task_cores])).toEqual([
      ['guest', 9999, 2],
      ['host', 10000, 2],
      ['host', 10001, 1],
      ['arbiter', 10002, 2],
    ]);
    const host1 = plan.parties.find((party) => party.partyId === 10001);
    expect(host1?.tasks.find((task) => task.component === 'reader_train')?.parameters).toEqual({
      table: { name: 'homo_host1_train', namespace: 'experiment' },
    });
    expect(host1?.tasks.find((task) => task.component === 'homo_lr_0')).toEqual({
      component: 'homo_lr_0',
      module: 'HomoLR',
      needRun: true,
      provider: 'fate@1.11.2',
      parameters: { penalty: 'L2', optimizer: 'sgd', max_iter: 5, batch_size: -1, learning_rate: 0.1 },
    });
    expect(plan.parties.map((party) => party.tasks.find((task) => task.component === 'evaluation_0')?.needRun)).toEqual(
      [true, false, false, true],
    );
  });

  it('plans examples/hetero-lr-predict as a predict job of the given model', () => {
    const { dsl, conf } = exampleJob('hetero-lr-predict');
    const plan = planJob(dsl, conf);
    expect(plan.jobType).toBe('predict');
    expect(plan.modelInfo).toEqual({
      modelId: 'arbiter-10000#guest-9999#host-10000#model',
      modelVersion: '202611271544180123451',
    });
    expect(plan.stages).toEqual([['reader_0'], ['data_transform_0'], ['intersection_0'], ['hetero_lr_0']]);
    expect(plan.warnings).toEqual([]);
  });
});
