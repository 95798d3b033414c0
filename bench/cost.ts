import { cpus, totalmem } from 'node:os';
import {
  addCounts,
  eventEntries,
  LAMBDA_FUNCTIONS,
  lambdaRequests,
  type MeterCounts,
} from '../local/metering/meter-counts.js';
import {
  controlPlaneCost,
  DEFAULT_ASSUMPTIONS,
  DEFAULT_TASK_CORES,
  fargateCost,
  fargateRate,
  idleMonthlyCost,
  lambdaGbSeconds,
  total,
} from './cost/cost-model.js';
import { GUEST, HOST, measure } from './cost/measure.js';
import { PRICES, SWEEPS_PER_MONTH } from './cost/prices.js';
import { medianLines, printLines } from './cost/print-lines.js';
import { type Figure, median } from './report.js';

/**
 * docs/cost.md's figures: a two-site federation with meters runs examples/cost-5-components RUNS
 * times (medians) and sweeps an idle site; the counts are priced by bench/cost/cost-model.ts.
 */
const RUNS = 7;
const SWEEPS = 7;
export const IDLE_TARGET_USD_PER_MONTH = 1;
export const CONTROL_PLANE_TARGET_USD_PER_JOB = 0.005;

type Metric = (counts: MeterCounts) => number;

/** The per-job count figures, over a job's counts at one site or the whole federation. */
const COUNT_METRICS: ReadonlyArray<readonly [string, string, Metric]> = [
  ['api_requests_per_job', 'requests', (c) => c.apiRequests],
  ['federation_requests_per_job', 'requests', (c) => c.federationRequests],
  ['lambda_invocations_per_job', 'invocations', lambdaRequests],
  ['lambda_gb_s_per_job', 'GB-s', (c) => lambdaGbSeconds(c, DEFAULT_ASSUMPTIONS)],
  ['state_transitions_per_job', 'transitions', (c) => c.stateTransitions],
  ['dynamodb_rcu_per_job', 'RRU', (c) => c.dynamodb.rcu + c.runnerDynamodb.rcu],
  ['dynamodb_wcu_per_job', 'WRU', (c) => c.dynamodb.wcu + c.runnerDynamodb.wcu + c.indexWcu],
  ['dynamodb_index_wcu_per_job', 'WRU', (c) => c.indexWcu],
  ['dynamodb_runner_wcu_per_job', 'WRU', (c) => c.runnerDynamodb.wcu],
  ['dynamodb_failed_conditional_writes_per_job', 'writes', (c) => c.dynamodb.failedConditionalWrites],
  ['events_per_job', 'events', eventEntries],
  ['s3_puts_per_job', 'requests', (c) => c.objects.puts + c.runnerObjects.puts],
  ['s3_gets_per_job', 'requests', (c) => c.objects.gets + c.runnerObjects.gets],
  ['secret_reads_per_job', 'calls', (c) => c.secretReads],
  ['tasks_per_job', 'tasks', (c) => c.tasks.length],
  ['task_seconds_per_job', 's', (c) => c.tasks.reduce((sum, task) => sum + task.seconds, 0)],
];

function figure(metric: string, values: readonly number[], unit: string): Figure {
  return { metric, value: median(values), unit, runs: values.length };
}

