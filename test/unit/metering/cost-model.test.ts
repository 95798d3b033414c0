import { describe, expect, it } from '@jest/globals';
import {
  controlPlaneCost,
  DEFAULT_ASSUMPTIONS,
  fargateCost,
  fargateRate,
  idleMonthlyCost,
  lambdaGbSeconds,
  total,
} from '../../../bench/cost/cost-model.js';
import { SWEEPS_PER_MONTH } from '../../../bench/cost/prices.js';
import { addCounts, diffCounts, emptyCounts, type MeterCounts } from '../../../local/metering/meter-counts.js';

/** Dollars to 12 decimal places: the prices have at most 10, so any arithmetic slip shows. */
const DIGITS = 12;

function usdOf(lines: ReturnType<typeof controlPlaneCost>, item: string): number {
  const found = lines.find((line) => line.item === item);
  if (found === undefined) throw new Error(`no line ${item}`);
  return found.usd;
}

function counts(patch: (counts: MeterCounts) => void): MeterCounts {
  const c = emptyCounts();
  patch(c);
  return c;
}

describe('the cost model at us-east-1 list prices', () => {
  it('prices a million of each request-priced count at its list price', () => {
    const c = counts((c) => {
      c.apiRequests = 600_000;
      c.federationRequests = 400_000;
      c.stateTransitions = 1_000_000;
      c.dynamodb.rcu = 600_000;
      c.runnerDynamodb.rcu = 400_000;
      c.dynamodb.wcu = 500_000;
      c.runnerDynamodb.wcu = 300_000;
      c.indexWcu = 200_000;
      c.events = { JobSubmitted: 1_000_000 };
      c.objects.puts = 1_000_000;
      c.runnerObjects.gets = 1_000_000;
      c.secretReads = 1_000_000;
    });
    const lines = controlPlaneCost(c);
    expect(usdOf(lines, 'API Gateway HTTP API requests')).toBeCloseTo(1.0, DIGITS);
    expect(usdOf(lines, 'Step Functions state transitions')).toBeCloseTo(25.0, DIGITS);
    expect(usdOf(lines, 'DynamoDB reads')).toBeCloseTo(0.125, DIGITS);
    expect(usdOf(lines, 'DynamoDB writes (table + indexes)')).toBeCloseTo(0.625, DIGITS);
    expect(usdOf(lines, 'EventBridge custom events')).toBeCloseTo(1.0, DIGITS);
    expect(usdOf(lines, 'S3 PUT requests')).toBeCloseTo(5.0, DIGITS);
    expect(usdOf(lines, 'S3 GET requests')).toBeCloseTo(0.4, DIGITS);
    expect(usdOf(lines, 'Secrets Manager GetSecretValue')).toBeCloseTo(5.0, DIGITS);
  });

  it('bills each Lambda invocation at its function mean run time, rounded up to the millisecond, at 512 MB', () => {
    const c = counts((c) => {
      // Three scheduler invocations folded into two local runs of 10.2 ms in all: 5.1 → 6 ms each.
      c.lambda.scheduler = { requests: 3, runs: 2, ms: 10.2 };
      c.lambda.api = { requests: 1, runs: 1, ms: 100 };
    });
    expect(lambdaGbSeconds(c, DEFAULT_ASSUMPTIONS)).toBeCloseTo(((3 * 6 + 100) / 1000) * 0.5, DIGITS);
    expect(lambdaGbSeconds(c, { ...DEFAULT_ASSUMPTIONS, extraMsPerInvocation: 1000 })).toBeCloseTo(
      ((3 * 1006 + 1100) / 1000) * 0.5,
      DIGITS,
    );
    const lines = controlPlaneCost(c);
    expect(usdOf(lines, 'Lambda requests')).toBeCloseTo(4 * 0.0000002, DIGITS);
    expect(usdOf(lines, 'Lambda duration (arm64)')).toBeCloseTo(0.059 * 0.0000133334, DIGITS);
    // X-Ray traces only the api call: the sweeps pass tracing through.
    expect(usdOf(lines, 'X-Ray traces (estimate: one per traced invocation)')).toBeCloseTo(0.000005, DIGITS);
  });

  it('prices Fargate arm64 per task-minute by the task size FATE cores ask for', () => {
    expect(fargateRate(1)).toEqual({
      vcpus: 1,
      memoryGb: 2,
      usdPerMinute: (0.03238 + 2 * 0.00356) / 60,
    });
    expect(fargateRate(4).usdPerMinute).toBeCloseTo((4 * 0.03238 + 8 * 0.00356) / 60, DIGITS);
  });

  it('bills every task at least a minute, and by the second after that', () => {
    const lines = fargateCost([
      { cores: 1, seconds: 2.5 },
      { cores: 1, seconds: 90.2 },
    ]);
    const perMinute = (0.03238 + 2 * 0.00356) / 60;
    expect(lines[0]?.quantity).toBeCloseTo(1 + 91 / 60, DIGITS);
    expect(lines[0]?.usd).toBeCloseTo((1 + 91 / 60) * perMinute, DIGITS);
    // Nothing else: runners have no public IPv4 address.
    expect(lines).toHaveLength(1);
  });

  it('makes an idle month of 43,200 sweeps plus two secrets (signing keys, app keys), three alarms and four interface endpoints', () => {
    expect(SWEEPS_PER_MONTH).toBe(43_200);
    const sweep = counts((c) => {
      c.lambda.scheduler = { requests: 1, runs: 1, ms: 3 };
      c.lambda.detector = { requests: 1, runs: 1, ms: 7 };
      c.dynamodb.rcu = 4.5;
    });
    const perSweep = 2 * 0.0000002 + (10 / 1000) * 0.5 * 0.0000133334 + 4.5 * 0.000000125 + (2 * 400 * 0.5) / 1e9;
    // The runners' private subnets: ECR API, ECR Docker, CloudWatch Logs and Lambda, $0.01 an hour each.
    const endpoints = 4 * 0.01 * 24 * 30;
    expect(total(idleMonthlyCost(sweep))).toBeCloseTo(43_200 * perSweep + 2 * 0.4 + 0.3 + endpoints, DIGITS);
  });

  it('adds and subtracts counts field by field, tasks as lists', () => {
    const a = counts((c) => {
      c.apiRequests = 2;
      c.events = { JobSubmitted: 1 };
      c.tasks.push({ cores: 1, seconds: 3 });
    });
    const b = counts((c) => {
      c.apiRequests = 5;
      c.events = { JobFinished: 2 };
      c.tasks.push({ cores: 4, seconds: 1 });
    });
    const sum = addCounts(a, b);
    expect(sum.apiRequests).toBe(7);
    expect(sum.events).toEqual({ JobSubmitted: 1, JobFinished: 2 });
    expect(sum.tasks).toEqual([
      { cores: 1, seconds: 3 },
      { cores: 4, seconds: 1 },
    ]);
    expect(diffCounts(sum, a)).toEqual(b);
  });
});
