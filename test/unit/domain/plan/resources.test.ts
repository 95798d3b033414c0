import { describe, expect, it } from '@jest/globals';
import { OperatingError } from '../../../../functions/domain/errors.js';
import type { ResolvedJobParameters } from '../../../../functions/domain/job/job-parameters.js';
import { resolveJobParameters } from '../../../../functions/domain/job/job-parameters.js';
import { planJob } from '../../../../functions/domain/plan/plan-job.js';
import {
  assertWithinJobCoreLimit,
  DEFAULT_SITE_POOL,
  maxCoresPerJob,
  resourceDemand,
  type SitePool,
} from '../../../../functions/domain/plan/resources.js';
import { exampleJob, thrownBy, withValue, withValues } from '../../../fixtures/jobs.js';

const parameters = (overrides: Record<string, unknown>, siteCores = 20): ResolvedJobParameters =>
  resolveJobParameters([overrides], siteCores);

const twoNodes: SitePool = { cores: 40, nodes: 2, maxCoresPercentPerJob: 0.5 };

describe('resourceDemand', () => {
  it("follows FATE's formula: cores per node × nodes × task_parallelism", () => {
    expect(resourceDemand('guest', parameters({ task_cores: 4, task_parallelism: 3 }), DEFAULT_SITE_POOL)).toEqual({
      taskCoresPerNode: 4,
      taskNodes: 1,
      taskParallelism: 3,
      cores: 12,
      memory: 0,
    });
  });

  it('splits task_cores over the nodes, rounding down, at least 1 per node', () => {
    expect(resourceDemand('host', parameters({ task_cores: 5 }), twoNodes)).toMatchObject({
      taskCoresPerNode: 2,
      taskNodes: 2,
      cores: 4,
    });
    expect(resourceDemand('host', parameters({ task_cores: 1 }), twoNodes)).toMatchObject({
      taskCoresPerNode: 1,
      taskNodes: 2,
      cores: 2,
    });
  });

  it('uses the default of 4 task cores and parallelism 1', () => {
    expect(resourceDemand('guest', parameters({}), DEFAULT_SITE_POOL).cores).toBe(4);
  });

  it('asks 1 core per task at the arbiter whatever task_cores says', () => {
    expect(resourceDemand('arbiter', parameters({ task_cores: 16, task_parallelism: 2 }), DEFAULT_SITE_POOL)).toEqual({
      taskCoresPerNode: 1,
      taskNodes: 1,
      taskParallelism: 2,
      cores: 2,
      memory: 0,
    });
  });

  it('lets eggroll_run "eggroll.session.processors.per.node" fix the cores per node', () => {
    const withOverride = parameters({
      task_cores: 4,
      task_parallelism: 2,
      eggroll_run: { 'eggroll.session.processors.per.node': 3 },
    });
    expect(resourceDemand('guest', withOverride, twoNodes)).toEqual({
      taskCoresPerNode: 3,
      taskNodes: 2,
      taskParallelism: 2,
      cores: 12,
      memory: 0,
    });
    expect(resourceDemand('arbiter', withOverride, twoNodes).taskCoresPerNode).toBe(1);
  });

  it.each([0, -2, 2.5, '3', null])('ignores an eggroll override of %j', (value) => {
    const withBadOverride = parameters({
      task_cores: 4,
      eggroll_run: { 'eggroll.session.processors.per.node': value },
    });
    expect(resourceDemand('guest', withBadOverride, DEFAULT_SITE_POOL).taskCoresPerNode).toBe(4);
  });
});

describe('the per-job core limit', () => {
  it('is floor(pool cores × max_cores_percent_per_job)', () => {
    expect(maxCoresPerJob(DEFAULT_SITE_POOL)).toBe(20);
    expect(maxCoresPerJob({ cores: 16, nodes: 1, maxCoresPercentPerJob: 0.7 })).toBe(11);
  });

  it('accepts a demand equal to the limit', () => {
    const demand = resourceDemand('guest', parameters({ task_cores: 10, task_parallelism: 2 }), DEFAULT_SITE_POOL);
    expect(() => assertWithinJobCoreLimit(demand, DEFAULT_SITE_POOL, 'guest 9999')).not.toThrow();
  });

  it("refuses a demand over the limit with FATE's 103 message", () => {
    const demand = resourceDemand('guest', parameters({ task_cores: 4, task_parallelism: 6 }), DEFAULT_SITE_POOL);
    const error = thrownBy(() => assertWithinJobCoreLimit(demand, DEFAULT_SITE_POOL, 'guest 9999'));
    expect(error).toBeInstanceOf(OperatingError);
    expect(error).toMatchObject({
      retcode: 103,
      message:
        'max cores per job is 20 base on (site pool cores 20 * max_cores_percent_per_job 1), expect 24 cores at guest 9999 ' +
        '(task_cores per node 4 * nodes 1 * task_parallelism 6), please lower job_parameters task_cores or task_parallelism',
      details: { party: 'guest 9999', limit: 20, expected: 24 },
    });
  });
});

describe('planJob and resources', () => {
  const { dsl, conf } = exampleJob('hetero-lr');

  it('refuses a job asking more than 20 cores at a party of the default pool with retcode 103', () => {
    const greedy = withValues(conf, [
      [['job_parameters', 'common', 'task_cores'], 8],
      [['job_parameters', 'common', 'task_parallelism'], 3],
    ]);
    const error = thrownBy(() => planJob(dsl, greedy));
    expect(error).toBeInstanceOf(OperatingError);
    expect(error).toMatchObject({ retcode: 103 });
    expect(error).toHaveProperty(
      'message',
      expect.stringMatching(/^max cores per job is 20 base on .* expect 24 cores at guest 9999 /),
    );
  });

  it('names the party whose role override is too greedy', () => {
    const greedyHost = withValue(conf, ['job_parameters', 'role'], { host: { '0': { task_cores: 21 } } });
    expect(() => planJob(dsl, greedyHost)).toThrow(
      /^max cores per job is 20 base on \(site pool cores 20 \* max_cores_percent_per_job 1\), expect 21 cores at host 10000 /,
    );
  });

  it('checks the limit of the pool it is given', () => {
    const small: SitePool = { cores: 8, nodes: 1, maxCoresPercentPerJob: 0.5 };
    expect(() => planJob(dsl, conf, { pool: small })).not.toThrow();
    const four = withValue(conf, ['job_parameters', 'common', 'task_cores'], 5);
    expect(() => planJob(dsl, four, { pool: small })).toThrow(
      /^max cores per job is 4 base on \(site pool cores 8 \* max_cores_percent_per_job 0\.5\), expect 5 cores at guest 9999 /,
    );
  });

  it('plans the demand of every party against a multi-node pool', () => {
    const eggroll = withValue(conf, ['job_parameters', 'role'], {
      host: { '0': { eggroll_run: { 'eggroll.session.processors.per.node': 5 } } },
    });
    const plan = planJob(dsl, eggroll, { pool: twoNodes });
    expect(plan.parties.map((party) => [party.role, party.resources.taskCoresPerNode, party.resources.cores])).toEqual([
      ['guest', 1, 2],
      ['host', 5, 10],
      ['arbiter', 1, 2],
    ]);
    expect(plan.parties.map((party) => party.jobParameters.computing_partitions)).toEqual([40, 40, 40]);
  });
});