export async function benchCost(): Promise<Figure[]> {
  const measured = await measure(RUNS, SWEEPS);
  const guestJobs = measured.jobs.get(GUEST) ?? [];
  const hostJobs = measured.jobs.get(HOST) ?? [];
  const federationJobs = guestJobs.map((guest, i) => addCounts(guest, hostJobs[i] ?? guest));
  const figures: Figure[] = [];

  const idleBySite = [...measured.idleSweeps].map(([party, sweeps]) => ({
    party,
    lines: medianLines(sweeps.map((sweep) => idleMonthlyCost(sweep))),
    sweeps,
  }));
  const idle = idleBySite.reduce((worst, site) => (total(site.lines) > total(worst.lines) ? site : worst));
  const idleUsd = idleBySite.map((site) => total(site.lines));
  figures.push(figure('idle_usd_per_party_month', [Math.max(...idleUsd)], 'USD/month'));
  for (const site of idleBySite) {
    figures.push(
      figure(
        `idle_usd_per_month_site_${site.party}`,
        site.sweeps.map((s) => total(idleMonthlyCost(s))),
        'USD/month',
      ),
    );
  }
  const sweeps = idle.sweeps;
  figures.push(
    figure('idle_sweep_lambda_invocations', sweeps.map(lambdaRequests), 'invocations'),
    figure(
      'idle_sweep_lambda_ms',
      sweeps.map((s) => s.lambda.scheduler.ms + s.lambda.detector.ms),
      'ms',
    ),
    figure(
      'idle_sweep_dynamodb_rcu',
      sweeps.map((s) => s.dynamodb.rcu),
      'RRU',
    ),
    figure(
      'idle_sweep_dynamodb_wcu',
      sweeps.map((s) => s.dynamodb.wcu + s.indexWcu),
      'WRU',
    ),
  );
  // The sweep's reads grow with the jobs a site keeps: the same sweep after RUNS + 1 jobs (the warm-up too).
  const stored = RUNS + 1;
  const perStoredJob: number[] = [];
  for (const [party, after] of measured.sweepsAfterJobs) {
    const fresh = median((measured.idleSweeps.get(party) ?? []).map((s) => s.dynamodb.rcu));
    const slope = (after.steady.dynamodb.rcu - fresh) / stored;
    const monthly = slope * SWEEPS_PER_MONTH * PRICES.dynamodbPerReadUnit;
    perStoredJob.push(monthly);
    figures.push(
      figure(`sweep_after_${stored}_jobs_first_usd_site_${party}`, [total(controlPlaneCost(after.first))], 'USD'),
      figure(`sweep_after_${stored}_jobs_steady_dynamodb_rcu_site_${party}`, [after.steady.dynamodb.rcu], 'RRU'),
      figure(`sweep_rcu_per_stored_job_site_${party}`, [slope], 'RRU'),
      figure(`idle_usd_per_month_per_stored_job_site_${party}`, [monthly], 'USD/month'),
    );
  }
  const headroom = IDLE_TARGET_USD_PER_MONTH - Math.max(...idleUsd);
  figures.push(figure('stored_jobs_within_idle_target', [Math.floor(headroom / Math.max(...perStoredJob))], 'jobs'));

  const perJob = federationJobs.map((counts) => controlPlaneCost(counts));
  const controlPlane = perJob.map(total);
  figures.push(figure('control_plane_usd_per_job', controlPlane, 'USD'));
  for (const [party, jobs] of [[GUEST, guestJobs] as const, [HOST, hostJobs] as const]) {
    figures.push(
      figure(
        `control_plane_usd_per_job_site_${party}`,
        jobs.map((c) => total(controlPlaneCost(c))),
        'USD',
      ),
    );
  }
  const slow = { ...DEFAULT_ASSUMPTIONS, extraMsPerInvocation: 1000 };
  figures.push(
    figure(
      'control_plane_usd_per_job_plus_1s_per_invocation',
      federationJobs.map((c) => total(controlPlaneCost(c, slow))),
      'USD',
    ),
  );
  for (const [metric, unit, of] of COUNT_METRICS) figures.push(figure(metric, federationJobs.map(of), unit));
  for (const fn of LAMBDA_FUNCTIONS) {
    const runs = federationJobs.filter((c) => c.lambda[fn].runs > 0);
    if (runs.length === 0) continue;
    figures.push(
      figure(
        `lambda_invocations_per_job_${fn}`,
        federationJobs.map((c) => c.lambda[fn].requests),
        'invocations',
      ),
      figure(
        `lambda_ms_per_run_${fn}`,
        runs.map((c) => c.lambda[fn].ms / c.lambda[fn].runs),
        'ms',
      ),
    );
  }
  figures.push(
    figure(
      'fargate_usd_per_job',
      federationJobs.map((c) => total(fargateCost(c.tasks))),
      'USD',
    ),
  );
  for (const cores of [DEFAULT_TASK_CORES, 1]) {
    const rate = fargateRate(cores);
    figures.push(figure(`fargate_usd_per_task_minute_${cores}_cores`, [rate.usdPerMinute], 'USD/min'));
  }
  const idleWithin = Math.max(...idleUsd) <= IDLE_TARGET_USD_PER_MONTH;
  const jobWithin = median(controlPlane) <= CONTROL_PLANE_TARGET_USD_PER_JOB;
  figures.push(
    figure('idle_target_usd_per_party_month', [IDLE_TARGET_USD_PER_MONTH], 'USD/month'),
    figure('control_plane_target_usd_per_job', [CONTROL_PLANE_TARGET_USD_PER_JOB], 'USD'),
    figure('idle_within_target', [idleWithin ? 1 : 0], 'bool'),
    figure('control_plane_within_target', [jobWithin ? 1 : 0], 'bool'),
  );

  process.stdout.write(
    `\ncost: ${new Date().toISOString()}, ${cpus()[0]?.model ?? 'unknown CPU'} × ${cpus().length}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}\n`,
  );
  printLines(`idle site ${idle.party}, per month (median sweep × ${SWEEPS} sweeps)`, idle.lines);
  printLines(`control plane of one 5-component job, whole federation (median of ${RUNS} runs)`, medianLines(perJob));
  printLines(
    'Fargate for that job (15 tasks, 1 core each)',
    medianLines(federationJobs.map((c) => fargateCost(c.tasks))),
  );
  return figures;
}
