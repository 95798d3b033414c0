import { describe, expect, it } from '@jest/globals';
import { ArgumentError } from '../../../../functions/domain/errors.js';
import { MAX_COMPONENTS_PER_JOB, MAX_JSON_DEPTH, MAX_TASKS_PER_JOB } from '../../../../functions/domain/limits.js';
import { planJob } from '../../../../functions/domain/plan/plan-job.js';
import { exampleJob, thrownBy } from '../../../fixtures/jobs.js';

/** What keeps a job from ever reaching the store, refused by the planner with retcode 101 naming the limit. */

const { conf } = exampleJob('hetero-lr');
const bare = { ...conf, component_parameters: {} };

/** `count` components named `c_0`, `c_1`, … padded to `nameLength`, each a module with no inputs. */
function componentsDsl(count: number, nameLength = 3): { components: Record<string, unknown> } {
  const components: Record<string, unknown> = {};
  for (let index = 0; index < count; index += 1)
    components[`c_${index}`.padEnd(nameLength, 'x')] = { module: 'Reader' };
  return { components };
}

function refusal(dsl: unknown, runtimeConf: unknown): { message: string; details: unknown } {
  const error = thrownBy(() => planJob(dsl, runtimeConf));
  if (!(error instanceof ArgumentError)) throw new Error(`expected an ArgumentError, got ${String(error)}`);
  return { message: error.message, details: error.details };
}

describe('the planner refuses what could not be stored', () => {
  it(`plans ${MAX_COMPONENTS_PER_JOB} components with the longest names`, () => {
    const plan = planJob(componentsDsl(MAX_COMPONENTS_PER_JOB, 100), bare);
    expect(plan.components).toHaveLength(MAX_COMPONENTS_PER_JOB);
  });

  it(`refuses ${MAX_COMPONENTS_PER_JOB + 1} components before reading them`, () => {
    expect(refusal(componentsDsl(MAX_COMPONENTS_PER_JOB + 1), bare).message).toBe(
      `dsl.components: the DSL declares ${MAX_COMPONENTS_PER_JOB + 1} components, over the limit of ${MAX_COMPONENTS_PER_JOB} per job`,
    );
  });

  it('refuses more tasks (components × parties) than a job may write', () => {
    const roles = { guest: [9999], host: [10000, 10001, 10002, 10003, 10004], arbiter: [10000] };
    expect(refusal(componentsDsl(1000), { ...bare, role: roles })).toEqual({
      message: `runtime_conf.role: 7 parties × 1000 components make 7000 tasks, over the limit of ${MAX_TASKS_PER_JOB} per job`,
      details: { field: 'runtime_conf.role', tasks: 7000, limit: MAX_TASKS_PER_JOB },
    });
  });

  it('refuses a component name over 100 characters, naming it shortened', () => {
    const name = 'a'.repeat(5000);
    expect(refusal({ components: { [name]: { module: 'Reader' } } }, bare).message).toBe(
      `dsl.components.${'a'.repeat(37)}...: component names may be at most 100 characters`,
    );
  });

  it('refuses an output name or module name over 100 characters', () => {
    const output = { components: { reader_0: { module: 'Reader', output: { data: ['d'.repeat(101)] } } } };
    expect(refusal(output, bare).message).toBe(
      'dsl.components.reader_0.output.data[0]: an output name may be at most 100 characters',
    );
    const module = { components: { reader_0: { module: 'M'.repeat(101) } } };
    expect(refusal(module, bare).message).toBe(
      'dsl.components.reader_0.module: a module name may be at most 100 characters',
    );
  });

  it(`refuses a runtime conf nested more than ${MAX_JSON_DEPTH} levels deep, naming where`, () => {
    let deep: unknown = 1;
    for (let index = 0; index < 20_000; index += 1) deep = { a: deep };
    const { message } = refusal(componentsDsl(1), { ...bare, job_parameters: { common: { deep } } });
    expect(message).toBe(
      `runtime_conf.job_parameters.common.deep${'.a'.repeat(MAX_JSON_DEPTH - 3)}: nests objects and arrays more than ${MAX_JSON_DEPTH} levels deep (the limit)`,
    );
  });

  it('refuses a number the store cannot keep, naming where', () => {
    const dsl = { components: { reader_0: { module: 'Reader', extra: [1, 2e30] } } };
    expect(refusal(dsl, bare).message).toBe(
      'dsl.components.reader_0.extra[1]: the number 2e+30 cannot be stored: numbers must be within ±9007199254740991 and, unless 0, at least 1e-130 in magnitude',
    );
  });
});
