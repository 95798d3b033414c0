import { describe, expect, it } from '@jest/globals';
import { planJob } from '../../../../functions/domain/plan/plan-job.js';
import { exampleJob, withValue, withValues } from '../../../fixtures/jobs.js';

const { dsl, conf } = exampleJob('hetero-lr');

describe('planJob warnings', () => {
  it('warns about data input keys FATE gives no meaning to', () => {
    const odd = withValue(dsl, ['components', 'evaluation_0', 'input', 'data'], { predictions: ['hetero_lr_0.data'] });
    expect(planJob(odd, conf).warnings).toEqual([
      'dsl.components.evaluation_0.input.data.predictions: "predictions" is not one of FATE\'s data inputs (data, train_data, validate_data, test_data, eval_data)',
    ]);
  });

  it('warns about conf parameters for components the DSL does not have, common and per role', () => {
    const unused = withValues(conf, [
      [['component_parameters', 'common', 'hetero_lr_1'], { max_iter: 3 }],
      [['component_parameters', 'role', 'host', '0', 'reader_9'], { table: {} }],
      [['component_parameters', 'role', 'guest', 'all', 'toString'], {}],
    ]);
    expect(planJob(dsl, unused).warnings).toEqual([
      'runtime_conf.component_parameters.common.hetero_lr_1: the DSL has no component "hetero_lr_1"; these parameters are unused',
      'runtime_conf.component_parameters.role.guest.all.toString: the DSL has no component "toString"; these parameters are unused',
      'runtime_conf.component_parameters.role.host.0.reader_9: the DSL has no component "reader_9"; these parameters are unused',
    ]);
  });

  it('warns about removed and unknown job parameters and ignores them', () => {
    const legacy = withValues(conf, [
      [['job_parameters', 'common', 'work_mode'], 1],
      [['job_parameters', 'common', 'backend'], 0],
      [['job_parameters', 'common', 'gpu_count'], 2],
    ]);
    const plan = planJob(dsl, legacy);
    expect(plan.warnings).toEqual([
      'job_parameters.common.backend was removed from FATE and is ignored',
      'job_parameters.common.work_mode was removed from FATE and is ignored',
      'job_parameters.common.gpu_count is not a FATE job parameter and is ignored',
    ]);
    expect(plan.parties[0]?.jobParameters).not.toHaveProperty('work_mode');
    expect(plan.parties[0]?.jobParameters).not.toHaveProperty('backend');
  });

  it('does not warn about adaptation_parameters, which FATE computes itself', () => {
    const adapted = withValue(conf, ['job_parameters', 'common', 'adaptation_parameters'], { task_nodes: 1 });
    expect(planJob(dsl, adapted).warnings).toEqual([]);
  });
});
