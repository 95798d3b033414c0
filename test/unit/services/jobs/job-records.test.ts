import { describe, expect, it } from '@jest/globals';
import { ArgumentError } from '../../../../functions/domain/errors.js';
import type { JsonObject } from '../../../../functions/domain/job/deep-merge.js';
import { MAX_COMPONENTS_PER_JOB, MAX_JOB_WRITE_UNITS, MAX_RECORD_BYTES } from '../../../../functions/domain/limits.js';
import { planJob } from '../../../../functions/domain/plan/plan-job.js';
import { storedSize } from '../../../../functions/domain/records/stored-size.js';
import { buildJobRecords } from '../../../../functions/services/jobs/job-records.js';
import { exampleJob, thrownBy } from '../../../fixtures/jobs.js';

/** The records of a new job are measured as DynamoDB will count them, before any is written. */

const { conf } = exampleJob('hetero-lr');
const bare: JsonObject = { ...conf, component_parameters: {} };

function recordsOf(dsl: JsonObject, runtimeConf: JsonObject) {
  const plan = planJob(dsl, runtimeConf);
  return buildJobRecords({ jobId: '202611271544180123450', plan, dsl, runtimeConf, partyId: 9999, createTime: 1 });
}

function componentsDsl(count: number, nameLength: number): JsonObject {
  const components: JsonObject = {};
  for (let index = 0; index < count; index += 1)
    components[`c_${index}`.padEnd(nameLength, 'x')] = { module: 'Reader' };
  return { components };
}

function refusal(dsl: JsonObject, runtimeConf: JsonObject): string {
  const error = thrownBy(() => recordsOf(dsl, runtimeConf));
  if (!(error instanceof ArgumentError)) throw new Error(`expected an ArgumentError, got ${String(error)}`);
  return error.message;
}

describe('buildJobRecords', () => {
  it(`stores ${MAX_COMPONENTS_PER_JOB} components with the longest names in a job record under the limit`, () => {
    const { jobs, tasks } = recordsOf(componentsDsl(MAX_COMPONENTS_PER_JOB, 100), bare);
    expect(tasks).toHaveLength(3 * MAX_COMPONENTS_PER_JOB);
    const size = storedSize(jobs[0] ?? {});
    expect(size).toBeGreaterThan(200 * 1024);
    expect(size).toBeLessThan(MAX_RECORD_BYTES);
  });

  it('refuses a job record over the limit, naming the record and the limit', () => {
    const message = refusal(componentsDsl(1, 3), { ...bare, description: 'd'.repeat(200 * 1024) });
    expect(message).toMatch(
      new RegExp(
        `^the job record of guest 9999 would take \\d+ bytes in the store, over the limit of ${MAX_RECORD_BYTES} bytes per record; send a smaller DSL or runtime conf$`,
      ),
    );
  });

  it('refuses a job whose records take more write units than one partition should take at submit', () => {
    // One component at 301 parties, each task holding its 50 KB of parameters: about 15,000 write units.
    const roles = { guest: [9999], host: Array.from({ length: 300 }, (_, index) => 10_000 + index) };
    const runtimeConf = { ...bare, role: roles, component_parameters: { common: { c_0: { p: 'v'.repeat(50_000) } } } };
    const message = refusal(componentsDsl(1, 3), runtimeConf);
    expect(message).toMatch(
      new RegExp(
        `^the job's 302 records take \\d+ write units, over the limit of ${MAX_JOB_WRITE_UNITS} per job \\(one DynamoDB partition takes 1,000 a second\\); use fewer components or parties, or smaller parameters$`,
      ),
    );
  });
});
