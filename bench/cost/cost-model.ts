/**
 * Counts (local/metering) → dollars at list prices (prices.ts). Pure: the bench measures, this
 * prices, docs/cost.md explains. Every line names its quantity and unit so a figure can be checked
 * by hand.
 */
import { fargateSizeFor } from '../../functions/adapters/launchers/fargate-size.js';
import { JOB_PARAMETER_DEFAULTS } from '../../functions/domain/job/job-parameters.js';
import {
  eventEntries,
  LAMBDA_FUNCTIONS,
  type LambdaFunction,
  lambdaRequests,
  type MeterCounts,
  type TaskUsage,
} from '../../local/metering/meter-counts.js';
import { FIXED_MONTHLY, PRICES, SWEEPS_PER_MONTH } from './prices.js';

export interface CostLine {
  readonly item: string;
  readonly quantity: number;
  readonly unit: string;
  readonly usd: number;
}

export interface CostAssumptions {
  /** Every function's memory (infra/constructs/service-function-defaults.ts: 512 MB, arm64). */
  readonly lambdaMemoryMb: number;
  /** Added to each invocation's local duration (0: the local duration as measured is the proxy). */
  readonly extraMsPerInvocation: number;
  /** Functions traced by X-Ray (ACTIVE: one trace recorded per invocation); the sweeps pass through. */
  readonly tracedFunctions: readonly LambdaFunction[];
  /** Estimates of CloudWatch Logs bytes: Lambda START/END/REPORT lines, API access log, workflow log. */
  readonly logBytesPerInvocation: number;
  readonly logBytesPerApiRequest: number;
  readonly logBytesPerTransition: number;
}

export const DEFAULT_ASSUMPTIONS: CostAssumptions = {
  lambdaMemoryMb: 512,
  extraMsPerInvocation: 0,
  tracedFunctions: LAMBDA_FUNCTIONS.filter((fn) => fn !== 'scheduler' && fn !== 'detector'),
  logBytesPerInvocation: 400,
  logBytesPerApiRequest: 500,
  logBytesPerTransition: 400,
};

export function total(lines: readonly CostLine[]): number {
  return lines.reduce((sum, line) => sum + line.usd, 0);
}

const line = (item: string, quantity: number, unit: string, unitPrice: number): CostLine => ({
  item,
  quantity,
  unit,
  usd: quantity * unitPrice,
});

/**
 * Lambda GB-seconds: each invocation billed at its function's mean local run time (rounded up to
 * the millisecond, as Lambda bills) plus `extraMsPerInvocation`. A function's invocations may
 * outnumber its local runs (the local scheduler folds triggers that AWS would run one by one).
 */
export function lambdaGbSeconds(counts: MeterCounts, assumptions: CostAssumptions): number {
  let ms = 0;
  for (const fn of LAMBDA_FUNCTIONS) {
    const { requests, runs, ms: spent } = counts.lambda[fn];
    if (requests === 0) continue;
    const mean = runs > 0 ? spent / runs : 0;
    ms += requests * (Math.ceil(mean) + assumptions.extraMsPerInvocation);
  }
  return (ms / 1000) * (assumptions.lambdaMemoryMb / 1024);
}

