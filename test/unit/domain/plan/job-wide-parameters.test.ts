import { describe, expect, it } from '@jest/globals';
import * as z from 'zod';
import { isAppError } from '../../../../functions/domain/errors.js';
import { catalogOf } from '../../../../functions/domain/plan/component-catalog.js';
import { planJob } from '../../../../functions/domain/plan/plan-job.js';
import { exampleJob, minimalConf, readerOnlyDsl, withValue } from '../../../fixtures/jobs.js';

function refusal(run: () => unknown): { retcode: number; message: string } {
  try {
    run();
  } catch (error) {
    if (isAppError(error)) return { retcode: error.retcode, message: error.message };
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('job-wide job parameters', () => {
  it.each(['job_type', 'model_id', 'model_version'])('refuses %s in a party role section', (key) => {
    const conf = withValue(minimalConf(), ['job_parameters', 'role', 'host', '0', key], 'predict');
    expect(refusal(() => planJob(readerOnlyDsl(), conf))).toEqual({
      retcode: 101,
      message: `runtime_conf.job_parameters.role.host.0.${key}: ${key} applies to the whole job; set it in job_parameters.common`,
    });
  });

  it('warns about unknown keys in a role section', () => {
    const conf = withValue(minimalConf(), ['job_parameters', 'role', 'host', 'all', 'task_corse'], 2);
    expect(planJob(readerOnlyDsl(), conf).warnings).toEqual([
      'runtime_conf.job_parameters.role.host.all.task_corse is not a FATE job parameter and is ignored',
    ]);
  });

  it('reads priority as an integer from -1000 to 1000, 0 by default', () => {
    const plain = planJob(readerOnlyDsl(), minimalConf());
    expect(plain.parties.map((p) => p.jobParameters.priority)).toEqual([0, 0]);
    const urgent = planJob(readerOnlyDsl(), withValue(minimalConf(), ['job_parameters', 'common', 'priority'], 7));
    expect(urgent.parties.map((p) => p.jobParameters.priority)).toEqual([7, 7]);
    expect(urgent.warnings).toEqual([]);
    const conf = withValue(minimalConf(), ['job_parameters', 'common', 'priority'], 1001);
    expect(refusal(() => planJob(readerOnlyDsl(), conf))).toEqual({
      retcode: 101,
      message: 'runtime_conf.job_parameters.common.priority: priority must be an integer from -1000 to 1000',
    });
  });
});

describe('component parameters at each party', () => {
  it('never share a nested object between parties or with the conf', () => {
    const { dsl, conf } = exampleJob('hetero-lr');
    const plan = planJob(dsl, conf);
    const guestLr = plan.parties[0]?.tasks.find((t) => t.component === 'hetero_lr_0');
    const hostLr = plan.parties[1]?.tasks.find((t) => t.component === 'hetero_lr_0');
    expect(guestLr?.parameters.init_param).toEqual({ init_method: 'zeros' });
    expect(guestLr?.parameters.init_param).not.toBe(hostLr?.parameters.init_param);
    const common = (conf.component_parameters as { common: { hetero_lr_0: { init_param: unknown } } }).common;
    expect(guestLr?.parameters.init_param).not.toBe(common.hetero_lr_0.init_param);
  });

  it('are not checked against the module schema where the task does not run', () => {
    const catalog = catalogOf([
      { module: 'Reader', roles: ['guest', 'host'], parameters: z.strictObject({ table: z.object({}) }) },
    ]);
    const conf = withValue(minimalConf(), ['component_parameters', 'role', 'host', '0', 'reader_0'], {
      need_run: false,
      anything: 1,
    });
    const plan = planJob(
      readerOnlyDsl(),
      withValue(conf, ['component_parameters', 'role', 'guest', '0', 'reader_0'], { table: {} }),
      {
        catalog,
        strict: true,
      },
    );
    expect(plan.parties.map((p) => p.tasks[0]?.needRun)).toEqual([true, false]);
  });
});

describe('DSL providers', () => {
  it('must look like name or name@version', () => {
    const dsl = withValue(readerOnlyDsl(), ['components', 'reader_0', 'provider'], 'fate 1.11');
    expect(refusal(() => planJob(dsl, minimalConf()))).toEqual({
      retcode: 101,
      message: 'dsl.components.reader_0.provider: a provider must look like "name" or "name@version"',
    });
  });
});
