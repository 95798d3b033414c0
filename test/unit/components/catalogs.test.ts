import { describe, expect, it } from '@jest/globals';
import { productionCatalog, productionSpecs } from '../../../components/catalog.js';
import { testingCatalog, testSpecs } from '../../../components/testing/catalog.js';
import { ArgumentError } from '../../../functions/domain/errors.js';
import { planJob } from '../../../functions/domain/plan/plan-job.js';
import { productionComponents, runnableComponents } from '../../../runner/components/catalog.js';
import { testComponents } from '../../../runner/components/testing/catalog.js';
import { exampleJob, thrownBy, withValue } from '../../fixtures/jobs.js';

const FATE_MODULES = [
  'DataTransform',
  'Evaluation',
  'FeatureScale',
  'HeteroLR',
  'HomoLR',
  'Intersection',
  'Reader',
  'SecureAddExample',
];
const TEST_MODULES = ['Exchange', 'PassThrough', 'Sleep'];
const sorted = (modules: readonly string[]) => [...modules].sort();

/** What a site's submit does with the catalog (functions/services/jobs/submit-job.ts): strict unless it plans any module. */
const submitPlan = (catalog: typeof productionCatalog, job: { dsl: unknown; conf: unknown }) =>
  planJob(job.dsl, job.conf, { catalog, strict: !catalog.acceptsUnknownModules });

describe('the spec catalogs (components/) and the runnable ones (runner/components/)', () => {
  it("list the same modules: FATE's in production, the test ones only in the test catalogs", () => {
    expect(productionCatalog.modules()).toEqual(FATE_MODULES);
    expect(sorted(productionComponents.map((component) => component.module))).toEqual(FATE_MODULES);
    expect(testingCatalog.modules()).toEqual(sorted([...FATE_MODULES, ...TEST_MODULES]));
    expect(sorted(testComponents.map((component) => component.module))).toEqual(TEST_MODULES);
    expect(productionCatalog.acceptsUnknownModules).toBe(false);
    expect(testingCatalog.acceptsUnknownModules).toBe(false);
  });

  it('pair each spec with its code: each entry loads the component of its name, with the very schema and roles of its spec', async () => {
    const specs = [...productionSpecs, ...testSpecs];
    const entries = runnableComponents({ testComponents: true });
    expect(entries.map((entry) => entry.module)).toEqual(specs.map((spec) => spec.module));
    for (const spec of specs) {
      const runnable = await entries.find((entry) => entry.module === spec.module)?.load();
      expect(runnable?.module).toBe(spec.module);
      expect(runnable?.parameters).toBe(spec.parameters);
      expect(runnable?.roles).toBe(spec.roles);
    }
  });
});

describe('submitting a job that names a test component', () => {
  const schedulingDemo = () => exampleJob('scheduling-demo');

  it('is refused by a production catalog with retcode 101, naming the modules', () => {
    const error = thrownBy(() => submitPlan(productionCatalog, schedulingDemo()));
    expect(error).toBeInstanceOf(ArgumentError);
    expect([(error as ArgumentError).retcode, (error as ArgumentError).message]).toEqual([
      101,
      `dsl.components: unknown modules PassThrough, Sleep; this site knows: ${FATE_MODULES.join(', ')}`,
    ]);
  });

  it('is planned by the test catalog', () => {
    const plan = submitPlan(testingCatalog, schedulingDemo());
    expect(plan.unknownModules).toEqual([]);
    const train = plan.parties[0]?.tasks.find((task) => task.component === 'train_0');
    expect(train?.parameters).toEqual({ seconds: 0.5, fail_while_version_below: 1 });
  });

  it("is checked against the test components' own schemas", () => {
    const job = schedulingDemo();
    const conf = withValue(job.conf, ['component_parameters', 'common', 'train_0', 'seconds'], -1);
    const error = thrownBy(() => submitPlan(testingCatalog, { dsl: job.dsl, conf }));
    expect([(error as ArgumentError).retcode, (error as ArgumentError).message]).toEqual([
      101,
      'runtime_conf.component_parameters (guest 9999, host 10000, arbiter 10000).train_0.seconds: Too small: expected number to be >=0',
    ]);
  });

  it("is planned by the production catalog when it names FATE's components only", () => {
    expect(submitPlan(productionCatalog, exampleJob('hetero-lr')).unknownModules).toEqual([]);
  });
});