/** Everything but Fargate compute: the control plane a job (or a sweep) costs. */
export function controlPlaneCost(counts: MeterCounts, assumptions: CostAssumptions = DEFAULT_ASSUMPTIONS): CostLine[] {
  const apiRequests = counts.apiRequests + counts.federationRequests;
  const invocations = lambdaRequests(counts);
  const traces = assumptions.tracedFunctions.reduce((sum, fn) => sum + counts.lambda[fn].requests, 0);
  const readUnits = counts.dynamodb.rcu + counts.runnerDynamodb.rcu;
  const writeUnits = counts.dynamodb.wcu + counts.runnerDynamodb.wcu + counts.indexWcu;
  const objects = {
    puts: counts.objects.puts + counts.runnerObjects.puts,
    gets: counts.objects.gets + counts.runnerObjects.gets,
  };
  const logBytes =
    invocations * assumptions.logBytesPerInvocation +
    apiRequests * assumptions.logBytesPerApiRequest +
    counts.stateTransitions * assumptions.logBytesPerTransition;
  return [
    line('API Gateway HTTP API requests', apiRequests, 'requests', PRICES.apiGatewayHttpPerRequest),
    line('Lambda requests', invocations, 'invocations', PRICES.lambdaPerRequest),
    line('Lambda duration (arm64)', lambdaGbSeconds(counts, assumptions), 'GB-s', PRICES.lambdaArmPerGbSecond),
    line('Step Functions state transitions', counts.stateTransitions, 'transitions', PRICES.stepFunctionsPerTransition),
    line('DynamoDB reads', readUnits, 'RRU', PRICES.dynamodbPerReadUnit),
    line('DynamoDB writes (table + indexes)', writeUnits, 'WRU', PRICES.dynamodbPerWriteUnit),
    line('EventBridge custom events', eventEntries(counts), 'events', PRICES.eventBridgePerCustomEvent),
    line('S3 PUT requests', objects.puts, 'requests', PRICES.s3PerPutRequest),
    line('S3 GET requests', objects.gets, 'requests', PRICES.s3PerGetRequest),
    line('Secrets Manager GetSecretValue', counts.secretReads, 'calls', PRICES.secretsManagerPerApiCall),
    line('X-Ray traces (estimate: one per traced invocation)', traces, 'traces', PRICES.xrayPerTraceRecorded),
    line('CloudWatch Logs (estimate)', logBytes / 1e9, 'GB', PRICES.cloudWatchLogsPerGbIngested),
  ];
}

export interface FargateRate {
  readonly vcpus: number;
  readonly memoryGb: number;
  /** Compute: runners have no public IPv4 address to pay for (private subnets, infra/README.md). */
  readonly usdPerMinute: number;
}

/** Fargate arm64 per task-minute for a task of `cores` FATE cores (fargate-size.ts decides the size). */
export function fargateRate(cores: number): FargateRate {
  const size = fargateSizeFor(cores);
  const vcpus = size.cpu / 1024;
  const memoryGb = size.memory / 1024;
  return {
    vcpus,
    memoryGb,
    usdPerMinute: (vcpus * PRICES.fargateArmPerVcpuHour + memoryGb * PRICES.fargateArmPerGbHour) / 60,
  };
}

/** Fargate for the tasks of a job: per second of each task's life, at least one minute each. */
export function fargateCost(tasks: readonly TaskUsage[]): CostLine[] {
  let computeUsd = 0;
  let billedMinutes = 0;
  for (const task of tasks) {
    const minutes = Math.max(60, Math.ceil(task.seconds)) / 60;
    billedMinutes += minutes;
    computeUsd += minutes * fargateRate(task.cores).usdPerMinute;
  }
  return [
    {
      item: 'Fargate arm64 compute (1-minute minimum per task)',
      quantity: billedMinutes,
      unit: 'task-min',
      usd: computeUsd,
    },
  ];
}

/**
 * An idle site's month: `sweep` holds the counts of one scheduler and one detector invocation
 * with no job (what the two 1-minute EventBridge rules invoke), times the month's minutes, plus the
 * fixed monthly items.
 */
export function idleMonthlyCost(sweep: MeterCounts, assumptions: CostAssumptions = DEFAULT_ASSUMPTIONS): CostLine[] {
  const perMonth = controlPlaneCost(sweep, assumptions).map((perSweep) => ({
    item: perSweep.item,
    quantity: perSweep.quantity * SWEEPS_PER_MONTH,
    unit: `${perSweep.unit}/month`,
    usd: perSweep.usd * SWEEPS_PER_MONTH,
  }));
  const schedules = line(
    'EventBridge scheduled rule invocations',
    2 * SWEEPS_PER_MONTH,
    'invocations/month',
    PRICES.eventBridgePerScheduledInvocation,
  );
  const fixed = FIXED_MONTHLY.map((item) => line(item.item, item.quantity, 'per month', item.unitPrice));
  return [...perMonth, schedules, ...fixed];
}

/** FATE's default `task_cores` (4 → 4 vCPU, 8 GB on Fargate); the examples ask for 1. */
export const DEFAULT_TASK_CORES = JOB_PARAMETER_DEFAULTS.task_cores;
