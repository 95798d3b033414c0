import { describe, expect, it } from '@jest/globals';
import * as z from 'zod';
import { ArgumentError } from '../../../../functions/domain/errors.js';
import { type ComponentSpec, catalogOf } from '../../../../functions/domain/plan/component-catalog.js';
import type { JobPlan } from '../../../../functions/domain/plan/job-plan.js';
import { planJob } from '../../../../functions/domain/plan/plan-job.js';
import { exampleJob, thrownBy, withValue } from '../../../fixtures/jobs.js';

const loose = z.looseObject({});

/** A test site: Reader and DataTransform run at guest and host, HeteroLR everywhere, Evaluation at the guest. */
const specs: ComponentSpec[] = [
  {
    module: 'Reader',
    roles: ['guest', 'host'],
    parameters: z.strictObject({
      table: z.strictObject({ name: z.string(), namespace: z.string({ error: 'namespace must be a string' }) }),
    }),
  },
  { module: 'DataTransform', roles: ['guest', 'host'], parameters: loose },
  { module: 'Intersection', roles: ['guest', 'host'], parameters: loose },
  {
    module: 'HeteroLR',
    roles: ['guest', 'host', 'arbiter'],
    parameters: z.looseObject({
      max_iter: z.number().int().min(1, { error: 'max_iter must be at least 1' }),
      penalty: z.enum(['L1', 'L2'], { error: 'penalty must be "L1" or "L2"' }),
    }),
  },
  { module: 'Evaluation', roles: ['guest'], parameters: loose },
];
const catalog = catalogOf(specs);

const needRunMatrix = (plan: JobPlan) =>
  Object.fromEntries(
    plan.parties.map((party) => [
      `${party.role} ${party.partyId}`,
      party.tasks.filter((task) => !task.needRun).map((task) => task.component),
    ]),
  );

describe('catalogOf', () => {
  it('finds a spec by module and lists the modules sorted', () => {
    expect(catalog.get('HeteroLR')?.roles).toEqual(['guest', 'host', 'arbiter']);
    expect(catalog.get('heterolr')).toBeUndefined();
    expect(catalog.modules()).toEqual(['DataTransform', 'Evaluation', 'HeteroLR', 'Intersection', 'Reader']);
  });
});

describe('planJob with a component catalog', () => {
  const { dsl, conf } = exampleJob('hetero-lr');

  it('plans need_run false where the module does not run, on top of the conf need_run', () => {
    const plan = planJob(dsl, conf, { catalog, strict: true });
    expect(plan.unknownModules).toEqual([]);
    expect(needRunMatrix(plan)).toEqual({
      'guest 9999': [],
      'host 10000': ['evaluation_0'],
      'arbiter 10000': ['reader_0', 'data_transform_0', 'intersection_0', 'evaluation_0'],
    });
  });

  it('does not check parameters at a role the module does not run at', () => {
    // The arbiter has no table: a Reader check there would fail.
    const plan = planJob(dsl, conf, { catalog, strict: true });
    const arbiterReader = plan.parties.find((party) => party.role === 'arbiter')?.tasks[0];
    expect(arbiterReader).toEqual({
      component: 'reader_0',
      module: 'Reader',
      needRun: false,
      provider: null,
      parameters: {},
    });
  });

  it('refuses a module the site does not know in strict mode', () => {
    const unknown = withValue(dsl, ['components', 'evaluation_0', 'module'], 'SecretSauce');
    const error = thrownBy(() => planJob(unknown, conf, { catalog, strict: true }));
    expect(error).toBeInstanceOf(ArgumentError);
    expect(error).toMatchObject({
      retcode: 101,
      message:
        'dsl.components: unknown module SecretSauce; this site knows: DataTransform, Evaluation, HeteroLR, Intersection, Reader',
      details: { field: 'dsl.components', unknownModules: ['SecretSauce'] },
    });
  });

  it('lists every unknown module, sorted, once', () => {
    const unknown = withValue(
      withValue(dsl, ['components', 'evaluation_0', 'module'], 'Zeta'),
      ['components', 'intersection_0', 'module'],
      'Alpha',
    );
    expect(() => planJob(unknown, conf, { catalog, strict: true })).toThrow(
      'dsl.components: unknown modules Alpha, Zeta; this site knows: DataTransform, Evaluation, HeteroLR, Intersection, Reader',
    );
  });

  it('says the site knows none when strict mode has an empty catalog', () => {
    expect(() => planJob(dsl, conf, { strict: true })).toThrow(
      'dsl.components: unknown modules DataTransform, Evaluation, HeteroLR, Intersection, Reader; this site knows: none',
    );
  });

  it('lets an unknown module through outside strict mode, listed in the plan and run everywhere', () => {
    const unknown = withValue(dsl, ['components', 'evaluation_0', 'module'], 'SecretSauce');
    const plan = planJob(unknown, conf, { catalog });
    expect(plan.unknownModules).toEqual(['SecretSauce']);
    expect(needRunMatrix(plan)).toEqual({
      'guest 9999': [],
      'host 10000': ['evaluation_0'],
      'arbiter 10000': ['reader_0', 'data_transform_0', 'intersection_0'],
    });
  });

  it("names the component, role and party of a parameter the module's schema refuses", () => {
    const bad = withValue(conf, ['component_parameters', 'role', 'host', '0', 'hetero_lr_0'], { max_iter: 0 });
    const error = thrownBy(() => planJob(dsl, bad, { catalog, strict: true }));
    expect(error).toBeInstanceOf(ArgumentError);
    expect(error).toMatchObject({
      retcode: 101,
      message: 'runtime_conf.component_parameters (host 10000).hetero_lr_0.max_iter: max_iter must be at least 1',
      details: {
        field: 'runtime_conf.component_parameters (host 10000).hetero_lr_0.max_iter',
        component: 'hetero_lr_0',
        role: 'host',
        partyId: 10000,
      },
    });
  });

  it('names once every party whose merged parameters a common parameter breaks', () => {
    const bad = withValue(conf, ['component_parameters', 'common', 'hetero_lr_0', 'penalty'], 'L3');
    expect(thrownBy(() => planJob(dsl, bad, { catalog }))).toMatchObject({
      message:
        'runtime_conf.component_parameters (guest 9999, host 10000, arbiter 10000).hetero_lr_0.penalty: penalty must be "L1" or "L2"',
    });
  });

  it('names nested fields of a refused parameter', () => {
    const bad = withValue(conf, ['component_parameters', 'role', 'guest', '0', 'reader_0', 'table', 'namespace'], 7);
    expect(() => planJob(dsl, bad, { catalog })).toThrow(
      'runtime_conf.component_parameters (guest 9999).reader_0.table.namespace: namespace must be a string',
    );
  });

  it('checks the parameters without need_run', () => {
    const plan = planJob(
      dsl,
      withValue(conf, ['component_parameters', 'role', 'host', '0', 'reader_0', 'need_run'], true),
      {
        catalog,
        strict: true,
      },
    );
    expect(plan.parties.find((party) => party.role === 'host')?.tasks[0]?.needRun).toBe(true);
  });
});
